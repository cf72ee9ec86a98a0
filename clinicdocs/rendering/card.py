"""The home exercise card: the fit level that fills its sheet, one sheet per section when one cannot hold them all.

A card is never refused for its length. The writer lays it out at the largest fit level that fits
(searching down the levels of layouts/pdf/card-fit.j2), then grows its type and pictures towards their
largest size until a side would overflow (searching up), so no side is left mostly empty. When even the
densest level cannot hold the exercises on the front and back of one sheet, each section of exercises
(a phase, a stage, a week) gets a sheet of its own, titled with the section; a section that cannot fit
one sheet continues on the next, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2

from ..errors import RenderError, RendererFailed, display_path
from ..model import Block, Document, Section
from .templates import template_value
from .weasyload import boxes

FIT_TEMPLATE = "pdf/card-fit.j2"
Level = Mapping[str, Any]
FILLED = 0.75  # a side at least this full is filled: the rule is "no side more than 25 % empty"
GROW_STEPS = 6  # sizes the upward search tries: the largest, then a binary search between the level's own and it
RED_FLAGS = ("warning", "danger")  # callouts the card carries in full, whatever syntax made them


@dataclass(frozen=True)
class Sheet:
    """What one sheet of the card shows: its sections, and the section it is titled with ('' for the whole card)."""

    sections: tuple[Section, ...]
    title: str = ""


@dataclass(frozen=True)
class Card:
    """The laid-out card (its pages, sheet after sheet) and the warnings its layout gave."""

    rendered: Any
    warnings: tuple[str, ...] = ()


LayOut = Callable[[Level, Sheet], Any]


def card_levels(env: jinja2.Environment) -> list[Level]:
    """Return the card's fit levels from layouts/pdf/card-fit.j2, densest last."""
    levels = template_value(env, FIT_TEMPLATE, "levels")
    if not isinstance(levels, list) or not levels or not all(isinstance(level, Mapping) and level.get("sides") in (1, 2) for level in levels):
        raise RenderError("'levels' must be a list of fit levels, each with sides 1 or 2", FIT_TEMPLATE)
    return levels


def largest(env: jinja2.Environment) -> Level:
    """Return the largest type and picture the upward search may reach (card-fit.j2's `largest`)."""
    value = template_value(env, FIT_TEMPLATE, "largest")
    if not isinstance(value, Mapping) or not {"type", "picture"} <= set(value):
        raise RenderError("'largest' must give the largest 'type' (pt) and 'picture' (in)", FIT_TEMPLATE)
    return value


def red_flags(document: Document) -> tuple[Block, ...]:
    """Return the warning and danger callouts of the document, in reading order."""
    return tuple(block for section in document.sections for block in section.blocks if block.kind == "callout" and block.callout in RED_FLAGS)


def sheets(document: Document) -> list[Sheet]:
    """Return one sheet per section of exercises; a section with only a checklist joins the sheet before it."""
    groups: list[list[Section]] = []
    for section in document.card_sections:
        has_exercises = any(block.kind == "stretches" for block in section.blocks)
        if has_exercises or not groups:
            groups.append([section])
        else:
            groups[-1].append(section)
    return [Sheet(tuple(group), next((s.title for s in group if s.title), "")) for group in groups]


def make_card(lay_out: LayOut, levels: list[Level], top: Level, document: Document, paper: str, brand: str) -> Card:
    """Lay the card out on one sheet, else one sheet per section of exercises; return its pages and warnings."""
    attempt = tolerant(lay_out)
    whole = Sheet(document.card_sections)
    chosen, rendered = fit(attempt, levels, whole)
    per_section = sheets(document)
    if chosen is not None or len(per_section) < 2:
        return one_sheet(lay_out, levels, top, whole, (chosen, rendered), document, paper, brand)
    cards = [one_sheet(lay_out, levels, top, sheet, fit(attempt, levels, sheet), document, paper, brand) for sheet in per_section]
    pages = [page for card in cards for page in card.rendered.pages]
    return Card(cards[0].rendered.copy(pages), tuple(w for card in cards for w in card.warnings))


def tolerant(lay_out: LayOut) -> LayOut:
    """Return lay_out, giving None for a level the renderer itself fails on (it is one that does not fit, not the end of the card).

    WeasyPrint asserts on some layouts (a grid row taller than the page, at a large level): the search
    goes on with the levels it can draw, and only a card no level can draw is the renderer's error.
    """
    def attempt(level: Level, sheet: Sheet) -> Any:
        try:
            return lay_out(level, sheet)
        except RendererFailed:
            return None
    return attempt


def one_sheet(
    lay_out: LayOut, levels: list[Level], top: Level, sheet: Sheet, found: tuple[Level | None, Any], document: Document, paper: str, brand: str,
) -> Card:
    """Return one sheet at the level found, its front filled before its back and its sides filled by growing."""
    attempt = tolerant(lay_out)
    chosen, rendered = found
    if rendered is None:  # no level could be drawn: the renderer's error, for the densest
        rendered = lay_out(levels[-1], sheet)
    if chosen is not None and chosen["sides"] == 2 and side_fullness(rendered, 0) < FILLED:
        # The front ends where the next row of exercises no longer fits: rows of fewer columns, or with the
        # smallest pictures, may bring it onto the front; the type stays.
        # Keep whichever leaves no side emptier; the upward search then fills the back.
        for other in front_fillers(chosen, levels[-1]):
            layout = attempt(other, sheet)
            if fits(layout, other) and fuller(layout, rendered):
                chosen, rendered = other, layout
                if side_fullness(rendered, 0) >= FILLED:
                    break
    return Card(fill(attempt, chosen or levels[-1], top, sheet, rendered), continued(rendered, chosen, document, paper, brand, sheet))


def front_fillers(level: Level, densest: Level) -> list[Level]:
    """Return the variants of a two-sided level that may fill its front: one column fewer, then the smallest pictures."""
    fewer = {**level, "columns": max(2, level["columns"] - 1)}
    variants = [fewer, {**level, "picture": min(level["picture"], densest["picture"])}]
    return [variant for index, variant in enumerate(variants) if variant != level and variant not in variants[:index]]


def continued(rendered: Any, chosen: Level | None, document: Document, paper: str, brand: str, sheet: Sheet) -> tuple[str, ...]:
    """Return the warning for a sheet that needed more than the front and back of one sheet, or nothing."""
    if chosen is not None:
        return ()
    what = f"section '{sheet.title}'" if sheet.title and sheet.sections != document.card_sections else "card"
    line = sheet.sections[0].line if sheet.sections else 1
    sheets_needed = -(-len(rendered.pages) // 2)
    return (f"{display_path(document.path)}:{line}: warning: the {paper} card for brand '{brand}': its {what} continues on {sheets_needed} sheets "
            "(too long for the front and back of one, even with 12 pt type and the smallest pictures); "
            "choose fewer exercises with 'card_exercises: [1, 2, 3]' in the front matter, or shorten them",)


def fits(rendered: Any, level: Level) -> bool:
    """Tell whether a layout was drawn and stays within its level's sides."""
    return rendered is not None and len(rendered.pages) <= level["sides"]


def fit(lay_out: LayOut, levels: list[Level], sheet: Sheet) -> tuple[Level | None, Any]:
    """Return the first (largest) level whose layout fits its sides, and that layout; (None, densest layout or None) if none does.

    One side is tried before two. Within each, the levels only get denser, so whether one fits changes
    once along them, and a binary search lays out about log2 of them; a two-sided level that needed one
    side loses its "Turn over".
    """
    layout = None
    for sides in (1, 2):
        group = [level for level in levels if level["sides"] == sides]
        if group:
            best, layout = search(lay_out, group, sheet)
            if best is not None:
                if len(layout.pages) < best["sides"]:
                    one_side = {**best, "sides": 1}
                    again = lay_out(one_side, sheet)
                    return (one_side, again) if again is not None else (best, layout)
                return best, layout
    return None, layout


def search(lay_out: LayOut, group: list[Level], sheet: Sheet) -> tuple[Level | None, Any]:
    """Return the first level of a group (densest last) whose layout fits, with it; else (None, the densest layout)."""
    tried: dict[int, Any] = {0: lay_out(group[0], sheet)}
    if fits(tried[0], group[0]):
        return group[0], tried[0]
    best, low, high = None, 1, len(group) - 1
    while low <= high:
        middle = (low + high) // 2
        tried[middle] = lay_out(group[middle], sheet)
        if fits(tried[middle], group[middle]):
            best, high = middle, middle - 1
        else:
            low = middle + 1
    if best is None:
        last = len(group) - 1
        return None, tried[last] if last in tried else lay_out(group[last], sheet)
    return group[best], tried[best]


def grown(level: Level, top: Level, factor: float) -> Level:
    """Return the level with its type, pictures and spacing grown by `factor`, none past the largest size."""
    type_pt = round(min(level["type"] * factor, max(top["type"], level["type"])) * 4) / 4  # quarter points: few balanced titles
    picture = round(min(level["picture"] * factor, max(top["picture"], level["picture"])), 2)
    return {**level, "type": type_pt, "picture": picture,
            "gap": round(level["gap"] * factor, 1), "pad": round(level["pad"] * factor, 1)}


def fill(lay_out: LayOut, level: Level, top: Level, sheet: Sheet, rendered: Any) -> Any:
    """Grow the type and pictures of a card that fits until its sides are filled (the upward search).

    Whether a size fits changes once as it grows (bigger never takes fewer sides), so a binary search
    finds the largest size that fits. Fullness does not grow steadily with it: a bigger row of exercises
    may move to the back and leave the front emptier. So the search steers by fit alone, keeps every
    layout that fits, and returns the first that fills every side, else the one whose emptiest side is
    fullest, its front before its back.
    """
    if fullness(rendered) >= FILLED or len(rendered.pages) > level["sides"]:
        return rendered
    most = max(top["type"] / level["type"], top["picture"] / level["picture"])
    if most <= 1.01:
        return rendered  # everything is at its largest already
    best, low, high = rendered, 1.0, most
    for step in range(GROW_STEPS):
        factor = most if step == 0 else (low + high) / 2
        layout = lay_out(grown(level, top, factor), sheet)
        if not fits(layout, level):
            high = factor
            continue
        low = factor
        if fuller(layout, best):
            best = layout
        if fullness(best) >= FILLED:
            break
    return best


def fuller(layout: Any, than: Any) -> bool:
    """Tell whether a layout's emptiest side is fuller than another's (to the percent), else whether its front is."""
    return (round(fullness(layout), 2), side_fullness(layout, 0)) > (round(fullness(than), 2), side_fullness(than, 0))


def fullness(rendered: Any) -> float:
    """Return how full the emptiest side of a layout is, 0 to 1."""
    return min(side_fullness(rendered, index) for index in range(len(rendered.pages)))


def side_fullness(rendered: Any, index: int) -> float:
    """Return how full one side of a layout is, 0 to 1."""
    page = rendered.pages[index]
    return content_height(page) / page._page_box.height


def content_height(page: Any) -> float:
    """Return the height, in CSS px, of what sits in a page's content area."""
    box = page._page_box
    html_box = box.children[0] if box.children else None
    if html_box is None:
        return 0.0
    # A box that continues on the next page (the root, main, a section) runs to the foot of this one:
    # measure the lines and pictures, which never continue.
    inside = (child for child in html_box.descendants() if isinstance(child, (boxes.LineBox, boxes.ReplacedBox)))
    bottoms = [child.position_y + child.margin_height() for child in inside]
    return max(bottoms, default=html_box.position_y) - html_box.position_y
