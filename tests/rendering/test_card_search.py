"""The card's fit search, driven by a stand-in layout: what it keeps when sizes fail to draw or fill unevenly."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from clinicdocs.errors import RendererFailed
from clinicdocs.rendering import card

LEVELS = [
    {"name": "large", "sides": 1, "columns": 2, "type": 14, "picture": 2.4, "gap": 9, "pad": 8},
    {"name": "compact", "sides": 1, "columns": 3, "type": 12, "picture": 2.9, "gap": 5, "pad": 5},
    {"name": "two-sided", "sides": 2, "columns": 3, "type": 12, "picture": 0.7, "gap": 3, "pad": 3},
]
TOP = {"type": 16, "picture": 3.0}
DOCUMENT = SimpleNamespace(card_sections=(), path=Path("card.md"))


def layout(*fills: float) -> SimpleNamespace:
    """Return a stand-in layout with one page per side, each as full as given."""
    return SimpleNamespace(pages=list(fills), fills=fills)


@pytest.fixture(autouse=True)
def measured(monkeypatch):
    monkeypatch.setattr(card, "side_fullness", lambda rendered, index: rendered.fills[index])


def test_a_level_the_renderer_fails_on_is_one_that_does_not_fit():
    def lay_out(level, sheet):
        if level["name"] == "large" or level["type"] > 12:  # WeasyPrint asserts on the large level and on every grown size
            raise RendererFailed("the PDF renderer failed on this document (WeasyPrint: AssertionError)", "card.md")
        return layout(0.5)

    made = card.make_card(lay_out, LEVELS, TOP, DOCUMENT, "letter", "brand")
    assert made.rendered.fills == (0.5,) and made.warnings == ()


def test_a_card_no_level_can_draw_is_the_renderers_error():
    def lay_out(level, sheet):
        raise RendererFailed("the PDF renderer failed on this document (WeasyPrint: AssertionError)", "card.md")

    with pytest.raises(RendererFailed):
        card.make_card(lay_out, LEVELS, TOP, DOCUMENT, "letter", "brand")


def test_the_upward_search_goes_past_a_size_that_fits_emptier():
    # At 14 pt a row moves and the side empties a little; at 15 pt the exercises fill it; over 15.5 pt they overflow.
    def lay_out(level, sheet):
        if level["name"] == "large":
            return layout(0.9, 0.9)  # two sides: does not fit one
        size = level["type"]
        return layout(0.5) if size == 12 else layout(0.45) if size <= 14 else layout(0.85) if size <= 15.5 else layout(1, 0.2)

    made = card.make_card(lay_out, LEVELS, TOP, DOCUMENT, "letter", "brand")
    assert made.rendered.fills == (0.85,)  # not the 12 pt layout it started from, nor the emptier 14 pt one it met on the way
