"""The glyph check reads a font's character map itself, as fontTools would, without importing fontTools."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

from conftest import SHIPPED_ROOT, ROOT

from clinicdocs.brands.schema import find_brands, load_brand
from clinicdocs.brands.fallbacks import fallback_files
from clinicdocs.brands.fonts import covered_characters, read_best_cmap


def best_cmap(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def shipped_fonts() -> list[Path]:
    """Every font the project ships or pins: the shipped brands' faces, the fallback packages, the fonts under tests/."""
    brands = [face.path for folder in find_brands(SHIPPED_ROOT / "layouts" / "brands") for face in load_brand(folder).fonts]
    return sorted({*brands, *fallback_files(), *SHIPPED_ROOT.glob("layouts/**/*.[ot]tf"), *ROOT.glob("tests/**/*.[ot]tf")})


def test_every_shipped_font_reads_as_fonttools_reads_it():
    fonts = shipped_fonts()
    assert len(fonts) >= 6
    for path in fonts:
        if path.suffix == ".ttc":  # a collection: read by fontTools, face by face
            assert read_best_cmap(path) is None and covered_characters(path, 2) >= {0x819D, 0x3002}, path
            continue
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
        "import sys; from pathlib import Path; from clinicdocs.brands.schema import load_brand; from clinicdocs.brands.glyphs import check_glyphs; "
        "from clinicdocs.reading.parse import parse_document; from clinicdocs.reading.source import read_source\n"
        "check_glyphs(parse_document(read_source(Path('source/hip-flexors.md'))), load_brand(Path('layouts/brands/injury-prevention-guru')))\n"
        "assert 'fontTools' not in sys.modules, 'fontTools was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=SHIPPED_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def with_cmap(tmp_path: Path, subtables: list[tuple[int, int, bytes]]) -> Path:
    """Return a copy of a built font whose cmap table is replaced by the given raw subtables (platform, encoding, bytes)."""
    path = font_with(tmp_path, 4, {code: "A" for code in range(0x30, 0x5B)})
    header = struct.pack(">HH", 0, len(subtables))
    offset, body, records = 4 + 8 * len(subtables), b"", b""
    for platform, encoding, data in subtables:
        records += struct.pack(">HHL", platform, encoding, offset + len(body))
        body += data
    with TTFont(path) as font:
        font["cmap"] = newTable("cmap")
        font["cmap"].decompile(header + records + body, font)
        raw = tmp_path / "raw.ttf"
        font.save(str(raw))
    # fontTools compiles a cmap it decoded back into its own form: write the raw table over it.
    data = bytearray(raw.read_bytes())
    count = struct.unpack(">H", data[4:6])[0]
    for i in range(count):
        tag, _, table_offset, length = struct.unpack(">4sLLL", data[12 + 16 * i : 28 + 16 * i])
        if tag == b"cmap":
            table = header + records + body
            data[12 + 16 * i + 8 : 12 + 16 * i + 16] = struct.pack(">LL", len(data), len(table))
            data += table
    raw.write_bytes(bytes(data))
    return raw


def format_12(groups: list[tuple[int, int, int]], form: int = 12) -> bytes:
    return struct.pack(">HHLLL", form, 0, 16 + 12 * len(groups), 0, len(groups)) + b"".join(struct.pack(">LLL", *g) for g in groups)


def format_4(segments: list[tuple[int, int, int, int]], glyph_array: list[int]) -> bytes:
    """A format-4 subtable from (start, end, delta, range offset) segments, closed by the U+FFFF segment."""
    segments = [*segments, (0xFFFF, 0xFFFF, 1, 0)]
    count = len(segments)
    words = [s[1] for s in segments] + [0] + [s[0] for s in segments] + [s[2] & 0xFFFF for s in segments] + [s[3] for s in segments] + glyph_array
    return struct.pack(">HHHHHHH", 4, 14 + 2 * len(words), 0, 2 * count, 0, 0, 0) + struct.pack(f">{len(words)}H", *words)


@pytest.mark.parametrize("subtables, ours", [
    ([(3, 10, format_12([(0x41, 0x5A, 1), (0x30, 0x39, 1)]))], None),  # unsorted groups: fontTools' rules
    ([(3, 10, format_12([(0x41, 0x7FFFFFFF, 1)]))], None),  # beyond U+10FFFF: clamped by fontTools, never expanded here
    ([(3, 10, format_12([(0x41, 0x42, 0), (0x44, 0x45, 3)]))], {0x42, 0x44, 0x45}),  # glyph 0 starts a group
    ([(3, 10, format_12([(0x41, 0x43, 0), (0x50, 0x51, 2)], form=13))], {0x50, 0x51}),
    ([(3, 1, format_4([(0x41, 0x43, -0x40, 0), (0x42, 0x42, 0, 4)], [0]))], {0x41, 0x42, 0x43}),  # a later missing glyph erases nothing
    ([(3, 1, struct.pack(">HHH", 4, 0, 0)), (3, 10, format_12([(0x41, 0x42, 1)]))], None),  # a zero-length subtable
])
def test_unusual_subtables_read_as_fonttools_reads_them_or_go_to_fonttools(tmp_path, subtables, ours):
    path = with_cmap(tmp_path, subtables)
    assert read_best_cmap(path) == (frozenset(ours) if ours is not None else None)
    covered_characters.cache_clear()
    assert covered_characters(path) == best_cmap(path)


def test_emoji_no_font_draws_are_spelled_out_with_one_warning(tmp_path, monkeypatch):
    """Without the emoji fonts installed, an emoji prints as its name in brackets, and the warning says so."""
    from clinicdocs.brands import fallbacks
    from clinicdocs.brands.glyphs import check_glyphs, spell_out_emoji
    from clinicdocs.brands.schema import load_brand
    from clinicdocs.reading.parse import parse_document
    from clinicdocs.reading.source import read_source

    table = fallbacks.fallback_table()
    without = tuple(entry for entry in table if entry[0][0].family not in ("Noto Color Emoji", "Symbola"))
    monkeypatch.setattr(fallbacks, "fallback_table", lambda: without)
    brand = load_brand(SHIPPED_ROOT / "layouts" / "brands" / "injury-prevention-guru")
    assert spell_out_emoji("<p>Rest 😀 then walk 🦵.</p>", brand.fonts[0]) == "<p>Rest [GRINNING FACE] then walk [LEG].</p>"
    assert spell_out_emoji("<p>Rest, then walk.</p>", brand.fonts[0]) == "<p>Rest, then walk.</p>"
    path = tmp_path / "doc.md"
    path.write_text("---\ntitle: T\nlanguage: en\n---\n\nRest 😀.\n\nWalk 🦵 and 😀.\n", encoding="utf-8")
    warnings = check_glyphs(parse_document(read_source(path)), brand)
    assert len(warnings) == 1 and warnings[0].line == 6
    assert "emoji as their names in brackets" in str(warnings[0])
    assert "'😀' (U+1F600 GRINNING FACE) on lines 6, 8; '🦵' (U+1F9B5 LEG) on line 8" in str(warnings[0])


def test_an_output_depends_only_on_the_fallback_fonts_its_document_needs(tmp_path):
    """An English handout lists no fallback font among its inputs; a Chinese one lists the CJK collection it draws from."""
    from clinicdocs.brands.glyphs import fallback_inputs
    from clinicdocs.brands.schema import load_brand
    from clinicdocs.reading.parse import parse_document
    from clinicdocs.reading.source import read_source

    brand = load_brand(SHIPPED_ROOT / "layouts" / "brands" / "injury-prevention-guru")
    english, chinese = tmp_path / "en.md", tmp_path / "zh.md"
    english.write_text("---\ntitle: Knees\nlanguage: en\n---\n\nBend the knee “slowly” — then rest.\n", encoding="utf-8")
    chinese.write_text("---\ntitle: 膝盖\nlanguage: zh-Hant\n---\n\n慢慢彎曲膝蓋，然後休息。\n", encoding="utf-8")
    assert fallback_inputs(parse_document(read_source(english)), brand) == []
    assert [path.name for path in fallback_inputs(parse_document(read_source(chinese)), brand)] == ["NotoSansCJK-Bold.ttc", "NotoSansCJK-Regular.ttc"]


def test_an_emoji_leaves_the_digits_to_the_brand_font(tmp_path):
    """Digits, '#' and '©' are emoji characters too: a colour emoji font in the stack once drew them all, wide and out of line."""
    import subprocess
    from xml.etree import ElementTree

    from conftest import write_project

    from clinicdocs.building.build import BuildOptions, build

    root = write_project(tmp_path, {"source/feet.md": "# Foot care\n\nCheck your feet daily ⚠ and smile 😀.\n\n1. **Toe curls:** Curl your toes. Hold for 5 seconds.\n"})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide",)))
    pdf = root / "build" / "injury-prevention-guru" / "feet-guide-letter.pdf"
    xml = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = {char.get("c"): font.get("name", "") for font in ElementTree.fromstring(xml).iter("font") for char in font.iter("char")}
    assert {c for c in "0123456789©" if c in fonts} >= {"1", "2", "5", "©"}
    assert all("Atkinson" in fonts[c] for c in "0123456789©" if c in fonts), {c: fonts[c] for c in "0123456789©" if c in fonts}
    assert "⚠" in fonts and ("😀" in fonts or "GRINNING FACE" in "".join(fonts)), "the emoji print, or their names do"
