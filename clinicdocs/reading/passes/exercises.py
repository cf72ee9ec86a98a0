"""Exercises: a numbered list of '**Name:** steps' items becomes stretches with steps, a hold line and a picture."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from ...language.holds import find_hold
from ...model import Stretch
from ..elements import NAME_END, block_steps, name_has_colon, split_item, step_sentences, text_of
from .notes import inline_notes
from .pictures import check_picture
from .state import ParseState


def stretches(state: ParseState, element: etree.Element) -> tuple[Stretch, ...]:
    """Return one Stretch per item of a numbered list of '**Name:** steps' items; numbers run on across sections."""
    inline_notes(state, element)
    start = int(element.get("start", "0") or 0)
    state.stretch_count = start - 1 if start else state.stretch_count
    found = []
    for item in element.findall("li"):
        state.stretch_count += 1
        found.append(stretch(state, item, state.stretch_count))
    return tuple(found)


def stretch(state: ParseState, item: etree.Element, number: int) -> Stretch:
    """Return one numbered stretch: its name, its sentences as steps, its hold line found or marked, its picture."""
    inline, after = split_item(item)
    strong = inline[0]  # is_stretch_list made sure the item starts with it
    name = text_of(strong).rstrip(NAME_END).strip()
    if not name_has_colon(strong):
        written = text_of(strong)
        message = f"exercise name '**{written}**' has no colon after it; it is read as exercise {number}: write '**{name}:**'"
        state.warn(message, state.lines.next_line(f"**{written}**", written))
    first = (strong.tail or "").lstrip(NAME_END + " ") + "".join(text_of(child) + (child.tail or "") for child in inline[1:])
    steps, hold = find_hold(step_sentences(first) + [step for block in after for step in block_steps(block)], state.source.metadata.language)
    images = [check_picture(state, img) for img in item.iter("img")]
    return Stretch(
        id=state.ids.unique(f"stretch-{number}"),
        number=number,
        name=name,
        steps=tuple(steps),
        hold=hold.text if hold else "",
        hold_at=hold.at if hold else len(steps),
        hold_seconds=hold.seconds if hold else None,
        sides=hold.sides if hold else False,
        illustration=images[0] if images else None,
        line=state.lines.next_line(name),
    )
