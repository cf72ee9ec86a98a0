"""The handouts as assistive technology and large-print readers meet them: tag tree, contact details, sizes."""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from clinicdocs.building.build import BuildOptions, build
from conftest import write_project
from helpers import marked_content_problems, structure

BRAND = "injury-prevention-guru"

# Another document than the seed article: no stretch illustrations, a table, code, a quotation, links,
# nested steps, a pre-ticked checklist item and British spelling.
ARTICLE = """\
---
title: Looking After Your Knees at Work
description: Small habits that keep knees comfortable through a working day.
language: en-GB
date: 2025-03-04
author: A Physiotherapist
---

# Looking After Your Knees at Work

## Moving through the day

Knees like to move.[^walk] Stand up every half hour and walk to the window; read more at
[the knee charity](https://knees.example.org).

[^walk]: A short walk counts.

| Habit | How often |
|---|---|
| Stand up | every 30 minutes |
| Climb stairs | twice a day |

> Small changes, kept up, beat big changes dropped.

```
timer: 30 min
```

1. **Seated Knee Straightener:** Sit tall on a chair. Straighten one knee until the leg is level.
   Hold for 10 seconds, then switch sides.
2. **Wall Slide:** Stand with your back against a wall.
    1. Slide down a hand's width.
    2. Slide back up.

![Not checked](images/plain.png)

## Your checklist

- [ ] Stand up every half hour.
- [x] Keep a water bottle on the desk.
"""


@pytest.fixture(scope="module")
def other_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the guide, card and large print of ARTICLE for the default brand (letter)."""
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "#3366aa").save(picture, format="PNG")
    root = write_project(tmp_path_factory.mktemp("reader"), {"source/knees.md": ARTICLE, "source/images/plain.png": picture.getvalue()})
    out = root / "build"
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=out, only=("guide", "card", "large-print")))
    return out / BRAND


def every_pdf(shipped_build: Path, other_build: Path) -> list[Path]:
    return sorted(shipped_build.rglob("*.pdf")) + sorted(other_build.glob("*.pdf"))


def test_every_marked_content_is_tagged_or_an_artifact(shipped_build, other_build):
    problems = [problem for path in every_pdf(shipped_build, other_build) for problem in marked_content_problems(path)]
    assert problems == []


def test_header_and_footer_are_pagination_artifacts(shipped_build):
    path = shipped_build / BRAND / "hip-flexors-guide-letter.pdf"
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            artifacts = [ops[1] for ops, op in pikepdf.parse_content_stream(page) if str(op) == "BDC" and ops[0] == "/Artifact"]
            assert artifacts and all(a.Type == "/Pagination" for a in artifacts)
    # The footer is still printed on every page, and still read by text extraction.
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    assert all("© 2025 Injury Prevention Guru" in page for page in pages if page.strip())


def test_pdfua_checker_finds_nothing(shipped_build, other_build):
    result = subprocess.run(["pdfua", "check", "-q", *map(str, every_pdf(shipped_build, other_build))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("variant", ["guide", "card", "large-print"])
def test_clinic_details_are_in_the_tagged_body(other_build, variant):
    """The contact details are tagged body text (a heading and paragraphs), not only the artifact footer."""
    with pikepdf.open(other_build / f"knees-{variant}-letter.pdf") as pdf:
        nodes = structure(pdf)
        headings = [n for n in nodes if n.S == "/H2"]
        links = [n for n in nodes if n.S == "/Link"]
        uris = {str(a.A.URI) for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link"}
    assert len(headings) >= 2
    assert len(links) >= 1
    assert "https://injurypreventionguru.com" in uris
    text = subprocess.run(["pdftotext", str(other_build / f"knees-{variant}-letter.pdf"), "-"], capture_output=True, text=True).stdout
    text = text.replace("\u00a0", " ")
    assert "Your clinic" in text and "Website: injurypreventionguru.com" in text and "St. Louis, MO, USA" in text


def text_runs(path: Path) -> list[tuple[float, str]]:
    """Return (font size in pt, text) for every run of one font on one line, read back with MuPDF."""
    xml = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", str(path)], capture_output=True, check=True).stdout
    runs = []
    for line in ET.fromstring(xml).iter("line"):
        for font in line.iter("font"):
            text = "".join(char.get("c", "") for char in font.iter("char"))
            if text.strip():
                runs.append((round(float(font.get("size", 0)), 2), text))
    return runs


def large_print_problems(path: Path, body: list[str]) -> list[str]:
    """Return text under 14 pt anywhere, and body sentences not set at 18 pt or more."""
    runs = text_runs(path)
    problems = [f"{path.name}: '{text.strip()}' at {size} pt" for size, text in runs if size < 14]
    large = " ".join(" ".join(text for size, text in runs if size >= 18).split())
    problems += [f"{path.name}: '{sentence}' not at 18 pt" for sentence in body if sentence not in large]
    return problems


def test_large_print_is_large_everywhere(shipped_build, other_build):
    knees = [
        "Stand up every half hour and walk to the window; read more at the knee charity",
        "every 30 minutes", "Small changes, kept up, beat big changes dropped.", "timer: 30 min",
        "Sit tall on a chair.", "Slide down a hand’s width.", "Hold for 10 seconds, then switch sides.",
        "Keep a water bottle on the desk.",
    ]
    notes = ["A short walk counts."]  # footnotes: at least 14 pt, not body text
    seed = ["Kneel on one knee with the opposite foot flat on the floor in front of you.", "Hold for 30 seconds, then switch sides."]
    problems = large_print_problems(other_build / "knees-large-print-letter.pdf", knees)
    runs = " ".join(text for size, text in text_runs(other_build / "knees-large-print-letter.pdf") if size >= 14)
    problems += [f"footnote '{note}' missing or under 14 pt" for note in notes if note not in " ".join(runs.split())]
    for path in sorted(shipped_build.rglob("*large-print*.pdf")):
        problems += large_print_problems(path, seed)
    assert problems == []


def test_large_print_check_sees_small_text(other_build):
    """The check itself: the guide's 8.5 pt footer and 12 pt body are caught."""
    problems = large_print_problems(other_build / "knees-guide-letter.pdf", ["Sit tall on a chair."])
    assert any(re.search(r"at (8\.5|9) pt", p) for p in problems)
    assert any("not at 18 pt" in p for p in problems)


def test_printed_check_boxes_are_tagged_as_check_boxes_with_their_state(other_build):
    """A box is a /Form with PrintField role cb and its state, in the list item, alt text saying the state."""
    with pikepdf.open(other_build / "knees-guide-letter.pdf") as pdf:
        nodes = structure(pdf)
        forms = [n for n in nodes if n.S == "/Form"]
        fields = [next(a for a in n.A if a.O == "/PrintField") for n in forms]
        figures = [str(n.Alt) for n in nodes if n.S == "/Figure"]
        assert [(str(f.Role), str(f.checked), str(n.Alt)) for f, n in zip(fields, forms)] == [
            ("/cb", "/off", "Not checked"), ("/cb", "/on", "Checked"),
        ]
        assert all(n.P.S == "/LBody" and n.P.P.S == "/LI" for n in forms)
        assert "/AcroForm" not in pdf.Root  # printed: nothing to fill in on screen
    # A picture outside a checklist keeps its Figure tag whatever its alt text says.
    assert figures.count("Not checked") == 1
