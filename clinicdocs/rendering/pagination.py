"""Pagination after layout: exercises that may continue on the next page, and the notes box's writing lines."""

from __future__ import annotations

from typing import Any

from .card import content_height
from .weasyload import boxes

LOOSE_BELOW = 0.5  # a page whose content ends above its middle before an exercise was pushed to the next page


def loose_exercises(rendered: Any) -> tuple[str, ...]:
    """Return the ids of large-print exercises pushed whole to a new page that should rather continue there.

    An exercise is kept on one page whenever it fits on an empty one. WeasyPrint also pushes one that
    fits only on an empty page (leaving its section's heading alone above a blank half page) and one
    taller than any page (pushed once, then split anyway): for those the page before ends above its
    middle, and laid out again they may break between two steps.
    """
    loose = []
    pages = rendered.pages
    for index in range(1, len(pages)):
        first = first_exercise(pages[index]._page_box)
        if first is not None and content_height(pages[index - 1]) < LOOSE_BELOW * pages[index - 1]._page_box.height:
            loose.append(first)
    return tuple(loose)


def first_exercise(page: Any) -> str | None:
    """Return the id of the exercise that starts a page's content, if one does (its first line is the exercise's name)."""
    for box in page.descendants():
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)):
            return None  # some text or picture comes first
        if has_class(box, "stretch") and box.element.get("id"):
            starts = any(has_class(child, "stretch-name") for child in box.descendants())  # not the rest of one begun before
            return str(box.element.get("id")) if starts else None
    return None


def fill_notes(rendered: object) -> None:
    """Extend the clinician's notes box on the last page with writing lines down to the foot of the page.

    The template prints the fewest lines a clinician needs (the box stays whole, so it moves to a new page
    rather than print fewer); the space left below it is known only after layout, so the lines are added
    to the laid-out page: copies of the last line, each one line lower.
    """
    page = rendered.pages[-1]._page_box  # type: ignore[attr-defined]
    notes = next((box for box in page.descendants() if has_class(box, "clinician-notes")), None)
    lines = [child for child in notes.children if has_class(child, "writing-line")] if notes is not None else []
    if notes is None or not lines:
        return
    footnotes = [child for child in page.children if isinstance(child, boxes.FootnoteAreaBox) and child.children]
    bottom = footnotes[0].position_y if footnotes else page.content_box_y() + page.height
    step = lines[-1].margin_height()
    extra = int((bottom - (notes.position_y + notes.margin_height())) // step) if step else 0
    for number in range(1, max(extra, 0) + 1):
        line = lines[-1].copy()
        line.translate(dy=number * step)
        notes.children.append(line)
    notes.height += max(extra, 0) * step


def has_class(box: object, name: str) -> bool:
    """Tell whether a laid-out box comes from an element of the given class."""
    element = getattr(box, "element", None)
    return element is not None and getattr(box, "element_tag", None) != "::marker" and name in (element.get("class") or "").split()
