"""Blocks: each part of a section becomes a model block of its kind, made once every id is known."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as etree
from typing import Callable

from ...language import typeset
from ...language.holds import MARKED
from ...model import Block
from ..elements import is_stretch_list, is_task_list, text_of
from ..tree import serialize
from . import callouts, checklists, exercises, notes, pictures
from .outline import Part, SectionPlan
from .state import ParseState

BlockMaker = Callable[[], Block]


def section_makers(state: ParseState, plan: SectionPlan) -> list[BlockMaker]:
    """Give a section its id and return what makes its blocks; ids go out in reading order, the section's first."""
    plan.id = state.ids.unique("intro" if plan.intro else plan.title, heading=True)
    return [block_maker(state, part) for part in plan.parts]


def block_maker(state: ParseState, part: Part) -> BlockMaker:
    """Check one part now; return what makes its model block after the '#fragment' links are settled."""
    element, line = part.element, part.line
    if part.heading:
        element.set("id", state.ids.unique(text_of(element), heading=True))
    if element.tag == "ol" and is_stretch_list(element):
        stretches = Block("stretches", stretches=exercises.stretches(state, element), line=line)
        return lambda: stretches
    if element.tag == "p" and len(element) == 1 and element[0].tag == "img" and not (element.text or "").strip():
        figure = Block("figure", image=pictures.check_picture(state, element[0]), line=line)
        return lambda: figure
    pictures.check_pictures(state, element)
    if MARKED.search(text_of(element)):
        message = "'[...]{.hold}' marks a hold line only in a stretch (a numbered '**Name:**' item); here it prints as written"
        state.warn(message, state.lines.line_of("]{.hold}", line))
    if element.tag == "ul" and is_task_list(element):
        makers = checklists.checklist(state, element)
        return lambda: Block("checklist", items=tuple(make() for make in makers), line=line)
    if callouts.is_callout(element):
        return callouts.callout(state, element, line)
    return lambda: html_block(state, element, line)


def html_block(state: ParseState, element: etree.Element, line: int) -> Block:
    """Return a block of plain HTML and its print form (footnotes at the foot of the page, addresses kept whole)."""
    screen, printed, plain = copy.deepcopy(element), copy.deepcopy(element), copy.deepcopy(element)
    asides = notes.link_notes(state, screen, printed, plain)
    typeset.print_links(printed)
    typeset.protect_addresses(printed)
    html = "\n".join([serialize(screen), *(serialize(aside) for aside in asides)])
    print_html = serialize(printed)
    return Block("html", html=html, print_html=print_html if print_html != html else "", text=text_of(plain), line=line)
