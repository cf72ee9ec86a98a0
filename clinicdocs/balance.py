"""Balanced titles: a handout's title wraps into lines of even length, as a designer would set it.

WeasyPrint has no `text-wrap: balance`. The title is laid out alone first, with the handout's own
stylesheet; if it takes several lines, the narrowest width that keeps that many lines is found and
given to the handout as the title's `max-width`, so the lines come out even ("Six Exercises After
Knee / Surgery to Ease Pain" rather than "Six Exercises After Knee Surgery to / Ease Pain").
"""

from __future__ import annotations

from html import escape
from typing import Callable

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .model import Document
from .typeset import keep_last_words

WIDEN = 1.04  # each try widens the title by this much until it keeps its number of lines
TRIES = 8


def balanced_title(
    document: Document, variant: str, paper: str, stylesheet: CSS, font_config: FontConfiguration, fetcher: Callable, base_url: str
) -> CSS | None:
    """Return a rule that narrows the title until its lines are even, or None for a one-line title.

    The probe page goes through the handout's own sandboxed fetcher, like everything rendered.
    """
    title = escape(keep_last_words(document.metadata.title))
    probe = HTML(
        string=f'<html lang="{escape(document.metadata.language)}"><body class="variant-{variant} paper-{paper}">'
        f'<header class="title-block"><h1>{title}</h1></header></body></html>',
        base_url=base_url,
        url_fetcher=fetcher,
    )
    widths = title_lines(probe, [stylesheet], font_config)
    if len(widths) < 2:
        return None
    width = sum(widths) / len(widths)
    for _ in range(TRIES):
        rule = CSS(string=f"h1 {{ max-width: {width:.1f}px; }}", font_config=font_config)
        if len(title_lines(probe, [stylesheet, rule], font_config)) == len(widths):
            return rule
        width *= WIDEN
    return None


def title_lines(probe: HTML, stylesheets: list[CSS], font_config: FontConfiguration) -> list[float]:
    """Return the width of each line of the title when the probe page is laid out."""
    page = probe.render(stylesheets=stylesheets, font_config=font_config).pages[0]._page_box
    heading = next(box for box in page.descendants() if getattr(box, "element_tag", "") == "h1")
    return [line.width for line in heading.children]
