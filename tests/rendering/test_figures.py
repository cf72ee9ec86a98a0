"""A figure and its caption never separate: pictures of many shapes, pushed to every part of a page, read back from the PDF."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from clinicdocs.building.build import BuildOptions, build

from conftest import SHIPPED_ROOT, write_project
from documents import EXERCISES, PROSE, front_matter

BRANDS = ("injury-prevention-guru", "bjork-sondergaard-physio")
SHAPES = ((300, 900), (600, 600), (900, 300), (400, 700), (1200, 400), (500, 500), (240, 960))  # width, height in px
OUTPUTS = [(BRANDS[0], "guide", "letter"), (BRANDS[0], "large-print", "letter"), (BRANDS[1], "guide", "a4"), (BRANDS[1], "large-print", "a4")]


def drawing(width: int, height: int, index: int) -> bytes:
    """Return a PNG of the given shape: a figure outline, different for each picture."""
    image = Image.new("RGB", (width, height), (246, 246, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, width - 8, height - 8), outline=(30, 60, 120), width=6)
    draw.line((width * 0.2, height * (0.2 + 0.05 * (index % 5)), width * 0.8, height * 0.8), fill=(200, 80, 40), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def handout() -> dict[str, str | bytes]:
    """Return a handout where pictures of seven shapes follow prose of growing length, as exercise pictures and as figures."""
    files: dict[str, str | bytes] = {}
    text = front_matter("Pictures Near the Foot of the Page") + "# Pictures Near the Foot of the Page\n\n"
    for index in range(14):
        width, height = SHAPES[index % len(SHAPES)]
        files[f"source/images/p{index}.png"] = drawing(width, height, index)
        sentences = PROSE.split(". ")
        text += f"## Part {index + 1}\n\n" + ". ".join(sentences[: 1 + index % len(sentences)]).rstrip(".") + ".\n\n"
        if index % 2:
            text += f"![A drawing of shape {index}.](images/p{index}.png \"Caption {index}: the shape to copy\")\n\n"
        else:
            name, steps = EXERCISES[index % len(EXERCISES)]
            text += f"1. **{name}:** {steps}\n\n    ![A person doing shape {index}.](images/p{index}.png \"Caption {index}: {name}\")\n\n"
    files["source/pictures.md"] = text
    return files


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the guide and large print of the handout for both brands; return the build folder."""
    root = write_project(tmp_path_factory.mktemp("figures"), handout())
    shutil.copytree(SHIPPED_ROOT / "layouts" / "brands" / BRANDS[1], root / "layouts" / "brands" / BRANDS[1])
    toml = root / "layouts" / "brands" / BRANDS[1] / "brand.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('paper = ["a4", "letter"]', 'paper = ["a4"]'), encoding="utf-8")
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide", "large-print")))
    return root / "build"


def blocks(path: Path) -> list[tuple[int, str, tuple[float, ...]]]:
    """Return (page number, text or '' for a picture, bounding box) for every line and picture of the PDF, read back with MuPDF.

    Lines come from `mutool draw -F stext`; pictures from `mutool trace` (this MuPDF's text output leaves them out):
    a picture's transform maps the unit square onto the page, top down.
    """
    found = []
    xml = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", str(path)], capture_output=True, text=True, check=True).stdout
    for number, page in enumerate(ET.fromstring(xml).iter("page"), 1):
        for line in page.iter("line"):
            text = " ".join("".join(c.get("c", "") for c in line.iter("char")).split())
            found.append((number, text, tuple(float(v) for v in line.get("bbox", "0 0 0 0").split())))
    trace = subprocess.run(["mutool", "trace", str(path)], capture_output=True, text=True, check=True).stdout
    for page in ET.fromstring(trace).iter("page"):
        for image in page.iter("fill_image"):
            a, _, _, d, e, f = (float(v) for v in image.get("transform", "0 0 0 0 0 0").split())
            found.append((int(page.get("number", "0")), "", (e, min(f, f + d), e + a, max(f, f + d))))
    return found


@pytest.mark.parametrize("brand, variant, paper", OUTPUTS)
def test_every_caption_is_on_its_pictures_page_just_below_it(pictures, brand, variant, paper):
    found = blocks(pictures / brand / f"pictures-{variant}-{paper}.pdf")
    parted = []
    for index in range(14):
        page, _, box = next(item for item in found if item[1].startswith(f"Caption {index}:"))
        above = [b for p, text, b in found if p == page and not text and b[3] <= box[1] + 2 and box[1] - b[3] < 30]
        if not above:
            parted.append((index, page))
    assert parted == []
    assert len({page for page, _, _ in found}) >= 4  # the pictures spread over pages, so some meet a page's foot
