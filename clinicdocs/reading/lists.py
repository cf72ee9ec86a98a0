"""Lists as CommonMark nests them, re-indented for Python-Markdown before it parses the text.

CommonMark (GitHub, Obsidian, Typora, every editor since 2014) nests a block under a list item when it
is indented to the item's content column: two spaces under '- ', three under '1. '. Python-Markdown
wants four spaces per level. This preprocessor follows CommonMark's rules for list items (spec 5.2,
5.3) and writes each line at the indentation Python-Markdown reads the same way: a nested marker four
spaces right of its parent's, a continuation at its item's content. Four-space lists come out as they
went in. Block quotes are re-indented inside their '>' marks, and fenced code keeps its own lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.preprocessors import Preprocessor

MARKER = re.compile(r"^( *)([-+*]|\d{1,9}[.)])( +|$)(.*)$")
FENCE = re.compile(r"^ *(`{3,}|~{3,})")
QUOTE = re.compile(r"^( {0,3}>)( ?)(.*)$")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
STEP = 4  # Python-Markdown's tab_length


@dataclass
class Item:
    """An open list item: where its content starts in the source, and where it is written."""

    content: int  # the source column of the item's content (CommonMark's W + N)
    written: int  # the column its content is written at for Python-Markdown
    marker: int  # the source column of its marker
    kind: str = "-"  # its marker's kind: the bullet, or the ordered list's delimiter
    spaced: bool = False  # a blank line was put before it (Python-Markdown needs one to start a list of another kind)


def expand(line: str) -> str:
    """Return a line with its leading tabs expanded to the next multiple of four columns."""
    head = len(line) - len(line.lstrip(" \t"))
    return line[:head].expandtabs(STEP) + line[head:]


def indent_of(line: str) -> int:
    """Return the number of leading spaces of a line whose tabs are expanded."""
    return len(line) - len(line.lstrip(" "))


class ListNormalizer:
    """Rewrite one run of lines (a document, or the inside of a block quote) with Python-Markdown's indentation."""

    def __init__(self) -> None:
        self.open: list[Item] = []
        self.fence = ""
        self.fence_shift = 0
        self.blank = True  # the previous line was blank (or there was none)
        self.paragraph = False  # the previous line continues a paragraph (so a lazy line may follow)
        self.closed: list[Item] = []  # the items the current line closed
        self.blank_before = True
        self.after_marker = False  # the previous line opened a list item

    def run(self, lines: list[str]) -> list[str]:
        """Return the lines re-indented."""
        return [self.line(expand(line)) for line in lines]

    def line(self, line: str) -> str:
        """Return one line re-indented for the items open around it."""
        if self.fence:
            return self.fenced(line)
        if not line.strip():
            self.blank, self.paragraph = True, False
            return ""
        indent = indent_of(line)
        in_list = bool(self.open)
        self.closed = []
        while self.open and indent < self.open[-1].content and not self.lazy(line, indent):
            self.closed.append(self.open.pop())
        was_blank, self.blank = self.blank, False
        self.blank_before = was_blank
        marker = MARKER.match(line)
        after_marker, self.after_marker = self.after_marker, False
        if marker and not THEMATIC_BREAK.match(line) and self.starts_item(marker, indent, was_blank, in_list):
            self.after_marker = after_marker
            written = self.item(marker, indent)
            self.after_marker = True
            return written
        return self.content(line, indent)

    def lazy(self, line: str, indent: int) -> bool:
        """Tell whether a line continues the paragraph above it however little it is indented."""
        return self.paragraph and not MARKER.match(line) and not QUOTE.match(line) and not FENCE.match(line) and indent < STEP + (self.open[0].marker if self.open else 0)

    def starts_item(self, marker: re.Match[str], indent: int, was_blank: bool, in_list: bool) -> bool:
        """Tell whether a marker starts a list item here (not a paragraph's '1990. was a year' or an empty '-' in one)."""
        base = self.open[-1].content if self.open else 0
        if indent - base >= STEP:
            return False  # an indented code block, or a paragraph's continuation
        if self.paragraph and not was_blank and not in_list:
            ordinal = marker.group(2)[:-1]
            return bool(marker.group(4).strip()) and (not ordinal.isdigit() or ordinal == "1")
        return True

    def item(self, marker: re.Match[str], indent: int) -> str:
        """Open a list item and return its line, its marker four columns right of its parent's content."""
        width = len(marker.group(2))
        spaces = len(marker.group(3))
        if not marker.group(4) or spaces > STEP:
            spaces = 1  # an empty item, or content that is an indented code block
        parent = self.open[-1] if self.open else None
        written = parent.written if parent else 0
        kind = marker.group(2)[-1]
        sibling = next((item for item in self.closed if item.written == written + STEP), None)
        # Python-Markdown reads a list of another kind, or what follows one it had to start that way, as
        # the item's text unless a blank line comes first.
        deeper_spaced = any(item.spaced and item.written > written + STEP for item in self.closed)
        opens_list = sibling is None and self.paragraph and not self.after_marker
        spaced = not self.blank_before and (opens_list or (sibling is not None and sibling.kind != kind) or deeper_spaced)
        self.open.append(Item(content=indent + width + spaces, written=written + STEP, marker=indent, kind=kind, spaced=spaced))
        self.paragraph = bool(marker.group(4).strip())
        written_marker = marker.group(2).replace(")", ".")  # Python-Markdown knows only '1.'
        text = " " * written + written_marker + (" " * max(1, STEP - width) + marker.group(4) if marker.group(4) else "")
        return "\n" + text if spaced else text

    def content(self, line: str, indent: int) -> str:
        """Return a line inside the innermost open item (or outside any), at its place relative to the item's content."""
        item = self.open[-1] if self.open else None
        shift = item.written - item.content if item and indent >= item.content else (item.written - indent if item else 0)
        fence = FENCE.match(line)
        if fence:
            self.fence, self.fence_shift = fence.group(1), shift
        self.paragraph = not fence and not line.lstrip().startswith(("#", "|", "<")) and (indent + (0 if not item else -item.content) < STEP)
        return " " * max(0, indent + shift) + line.lstrip(" ")

    def fenced(self, line: str) -> str:
        """Return a line of fenced code moved with its fence; close the fence at its closing line."""
        match = FENCE.match(line)
        if match and match.group(1)[0] == self.fence[0] and len(match.group(1)) >= len(self.fence) and not line.strip().strip(self.fence[0]):
            self.fence = ""
        indent = indent_of(line)
        return " " * max(0, indent + self.fence_shift) + line[indent:]


def normalize(lines: list[str]) -> list[str]:
    """Return the document's lines with every list indented as Python-Markdown reads CommonMark's nesting."""
    out: list[str] = []
    index = 0
    normalizer = ListNormalizer()
    while index < len(lines):
        quote = QUOTE.match(expand(lines[index]))
        if quote and not normalizer.open and not normalizer.fence:
            end = index
            while end < len(lines) and lines[end].strip() and (QUOTE.match(expand(lines[end])) or end > index):
                end += 1
            out.extend(quoted(lines[index:end]))
            normalizer = ListNormalizer()
            index = end
            continue
        out.append(normalizer.line(expand(lines[index])))
        index += 1
    return out


def quoted(lines: list[str]) -> list[str]:
    """Return a block quote's lines with their inside normalized, keeping each line's '>' mark."""
    marks, inside = [], []
    for line in lines:
        match = QUOTE.match(expand(line))
        marks.append(match.group(1) + " " if match else "")
        inside.append(match.group(3) if match else line.strip())
    return [mark + text if text else mark.rstrip() for mark, text in zip(marks, normalize(inside))]


class CommonMarkLists(Preprocessor):
    """Re-indent lists nested by CommonMark's content column to Python-Markdown's four spaces."""

    def run(self, lines: list[str]) -> list[str]:
        return normalize(lines)
