"""Brand problems come all at once, each with its line and a value to copy; optional keys have readable defaults."""

from __future__ import annotations

import re
import zipfile

import pytest
from coloraide import Color

from clinicdocs.brands.contrast import contrast_ratio, passing_shade
from clinicdocs.brands.keys import DEFAULT_FONT, SCHEMA
from clinicdocs.brands.schema import load_brand
from clinicdocs.cli import main
from clinicdocs.errors import BuildError
from conftest import ROOT
from helpers import brand_folder, pdf_text

GOOD = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\nHello.\n"


def problems(folder) -> list[str]:
    with pytest.raises(BuildError) as caught:
        load_brand(folder)
    return str(caught.value).splitlines()


def test_contrast_and_font_are_checked_even_when_other_keys_are_wrong(tmp_path):
    def edit(text: str) -> str:
        text = text.replace('city = "St. Louis"\n', "").replace('website = "https://injurypreventionguru.com"', 'website = "www.example.com"')
        return text.replace('primary = "#0B5394"', 'primary = "#00A3A1"').replace("fontpkg-atkinson-hyperlegible", "fontpkg-no-such-font")

    found = problems(brand_folder(tmp_path, edit))
    assert len(found) == 4, found
    assert any(re.search(r"brand\.toml:1: city: missing required key; add e\.g\. city = ", line) for line in found), found
    assert any(re.search(r"brand\.toml:5: website: must be a full https:// address \(got 'www\.example\.com'\); e\.g\. website = \"https://", line) for line in found), found
    assert any(re.search(r"brand\.toml:12: colors\.primary: contrast 3\.\d\d:1 .*nearest shade of the same hue that passes is \"#[0-9A-F]{6}\"", line) for line in found), found
    assert any(re.search(r"brand\.toml:17: font\.package: font package not installed", line) for line in found), found


def test_a_malformed_colour_skips_only_its_own_contrast_check(tmp_path):
    found = problems(brand_folder(tmp_path, lambda t: t.replace('primary = "#0B5394"', 'primary = "teal"').replace('text = "#1F2933"', 'text = "#AAAAAA"')))
    assert [line.split(": ")[1] for line in found] == ["colors.primary", "colors.text"], found
    assert "must be a colour written #RRGGBB (got 'teal'); e.g. [colors] primary = \"#0B5394\"" in found[0]


def test_a_missing_key_in_a_table_points_at_the_table(tmp_path):
    found = problems(brand_folder(tmp_path, lambda t: t.replace('accent = "#B03A2E"\n', "")))
    assert found == [f"{tmp_path / 'clinic' / 'brand.toml'}:12: colors.accent: missing required key; add e.g. [colors] accent = \"#B03A2E\""]


@pytest.mark.parametrize("color", ["#00A3A1", "#FFD966", "#FF6600", "#7FBF3F", "#999999", "#B0A8E8"])
@pytest.mark.parametrize("minimum", [3.0, 4.5])
def test_the_suggested_shade_is_the_lightest_passing_shade_of_the_same_hue(color, minimum):
    shade = passing_shade(color, minimum)
    assert contrast_ratio(shade) >= minimum  # the last value accepted...
    base, found = Color(color).convert("oklch"), Color(shade).convert("oklch")
    lighter = found.clone().set("lightness", found["lightness"] + 0.01).convert("srgb").fit().to_string(hex=True)
    assert contrast_ratio(lighter) < minimum  # ...and a little lighter is refused
    if base["chroma"] > 0.05:
        assert abs((base["hue"] - found["hue"] + 180) % 360 - 180) < 6  # the same hue, darker


def test_a_passing_colour_is_its_own_shade():
    assert passing_shade("#0B5394", 4.5) == "#0B5394"


def test_a_brand_without_font_gets_the_default_with_a_note(tmp_path):
    brand = load_brand(brand_folder(tmp_path, lambda t: t.split("[font]")[0]))
    assert brand.fonts[0].family == "Atkinson Hyperlegible"
    assert brand.notes == ((1, f"no [font] table; using the default accessible font {DEFAULT_FONT}"),)


def test_a_font_package_outside_an_inactive_virtual_environment_says_to_activate_it(tmp_path, monkeypatch):
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (found,) = problems(brand_folder(tmp_path, lambda t: t.replace("fontpkg-atkinson-hyperlegible", "fontpkg-lobster")))
    assert "the project's virtual environment .venv/ exists but is not active; run 'source .venv/bin/activate'" in found
    (tmp_path / ".venv" / "pyvenv.cfg").unlink()
    (found,) = problems(brand_folder(tmp_path / "again", lambda t: t.replace("fontpkg-atkinson-hyperlegible", "fontpkg-lobster")))
    assert "run 'pip install fontpkg-lobster'" in found


def test_a_clinic_without_website_or_font_builds_every_output_that_reads_well(make_project, in_project, capsys):
    root = in_project(make_project({"source/doc.md": GOOD}))
    toml = root / "layouts" / "brands" / "injury-prevention-guru" / "brand.toml"
    text = toml.read_text(encoding="utf-8").replace('website = "https://injurypreventionguru.com"\n', "").split("[font]")[0]
    toml.write_text(text, encoding="utf-8")
    assert main([]) == 0
    captured = capsys.readouterr()
    assert "layouts/brands/injury-prevention-guru/brand.toml:1: note: no [font] table; using the default accessible font" in captured.err
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "brand.toml:1: note: no [font] table" in out and "check passes: 0 error(s), 1 warning(s)" in out  # a note is no warning
    folder = root / "build" / "injury-prevention-guru"
    for pdf in folder.glob("*.pdf"):
        text = pdf_text(pdf)
        assert "Website" not in text and "injurypreventionguru" not in text and "·  ·" not in text, pdf.name
    with zipfile.ZipFile(folder / "doc.epub") as epub:
        assert not any(b"Website" in epub.read(name) or b'href=""' in epub.read(name) for name in epub.namelist())
    for name in ("index.html", "catalog.xml"):
        shelf = (folder / name).read_text(encoding="utf-8")
        assert 'href=""' not in shelf and "<uri></uri>" not in shelf and "<uri>" not in shelf


def test_every_key_is_documented_with_its_default_and_check():
    reference = (ROOT / "docs" / "brands-reference.md").read_text(encoding="utf-8")
    for key in SCHEMA:
        assert f"`{key}`" in reference, key


@pytest.mark.parametrize(("line", "guess"), [
    ('webiste = "https://example.com"\n', "did you mean 'website'?"),
    ('colour.primary = "#0B5394"\n', "did you mean 'colors.primary'?"),
    ('favourite_colour = "blue"\n', "(known: id, name"),
])
def test_an_unknown_key_names_the_known_key_it_resembles(tmp_path, line, guess):
    (found,) = problems(brand_folder(tmp_path, lambda t: line + t))
    assert re.search(r"brand\.toml:1: \S+: unknown key \(", found) and guess in found, found
    if "did you mean" not in guess:
        assert "did you mean" not in found
