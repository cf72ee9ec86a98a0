"""Clinic brands: the schema is validated all at once, colours are readable, fields are text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from clinicdocs.cli import main
from clinicdocs.brands.schema import load_brand
from clinicdocs.brands.contrast import contrast_ratio
from clinicdocs.errors import BuildError
from conftest import SHIPPED_ROOT
from helpers import brand_folder, pdf_text, structure

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = SHIPPED_ROOT / "layouts" / "brands" / "injury-prevention-guru"
GOOD = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\nHello.\n\n- [ ] Walk ten minutes.\n"


def problems(folder: Path) -> list[str]:
    with pytest.raises(BuildError) as caught:
        load_brand(folder)
    return str(caught.value).splitlines()


def test_shipped_brands_load():
    for folder in sorted((SHIPPED_ROOT / "layouts" / "brands").iterdir()):
        brand = load_brand(folder)
        assert brand.fonts and brand.papers and brand.logo.is_file()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: 'favourite_colour = "blue"\n' + t, r"brand\.toml:1: favourite_colour: unknown key"),
        (lambda t: t.replace('city = "St. Louis"\n', ""), r"brand\.toml:1: city: missing required key; add e\.g\. city = \"Leeds\""),
        (lambda t: t.replace('primary = "#0B5394"', 'primary = "blue"'), r"brand\.toml:13: colors\.primary: must be a colour written #RRGGBB \(got 'blue'\)"),
        (lambda t: t.replace('logo = "logo.svg"', 'logo = "missing.svg"'), r"brand\.toml:7: logo: must name an \.svg or \.png file inside the brand folder \(got 'missing.svg'\)"),
        (lambda t: t.replace('package = "fontpkg-atkinson-hyperlegible"', 'package = "fontpkg-no-such-font"'), r"brand\.toml:18: font\.package: font package not installed \(got 'fontpkg-no-such-font'\)"),
        (lambda t: t.replace('paper = ["letter"]', 'paper = ["legal"]'), r"brand\.toml:10: paper: must be a list of paper sizes from: letter, a4 \(got \['legal'\]\)"),
        (lambda t: t.replace('website = "https://injurypreventionguru.com"', 'website = "injurypreventionguru.com"'), r"brand\.toml:6: website: must be a full https:// address"),
    ],
)
def test_each_problem_names_line_key_and_value(tmp_path, edit, expected):
    found = problems(brand_folder(tmp_path, edit))
    assert any(re.search(expected, line) for line in found), found


def test_every_problem_is_reported_at_once(tmp_path):
    def edit(text: str) -> str:
        return text.replace('primary = "#0B5394"', 'primary = "#12345"').replace('paper = ["letter"]', 'paper = ["a5"]') + "extra = 1\n"

    found = problems(brand_folder(tmp_path, edit))
    assert len(found) == 3
    assert any("colors.primary" in line for line in found) and any("paper" in line for line in found) and any("extra" in line for line in found)


def test_pale_colours_fail_the_contrast_check(tmp_path):
    found = problems(brand_folder(tmp_path, lambda t: t.replace('text = "#1F2933"', 'text = "#999999"').replace('accent = "#B03A2E"', 'accent = "#FFD966"')))
    assert any(re.search(r"brand\.toml:15: colors\.text: contrast 2\.85:1 against white paper is below the 4\.5:1", line) for line in found), found
    assert any("colors.accent: contrast" in line and "'#FFD966'" in line for line in found), found


def test_contrast_ratio_matches_wcag():
    assert round(contrast_ratio("#000000"), 1) == 21.0
    assert round(contrast_ratio("#777777"), 2) == 4.48


def test_brand_fields_are_escaped_as_text(make_project, in_project):
    root = in_project(make_project({"source/doc.md": GOOD}))
    toml = root / "layouts" / "brands" / "injury-prevention-guru" / "brand.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('name = "Injury Prevention Guru"', 'name = "Smith & <Jones> Physio"'), encoding="utf-8")
    assert main(["--only", "guide,epub"]) == 0
    assert "Smith & <Jones> Physio" in pdf_text(root / "build" / "injury-prevention-guru" / "doc-guide-letter.pdf")


def test_qr_code_only_when_the_brand_has_an_ebook_url(make_project, in_project):
    root = in_project(make_project({"source/doc.md": GOOD}))
    assert main(["--only", "guide,card"]) == 0
    folder = root / "build" / "injury-prevention-guru"
    assert "Scan to download" not in pdf_text(folder / "doc-guide-letter.pdf")
    toml = root / "layouts" / "brands" / "injury-prevention-guru" / "brand.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    toml.write_text(toml.read_text(encoding="utf-8").replace("[colors]", 'ebook_url = "https://example.com/guide.epub"\n\n[colors]'), encoding="utf-8")
    assert main(["--only", "guide,card"]) == 0
    for name in ("doc-guide-letter.pdf", "doc-card-letter.pdf"):
        text = pdf_text(folder / name)
        assert "Scan to download the full guide" in text and "https://example.com/guide.epub" in text
        with pikepdf.open(folder / name) as pdf:
            alts = [str(node.get("/Alt", "")) for node in structure(pdf) if node.S == "/Figure"]
        assert "QR code linking to https://example.com/guide.epub" in alts


def test_brand_selected_by_id_or_path(make_project, in_project, capsys):
    root = in_project(make_project({"source/doc.md": GOOD}))
    assert main(["--only", "guide", "--brand", "injury-prevention-guru"]) == 0
    assert main(["--only", "guide", "--brand", str(root / "layouts" / "brands" / "injury-prevention-guru"), "--force"]) == 0
    assert capsys.readouterr().out.count("wrote build/injury-prevention-guru/doc-guide-letter.pdf") == 2
