"""One SVG policy: escapes and nested data: URLs cannot smuggle a reference; check and build agree, with the line."""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from clinicdocs.cli import main
from clinicdocs.reading.svgcheck import MAX_DEPTH, css_text, svg_bytes_problem

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
HOSTILE_INNER = f'<svg {NS}><image href="file:///etc/passwd"/><image xlink:href="http://example.org/x.png"/></svg>'


def svg(inside: str) -> bytes:
    """Return an SVG drawing that holds `inside`."""
    return f'<svg {NS} width="10" height="10">{inside}</svg>'.encode("utf-8")


def nested(inner: str, depth: int, encode: str = "base64") -> str:
    """Return `inner` wrapped in `depth` SVGs, each holding the next as a data: URL in an <image>."""
    for _ in range(depth):
        url = f"data:image/svg+xml;base64,{base64.b64encode(inner.encode()).decode()}" if encode == "base64" else f"data:image/svg+xml,{quote(inner)}"
        inner = f'<svg {NS}><image href="{url}"/></svg>'
    return inner


SMUGGLED = {
    "data: SVG with file: and http:": nested(HOSTILE_INNER, 1).encode(),
    "data: SVG, percent-encoded": nested(HOSTILE_INNER, 1, "percent").encode(),
    "data: SVG three deep": nested(HOSTILE_INNER, 3).encode(),
    "CSS escape in url()": svg('<rect style="fill: u\\72l(http://example.org/a#p)"/>'),
    "CSS hex escape with space": svg('<rect style="fill: \\75 rl(http://example.org/a#p)"/>'),
    "CSS escape in @import": svg('<style>@\\69mport "http://example.org/x.css";</style>'),
    "comment inside @import": svg('<style>@import/**/"http://example.org/x.css";</style>'),
    "quoted url() in <style>": svg('<style>rect { fill: url( "http://example.org/a#p" ) }</style>'),
    "XML character reference in an attribute": svg('<rect fill="u&#x72;l(http://example.org/a#p)"/>'),
    "presentation attribute": svg('<rect filter="url(file:///etc/passwd#f)"/>'),
    "animation sets href": svg('<a><set attributeName="href" to="http://example.org/"/></a>'),
    "xml:base": svg('<g xml:base="http://example.org/"><use href="#a"/></g>'),
    "data: URL of HTML": svg('<image href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/>'),
    "xml-stylesheet": b'<?xml-stylesheet type="text/css" href="http://example.org/x.css"?>' + svg(""),
    "XHTML element": svg('<iframe xmlns="http://www.w3.org/1999/xhtml" src="http://example.org/"/>'),
}


@pytest.mark.parametrize("name", sorted(SMUGGLED))
def test_a_smuggled_reference_is_refused(name):
    assert svg_bytes_problem(SMUGGLED[name]) != ""


ALLOWED = {
    "plain drawing with own ids": svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="5" height="5"/><use href="#g"/>'),
    "embedded PNG": svg('<image href="data:image/png;base64,iVBORw0KGgo="/>'),
    "embedded font in style": svg("<style>@font-face { font-family: F; src: url(data:font/woff2;base64,AAAA) }</style>"),
    "clean nested SVG": nested(f'<svg {NS}><rect fill="#ACCE57" width="1" height="1"/></svg>', MAX_DEPTH).encode(),
    "escaped but harmless CSS": svg('<rect style="fill: \\23 0B5394"/>'),
}


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_a_clean_drawing_passes(name):
    assert svg_bytes_problem(ALLOWED[name]) == ""


def test_nesting_is_accepted_to_its_limit_and_refused_one_deeper():
    clean = f'<svg {NS}><rect width="1" height="1"/></svg>'
    assert svg_bytes_problem(nested(clean, MAX_DEPTH).encode()) == ""
    assert "more than" in svg_bytes_problem(nested(clean, MAX_DEPTH + 1).encode())


def test_css_is_read_as_a_browser_reads_it():
    assert css_text("u\\72l(x) @\\69mport /* c */ \\000075 rl") == "url(x) @import   url"


DOCUMENT = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n## Part\n\nText.\n\n![A drawing](images/d.svg)\n"


@pytest.mark.parametrize("name", ["data: SVG three deep", "CSS escape in @import"])
def test_check_and_build_give_the_same_verdict_with_the_line(make_project, in_project, capsys, name):
    root = in_project(make_project({"source/doc.md": DOCUMENT, "source/images/d.svg": SMUGGLED[name]}))
    assert main(["check"]) == 1
    checked = [line.replace(" error:", "") for line in "".join(capsys.readouterr()).splitlines() if "d.svg" in line]
    assert main(["--only", "epub"]) == 1
    built = [line for line in "".join(capsys.readouterr()).splitlines() if "d.svg" in line]
    assert checked and checked == built and checked[0].startswith("source/doc.md:13: image 'images/d.svg'")
    assert not list((root / "build").rglob("*.epub"))


def test_an_svg_changed_after_the_check_is_checked_again_before_it_is_packed(make_project, in_project, capsys):
    root = in_project(make_project({"source/doc.md": DOCUMENT, "source/images/d.svg": ALLOWED["plain drawing with own ids"]}))
    from clinicdocs.building.build import BuildOptions, build
    from clinicdocs.errors import BuildError

    picture = root / "source" / "images" / "d.svg"

    def swap(index: int, total: int, target: object) -> None:  # after the document and its pictures were read and checked
        picture.write_bytes(SMUGGLED["data: SVG with file: and http:"])

    with pytest.raises(BuildError, match="d.svg"):
        build(BuildOptions(source=Path("source"), layouts=Path("layouts"), out=Path("build"), only=("epub",)), progress=swap)
    for book in (root / "build").rglob("*.epub"):
        assert b"passwd" not in b"".join(zipfile.ZipFile(book).read(n) for n in zipfile.ZipFile(book).namelist())
