"""The glyph check reads a font's character map itself, as fontTools would, without importing fontTools."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

from conftest import ROOT

from clinicdocs.config import find_brands, load_brand
from clinicdocs.fonts import covered_characters, fallback_files, read_best_cmap


def best_cmap(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def shipped_fonts() -> list[Path]:
    """Every font the project ships or pins: the shipped brands' faces, the fallback packages, the fonts under tests/."""
    brands = [face.path for folder in find_brands(ROOT / "layouts" / "brands") for face in load_brand(folder).fonts]
    return sorted({*brands, *fallback_files(), *ROOT.glob("layouts/**/*.[ot]tf"), *ROOT.glob("tests/**/*.[ot]tf")})


def test_every_shipped_font_reads_as_fonttools_reads_it():
    fonts = shipped_fonts()
    assert len(fonts) >= 6
    for path in fonts:
        assert read_best_cmap(path) == best_cmap(path), path


def font_with(tmp_path: Path, form: int, mapping: dict[int, str], platform: tuple[int, int] = (3, 1)) -> Path:
    """Build a small TrueType font whose only cmap subtable has the given format and mapping."""
    glyphs = [".notdef", *sorted(set(mapping.values()))]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(glyphs)
    builder.setupCharacterMap({})
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    builder.setupGlyf({name: TTGlyphPen(None).glyph() for name in glyphs})
    builder.setupHorizontalMetrics({name: (500, 0) for name in glyphs})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Probe", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    subtable = CmapSubtable.newSubtable(form)
    subtable.platformID, subtable.platEncID, subtable.language = *platform, 0
    subtable.cmap = dict(mapping)
    builder.font["cmap"].tables = [subtable]
    path = tmp_path / f"format-{form}.ttf"
    builder.save(str(path))
    return path


@pytest.mark.parametrize("form, mapping, platform", [
    (0, {0x41: "A", 0x42: "B", 0xE9: "eacute"}, (3, 1)),
    (4, {0x41: "A", 0x43: "C", 0x416: "Zhe", 0x20AC: "euro", 0xFFFD: "replacement"}, (3, 1)),
    (6, {0x61: "a", 0x62: "b", 0x64: "d"}, (3, 1)),
    (12, {0x41: "A", 0x1F600: "smile", 0x1F601: "grin"}, (3, 10)),
    (13, {0x2500: "box", 0x2501: "box", 0x2502: "box"}, (0, 6)),
])
def test_each_subtable_format_reads_as_fonttools_reads_it(tmp_path, form, mapping, platform):
    path = font_with(tmp_path, form, mapping, platform)
    assert read_best_cmap(path) == best_cmap(path) == frozenset(mapping)


def test_the_preferred_unicode_subtable_wins_and_no_unicode_subtable_covers_nothing(tmp_path):
    path = font_with(tmp_path, 4, {0x41: "A"})
    with TTFont(path) as font:
        full = CmapSubtable.newSubtable(12)
        full.platformID, full.platEncID, full.language, full.cmap = 3, 10, 0, {0x41: "A", 0x1F600: "A"}
        font["cmap"].tables.append(full)
        font.save(str(path))
    assert read_best_cmap(path) == best_cmap(path) == {0x41, 0x1F600}
    with TTFont(path) as font:
        mac = CmapSubtable.newSubtable(6)
        mac.platformID, mac.platEncID, mac.language, mac.cmap = 1, 0, 0, {0x41: "A"}
        font["cmap"].tables = [mac]
        font.save(str(path))
    assert read_best_cmap(path) == best_cmap(path) == frozenset()


def test_what_it_cannot_read_goes_to_fonttools(tmp_path):
    path = font_with(tmp_path, 4, {0x41: "A", 0x42: "B"})
    woff = tmp_path / "probe.woff"
    with TTFont(path) as font:
        font.flavor = "woff"
        font.save(str(woff))
    assert read_best_cmap(woff) is None
    assert covered_characters(woff) == {0x41, 0x42}


def test_the_glyph_check_of_a_latin_document_never_imports_fonttools():
    code = (
        "import sys; from pathlib import Path; from clinicdocs.config import load_brand; from clinicdocs.coverage import check_glyphs; "
        "from clinicdocs.parse import parse_document; from clinicdocs.source import read_source\n"
        "check_glyphs(parse_document(read_source(Path('source/hip-flexors.md'))), load_brand(Path('layouts/brands/injury-prevention-guru')))\n"
        "assert 'fontTools' not in sys.modules, 'fontTools was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
