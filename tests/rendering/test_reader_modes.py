"""The EPUB in readers' dark and night modes: logo, illustrations and check boxes stay visible (3:1)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from PIL import Image

from clinicdocs.rendering.assets import on_plate
from clinicdocs.brands.contrast import contrast_ratio

BRANDS = ["injury-prevention-guru", "bjork-sondergaard-physio"]
# (reader's text colour, reader's page colour): Chromium's dark theme, and a night theme forcing white on black.
THEMES = {"dark": ("#FFFFFF", "#121212"), "night": ("#FFFFFF", "#000000")}
GRAPHICS = 3.0  # WCAG 1.4.11 non-text contrast


def book(shipped_build, brand: str) -> dict[str, str]:
    with zipfile.ZipFile(shipped_build / brand / "hip-flexors.epub") as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith((".css", ".svg"))}


def rule(css: str, selector: str) -> dict[str, str]:
    """Return the declarations of the first rule whose selector is exactly `selector`."""
    match = re.search(rf"(?:^|}})\s*{re.escape(selector)}\s*{{([^}}]*)}}", css, re.M)
    assert match, f"no rule for {selector}"
    return {name.strip(): value.strip() for name, value in re.findall(r"([\w-]+)\s*:\s*([^;]+);?", match.group(1))}


def resolve(value: str, text: str) -> str:
    """Return the colour a border value draws with, given the reader's text colour."""
    color = value.split()[-1]
    return text if color == "currentColor" else color


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("theme", THEMES)
def test_check_boxes_keep_3_to_1_on_the_readers_background(shipped_build, brand, theme):
    css = book(shipped_build, brand)["EPUB/style/book.css"]
    text, page = THEMES[theme]
    assert rule(css, ":root")["color-scheme"] == "light dark"  # dark readers use the book's own dark rendering
    box = rule(css, "ul.checklist input")
    assert box.get("opacity", "1") == "1"
    assert contrast_ratio(resolve(box["border"], text), page) >= GRAPHICS


def svg_plate(svg: str) -> str:
    """Return the fill of the rectangle drawn first, which must cover the whole viewBox."""
    box = re.search(r'viewBox="([^"]+)"', svg).group(1).split()
    first = re.search(r"<(?!svg|title|/title)(\w+)\b([^>]*)>", svg)
    assert first and first.group(1) == "rect", "nothing drawn under the picture"
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', first.group(2)))
    assert [attrs["x"], attrs["y"], attrs["width"], attrs["height"]] == box
    return attrs["fill"]


@pytest.mark.parametrize("brand", BRANDS)
def test_illustration_outlines_and_logo_sit_on_a_light_plate(shipped_build, brand):
    files = book(shipped_build, brand)
    pictures = {name: svg for name, svg in files.items() if name.endswith(".svg")}
    assert "EPUB/clinic/logo.svg" in pictures and len(pictures) >= 4
    for name, svg in pictures.items():
        plate = svg_plate(svg)
        if name.endswith("logo.svg"):
            colours = set(re.findall(r'fill="(#[0-9A-Fa-f]{6})"', svg)) - {plate, "#FFFFFF", "#ffffff"}
            assert colours and all(contrast_ratio(c, plate) >= GRAPHICS for c in colours), name
        else:
            strokes = set(re.findall(r'stroke="(#[0-9A-Fa-f]{6})"', svg))
            assert strokes and all(contrast_ratio(s, plate) >= GRAPHICS for s in strokes), (name, strokes)
        # Whatever the reader's page colour, the plate itself stands out from a dark page.
        assert all(contrast_ratio(plate, page) >= GRAPHICS for _, page in THEMES.values())


def test_png_logo_gets_an_opaque_plate_with_a_margin():
    transparent = Image.new("RGBA", (100, 50), (0, 0, 0, 0))
    transparent.paste((20, 20, 20, 255), (10, 10, 90, 40))
    buffer = io.BytesIO()
    transparent.save(buffer, format="PNG")
    result = Image.open(io.BytesIO(on_plate(buffer.getvalue(), "logo.png", margin=0.2)))
    assert result.size == (120, 70) and result.mode == "RGB"
    assert result.getpixel((0, 0)) == (255, 255, 255) and result.getpixel((15, 15)) == (255, 255, 255)
    assert result.getpixel((60, 35)) == (20, 20, 20)


def test_photos_are_left_as_they_are():
    assert on_plate(b"\xff\xd8 not touched", "photo.jpg") == b"\xff\xd8 not touched"
