"""The stretch illustrations: one consistent style, brand-coloured, described, small."""

from __future__ import annotations

import importlib.util
import re
import sys
import xml.etree.ElementTree as etree
import zipfile
from pathlib import Path

import pikepdf

from clinicdocs.cli import main
from conftest import SHIPPED_ROOT
from helpers import structure

ROOT = Path(__file__).resolve().parents[2]
IMAGES = SHIPPED_ROOT / "source" / "images"
NAMES = ("kneeling-hip-flexor-stretch", "lunging-hip-flexor-stretch", "supine-hip-flexor-stretch")


def load_drawing_script():
    spec = importlib.util.spec_from_file_location("draw_stretches", ROOT / "tools" / "draw_stretches.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["draw_stretches"] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    return module


def test_committed_svgs_are_what_the_drawing_script_makes():
    script = load_drawing_script()
    made = {pose.slug: script.render(pose) for pose in script.POSES}
    assert sorted(made) == sorted(NAMES)
    for name, text in made.items():
        assert (IMAGES / f"{name}.svg").read_text(encoding="utf-8") == text, f"run tools/draw_stretches.py ({name})"


def test_one_style_for_all_three():
    roots = [etree.parse(IMAGES / f"{name}.svg").getroot() for name in NAMES]
    assert len({root.get("viewBox") for root in roots}) == 1
    for name, root in zip(NAMES, roots):
        text = (IMAGES / f"{name}.svg").read_text(encoding="utf-8")
        assert text.upper().count("#ACCE57") >= 2, f"{name}: highlight and arrow use the accent placeholder"
        assert not re.search(r"<(text|style|image|script)\b", text)
        assert (IMAGES / f"{name}.svg").stat().st_size < 15_000


def rgb_operator(color: str) -> str:
    return " ".join(f"{int(color[i:i + 2], 16) / 255:.6f}".rstrip("0") for i in (1, 3, 5)) + " rg"


def test_accent_follows_the_brand_in_pdf_and_epub(shipped_build):
    for brand, accent in (("injury-prevention-guru", "#B03A2E"), ("bjork-sondergaard-physio", "#8A4B08")):
        with zipfile.ZipFile(shipped_build / brand / "hip-flexors.epub") as epub:
            for name in NAMES:
                svg = epub.read(f"EPUB/images/{name}.svg").decode()
                assert accent in svg and "#ACCE57" not in svg.upper()
        guide = next((shipped_build / brand).glob("hip-flexors-guide-*.pdf"))
        with pikepdf.open(guide) as pdf:
            content = b"".join(page.Contents.read_bytes() for page in pdf.pages if "/Contents" in page).decode("latin-1")
        assert rgb_operator(accent) in content, (brand, rgb_operator(accent))


def test_pdf_holds_the_three_figures_with_their_descriptions(shipped_build):
    with pikepdf.open(shipped_build / "injury-prevention-guru" / "hip-flexors-guide-letter.pdf") as pdf:
        alts = [str(node.get("/Alt", "")) for node in structure(pdf) if node.S == "/Figure"]
    assert [alt.split(",")[0] for alt in alts] == [
        "A person kneels on their right knee with the left foot flat on the floor in front",
        "A person in a lunge",
        "A person lies on their back with one leg extended on the floor while both hands pull the other bent knee toward the chest; the front of the hip of the extended leg is highlighted and an arrow shows the pull.",
    ]


def test_illustrations_add_less_than_60_kb(make_project, in_project):
    article = (SHIPPED_ROOT / "source" / "hip-flexors.md").read_text(encoding="utf-8")
    without = re.sub(r"^\s*!\[.*$", "", article, flags=re.MULTILINE)
    files = {"source/with.md": article, "source/without.md": without}
    files |= {f"source/images/{name}.svg": (IMAGES / f"{name}.svg").read_text(encoding="utf-8") for name in NAMES}
    root = in_project(make_project(files))
    assert main(["--only", "guide", "-q"]) == 0
    folder = root / "build" / "injury-prevention-guru"
    added = (folder / "with-guide-letter.pdf").stat().st_size - (folder / "without-guide-letter.pdf").stat().st_size
    assert 0 < added < 60_000
