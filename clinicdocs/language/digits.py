"""Digits in the language's own numbering system, CLDR's default for it: ۲۱ مارس ۲۰۲۵ in Persian, ২১ in Bengali."""

from __future__ import annotations

import functools

# CLDR numbering systems written with ten consecutive code points, by their zero; and the CSS counter style
# (CSS Counter Styles, predefined in WeasyPrint's user agent sheet) that counts pages in them.
ZEROS = {
    "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966", "gujr": "\u0ae6", "guru": "\u0a66",
    "khmr": "\u17e0", "knda": "\u0ce6", "laoo": "\u0ed0", "mlym": "\u0d66", "mymr": "\u1040", "orya": "\u0b66",
    "tamldec": "\u0be6", "telu": "\u0c66", "thai": "\u0e50", "tibt": "\u0f20",
}
COUNTER_STYLES = {
    "arab": "arabic-indic", "arabext": "persian", "beng": "bengali", "deva": "devanagari", "gujr": "gujarati",
    "guru": "gurmukhi", "khmr": "khmer", "knda": "kannada", "laoo": "lao", "mlym": "malayalam", "mymr": "myanmar",
    "orya": "oriya", "tamldec": "tamil", "telu": "telugu", "thai": "thai", "tibt": "tibetan",
}


@functools.lru_cache(maxsize=64)
def numbering_system(language: str) -> str:
    """Return CLDR's default numbering system for a language tag: 'latn', 'arabext' (fa), 'beng' (bn) ..."""
    from .catalogs import babel_locale

    return str(babel_locale(language).default_numbering_system or "latn")


def native_digits(text: str, language: str) -> str:
    """Return text with its ASCII digits written in the language's default digits."""
    zero = ZEROS.get(numbering_system(language)) if any(char.isdigit() for char in text) else None
    if zero is None:
        return text
    return text.translate({ord("0") + value: chr(ord(zero) + value) for value in range(10)})


def counter_style(language: str) -> str:
    """Return the CSS counter style that writes page numbers and list markers in the language's default digits."""
    return COUNTER_STYLES.get(numbering_system(language), "decimal")


def written_in(text: str, style: str) -> str:
    """Return text with its ASCII digits in the digits of a counter style of COUNTER_STYLES ("decimal" leaves them)."""
    system = next((name for name, counter in COUNTER_STYLES.items() if counter == style), None)
    if system is None:
        return text
    return text.translate({ord("0") + value: chr(ord(ZEROS[system]) + value) for value in range(10)})
