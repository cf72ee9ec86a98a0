"""`make_docs.py new brand` and `new handout`: a complete brand and a handout showing every convention, built cleanly."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from clinicdocs.authoring import scaffold
from clinicdocs.brands.contrast import contrast_ratio
from clinicdocs.brands.keys import SCHEMA
from clinicdocs.brands.schema import load_brand
from clinicdocs.brands.wordmark import Face, runs
from clinicdocs.brands.fonts import package_faces
from clinicdocs.building.build import BuildOptions, build
from clinicdocs.cli import main
from conftest import write_project
from helpers import pdf_text, run_epubcheck

BRAND_FLAGS = ["--name", "Northside Physiotherapy & Sports Clinic", "--address", "12 High Street; Unit 3", "--city", "Leeds",
               "--country", "United Kingdom", "--locale", "en-GB", "--phone", "+44 113 496 0000", "--paper", "a4,letter"]


def empty_project(root: Path) -> Path:
    """Return a project with the layouts the tests use and no brand or source."""
    write_project(root, {})
    for brand in (root / "layouts" / "brands").iterdir():
        shutil.rmtree(brand)
    return root


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory):
    """Scaffold a brand and a handout with the command line, build everything with --strict; return (root, output)."""
    root = empty_project(tmp_path_factory.mktemp("scaffold"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setattr("sys.stdin.isatty", lambda: False)
        assert main(["new", "brand", *BRAND_FLAGS]) == 0
        assert main(["new", "handout", "--title", "Stretches for a stiff back"]) == 0
        errors, printed = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(printed):
            assert main(["--strict"]) == 0  # every output; a warning would fail it
    return root, (errors.getvalue(), printed.getvalue())


def test_a_scaffolded_brand_and_handout_build_every_output_without_warnings(scaffolded):
    root, (errors, printed) = scaffolded
    folder = root / "build" / "northside-physiotherapy-sports-clinic"
    assert errors == "" and "done: 10 written, 0 skipped in" in printed
    names = {path.name for path in folder.iterdir()}
    for paper in ("a4", "letter"):
        assert {f"stretches-for-a-stiff-back-{variant}-{paper}.pdf" for variant in ("guide", "card", "large-print")} <= names
    assert {"stretches-for-a-stiff-back.epub", "index.html", "catalog.xml"} <= names
    text = pdf_text(folder / "stretches-for-a-stiff-back-guide-a4.pdf")
    for shown in ("Kneeling Hip Flexor Stretch", "Hold for 30 seconds", "Stay there for five slow breaths", "Make it a habit",
                  "When to call us", "Stand up and walk", "The knee to chest stretch, seen from the side."):
        assert shown in re.sub(r"\s+", " ", text), shown
    assert run_epubcheck(folder / "stretches-for-a-stiff-back.epub").returncode == 0


def test_the_handout_uses_every_convention(scaffolded):
    from clinicdocs.rendering.renderer import Renderer

    root, _ = scaffolded
    document, warnings = Renderer(root / "layouts", root / "build" / ".cache").parse(root / "source" / "stretches-for-a-stiff-back.md")
    assert warnings == []
    kinds = {block.kind for section in document.sections for block in section.blocks}
    assert {"stretches", "checklist", "figure", "callout"} <= kinds, kinds
    assert all(stretch.illustration is not None for stretch in document.stretches) and len(document.stretches) == 2
    assert [stretch.hold for stretch in document.stretches] == ["Hold for 30 seconds, then switch sides.", "Stay there for five slow breaths, then change legs."]


def test_the_brand_file_holds_every_key_with_a_comment(scaffolded):
    root, _ = scaffolded
    text = (root / "layouts" / "brands" / "northside-physiotherapy-sports-clinic" / "brand.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["address"] == ["12 High Street", "Unit 3"] and data["paper"] == ["a4", "letter"] and "website" not in data
    for key in SCHEMA:
        name = key.rpartition(".")[2]
        assert re.search(rf"^(# )?{name} = ", text, re.MULTILINE), key
    assert "# website = " in text


def test_the_logo_is_the_name_outlined_in_the_brand_font(scaffolded):
    root, _ = scaffolded
    svg = (root / "layouts" / "brands" / "northside-physiotherapy-sports-clinic" / "logo.svg").read_text(encoding="utf-8")
    assert 'aria-label="Northside Physiotherapy &amp; Sports Clinic"' in svg and "<text" not in svg
    assert svg.count("<path") == 2 and 'fill="#0B5394"' in svg  # two lines, in the primary colour


def test_a_name_the_brand_font_cannot_draw_takes_the_fallback_font():
    atkinson = Face(package_faces("fontpkg-atkinson-hyperlegible")[0].path)
    noto = Face(package_faces("fontpkg-noto-sans")[0].path)
    found = runs([atkinson, noto], "Клиника Ü")
    assert all(all(ord(char) in face.cmap for char in run if not char.isspace()) for face, run in found)


def test_both_commands_refuse_to_overwrite(scaffolded, monkeypatch, capsys):
    root, _ = scaffolded
    monkeypatch.chdir(root)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    before = sorted(p for p in root.rglob("*") if "build" not in p.parts)
    assert main(["new", "brand", *BRAND_FLAGS]) == 1
    assert main(["new", "handout", "--title", "Stretches for a stiff back"]) == 1
    err = capsys.readouterr().err
    assert "layouts/brands/northside-physiotherapy-sports-clinic already exists" in err
    assert "source/stretches-for-a-stiff-back.md already exists" in err
    assert sorted(p for p in root.rglob("*") if "build" not in p.parts) == before


def test_a_pale_primary_is_refused_with_the_passing_shade(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(empty_project(tmp_path))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["new", "brand", "--name", "Teal Clinic", "--country", "Norway", "--primary", "#00A3A1"]) == 1
    err = capsys.readouterr().err
    assert "--city: needed" in err
    assert "--primary: contrast 3.11:1 on white paper is below the 4.5:1" in err and "passes is #008483 (4.54:1)" in err
    assert list((tmp_path / "layouts" / "brands").iterdir()) == []


def test_prompts_ask_only_for_what_the_flags_leave_out_and_offer_the_passing_shade(tmp_path, monkeypatch):
    brands = empty_project(tmp_path) / "layouts" / "brands"
    monkeypatch.chdir(tmp_path)
    asked: list[str] = []
    replies = iter(["", "Oslo", "", "", "", "", "nb-NO", "", "#00A3A1", "", "", "", ""])

    def ask(question: str) -> str:
        asked.append(question)
        return next(replies)

    monkeypatch.setattr("builtins.input", ask)
    folder = scaffold.new_brand(brands, {"name": "Teal Clinic", "country": "Norway"}, None, interactive=True)
    data = tomllib.loads((folder / "brand.toml").read_text(encoding="utf-8"))
    assert not any(q.startswith(("Clinic name", "Country")) for q in asked)
    assert "Paper sizes, comma-separated: letter, a4 [a4]: " in asked  # Norway prints on A4
    assert asked.count("Primary colour #RRGGBB (headings, rules) [#008483]: ") == 1  # offered after the pale answer
    assert data["colors"]["primary"] == "#008483" and contrast_ratio("#008483") >= 4.5
    assert data["city"] == "Oslo" and data["paper"] == ["a4"] and "address" not in data


@pytest.mark.parametrize(("locale", "paper"), [("en-US", "letter"), ("es-MX", "letter"), ("en-CA", "letter"), ("en-GB", "a4"), ("de", "a4")])
def test_the_paper_offered_follows_the_clinic_country(locale, paper):
    assert scaffold.default_for("paper", {"locale": locale}) == paper


@pytest.mark.parametrize(("flags", "message"), [
    (["--language", "english please"], "--language: must be a language tag such as en-US or da-DK (got 'english please')"),
    (["--title", " "], "--title: the handout needs a title"),
])
def test_new_handout_refuses_what_would_not_build(tmp_path, monkeypatch, capsys, flags, message):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "handout", *flags]) == 1
    assert message in capsys.readouterr().err and not (tmp_path / "source").exists()


def test_a_title_beyond_ascii_names_the_file_and_prints_as_written(tmp_path, monkeypatch):
    root = write_project(tmp_path, {})
    monkeypatch.chdir(root)
    assert main(["new", "handout", "--title", "Rückenübungen", "--language", "en-GB"]) == 0
    assert (root / "source" / "ruckenubungen.md").is_file()
    report = build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide",), strict=True))
    assert [t.path.name for t, _ in report.written] == ["ruckenubungen-guide-letter.pdf"]
    assert "Rückenübungen" in pdf_text(root / "build" / "injury-prevention-guru" / "ruckenubungen-guide-letter.pdf")
