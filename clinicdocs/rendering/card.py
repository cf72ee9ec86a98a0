"""The home exercise card: the first fit level whose pages fit, or an error saying what does not fit."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import jinja2

from ..brands.schema import Brand
from ..errors import RenderError
from ..model import Document
from .templates import template_value

FIT_TEMPLATE = "pdf/card-fit.j2"
PX_PER_MM = 96 / 25.4
Level = Mapping[str, Any]
# What an author can shorten, by the class the card template gives it.
PARTS = {"stretches": "the exercises", "checklist": "the checklist", "card-note": "the closing note", "ebook-download": "the QR box", "title-block": "the title"}


def card_levels(env: jinja2.Environment) -> list[Level]:
    """Return the card's fit levels from layouts/pdf/card-fit.j2, densest last."""
    levels = template_value(env, FIT_TEMPLATE, "levels")
    if not isinstance(levels, list) or not levels or not all(isinstance(level, Mapping) and level.get("sides") in (1, 2) for level in levels):
        raise RenderError("'levels' must be a list of fit levels, each with sides 1 or 2", FIT_TEMPLATE)
    return levels


def fit_card(lay_out: Callable[[Level], Any], levels: list[Level], document: Document, brand: Brand, paper: str) -> Any:
    """Lay the card out at the first level whose pages fit its sides: level 0, then a binary search of the rest.

    The levels only get denser, so whether a level fits changes once along the list; a search lays out
    about log2(levels) of them instead of every one. The last level is always tried before giving up.
    """
    tried: dict[int, Any] = {}

    def fits(index: int) -> bool:
        tried[index] = lay_out(levels[index])
        return len(tried[index].pages) <= levels[index]["sides"]

    if fits(0):
        return tried[0]
    best, low, high = None, 1, len(levels) - 1
    while low <= high:
        middle = (low + high) // 2
        if fits(middle):
            best, high = middle, middle - 1
        else:
            low = middle + 1
    if best is None:
        raise overflow_error(tried[len(levels) - 1], levels[-1], document, brand, paper)
    if len(tried[best].pages) < levels[best]["sides"]:  # a two-sided level that needed one side: no "Turn over"
        return lay_out({**levels[best], "sides": 1})
    return tried[best]


def overflow_error(rendered: Any, level: Level, document: Document, brand: Brand, paper: str) -> RenderError:
    """Return the error for a card that does not fit even at its densest level: by how much, and what."""
    pages = rendered.pages
    area = pages[0]._page_box.height
    needed = sum(content_height(page) for page in pages)
    over_mm = max((needed - level["sides"] * area) / PX_PER_MM, 1)
    spilled = list(dict.fromkeys(part for page in pages[level["sides"]:] for part in parts(page._page_box, document)))
    sheet = "the front and back of one sheet" if level["sides"] == 2 else "one page"
    return RenderError(
        f"the {paper} card for brand '{brand.id}' is about {over_mm:.0f} mm too long for {sheet}, even at its most compact; "
        f"left over: {', '.join(spilled) or 'the last lines'} (on the card: {sizes(part_heights(pages))}); "
        "choose fewer exercises with 'card_exercises: [1, 2, 3]' in the front matter, shorten them, or set 'card: false'",
        document.path,
        first_line(spilled, document),
    )


def sizes(heights: dict[str, float]) -> str:
    """Return 'the title 14 mm, the exercises 72 mm (their pictures 24 mm), ...' for the parts of a card."""
    words = []
    for name, height in heights.items():
        if name != "their pictures":
            pictures = f" (their pictures {heights['their pictures'] / PX_PER_MM:.0f} mm)" if name == "the exercises" and heights.get("their pictures") else ""
            words.append(f"{name} {height / PX_PER_MM:.0f} mm{pictures}")
    return ", ".join(words)


def classes(box: Any) -> set[str]:
    """Return the classes of the element a box was made for."""
    return set((box.element.get("class") or "").split()) if box.element is not None else set()


def parts(box: Any, document: Document) -> Iterator[str]:
    """Yield, in order, the parts of the card inside `box`: exercises by number (with a picture or not), checklist, note, QR box."""
    found = classes(box)
    if "stretch" in found:
        stretch = next((s for s in document.stretches if s.id == box.element.get("id")), None)
        if stretch:
            yield f"exercise {stretch.number} '{stretch.name}'" + (" with its picture" if stretch.illustration else "")
            return
    label = next((PARTS[name] for name in PARTS if name in found and name != "stretches"), None)
    if label:
        yield label
        return
    for child in getattr(box, "children", ()):
        yield from parts(child, document)


def part_heights(pages: list[Any]) -> dict[str, float]:
    """Return the height each part of the card takes on all its pages, in CSS px; pictures counted apart too."""
    heights: dict[str, float] = {}

    def add(box: Any) -> None:
        name = next((PARTS[c] for c in PARTS if c in classes(box)), None)
        if name is None:
            for child in getattr(box, "children", ()):
                add(child)
            return
        heights[name] = heights.get(name, 0) + box.margin_height()
        if name == "the exercises":
            heights["their pictures"] = heights.get("their pictures", 0) + picture_rows(box)

    for page in pages:
        add(page._page_box)
    return heights


def picture_rows(grid: Any) -> float:
    """Return the height the pictures of a grid of exercises take: the tallest picture of each row."""
    rows: dict[float, float] = {}
    for item in grid.children:
        tallest = max((box.margin_height() for box in item.descendants() if box.element_tag == "img"), default=0)
        rows[round(item.position_y)] = max(rows.get(round(item.position_y), 0), tallest)
    return sum(rows.values())


def first_line(spilled: list[str], document: Document) -> int:
    """Return the source line of the first part of the card left over (exercise, checklist or closing note)."""
    first = spilled[0] if spilled else ""
    for stretch in document.stretches:
        if first.startswith(f"exercise {stretch.number} '{stretch.name}'"):
            return stretch.line
    if first == PARTS["checklist"] and document.checklist:
        return document.checklist[0].line
    return document.metadata.line_of("card_note_from") or 1


def content_height(page: Any) -> float:
    """Return the height, in CSS px, of what sits in a page's content area."""
    box = page._page_box
    html_box = box.children[0] if box.children else None
    if html_box is None:
        return 0.0
    bottoms = [child.position_y + child.margin_height() for child in html_box.descendants() if hasattr(child, "margin_height")]
    return max(bottoms, default=html_box.position_y) - html_box.position_y
