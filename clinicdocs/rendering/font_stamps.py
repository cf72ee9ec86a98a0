"""Reproducible font programs: an embedded font's `head.modified` never carries the time of the build.

WeasyPrint 70 turns a variable font (Noto Sans Arabic, the fallback of Persian, Arabic and Urdu text,
is one) into a static instance with fontTools and saves it; fontTools then stamps the font's `head`
table with the current time (`timestampNow`, which reads SOURCE_DATE_EPOCH only when it is set). Two
builds a second apart embedded different bytes, so a right-to-left guide was not byte-identical to
itself. While a PDF is written, `fixed_font_stamps` makes that stamp the fixed moment
`FONT_MODIFIED` (2000-01-01, in seconds since 1904 as the `head` table counts). Nothing else of the
font changes; a build that sets SOURCE_DATE_EPOCH gets the same fixed stamp, so its bytes do not
depend on that variable either.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

FONT_MODIFIED = 3029529600  # 2000-01-01T00:00:00Z in the head table's seconds since 1904-01-01
_lock = threading.Lock()
_depth = 0
_saved: object = None


def fixed_stamp() -> int:
    """Return the `head.modified` every embedded font program carries."""
    return FONT_MODIFIED


@contextlib.contextmanager
def fixed_font_stamps() -> Iterator[None]:
    """While PDFs are written (in any number of threads), fontTools stamps fonts with `FONT_MODIFIED`."""
    global _depth, _saved
    from fontTools.ttLib.tables import _h_e_a_d

    with _lock:
        if _depth == 0:
            _saved, _h_e_a_d.timestampNow = _h_e_a_d.timestampNow, fixed_stamp
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                _h_e_a_d.timestampNow = _saved
