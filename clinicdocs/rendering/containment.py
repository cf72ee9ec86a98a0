"""Renderer failures contained per output: one retry with safer text, then a one-line error, never a traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from ..errors import BuildError, RendererFailed
from ..model import Document

T = TypeVar("T")
# Preformatted text keeps its line breaks; everywhere else a run of white space containing a line break
# reads as one space (CSS white-space: normal), so it can be written as one without changing a word.
PREFORMATTED = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
BROKEN_SPACE = re.compile(r"[ \t\r\f]*\n[ \t\r\f\n]*")


def safer_text(html: str) -> str:
    """Return the HTML with every line break between words written as one space, preformatted text kept.

    WeasyPrint 70 asserts on a space followed by a line break in some floated text (a footnote whose
    source line ends with a space: "Got ' \\n' between two lines"); the collapsed form prints the same.
    """
    parts = PREFORMATTED.split(html)
    return "".join(part if index % 2 else BROKEN_SPACE.sub(" ", part) for index, part in enumerate(parts))


def contained(draw: Callable[[str], T], html: str, document: Document) -> T:
    """Return draw(html); if the renderer raises, draw the safer text; if that fails too, raise a RendererFailed."""
    try:
        return draw(html)
    except BuildError:
        raise
    except Exception:  # noqa: BLE001 - any bug inside WeasyPrint: try once more with safer text
        pass
    try:
        return draw(safer_text(html))
    except BuildError:
        raise
    except Exception as error:  # noqa: BLE001 - reported per output; every other output is still written
        raise renderer_failure(error, document) from None


def renderer_failure(error: BaseException, document: Document) -> RendererFailed:
    """Return the one-line error for a renderer that failed on a document even with safer text."""
    message = " ".join(str(error).split())[:200] or type(error).__name__
    return RendererFailed(f"the PDF renderer failed on this document (WeasyPrint: {message})", document.path)

