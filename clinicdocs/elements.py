"""Reading Python-Markdown's element tree: list shapes, text, and the source lines behind them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

HOLD_SENTENCE = re.compile(r"^Hold\b.*?(\d+)\s*(second|minute)", re.IGNORECASE)
TASK_MARK = re.compile(r"^\s*\[([ xX])\]\s+")


class LineFinder:
    """Find the line where a piece of source text first appears."""

    def __init__(self, body: str, first_line: int):
        self.body = body
        self.first_line = first_line

    def line_of(self, needle: str, default: int | None = None) -> int:
        """Return the file line of `needle`, or `default` (the body's start) when absent."""
        index = self.body.find(needle) if needle else -1
        if index < 0:
            return default if default is not None else self.first_line
        return self.first_line + self.body.count("\n", 0, index)

    def heading_line(self, title: str) -> int:
        """Return the file line of the ATX or setext heading reading `title`, else where `title` first appears."""
        text = re.escape(title)
        pattern = rf"^ {{0,3}}#{{1,6}}[ \t]+{text}[ \t#]*$|^{text}[ \t]*\n[=-]+[ \t]*$"
        match = re.search(pattern, self.body, re.MULTILINE) if title else None
        if match is None:
            return self.line_of(title)
        return self.first_line + self.body.count("\n", 0, match.start())


def is_stretch_list(element: etree.Element) -> bool:
    """Tell whether every item of a numbered list starts with a bold 'Name:'."""
    items = element.findall("li")
    for item in items:
        first = item_holder(item)
        strong = first.find("strong")
        if strong is None or (first.text or "").strip() or first[0] is not strong:
            return False
        if not (text_of(strong).rstrip().endswith(":") or (strong.tail or "").startswith(":")):
            return False
    return bool(items)


def is_task_list(element: etree.Element) -> bool:
    """Tell whether every item of a bulleted list starts with '[ ]' or '[x]'."""
    items = element.findall("li")
    for item in items:
        if not TASK_MARK.match(item_holder(item).text or ""):
            return False
    return bool(items)


def hold_seconds(sentence: str) -> int | None:
    """Return the hold time of a 'Hold for N seconds' sentence in seconds."""
    match = HOLD_SENTENCE.match(sentence)
    if not match:
        return None
    return int(match.group(1)) * (60 if match.group(2).lower() == "minute" else 1)


def text_of(element: etree.Element | None) -> str:
    """Return the text content of an element, whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def item_holder(item: etree.Element) -> etree.Element:
    """Return the element holding a list item's first words: its first <p> in a loose list, else itself."""
    paragraph = item.find("p")
    if paragraph is not None and not (item.text or "").strip():
        return paragraph
    return item


def task_checked(holder: etree.Element) -> bool:
    """Tell whether a task list item is ticked ('[x]')."""
    match = TASK_MARK.match(holder.text or "")
    return bool(match) and match.group(1).lower() == "x"  # type: ignore[union-attr]
