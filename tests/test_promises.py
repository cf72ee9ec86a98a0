"""Promises kept at their boundaries: the last value accepted and the first refused.

Each test names the promise it keeps; each would fail if the promise were loosened (a limit raised,
a check dropped, a conversion done in local time), as hand-made mutations of the code showed.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from clinicdocs.brands.schema import load_brand
from clinicdocs.brands.glyphs import check_glyphs
from clinicdocs.rendering.epub import modified_time
from clinicdocs.errors import BuildError, ConfigError, RenderError, SourceError
from clinicdocs.reading.parse import MAX_NESTING, parse_document
from clinicdocs.rendering.margins import PRINTER_MARGIN_PX, check_printer_margin
from clinicdocs.reading.policy import svg_problem
from clinicdocs.reading.source import MAX_SOURCE_BYTES, read_bytes, read_source
from clinicdocs.rendering.templates import make_environment, render
from conftest import SHIPPED_ROOT
from helpers import brand_folder

ROOT = Path(__file__).resolve().parent.parent
GOOD = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n"


def test_a_failed_write_leaves_the_previous_output_whole(tmp_path):
    """Outputs are written to a temp file and renamed: a write that fails half-way (here the file-size
    limit, as a full disk would) leaves the old file byte for byte and no temp file behind."""
    target = tmp_path / "guide.pdf"
    target.write_bytes(b"the previous output")
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from clinicdocs.storage.atomic import write_atomic\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (65536, resource.RLIM_INFINITY))\n"
        "try:\n"
        "    write_atomic(Path(sys.argv[1]), b'x' * 1_000_000)\n"
        "except OSError:\n"
        "    sys.exit(3)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True, text=True, cwd=SHIPPED_ROOT)
    assert result.returncode == 3, result.stderr
    assert target.read_bytes() == b"the previous output"
    assert [p.name for p in tmp_path.iterdir()] == ["guide.pdf"]


@pytest.mark.parametrize("key", ["primary", "text"])
def test_text_colours_need_wcag_aa_contrast_of_4_5(tmp_path, key):
    """Headings, footer and body text need 4.5:1 on white: #767676 (4.54:1) is the last grey accepted, #777777 (4.48:1) the first refused."""
    current = {"primary": "#0B5394", "text": "#1F2933"}[key]
    load_brand(brand_folder(tmp_path / "ok", lambda t: t.replace(current, "#767676")))
    with pytest.raises(BuildError) as caught:
        load_brand(brand_folder(tmp_path / "pale", lambda t: t.replace(current, "#777777")))
    assert f"colors.{key}: contrast 4.48:1" in str(caught.value) and "below the 4.5:1" in str(caught.value)


def test_the_brands_own_text_must_be_drawable_by_its_font(tmp_path):
    """The clinic's name, address and copyright print on every page: a character the brand font lacks is refused, pointing at brand.toml."""
    (tmp_path / "doc.md").write_text(GOOD + "Plain words.\n", encoding="utf-8")
    document = parse_document(read_source(tmp_path / "doc.md"))
    check_glyphs(document, load_brand(brand_folder(tmp_path / "ok", lambda t: t.replace('name = "Injury Prevention Guru"', 'name = "Injury Prevention Guru & Co."'))))
    for field, edit in [
        ("name", lambda t: t.replace('name = "Injury Prevention Guru"', 'name = "Injury Prevention Guru \U00013000"')),
        ("copyright", lambda t: t.replace('copyright = "', 'copyright = "\U00013000 ')),
        ("city", lambda t: t.replace('city = "St. Louis"', 'city = "St. Louis \U00013000"')),
    ]:
        brand = load_brand(brand_folder(tmp_path / field, edit))
        with pytest.raises(ConfigError) as caught:
            check_glyphs(document, brand)
        assert str(caught.value).startswith(str(brand.folder / "brand.toml")) or "brand.toml" in str(caught.value)
        assert "U+13000" in str(caught.value), field


def test_nesting_is_refused_past_twelve_levels(tmp_path):
    """Lists and quotes nest at most 12 levels deep: 12 builds, 13 is refused with its line."""
    assert MAX_NESTING == 12
    path = tmp_path / "doc.md"
    path.write_text(GOOD + "> " * 12 + "deep enough\n", encoding="utf-8")
    parse_document(read_source(path))
    path.write_text(GOOD + "> " * 13 + "too deep\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"doc\.md:9: nesting deeper than 12 levels"):
        parse_document(read_source(path))
    path.write_text(GOOD + "".join("    " * level + "- item\n" for level in range(13)), encoding="utf-8")
    with pytest.raises(SourceError, match="nesting deeper than 12 levels"):
        parse_document(read_source(path))


def render_at_margin(margin: str):
    """Render a page whose text and image sit exactly `margin` from the paper's edge."""
    from weasyprint import CSS, HTML

    svg = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"
    html = HTML(string=f"<p style='margin:0'>Edge text</p><img style='display:block' src=\"{svg}\">")
    return html.render(stylesheets=[CSS(string=f"@page {{ size: 3in 3in; margin: {margin} }} body {{ margin: 0 }}")])


def test_printer_margin_guard_is_a_quarter_inch():
    """Office printers leave 0.25 in blank: text exactly 0.25 in from the edge passes, 0.24 in is refused."""
    assert PRINTER_MARGIN_PX == 24
    where = SimpleNamespace(path=Path("doc.md"), id="clinic", sections=())
    check_printer_margin(render_at_margin("0.25in"), where, where, "guide", "letter")
    with pytest.raises(RenderError, match=r"reaches the outer 0\.25 in of page 1"):
        check_printer_margin(render_at_margin("0.24in"), where, where, "guide", "letter")


def test_source_date_epoch_is_read_as_utc(monkeypatch):
    """SOURCE_DATE_EPOCH names a moment in UTC: the ebook's date is the same in Tokyo as in London."""
    document = SimpleNamespace(metadata=SimpleNamespace(date=datetime.date(2025, 1, 1)))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689599")  # 2024-12-31 23:59:59 UTC
    for zone in ("Asia/Tokyo", "America/Los_Angeles"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        try:
            assert modified_time(document) == datetime.datetime(2024, 12, 31, 23, 59, 59)  # type: ignore[arg-type]
        finally:
            monkeypatch.delenv("TZ")
            time.tzset()


def test_templates_refuse_undefined_names(tmp_path):
    """A template naming a variable nobody passes is a build error, never a silently empty field."""
    (tmp_path / "page.j2").write_text("<p>{{ clinic_phone }}</p>", encoding="utf-8")
    env = make_environment(tmp_path)
    assert render(env, "page.j2", clinic_phone="+1 555") == "<p>+1 555</p>"
    with pytest.raises(RenderError, match="'clinic_phone' is undefined"):
        render(env, "page.j2")


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{}</svg>'


@pytest.mark.parametrize(
    ("inside", "refusal"),
    [
        ("<script>alert(1)</script>", "contains a <script> element"),
        ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', "contains a <foreignobject> element"),
        ('<rect width="1" height="1" onload="alert(1)"/>', "has an event handler 'onload'"),
    ],
)
def test_svg_with_script_or_handler_is_refused(tmp_path, inside, refusal):
    """An SVG picture or logo may draw, never run code: a plain drawing passes, a script or handler is refused."""
    path = tmp_path / "picture.svg"
    path.write_text(SVG.format('<rect width="5" height="5" fill="#0B5394"/><use href="#a"/>'), encoding="utf-8")
    assert svg_problem(path) == ""
    path.write_text(SVG.format(inside), encoding="utf-8")
    assert refusal in svg_problem(path)


def test_source_files_are_limited_to_one_megabyte(tmp_path):
    """A source file may be 1,000,000 bytes; one byte more is refused with the limit named."""
    assert MAX_SOURCE_BYTES == 1_000_000
    path = tmp_path / "doc.md"
    path.write_bytes(b"a" * MAX_SOURCE_BYTES)
    assert len(read_bytes(path)) == MAX_SOURCE_BYTES
    path.write_bytes(b"a" * (MAX_SOURCE_BYTES + 1))
    with pytest.raises(SourceError, match="1,000,001 bytes, over the 1,000,000-byte limit"):
        read_bytes(path)
