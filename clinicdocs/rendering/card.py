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

from ..errors import RenderError, display_path
from ..model import Block, Document, Section
from .templates import template_value
from .weasyload import boxes

FIT_TEMPLATE = "pdf/card-fit.j2"
Level = Mapping[str, Any]
FILLED = 0.75  # a side at least this full is filled: the rule is "no side more than 25 % empty"
GROW_STEPS = 3  # layouts the upward search tries between the chosen level and the largest size
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
    whole = Sheet(document.card_sections)
    chosen, rendered = fit(lay_out, levels, whole)
    per_section = sheets(document)
    if chosen is not None or len(per_section) < 2:
        return one_sheet(lay_out, levels, top, whole, (chosen, rendered), document, paper, brand)
    cards = [one_sheet(lay_out, levels, top, sheet, fit(lay_out, levels, sheet), document, paper, brand) for sheet in per_section]
    pages = [page for card in cards for page in card.rendered.pages]
    return Card(cards[0].rendered.copy(pages), tuple(w for card in cards for w in card.warnings))


def one_sheet(
    lay_out: LayOut, levels: list[Level], top: Level, sheet: Sheet, found: tuple[Level | None, Any], document: Document, paper: str, brand: str,
) -> Card:
    """Return one sheet at the level found, its front filled before its back and its sides filled by growing."""
    chosen, rendered = found
    if chosen is not None and chosen["sides"] == 2 and side_fullness(rendered, 0) < FILLED:
        # The front ends where the next row of exercises no longer fits: rows of fewer columns, or with the
        # smallest pictures, may bring it onto the front. Keep whichever leaves no side emptier.
        for other in (columns_fewer(chosen), {**chosen, "picture": levels[-1]["picture"]}):
            attempt = lay_out(other, sheet) if other != chosen else None
            if attempt is not None and fits(attempt, other) and fullness(attempt) > fullness(rendered):
                chosen, rendered = other, attempt
    return Card(fill(lay_out, chosen or levels[-1], top, sheet, rendered), continued(rendered, chosen, document, paper, brand, sheet))


def columns_fewer(level: Level) -> Level:
    """Return the level with one column fewer, down to two."""
    return {**level, "columns": max(2, level["columns"] - 1)}


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
    """Tell whether a layout stays within its level's sides."""
    return len(rendered.pages) <= level["sides"]


def fit(lay_out: LayOut, levels: list[Level], sheet: Sheet) -> tuple[Level | None, Any]:
    """Return the first (largest) level whose layout fits its sides, and that layout; (None, densest layout) if none does.

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
                    return one_side, lay_out(one_side, sheet)
                return best, layout
    return None, layout if layout is not None else lay_out(levels[-1], sheet)


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
    """Grow the type and pictures of a card that fits until its sides are filled (the upward search)."""
    if fullness(rendered) >= FILLED or len(rendered.pages) > level["sides"]:
        return rendered
    most = max(top["type"] / level["type"], top["picture"] / level["picture"])
    if most <= 1.01:
        return rendered  # everything is at its largest already
    largest_layout = lay_out(grown(level, top, most), sheet)
    if fits(largest_layout, level) and fullness(largest_layout) >= fullness(rendered):
        return largest_layout
    low, high, best = 1.0, most, rendered
    for _ in range(GROW_STEPS):
        middle = (low + high) / 2
        attempt = lay_out(grown(level, top, middle), sheet)
        if fits(attempt, level) and fullness(attempt) >= fullness(best):  # growing must not move a row onto the back
            low, best = middle, attempt
            if fullness(attempt) >= 0.9:
                break
        else:
            high = middle
    return best


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
