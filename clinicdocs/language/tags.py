"""Language tags to the names of catalogs and locales: the tag's own, then its CLDR relatives."""

from __future__ import annotations


def candidates(language: str) -> list[str]:
    """Return the catalog names to try for a BCP 47 tag, most specific first, by dropping subtags from
    the end (RFC 4647 lookup) in the case catalogs are named: es-mx -> es_MX, es; zh-hant-tw -> zh_Hant_TW, zh_Hant, zh."""
    parts = normalised(language)
    return list(dict.fromkeys("_".join(parts[:count]) for count in range(len(parts), 0, -1)))


def normalised(language: str) -> list[str]:
    """Return a tag's subtags in BCP 47's conventional case: language lower, script title, region upper."""
    parts = [part for part in language.replace("_", "-").split("-") if part]
    return [part.lower() if index == 0 else part.title() if len(part) == 4 and part.isalpha() else
            part.upper() if len(part) == 2 or (len(part) == 3 and part.isdigit()) else part.lower()
            for index, part in enumerate(parts)]


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
