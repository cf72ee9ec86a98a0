"""The clinician's notes box never stands alone on a page after one it could have closed with four writing lines."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clinicdocs.building.build import BuildOptions, build

from conftest import write_project
from documents import PROSE, front_matter
from helpers import page_fill

MARGINS = {"guide": (0.95 * 72, 1.2 * 72), "large-print": (72, 1.3 * 72)}  # top and bottom page margins, in pt
LINE = {"guide": 0.36 * 72, "large-print": 0.55 * 72}  # a writing line's height, in pt
LENGTHS = range(3, 15)  # paragraphs before the box: its place moves down a page and over onto the next


def handout(paragraphs: int) -> str:
    """Return a handout of prose, `paragraphs` paragraphs long, the last one cut so the box lands at many heights."""
    sentences = PROSE.split(". ")
    text = front_matter(f"Notes After {paragraphs} Paragraphs") + f"# Notes After {paragraphs} Paragraphs\n\n## Before You Start\n\n"
    text += "\n\n".join([PROSE] * paragraphs) + "\n\n" + ". ".join(sentences[: 1 + paragraphs % len(sentences)]).rstrip(".") + ".\n"
    return text


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the guide and large print of handouts of growing length; return the brand's build folder."""
    root = write_project(tmp_path_factory.mktemp("notes"), {f"source/n{n:02d}.md": handout(n) for n in LENGTHS})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide", "large-print")))
    return root / "build" / "injury-prevention-guru"


def body_lines(path: Path, page: int, top: float, bottom: float) -> list[str]:
    """Return the text lines inside a page's body (between its top and bottom margins), read back with MuPDF."""
    xml = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", str(path), str(page)], capture_output=True, text=True, check=True).stdout
    page_box = next(ET.fromstring(xml).iter("page"))
    height = float(page_box.get("height", "0"))
    lines = []
    for line in page_box.iter("line"):
        y0, y1 = (float(v) for v in line.get("bbox", "0 0 0 0").split()[1::2])
        if y0 >= top - 1 and y1 <= height - bottom + 1:
            lines.append(" ".join("".join(c.get("c", "") for c in line.iter("char")).split()))
    return [line for line in lines if line]


@pytest.mark.parametrize("variant", ["guide", "large-print"])
def test_the_notes_box_is_alone_only_when_the_page_before_has_no_room_for_four_lines(notes, variant):
    alone = 0
    for n in LENGTHS:
        path = notes / f"n{n:02d}-{variant}-letter.pdf"
        fills = page_fill(path, *MARGINS[variant])
        if len(fills) < 2 or body_lines(path, len(fills), *MARGINS[variant]) != ["Clinician’s notes"]:
            continue
        alone += 1
        top, bottom = MARGINS[variant]
        body = 11 * 72 - top - bottom
        free = (1 - fills[-2]) * body
        assert free < 4 * LINE[variant] + 2 * LINE[variant], (n, round(free), "pt left on the page before the box")
    assert alone < len(LENGTHS)  # most lengths close their last page with the box
