"""Lists as CommonMark nests them, re-indented for Python-Markdown before it parses the text.

CommonMark (GitHub, Obsidian, Typora, every editor since 2014) nests a block under a list item when it
is indented to the item's content column: two spaces under '- ', three under '1. '. Python-Markdown
wants four spaces per level. This preprocessor follows CommonMark's rules for list items (spec 5.2,
5.3) and writes each line at the indentation Python-Markdown reads the same way: a nested marker four
spaces right of its parent's, a continuation at its item's content. Four-space lists come out as they
went in. Fenced code inside an item becomes an indented code block there (Python-Markdown reads fences
at the left margin only); nesting.py runs it over a document and inside block quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


MARKER = re.compile(r"^( *)([-+*]|\d{1,9}[.)])( +|$)(.*)$")
FENCE = re.compile(r"^ *(`{3,}|~{3,})")
ALERT_START = re.compile(r"^ *>[ \t]?\[![A-Za-z]")
QUOTE = re.compile(r"^( {0,3}>)( ?)(.*)$")
# What Python-Markdown reads as a list marker: escaped where CommonMark reads the line as text.
PM_MARKER = re.compile(r"^( *)(\d+(?=\.[ \t])|[-+*](?=[ \t]))")
EMPTY_ITEM = "<!-- -->"  # an empty item: Python-Markdown needs text after a marker; a comment prints nothing
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
STEP = 4  # Python-Markdown's tab_length


@dataclass
class Item:
    """An open list item: where its content starts in the source, and where it is written."""

    content: int  # the source column of the item's content (CommonMark's W + N)
    written: int  # the column its content is written at for Python-Markdown
    marker: int  # the source column of its marker
    kind: str = "-"  # its marker's kind: the bullet, or "1" and the ordered list's delimiter
    spaced: bool = False  # a blank line was put before it (Python-Markdown needs one to start a list of another kind)
    empty: bool = False  # it has had no content yet (its marker line was empty)
    list_id: int = 0  # which list it belongs to (its siblings of the same kind share it)


def expand(line: str) -> str:
    """Return a line with its leading tabs expanded to the next multiple of four columns."""
    head = len(line) - len(line.lstrip(" \t"))
    return line[:head].expandtabs(STEP) + line[head:]


def indent_of(line: str) -> int:
    """Return the number of leading spaces of a line whose tabs are expanded."""
    return len(line) - len(line.lstrip(" "))


@dataclass
class FencedCode:
    """Fenced code being read: moved with its list item, or made an indented code block inside one."""

    fence: str = ""  # the opening fence ('```'), '' when not in fenced code
    shift: int = 0  # how many columns its lines move
    column: int = 0  # inside an item: the column of the indented code block it becomes (0: at the margin)
    quoted: str = ""  # the fence of fenced code open in a quote inside a list item

    def open_in_item(self, fence: str, column: int, indent: int) -> str:
        """Start fenced code inside a list item, written as an indented code block at `column` + 4; return its blank first line.

        Python-Markdown's fenced_code reads fences at the left margin only; inside an item, the code
        is an indented code block (its language, if named, is not kept).
        """
        self.fence, self.column = fence, column + STEP
        self.shift = self.column - indent
        return ""

    def line(self, line: str) -> str:
        """Return a line of fenced code moved with its fence; close the fence at its closing line."""
        match = FENCE.match(line)
        indent = indent_of(line)
        if match and match.group(1)[0] == self.fence[0] and len(match.group(1)) >= len(self.fence) and not line.strip().strip(self.fence[0]):
            self.fence = ""
            if self.column:
                return ""
        if self.column:
            return " " * max(self.column, indent + self.shift) + line[indent:] if line.strip() else ""
        return " " * max(0, indent + self.shift) + line[indent:]

    def in_quote(self, text: str) -> str:
        """Return a quote line inside a list item with fenced code in the quote written as indented code (fence lines blank)."""
        quote = QUOTE.match(text)
        inner = expand(quote.group(3)) if quote else ""
        opened = FENCE.match(inner) if quote and indent_of(inner) < STEP else None
        if not quote:
            self.quoted = ""
        elif self.quoted and opened and closes_fence(opened.group(1), inner, self.quoted):
            self.quoted = ""
            return quote.group(1)
        elif self.quoted:
            return quote.group(1) + " " + " " * STEP + inner if inner.strip() else quote.group(1)
        elif opened:
            self.quoted = opened.group(1)
            return quote.group(1)
        return text


def closes_fence(found: str, line: str, fence: str) -> bool:
    """Tell whether a fence line closes fenced code opened by `fence`."""
    return found[0] == fence[0] and len(found) >= len(fence) and not line.strip().strip(fence[0])


class ListNormalizer:
    """Rewrite one run of lines (a document, or the inside of a block quote) with Python-Markdown's indentation."""

    def __init__(self) -> None:
        self.open: list[Item] = []
        self.code = FencedCode()
        self.lazy_quote = False  # the last line was a quote written at its item's marker column
        self.alert = False  # the last line was part of an alert ('> [!NOTE]') inside an item
        self.blank = True  # the previous line was blank (or there was none)
        self.paragraph = False  # the previous line continues a paragraph (so a lazy line may follow)
        self.closed: list[Item] = []  # the items the current line closed
        self.pending: list[Item] = []  # an empty item a blank line closed, a sibling of what comes next
        self.blank_before = True
        self.after_marker = False  # the previous line opened a list item
        self.after_gap = False  # a block of the innermost item followed a blank line (Python-Markdown then needs one before the next item)
        self.lists = 0  # how many lists were opened
        self.loose: set[int] = set()  # the lists CommonMark calls loose (a blank line between items, or between blocks of one)
        self.opened: tuple[int, bool] | None = None  # the list of the item the last line opened, and whether it is the list's first

    def line(self, line: str) -> str:
        """Return one line re-indented for the items open around it."""
        if self.code.fence:
            return self.code.line(line)
        if not line.strip():
            if self.open and self.open[-1].empty:
                self.pending.append(self.open.pop())  # an item starts with at most one blank line
            self.blank, self.paragraph = True, False
            return ""
        indent = indent_of(line)
        in_list = bool(self.open)
        self.closed, self.pending = self.pending, []
        lazy = self.lazy(line, indent)
        while self.open and indent < self.open[-1].content and not lazy:
            self.closed.append(self.open.pop())
        was_blank, self.blank = self.blank, False
        self.blank_before = was_blank
        marker = MARKER.match(line)
        after_marker, self.after_marker = self.after_marker, False
        if self.open:
            self.open[-1].empty = False
        if marker and not lazy and not THEMATIC_BREAK.match(line) and self.starts_item(marker, indent, was_blank, in_list):
            self.after_marker = after_marker
            written = self.item(marker, indent)
            self.after_marker = True
            return written
        return self.content(line, indent)

    def lazy(self, line: str, indent: int) -> bool:
        """Tell whether a line continues the paragraph above it however little it is indented.

        A marker indented four or more columns past the content of the item it would belong to starts
        nothing: it is text too.
        """
        if not self.paragraph or any(block.match(line) for block in (QUOTE, FENCE, THEMATIC_BREAK, ATX_HEADING)):
            return False  # these interrupt a paragraph
        if MARKER.match(line):
            base = max((item.content for item in self.open if item.content <= indent), default=0)
            return indent - base >= STEP
        return indent < STEP + (self.open[0].marker if self.open else 0)

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
        kind = marker.group(2)[-1] if not marker.group(2)[:-1].isdigit() else "1" + marker.group(2)[-1]
        sibling = next((item for item in self.closed if item.written == written + STEP), None)
        # Python-Markdown reads a list of another kind, or what follows one it had to start that way, as
        # the item's text unless a blank line comes first.
        deeper_spaced = any(item.spaced and item.written > written + STEP for item in self.closed)
        opens_list = sibling is None and self.paragraph and not self.after_marker
        spaced = not self.blank_before and (opens_list or (sibling is not None and sibling.kind != kind) or deeper_spaced or self.after_gap)
        self.after_gap = False
        empty = not marker.group(4).strip()
        same_list = sibling is not None and sibling.kind == kind
        if not same_list:
            self.lists += 1
        list_id = sibling.list_id if same_list and sibling else self.lists
        if same_list and self.blank_before:
            self.loose.add(list_id)
        self.opened = (list_id, not same_list)
        self.open.append(Item(indent + width + spaces, written + STEP, indent, kind, spaced, empty, list_id))
        self.paragraph = not empty
        ordinal = marker.group(2)[:-1]
        written_marker = f"{int(ordinal)}." if ordinal.isdigit() else marker.group(2)  # Python-Markdown knows only '1.'
        fence = FENCE.match(marker.group(4))
        code = len(marker.group(3)) > STEP and not empty  # the item starts with an indented code block
        text = " " * written + written_marker + " " * max(1, STEP - len(written_marker)) + (EMPTY_ITEM if empty or fence or code else marker.group(4))
        if fence:  # the item starts with fenced code
            text += "\n" + self.code.open_in_item(fence.group(1), written + STEP, indent + width + spaces)
            self.paragraph = False
        if code:
            text += "\n\n" + " " * (written + 2 * STEP + len(marker.group(3)) - STEP - 1) + marker.group(4)
            self.paragraph = False
        if sibling is not None and sibling.kind != kind and sibling.kind[0].isdigit() == kind[0].isdigit():
            # CommonMark starts a new list at another bullet or delimiter; Python-Markdown needs a block between.
            return "\n" + " " * written + EMPTY_ITEM + "\n\n" + text
        return "\n" + text if spaced else text

    def content(self, line: str, indent: int) -> str:
        """Return a line inside the innermost open item (or outside any), at its place relative to the item's content."""
        item = self.open[-1] if self.open else None
        shift = item.written - item.content if item and indent >= item.content else (item.written - indent if item else 0)
        fence = FENCE.match(line)
        if fence and item is not None:
            self.paragraph = False
            return self.code.open_in_item(fence.group(1), item.written + max(0, indent - item.content), indent)
        if fence:
            self.code = FencedCode(fence.group(1), shift)
        code = not self.paragraph and indent - (item.content if item else 0) >= STEP
        self.after_gap = self.after_gap or (item is not None and self.blank_before)
        if item is not None and self.blank_before and indent >= item.content:
            self.loose.add(item.list_id)
        self.paragraph = not fence and not line.lstrip().startswith(("#", "|", "<")) and not code
        text = line.lstrip(" ")
        if item is not None:
            text = self.code.in_quote(text)
        if not code and PM_MARKER.match(text) and not THEMATIC_BREAK.match(line):
            text = escape_marker(text)
        if item is not None and (ALERT_START.match(line) or (self.alert and QUOTE.match(line))):
            # An alert stays at the item's content, a block of its own, for dialects.py to make a callout of.
            gap, self.alert, self.after_gap = "" if self.alert or self.blank_before else "\n", True, True
            return gap + " " * max(0, indent + shift) + text
        self.alert = False
        if item is not None and QUOTE.match(line) and (not self.blank_before or self.lazy_quote):
            # A quote right under an item's text: Python-Markdown keeps it in the item written at the item's
            # marker column (a lazy line it splits off), and reads it as text at the item's content.
            self.lazy_quote = True
            return " " * (item.written - STEP) + text
        self.lazy_quote = False
        gap = ""
        if item is None and self.closed and self.blank_before and code:
            gap = EMPTY_ITEM + "\n\n"  # code after a list: Python-Markdown would take it into the list's last item
        self.after_gap = self.after_gap or bool(item is not None and QUOTE.match(line))  # a quote takes in the next line too
        return gap + " " * max(0, indent + shift) + text


def escape_marker(text: str) -> str:
    """Return a line of text whose start Python-Markdown would read as a list marker with that marker escaped."""
    match = PM_MARKER.match(text)
    if not match:
        return text
    end = match.end()
    return text[: end - 1] + "\\" + text[end - 1 :] if match.group(2)[0].isdigit() is False else text[:end] + "\\" + text[end:]
