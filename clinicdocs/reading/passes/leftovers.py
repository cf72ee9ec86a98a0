"""Leftovers: text that looks like another tool's markup but was not read as markup is warned about, with its line."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from ..elements import TASK_MARK, is_task_list, item_holder
from .state import ParseState

# Each piece of markup the parser reads where it is written right, with the tool it comes from and the fix.
LEFTOVERS = {
    "[!": "a GitHub alert or Obsidian callout opens a block quote on a line of its own: '> [!WARNING]'",
    "[[": "an Obsidian wiki link is written '[[Other handout]]' or '[[Other handout|text]]' on one line",
    "]]": "an Obsidian wiki link is written '[[Other handout]]' or '[[Other handout|text]]' on one line",
    "==": "a highlight is written '==words==', with no space inside the marks",
    "{:": "kramdown attributes go right after a picture: '![what it shows](x.png){: width=\"300\"}'",
    "{width": "pandoc attributes go right after a picture: '![what it shows](x.png){width=50%}'",
    "{height": "pandoc attributes go right after a picture: '![what it shows](x.png){height=5cm}'",
    ":::": "a fenced div opens with '::: warning' on a line of its own and closes with ':::'",
}
PATTERN = re.compile("|".join(re.escape(token) for token in sorted(LEFTOVERS, key=len, reverse=True)))
CODE = frozenset({"code", "pre", "kbd", "samp"})


def warn_leftovers(state: ParseState, root: etree.Element) -> None:
    """Warn once for each piece of another tool's markup that prints literally, naming it and its line."""
    for text in texts(root):
        for match in PATTERN.finditer(text):
            token = match.group()
            after = re.match(r"[^\n]{0,12}", text[match.end() :])
            before = re.search(r"[^\n]{0,12}$", text[: match.start()])
            snippet = token + re.split(r"\s", after.group() if after else "")[0]
            context = (before.group() if before else "") + token + (after.group() if after else "")
            line = state.lines.next_line(context, snippet, token)
            state.warn(f"'{snippet}' prints as written: {LEFTOVERS[token]}", line)


def warn_stray_boxes(state: ParseState, root: etree.Element) -> None:
    """Warn about each '[ ]' that starts an item of a list that is not a checklist: it prints as written."""
    for element in root.iter("ul"):
        if is_task_list(element):
            continue
        for item in element.findall("li"):
            match = TASK_MARK.match(item_holder(item).text or "")
            if match:
                mark = match.group().strip()
                pattern = r"^[ \t]*[-*+][ \t]+" + re.escape(mark)
                line = state.lines.next_match(pattern) or state.lines.next_line(mark)
                state.warn(f"'- {mark}' prints as written: a checklist is a list whose every item starts with '[ ]' or '[x]'; "
                           "put a blank line and a paragraph between it and the other items", line)


def texts(element: etree.Element, in_code: bool = False) -> list[str]:
    """Return the texts of an element in reading order, leaving out code."""
    in_code = in_code or element.tag in CODE
    found = [element.text] if element.text and not in_code else []
    for child in element:
        found.extend(texts(child, in_code))
        if child.tail:
            found.append(child.tail)
    return found
