"""Typographic quotes, dashes and ellipses in the conventions of the document's language.

Python-Markdown's `smarty` extension turns straight quotes, apostrophes, `--`, `---` and `...` into
their typographic glyphs; this table gives it each language's quotation marks. Only punctuation
changes: the words stay as written. smarty cannot tell a closing single quote from an apostrophe, so
single quotes are ‘ ’ in every language: the apostrophe must be ’ everywhere (German's closing
single quote ‘ would turn "geht's" into "geht‘s"); the double quotes carry each language's marks.
"""

from __future__ import annotations

# (opening double, closing double, opening single, closing single and apostrophe); by language tag,
# then by primary language subtag. The double quotes are CLDR's (quotationStart, quotationEnd) but for
# five a clinic's readers expect otherwise, each reviewed: Spanish (the RAE's « »), Danish (» « of
# Danish book typography), Dutch (“ ” beside the apostrophe-shaped single quotes), Swiss German (« »)
# and Arabic (« », the press's marks). French sets its guillemets off with no-break spaces.
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "de": ("„", "“", "‘", "’"),
    "de-ch": ("«", "»", "‘", "’"),
    "fr": ("«\u00a0", "\u00a0»", "‘", "’"),
    "es": ("«", "»", "‘", "’"),
    "it": ("«", "»", "‘", "’"),
    "pt": ("“", "”", "‘", "’"),  # Brazil's, as `pt` finds the pt_BR catalog
    "pt-pt": ("«", "»", "‘", "’"),
    "ca": ("«", "»", "‘", "’"),
    "ru": ("«", "»", "‘", "’"),
    "uk": ("«", "»", "‘", "’"),
    "be": ("«", "»", "‘", "’"),
    "el": ("«", "»", "‘", "’"),
    "nb": ("«", "»", "‘", "’"),
    "nn": ("«", "»", "‘", "’"),
    "no": ("«", "»", "‘", "’"),
    "ar": ("«", "»", "‘", "’"),
    "fa": ("«", "»", "‘", "’"),
    "da": ("»", "«", "‘", "’"),
    "sv": ("”", "”", "‘", "’"),
    "fi": ("”", "”", "‘", "’"),
    "pl": ("„", "”", "‘", "’"),
    "cs": ("„", "“", "‘", "’"),
    "sk": ("„", "“", "‘", "’"),
    "hu": ("„", "”", "‘", "’"),
    "ro": ("„", "”", "‘", "’"),
    "hr": ("„", "“", "‘", "’"),
    "bg": ("„", "“", "‘", "’"),
    "nl": ("“", "”", "‘", "’"),
    "am": ("«", "»", "‘", "’"),
    "ht": ("«", "»", "‘", "’"),
    "hy": ("«", "»", "‘", "’"),
    "ka": ("„", "“", "‘", "’"),
    "he": ("”", "”", "‘", "’"),
    "ur": ("”", "“", "‘", "’"),
    "ja": ("「", "」", "‘", "’"),
    "zh-hant": ("「", "」", "‘", "’"),
}


def quotes_for(language: str) -> tuple[str, str, str, str]:
    """Return the quotation marks of a BCP 47 language tag: its own, a CLDR relative's (zh-TW -> zh-Hant, pt-AO -> pt-PT),
    its primary language's, else English's."""
    parts = language.replace("_", "-").lower().split("-")
    shorter = ["-".join(parts[:end]) for end in range(len(parts), 1, -1)]  # zh-hant-tw, zh-hant
    if found := next((QUOTES[tag] for tag in shorter if tag in QUOTES), None):
        return found
    from .tags import related  # CLDR's likely scripts and parent locales, as the catalogs are found: zh-TW -> zh_Hant, iw -> he

    names = [name.replace("_", "-").lower() for name in related(language)] if parts[0] not in QUOTES or len(parts) > 1 else []
    return next((QUOTES[name] for name in names if name in QUOTES), None) or QUOTES.get(parts[0]) or QUOTES["en"]


def smarty_substitutions(language: str) -> dict[str, str]:
    """Return the `smarty` extension's substitutions for a language, as character references.

    smarty stores its substitutions as raw HTML; character references are the one kind of raw HTML
    the content policy lets through (clinicdocs.policy.stash_replacements).
    """
    double_open, double_close, single_open, single_close = quotes_for(language)
    glyphs = {
        "left-double-quote": double_open, "right-double-quote": double_close,
        "left-single-quote": single_open, "right-single-quote": single_close,
        "ndash": "–", "mdash": "—", "ellipsis": "…",
    }
    return {name: "".join(f"&#{ord(char)};" for char in text) for name, text in glyphs.items()}
