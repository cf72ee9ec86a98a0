"""Structural checks on the built PDFs and EPUBs of the shipped project."""

from __future__ import annotations

import re
import zipfile

import pytest
from pypdf import PdfReader

from helpers import epub_file, pdf_text, run_epubcheck

LETTER = (612, 792)
A4 = (595, 842)
BRANDS = {"injury-prevention-guru": ("letter",), "bjork-sondergaard-physio": ("a4", "letter")}


def page_size(reader: PdfReader, index: int = 0) -> tuple[int, int]:
    box = reader.pages[index].mediabox
    return round(float(box.width)), round(float(box.height))


def test_every_output_is_written(shipped_build):
    for brand, papers in BRANDS.items():
        for variant in ("guide", "card", "large-print"):
            for paper in papers:
                assert (shipped_build / brand / f"hip-flexors-{variant}-{paper}.pdf").is_file()
        assert (shipped_build / brand / "hip-flexors.epub").is_file()


@pytest.mark.parametrize("brand", BRANDS)
def test_page_sizes(shipped_build, brand):
    for pdf in (shipped_build / brand).glob("*.pdf"):
        reader = PdfReader(pdf)
        expected = A4 if pdf.stem.endswith("-a4") else LETTER
        assert all(page_size(reader, i) == expected for i in range(len(reader.pages))), pdf.name


def test_guide_text_has_stretches_checklist_and_footer(shipped_build):
    text = pdf_text(shipped_build / "injury-prevention-guru" / "hip-flexors-guide-letter.pdf")
    for name in ("Kneeling Hip Flexor Stretch", "Lunging Hip Flexor Stretch", "Supine Hip Flexor Stretch"):
        assert name in text
    assert "Maintain good posture while sitting and standing." in text
    assert "If you have a sedentary job, consider using a standing desk" in text
    assert "© 2025 Injury Prevention Guru. All rights reserved." in text
    assert "St. Louis, MO, USA" in text and "injurypreventionguru.com" in text
    pages = len(PdfReader(shipped_build / "injury-prevention-guru" / "hip-flexors-guide-letter.pdf").pages)
    assert text.count("St. Louis, MO, USA") == pages + 1  # every footer, and the body's "Your clinic" block
    assert f"Page {pages} of {pages}" in text
    assert "Powered by" not in text and "Zipper" not in text


@pytest.mark.parametrize("brand", BRANDS)
def test_card_is_one_sheet(shipped_build, brand):
    """One side, or front and back with "Turn over" on the front (Bjørk's Letter card, with its long address and QR code)."""
    for pdf in (shipped_build / brand).glob("*-card-*.pdf"):
        pages = PdfReader(pdf).pages
        assert len(pages) in (1, 2), pdf.name
        assert ("Turn over" in pages[0].extract_text()) == (len(pages) == 2), pdf.name


def test_brand_font_is_embedded(shipped_build):
    reader = PdfReader(shipped_build / "injury-prevention-guru" / "hip-flexors-guide-letter.pdf")
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and all("+Atkinson-Hyperlegible" in f for f in fonts), fonts
    descriptors = [
        descendant["/FontDescriptor"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        for descendant in font["/DescendantFonts"]
    ]
    assert all("/FontFile2" in d or "/FontFile3" in d for d in descriptors)


def test_epub_spine_and_nav_in_reading_order(shipped_build):
    path = shipped_build / "injury-prevention-guru" / "hip-flexors.epub"
    opf = epub_file(path, "EPUB/content.opf")
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    assert spine == ["cover", "nav", "text", "colophon"]
    nav = epub_file(path, "EPUB/nav.xhtml")
    entries = re.findall(r'<a href="text\.xhtml#([^"]+)"', nav)
    assert entries[0] == "understanding-the-relationship-between-hip-flexors-and-lower-back-pain"
    assert entries[-1] == "seeking-professional-guidance-for-lower-back-pain"
    colophon = epub_file(path, "EPUB/colophon.xhtml")
    assert "© 2025 Injury Prevention Guru. All rights reserved." in colophon


@pytest.mark.parametrize("brand", BRANDS)
def test_epubcheck_passes_without_warnings(shipped_build, brand):
    result = run_epubcheck(shipped_build / brand / "hip-flexors.epub")
    assert result.returncode == 0, result.stdout + result.stderr


def test_epub_zip_starts_with_stored_mimetype(shipped_build):
    with zipfile.ZipFile(shipped_build / "injury-prevention-guru" / "hip-flexors.epub") as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
