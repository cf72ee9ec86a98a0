"""The EPUB guide as a reader and a screen reader meet it: package metadata, navigation, cover,
headings, checklist, fonts and stylesheet, reproducibility, and DAISY Ace's verdict."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.brands.schema import load_brand
from clinicdocs.rendering.epub import SUBSET_ABOVE_BYTES
from conftest import SHIPPED_ROOT
from helpers import ACE_CLI, ace_or_skip

ROOT = Path(__file__).resolve().parents[2]
BRANDS = ("injury-prevention-guru", "bjork-sondergaard-physio")
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Readers key bookmarks and notes by this identifier: it must not change from one build to the next.
IDENTIFIERS = {
    "injury-prevention-guru": "urn:uuid:9b82e3de-720b-56a1-8717-7a353b9cc740",
    "bjork-sondergaard-physio": "urn:uuid:3c869aef-7ee7-5445-90ba-a43d7135d978",
}
def read_book(path: Path) -> dict[str, bytes]:
    """Return {name inside the EPUB: bytes} for every file of a book."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def books(shipped_build: Path) -> dict[str, dict[str, bytes]]:
    """Return every shipped brand's EPUB, read once."""
    return {brand: read_book(shipped_build / brand / "hip-flexors.epub") for brand in BRANDS}


def package(book: dict[str, bytes]) -> ET.Element:
    return ET.fromstring(book["EPUB/content.opf"])


def meta_values(opf: ET.Element, prop: str) -> list[str]:
    return [m.text or "" for m in opf.iterfind("opf:metadata/opf:meta", NS) if m.get("property") == prop]


def manifest(opf: ET.Element) -> dict[str, ET.Element]:
    """Return {href: item} for the package's manifest."""
    return {item.get("href"): item for item in opf.iterfind("opf:manifest/opf:item", NS)}


def xhtml_pages(book: dict[str, bytes]) -> dict[str, ET.Element]:
    """Return {href: parsed page} for every XHTML document in the manifest."""
    items = manifest(package(book)).values()
    return {i.get("href"): ET.fromstring(book["EPUB/" + i.get("href")]) for i in items if i.get("media-type") == "application/xhtml+xml"}


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.mark.parametrize("brand", BRANDS)
def test_package_describes_its_accessibility(books, brand):
    opf = package(books[brand])
    assert opf.get(XML_LANG) == opf.findtext("opf:metadata/dc:language", namespaces=NS) == "en-US"
    assert opf.findtext("opf:metadata/dc:identifier", namespaces=NS) == IDENTIFIERS[brand]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "".join(meta_values(opf, "dcterms:modified")))
    assert meta_values(opf, "schema:accessMode") == ["textual", "visual"]
    assert meta_values(opf, "schema:accessModeSufficient") == ["textual", "textual,visual"]
    features = meta_values(opf, "schema:accessibilityFeature")
    for feature in ("alternativeText", "tableOfContents", "structuralNavigation", "readingOrder", "displayTransformability"):
        assert feature in features
    assert meta_values(opf, "schema:accessibilityHazard") == ["none"]
    assert "It has 3 illustrations, each with a text description." in meta_values(opf, "schema:accessibilitySummary")[0]
    assert meta_values(opf, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]


def test_a_book_without_images_claims_no_visual_content(make_project, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_project({"source/plain.md": "---\ntitle: Plain\ndescription: D\nlanguage: en-GB\ndate: 2025-02-03\n"
                         "author: A\n---\n\n# Plain\n\n## Before you go\n\n- [x] Packed\n- [ ] Stretched\n"})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=tmp_path / "out", only=("epub",)))
    book = read_book(tmp_path / "out" / "injury-prevention-guru" / "plain.epub")
    opf = package(book)
    assert opf.get(XML_LANG) == "en-GB"
    assert meta_values(opf, "dcterms:modified") == ["2025-02-03T00:00:00Z"]
    assert meta_values(opf, "schema:accessMode") == ["textual"]
    assert meta_values(opf, "schema:accessModeSufficient") == ["textual"]
    assert "alternativeText" not in meta_values(opf, "schema:accessibilityFeature")
    assert "illustration" not in meta_values(opf, "schema:accessibilitySummary")[0]
    boxes = xhtml_pages(book)["text.xhtml"].findall(".//x:ul[@class='checklist']/x:li/x:input", NS)
    assert [box.get("checked") for box in boxes] == ["checked", None]


@pytest.mark.parametrize("brand", BRANDS)
def test_spine_is_the_reading_order_and_every_page_is_in_it(books, brand):
    opf = package(books[brand])
    items = {i.get("id"): i for i in opf.iterfind("opf:manifest/opf:item", NS)}
    spine = opf.find("opf:spine", NS)
    refs = spine.findall("opf:itemref", NS)
    assert [r.get("idref") for r in refs] == ["cover", "nav", "text", "colophon"]
    assert all(r.get("linear", "yes") == "yes" for r in refs)
    assert items[spine.get("toc")].get("media-type") == "application/x-dtbncx+xml"
    assert set(xhtml_pages(books[brand])) == {items[r.get("idref")].get("href") for r in refs}


@pytest.mark.parametrize("brand", BRANDS)
def test_nav_lists_sections_in_text_order_and_has_landmarks(books, brand):
    pages = xhtml_pages(books[brand])
    navs = {nav.get(EPUB_TYPE): nav for nav in pages["nav.xhtml"].iter("{%s}nav" % NS["x"])}
    assert set(navs) == {"toc", "landmarks"}
    landmarks = {a.get(EPUB_TYPE): a.get("href") for a in navs["landmarks"].iter("{%s}a" % NS["x"])}
    assert landmarks == {"cover": "cover.xhtml", "toc": "nav.xhtml#toc", "bodymatter": "text.xhtml"}
    guide, clinic = navs["toc"].findall("x:ol/x:li", NS)
    assert guide.find("x:a", NS).get("href") == "text.xhtml"
    targets = [a.get("href").removeprefix("text.xhtml#") for a in guide.findall("x:ol/x:li/x:a", NS)]
    sections = [s.get("id") for s in pages["text.xhtml"].iter("{%s}section" % NS["x"]) if s.get("id")]
    assert targets == sections and len(targets) == 5
    assert clinic.find("x:a", NS).get("href") == "colophon.xhtml"
    ncx = ET.fromstring(books[brand]["EPUB/toc.ncx"])
    ncx_targets = [c.get("src") for c in ncx.iter("{%s}content" % NS["ncx"])]
    assert ncx_targets == ["text.xhtml", *(f"text.xhtml#{t}" for t in targets), "colophon.xhtml"]


@pytest.mark.parametrize("brand", BRANDS)
def test_headings_never_skip_a_level(books, brand):
    for name, page in xhtml_pages(books[brand]).items():
        levels = [int(e.tag[-1]) for e in page.iter() if re.fullmatch(r"\{[^}]+\}h[1-6]", str(e.tag))]
        if not levels:
            continue
        assert levels[0] == 1, name
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (name, levels)


@pytest.mark.parametrize("brand", BRANDS)
def test_cover_is_declared_large_and_described(books, brand):
    book = books[brand]
    covers = [i for i in manifest(package(book)).values() if "cover-image" in (i.get("properties") or "").split()]
    assert [c.get("href") for c in covers] == ["clinic/cover.png"]
    with Image.open(io.BytesIO(book["EPUB/clinic/cover.png"])) as image:
        assert image.width >= 1600 and image.height >= 2400 and image.height / image.width == 1.5
    img = xhtml_pages(book)["cover.xhtml"].find(".//x:img", NS)
    assert img.get("src") == "clinic/cover.png" and img.get("role") == "doc-cover"
    assert img.get("alt").startswith("Cover: Exploring the Connection Between Hip Flexors and Lower Back Pain.")


@pytest.mark.parametrize("brand", BRANDS)
def test_every_image_has_alt_text(books, brand):
    pages = xhtml_pages(books[brand])
    stretches = pages["text.xhtml"].findall(".//x:li[@class='stretch']", NS)
    assert len(stretches) == 3
    for stretch in stretches:
        img = stretch.find(".//x:figure/x:img", NS)
        assert img is not None and img.get("alt", "").strip(), stretch.get("id")
    for name, page in pages.items():
        assert all(img.get("alt", "").strip() for img in page.iter("{%s}img" % NS["x"])), name


@pytest.mark.parametrize("brand", BRANDS)
def test_checklist_items_are_labelled_checkboxes(books, brand):
    text = xhtml_pages(books[brand])["text.xhtml"]
    items = text.findall(".//x:ul[@class='checklist']/x:li", NS)
    assert len(items) == 5
    for item in items:
        box, label = item.find("x:input", NS), item.find("x:label", NS)
        assert box.get("type") == "checkbox" and box.get("id")
        assert label.get("for") == box.get("id") and text_of(label)


@pytest.mark.parametrize("brand", BRANDS)
def test_fonts_are_embedded_subset_and_declared(books, brand):
    book = books[brand]
    css = book["EPUB/style/book.css"].decode()
    faces = load_brand(SHIPPED_ROOT / "layouts" / "brands" / brand).fonts
    fonts = [i for i in manifest(package(book)).values() if i.get("media-type") in ("font/ttf", "font/otf")]
    assert len(fonts) == len(faces) == 4
    body_text = "".join(text_of(page) for page in xhtml_pages(book).values())
    for item, face in zip(fonts, faces):
        assert f'url("../{item.get("href")}")' in css
        assert item.get("href") == f"fonts/brand-{face.weight}-{face.style}.ttf"
        font = TTFont(io.BytesIO(book["EPUB/" + item.get("href")]))
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in set(body_text) if not c.isspace()), item.get("href")
        if face.path.stat().st_size > SUBSET_ABOVE_BYTES:
            with TTFont(face.path, lazy=True) as original:
                assert len(cmap) < len(original.getBestCmap()) / 1.4, f"{item.get('href')} is not subset"
        else:
            assert book["EPUB/" + item.get("href")] == face.path.read_bytes(), "small fonts are embedded whole"
        assert "OFL" in str(font["name"].getDebugName(13) or font["name"].getDebugName(0))
        assert "kern" in {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}


@pytest.mark.parametrize("brand", BRANDS)
def test_stylesheet_reflows_and_leaves_colours_to_the_reader(books, brand):
    css = books[brand]["EPUB/style/book.css"].decode()
    assert not re.findall(r"\d(?:px|pt|pc|cm|mm|in)\b", css)
    assert not re.search(r"@page|\b(?:width|height)\s*:\s*\d+(?:\.\d+)?vw", css)
    assert not re.search(r"background(?:-color)?\s*:\s*(?:white|#fff\b|#ffffff\b|rgb\(\s*255)", css, re.IGNORECASE)
    assert re.search(r"img\s*\{[^}]*max-width:\s*100%", css)


def test_two_builds_are_byte_identical(shipped_build, tmp_path):
    # A separate process, so hash randomisation would show up as a difference too.
    out = tmp_path / "again"
    subprocess.run(
        [sys.executable, str(ROOT / "make_docs.py"), "--only", "epub", "--out", str(out), "-q"],
        cwd=SHIPPED_ROOT, check=True, timeout=300, env={**os.environ, "PYTHONHASHSEED": "random"},
    )
    for brand in BRANDS:
        again = (out / brand / "hip-flexors.epub").read_bytes()
        assert again == (shipped_build / brand / "hip-flexors.epub").read_bytes(), brand


def test_source_date_epoch_sets_the_modified_date_but_not_the_identifier(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build(BuildOptions(source=SHIPPED_ROOT / "source", layouts=SHIPPED_ROOT / "layouts", out=tmp_path, brands=(BRANDS[0],), only=("epub",)))
    opf = package(read_book(tmp_path / BRANDS[0] / "hip-flexors.epub"))
    assert meta_values(opf, "dcterms:modified") == ["2026-01-01T00:00:00Z"]
    assert opf.findtext("opf:metadata/dc:identifier", namespaces=NS) == IDENTIFIERS[BRANDS[0]]


@pytest.mark.parametrize("brand", BRANDS)
def test_daisy_ace_finds_no_violations(shipped_build, brand, tmp_path):
    env = ace_or_skip()
    epub = shipped_build / brand / "hip-flexors.epub"
    result = subprocess.run(
        [str(ACE_CLI), "--silent", "--exiterror2", "--outdir", str(tmp_path), str(epub)],
        capture_output=True, text=True, timeout=600, env=env,
    )
    assert (tmp_path / "report.json").is_file(), result.stdout + result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    violations = [
        f"{page['earl:testSubject']['url']}: {check['earl:test']['dct:title']} ({check['earl:test']['earl:impact']}): "
        f"{check['earl:result'].get('dct:description', '')}"
        for page in report["assertions"]
        for check in page.get("assertions", [])
    ]
    assert violations == [] and report["earl:result"]["earl:outcome"] == "pass", violations
    assert result.returncode == 0, result.stdout + result.stderr
    assert not report["a11y-metadata"]["empty"]
    for prop in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                 "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo"):
        assert prop in report["a11y-metadata"]["present"], prop
