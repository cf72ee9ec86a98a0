"""Checklists: a task list becomes items with real boxes, each label and what follows it kept."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as etree
from typing import Callable

from ...model import ChecklistItem
from ..elements import TASK_MARK, split_item, task_checked, text_of
from ..tree import inner_html, serialize
from .notes import inline_notes
from .state import ParseState

EMPTY_TASK = r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX]?\][ \t]*$"
NO_SPACE = r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[\]"


def checklist(state: ParseState, element: etree.Element) -> list[Callable[[], ChecklistItem]]:
    """Return what makes the items of a task list: the first paragraph is the label, the rest follows it.

    Changes the tree: the '[ ]' mark is taken off each label.
    """
    items: list[Callable[[], ChecklistItem]] = []
    inline_notes(state, element)
    for item in element.findall("li"):
        inline, after = split_item(item)
        checked = task_checked(inline)
        if (inline.text or "").lstrip().startswith("[]"):
            line = state.lines.next_match(NO_SPACE) or state.source.body_line
            state.warn("'- []' is read as an unticked checklist box; write '- [ ]' (a space between the brackets)", line)
        inline.text = TASK_MARK.sub("", inline.text or "", count=1)
        label = text_of(inline)
        if not label and not after:
            line = state.lines.next_match(EMPTY_TASK) or state.source.body_line
            state.warn("checklist item has no text, so it is left out; write the task after '- [ ]' or delete the line", line)
            continue
        state.task_count += 1
        fields = {
            "id": state.ids.unique(f"task-{state.task_count}"),
            "text": " ".join([label, *(text_of(block) for block in after)]).strip(),
            "checked": checked,
            "line": state.lines.next_text(label),
        }
        items.append(functools.partial(make_item, inline, after, fields))
    return items


def make_item(inline: etree.Element, after: list[etree.Element], fields: dict) -> ChecklistItem:
    """Return one checklist item, its label and what follows written out as XHTML."""
    return ChecklistItem(html=inner_html(inline), extra_html="\n".join(serialize(block) for block in after), **fields)
