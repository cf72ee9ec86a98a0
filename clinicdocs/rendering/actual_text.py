"""Text of Indic scripts, Thai and Khmer that reads back as written from the PDF: each run marked with its text.

WeasyPrint 70 gives each glyph one text in its font's ToUnicode table, the text of the first cluster it
drew the glyph for, and writes no /ActualText. Scripts whose shaping reorders and joins letters draw
glyphs that stand for a whole cluster (a Bengali or Devanagari vowel sign drawn before its consonant,
a conjunct, a Khmer subscript, a Thai mark stacked on its consonant), or for another cluster the next
time, so the PDF's text, which copy and paste, search and screen readers use, comes out scrambled.

While a PDF is drawn (`marked_runs()`), each run of text with a letter of such a script is wrapped in
`/Span <</ActualText (its text)>> BDC ... EMC` (PDF 32000-1, 14.9.4), inside the `/Span <</MCID n>>`
WeasyPrint tags the run with; extractors that read /ActualText (poppler, PDFium) then give the run's
text as written. The scripts are the ones Unicode describes as Indic in structure: those whose letters
have an Indic_Syllabic_Category (Devanagari, Bengali, Gurmukhi, Gujarati, Tamil, Telugu, Thai, Lao,
Khmer, Myanmar, Tibetan...), read by the `regex` module. Every other run is drawn as before, so a PDF
without those scripts is unchanged to the byte; right-to-left runs are `rtl_text`'s, cluster by cluster.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import threading
import unicodedata
from collections.abc import Iterator
from typing import Any, Callable

import pydyf

from ..reading.tree import RTL_LETTERS
from .weasyload import weasyprint_text

# WeasyPrint's function that draws a text box's glyphs, and what it is called with, in the versions this was written for.
ARGUMENTS = ["stream", "textbox", "text_overflow", "block_ellipsis", "matrix"]
FIRST_INDIC = "\u0900"  # DEVANAGARI SIGN INVERTED CANDRABINDU: no character before it has an Indic_Syllabic_Category of its script


@functools.cache
def indic_letters() -> Any:
    """Return the pattern of a character of an Indic script: an Indic_Syllabic_Category, a script of its own."""
    import regex

    return regex.compile(r"[\P{InSC=Other}--[\p{sc=Zyyy}\p{sc=Zinh}]]", regex.V1)


def needs_actual_text(text: str) -> bool:
    """Tell whether a run's text has a letter of a script whose shaping reorders or joins characters (and none right to left).

    The Indic scripts start at Devanagari (U+0900): text without a letter, mark or digit from there on
    (English, with its dashes and quotes) is told apart without loading `regex`.
    """
    if text.isascii() or not any(char >= FIRST_INDIC and unicodedata.category(char)[0] in "LMN" for char in text):
        return False
    return indic_letters().search(text) is not None and not RTL_LETTERS.search(text)


def fits(draw_first_line: Callable[..., Any], version: str) -> bool:
    """Tell whether WeasyPrint draws text the way this module expects: version 70, the same arguments."""
    return version.split(".")[0] == "70" and list(inspect.signature(draw_first_line).parameters) == ARGUMENTS


def marking(draw_first_line: Callable[..., Any]) -> Callable[..., Any]:
    """Return `draw_first_line` with the runs that need it wrapped in an /ActualText span."""

    def draw_marked(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: str, matrix: Any) -> Any:
        text = getattr(getattr(textbox, "pango_layout", None), "text", None)
        plain = text_overflow == "ellipsis" or block_ellipsis != "none" or textbox.style["font_size"] < 1e-6  # text WeasyPrint changes or skips
        if plain or not isinstance(text, str) or not needs_actual_text(text):
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            stream.end_marked_content()

    draw_marked.marks_runs = True  # type: ignore[attr-defined]
    return draw_marked


class RunMarking:
    """WeasyPrint's text drawing wrapped by `marking` while at least one PDF is drawn, as it was before and after.

    The preview server may draw two PDFs at once, in two threads: the wrapper stays until the last one is done.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0
        self.saved: Callable[..., Any] | None = None

    @contextlib.contextmanager
    def __call__(self) -> Iterator[bool]:
        """Within the block, draw text runs of Indic scripts with their /ActualText; yield whether that is in place.

        With a WeasyPrint this module does not know, text is drawn as before (and the block gets False).
        """
        import weasyprint

        with self.lock:
            current = weasyprint_text.draw_first_line
            active = getattr(current, "marks_runs", False) or fits(current, weasyprint.__version__)
            if active and not getattr(current, "marks_runs", False):
                self.saved, weasyprint_text.draw_first_line = current, marking(current)
            self.users += active
        try:
            yield active
        finally:
            with self.lock:
                self.users -= active
                if not self.users and getattr(weasyprint_text.draw_first_line, "marks_runs", False):
                    weasyprint_text.draw_first_line = self.saved


marked_runs = RunMarking()
