"""Typographic quotes, dashes and ellipses in the conventions of the document's language.

Python-Markdown's `smarty` extension turns straight quotes, apostrophes, `--`, `---` and `...` into
their typographic glyphs; this table gives it each language's quotation marks. Only punctuation
changes: the words stay as written. smarty cannot tell a closing single quote from an apostrophe, so
single quotes are ‘ ’ in every language: the apostrophe must be ’ everywhere (German's closing
single quote ‘ would turn "geht's" into "geht‘s"); the double quotes carry each language's marks.
"""

from __future__ import annotations

# (opening double, closing double, opening single, closing single and apostrophe); by language tag,
# then by primary language subtag. French sets its guillemets off with no-break spaces.
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "de": ("„", "“", "‘", "’"),
    "de-ch": ("«", "»", "‘", "’"),
    "fr": ("«\u00a0", "\u00a0»", "‘", "’"),
    "es": ("«", "»", "‘", "’"),
    "it": ("«", "»", "‘", "’"),
    "pt": ("«", "»", "‘", "’"),
    "pt-br": ("“", "”", "‘", "’"),
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
}


def quotes_for(language: str) -> tuple[str, str, str, str]:
    """Return the quotation marks of a BCP 47 language tag (English's when the language is not listed)."""
    tag = language.lower()
    return QUOTES.get(tag) or QUOTES.get(tag.split("-")[0]) or QUOTES["en"]


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
