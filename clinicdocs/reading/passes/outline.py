"""Headings and sections: the title found, heading levels mended, the top-level elements grouped into sections."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from ..elements import text_of
from .notes import inline_notes
from .state import ParseState

HEADING = re.compile(r"h[1-6]")


@dataclass
class Part:
    """One top-level element of a section, with its source line."""

    element: etree.Element
    line: int
    heading: bool = False  # a heading below the section's own ('###' and deeper): it gets an id


@dataclass
class SectionPlan:
    """A section before its blocks are made: its title, line and parts (its id is given with its blocks')."""

    title: str
    line: int
    intro: bool = False  # the text before the first section heading
    id: str = ""  # given by blocks.section_makers, in reading order with the ids of what the section holds
    parts: list[Part] = field(default_factory=list)


def outline(state: ParseState, root: etree.Element) -> list[SectionPlan]:
    """Return the sections in reading order: each '#'/'##' heading opens one, the text before any opens 'intro'.

    Changes the tree: a second '#' or a skipped level is set one level down.
    """
    sections: list[SectionPlan] = []
    current: SectionPlan | None = None
    line, level = state.source.body_line, 1  # under the title: '##' comes next
    title_at = title_index(state, root)
    for index, element in enumerate(root):
        if element.tag == "p" and not len(element) and not (element.text or "").strip():
            continue  # it held only a web picture without a description
        heading_line = state.lines.heading_line(text_of(element)) if HEADING.fullmatch(element.tag) else None
        if index == title_at:
            state.heading_title = text_of(element)
            continue  # the document's own title line; the templates print it from metadata
        if heading_line is not None:
            level = mend_level(state, element, heading_line, level)
        if element.tag in ("h1", "h2"):
            inline_notes(state, element)
            title = text_of(element)
            current = SectionPlan(title, heading_line or (current.line if current else line))
            sections.append(current)
            level = 2
            continue
        if current is None:
            current = SectionPlan("", line, intro=True)
            sections.append(current)
        part_line = heading_line if heading_line is not None else state.lines.next_text(text_of(element))
        current.parts.append(Part(element, part_line, heading_line is not None))
    return sections


def title_index(state: ParseState, root: etree.Element) -> int | None:
    """Return the position of the '#' heading that is the document's title, if one is.

    With a front matter title, only a '#' heading on the first line is the title (printed once,
    from the front matter); without one, the first '#' heading anywhere is.
    """
    if state.source.metadata.title:
        return 0 if len(root) and root[0].tag == "h1" else None
    return next((index for index, element in enumerate(root) if element.tag == "h1"), None)


def mend_level(state: ParseState, element: etree.Element, line: int, level: int) -> int:
    """Return a heading's level, warning about a second '#' title or a skipped level (then one level down)."""
    new_level = int(element.tag[1])
    title = text_of(element)
    if new_level == 1:
        state.warn(f"'# {title}' is a second '#' heading; it becomes a section: write '## {title}' to say so", line)
        element.tag = "h2"
        return 2
    if new_level > level + 1:
        fixed = max(level + 1, 2)
        state.warn(f"heading level skipped: '{title}' is h{new_level} after h{level}; it prints as h{fixed}: write {'#' * fixed}", line)
        element.tag = f"h{fixed}"
        return fixed
    return new_level
