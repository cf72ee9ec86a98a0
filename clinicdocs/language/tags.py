"""Language tags to the names of catalogs and locales: the tag's own, then its CLDR relatives."""

from __future__ import annotations


def candidates(language: str) -> list[str]:
    """Return the catalog names to try for a BCP 47 tag, most specific first: es-MX -> es_MX, es."""
    parts = [part for part in language.replace("_", "-").split("-") if part]
    if not parts:
        return []
    names = ["_".join([parts[0].lower(), *parts[1:]]), parts[0].lower()]
    return list(dict.fromkeys(names))


# Languages CLDR's data does not lead to the catalog a reader expects: Norwegian is written in Bokmål
# unless it says Nynorsk, and Filipino readers read the Tagalog catalog.
SAME_LANGUAGE = {"no": "nb", "fil": "tl"}


def related(language: str) -> list[str]:
    """Return further catalog names for a tag by CLDR's likely scripts and regions and its parent locales:
    pt -> pt_BR, zh -> zh_Hans, zh-TW -> zh_Hant, pt-AO -> pt_PT, iw -> he."""
    from babel.core import get_global  # only for a tag without a catalog of its own

    parts = [part for part in language.replace("_", "-").split("-") if part]
    if not parts:
        return []
    base = parts[0].lower()
    tag = "_".join([base, *(part.title() if len(part) == 4 else part.upper() for part in parts[1:])])
    names: list[str] = []
    for key in dict.fromkeys([tag, base]):
        if parent := get_global("parent_exceptions").get(key):
            names.append(parent)
        if likely := get_global("likely_subtags").get(key):
            code, script, region = (likely.split("_") + ["", ""])[:3]
            names += [f"{code}_{script}", f"{code}_{region}"]
    alias = get_global("language_aliases").get(base) or SAME_LANGUAGE.get(base)
    return names + ([alias] if alias and alias != base else [])
