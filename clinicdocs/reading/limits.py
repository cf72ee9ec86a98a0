"""The size limits of one document, declared once and checked on its text before it is parsed or rendered.

Rendering time and memory grow with what is printed: with these limits, a document at all of them
at once builds every output of one brand within BUILD_SECONDS and BUILD_MEGABYTES on the 2-core
development machine (measured in docs/security.md). Each check is one pass over the lines.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ..errors import SourceError

if TYPE_CHECKING:
    from .source import SourceFile

BUILD_SECONDS = 60  # the promise the limits keep, per document and brand
BUILD_MEGABYTES = 1000
MAX_WORDS = 15_000  # about 22 pages of guide; a clinic handout is a few pages
MAX_LIST_ITEMS = 500
MAX_TABLE_ROWS = 250  # rows of all tables together
MAX_HEADINGS = 100
MAX_NESTING = 12  # levels of lists, quotes or emphasis (checked by policy.check_nesting)

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+\S")
HEADING = re.compile(r"^ {0,3}(?:#{1,6}(?:\s|$)|=+\s*$)")
TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$")
WORD = re.compile(r"\w+")


class Limit(NamedTuple):
    """One counted thing: its limit, what it is called, and how to come under it."""

    most: int
    name: str
    fix: str


LIMITS = {
    "words": Limit(MAX_WORDS, "words", "split it into several handouts"),
    "list items": Limit(MAX_LIST_ITEMS, "list items", "split the lists into several handouts"),
    "table rows": Limit(MAX_TABLE_ROWS, "table rows", "split the tables into several handouts, or link to the full table"),
    "headings": Limit(MAX_HEADINGS, "headings", "merge sections or split the document into several handouts"),
}


def check_limits(source: SourceFile) -> None:
    """Refuse a document over a size limit, at the line where it goes over (fenced code counts only its words)."""
    counts = dict.fromkeys(LIMITS, 0)
    fence, in_table = "", False
    for offset, line in enumerate(source.body.split("\n")):
        counts["words"] += len(WORD.findall(line))
        if fence:
            fence = "" if line.strip().startswith(fence) and not line.strip().strip(fence[0]) else fence
            continue
        if match := FENCE.match(line):
            fence = match.group(1)
        elif TABLE_DELIMITER.match(line):
            in_table = True
        elif in_table and "|" in line and line.strip():
            counts["table rows"] += 1
        else:
            in_table = False
            counts["list items"] += bool(LIST_ITEM.match(line))
            counts["headings"] += bool(HEADING.match(line))
        over = next((kind for kind, count in counts.items() if count > LIMITS[kind].most), None)
        if over:
            limit = LIMITS[over]
            message = f"more than {limit.most:,} {limit.name} in one document (the limit keeps a build under {BUILD_SECONDS} s); {limit.fix}"
            raise SourceError(message, source.path, source.body_line + offset)
