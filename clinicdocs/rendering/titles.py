"""Balanced titles: a handout's title wraps into lines of even length, as a designer would set it.

WeasyPrint has no `text-wrap: balance`. The title is laid out alone first, with the handout's own
stylesheet; if it takes several lines, the narrowest width that keeps that many lines is found and
given to the handout as the title's `max-width`, so the lines come out even ("Six Exercises After
Knee / Surgery to Ease Pain" rather than "Six Exercises After Knee Surgery to / Ease Pain").
"""

from __future__ import annotations

from html import escape
from ..model import Document
from ..storage.rendercache import Store, request_key
from .sandbox import SandboxFetcher
from ..language.typeset import keep_last_words
from .weasyload import CSS, HTML, FontConfiguration

WIDEN = 1.04  # each try widens the title by this much until it keeps its number of lines
TRIES = 8


def balanced_title(
    document: Document, variant: str, paper: str, stylesheet: CSS, css: str, font_config: FontConfiguration, fetcher: SandboxFetcher,
    base_url: str, titles: Store | None = None, name: str = "",
) -> CSS | None:
    """Return a rule that narrows the title until its lines are even, or None for a one-line title.

    `stylesheet` is the handout's stylesheet, parsed from `css`. The probe page goes through the
    handout's own sandboxed fetcher, like everything rendered. The width found is kept in `titles`
    under `name` (one entry per handout) and reused while the probe page, the stylesheet, every file
    the handout fetched so far and the renderer are unchanged: probing takes about a tenth of a short
    guide's render.
    """
    title = escape(keep_last_words(document.metadata.title))
    probe = (f'<html lang="{escape(document.metadata.language)}"><body class="variant-{variant} paper-{paper}">'
             f'<header class="title-block"><h1>{title}</h1></header></body></html>')
    key = request_key("balanced title", probe, css, base_url, str(WIDEN), str(TRIES))
    cached = titles.get(name, key, fetcher.assets) if titles else None
    if cached is not None:
        width = cached.decode("ascii")
    else:
        width = balanced_width(HTML(string=probe, base_url=base_url, url_fetcher=fetcher), stylesheet, font_config)
        if titles and not fetcher.refused:
            titles.put(name, key, width.encode("ascii"), fetcher.served, fetcher.assets, css, base_url)
    return CSS(string=f"h1 {{ max-width: {width}px; }}", font_config=font_config) if width else None


def balanced_width(probe: HTML, stylesheet: CSS, font_config: FontConfiguration) -> str:
    """Return the narrowest title width (in px, as written in the rule) that keeps its number of lines, or "" for one line."""
    widths = title_lines(probe, [stylesheet], font_config)
    if len(widths) < 2:
        return ""
    width = sum(widths) / len(widths)
    for _ in range(TRIES):
        rule = CSS(string=f"h1 {{ max-width: {width:.1f}px; }}", font_config=font_config)
        if len(title_lines(probe, [stylesheet, rule], font_config)) == len(widths):
            return f"{width:.1f}"
        width *= WIDEN
    return ""


def title_lines(probe: HTML, stylesheets: list[CSS], font_config: FontConfiguration) -> list[float]:
    """Return the width of each line of the title when the probe page is laid out."""
    page = probe.render(stylesheets=stylesheets, font_config=font_config).pages[0]._page_box
    heading = next(box for box in page.descendants() if getattr(box, "element_tag", "") == "h1")
    return [line.width for line in heading.children]
