"""The printer's margin: a header or footer that grows into it gets room from the page body; anything else there is an error."""

from __future__ import annotations

from typing import Any

from ..brands.schema import Brand
from ..errors import RenderError
from ..model import Document
from .weasyload import boxes

PRINTER_MARGIN_PX = 24  # 0.25 in: office printers leave this strip along every edge blank
PX_TO_PT = 0.75


def drawn(box: Any) -> bool:
    """Tell whether a laid-out box puts text or a picture on the page."""
    return isinstance(box, (boxes.TextBox, boxes.ReplacedBox)) and bool(box.width and box.height)


def furniture_overflow(rendered: Any) -> tuple[float, float]:
    """Return how many pt the page headers and footers reach into the printer's strip (top, bottom; 0 when they do not)."""
    top = bottom = 0.0
    for page in rendered.pages:
        box = page._page_box
        for margin in box.children:
            if not isinstance(margin, boxes.MarginBox):
                continue
            drawn_items = [item for item in margin.descendants() if drawn(item)]
            if margin.at_keyword.startswith("@top"):
                top = max(top, PRINTER_MARGIN_PX - min((item.position_y for item in drawn_items), default=PRINTER_MARGIN_PX))
            elif margin.at_keyword.startswith("@bottom"):
                limit = box.margin_height() - PRINTER_MARGIN_PX
                bottom = max(bottom, max((item.position_y + item.height for item in drawn_items), default=0) - limit)
    # 2 pt to spare: rounding never leaves a hairline in the strip
    return tuple(over * PX_TO_PT + 2 if over > 0 else 0.0 for over in (top, bottom))  # type: ignore[return-value]


def check_printer_margin(rendered: Any, document: Document, brand: Brand, variant: str, paper: str) -> None:
    """Stop when any text or image reaches into the strip near the paper edge that printers cannot print.

    Every adaptation has been tried by then (wrapping, breaking anywhere, scaling, a taller footer): the
    error names what reaches the strip, where it comes from and its source line when it has one.
    """
    lines = lines_by_id(document)
    for number, page in enumerate(rendered.pages, start=1):
        box = page._page_box
        for item, place, anchor in drawn_boxes(box, "the page body", ""):
            left, top = item.position_x, item.position_y
            right, bottom = left + item.width, top + item.height
            safe = PRINTER_MARGIN_PX
            if left < safe - 0.5 or top < safe - 0.5 or right > box.margin_width() - safe + 0.5 or bottom > box.margin_height() - safe + 0.5:
                what = f"the text '{item.text.strip()[:40]}'" if isinstance(item, boxes.TextBox) else "a picture"
                fix = ("shorten the clinic's name or address in brand.toml" if place != "the page body"
                       else "shorten it or split it into smaller pieces")
                raise RenderError(
                    f"{what} ({place}) reaches the outer 0.25 in of page {number} of the {paper} {variant} for brand '{brand.id}', "
                    f"where printers cannot print; {fix}",
                    document.path, lines.get(anchor),
                )


def drawn_boxes(box: Any, place: str, anchor: str) -> Any:
    """Yield (box, 'the page header'|'the page footer'|'the page body', id of the nearest element with one) for what a box draws."""
    if isinstance(box, boxes.MarginBox):
        place = "the page header" if box.at_keyword.startswith("@top") else "the page footer"
    element = getattr(box, "element", None)
    if element is not None and element.get("id"):
        anchor = element.get("id")
    if drawn(box):
        yield box, place, anchor
    for child in getattr(box, "children", ()):
        yield from drawn_boxes(child, place, anchor)


def lines_by_id(document: Document) -> dict[str, int]:
    """Return the source line of every section, block and exercise with an id."""
    lines: dict[str, int] = {}
    for section in document.sections:
        lines[section.id] = section.line
        for block in section.blocks:
            if block.id:
                lines[block.id] = block.line
            for stretch in block.stretches:
                lines[stretch.id] = stretch.line
            for item in block.items:
                lines[item.id] = item.line
    return lines
