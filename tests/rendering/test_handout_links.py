"""Wiki links to other handouts: the other handout's file of the same brand in the PDF, its EPUB on the shelf or its text in the EPUB."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pikepdf
import pytest

from conftest import SHIPPED_ROOT
from helpers import epub_file, run_epubcheck

from clinicdocs.brands.schema import Brand, load_brand
from clinicdocs.building.build import BuildOptions, build
from clinicdocs.rendering.handout_links import epub_links, pdf_links

FRONT = "---\ntitle: {title}\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n"
SHELF_BRAND = "bjork-sondergaard-physio"  # ebook_url = "https://bjork-sondergaard.example.dk/guides/{document}.epub"
PLAIN_BRAND = "injury-prevention-guru"  # no ebook_url


def link_actions(pdf: Path) -> list[dict[str, str]]:
    """Return each link annotation's action in a PDF as {key: value}, the annotation's description as 'Contents'."""
    actions = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") == "/Link" and "/A" in annotation:
                    action = {str(key)[1:]: str(value) for key, value in annotation.A.items() if key in ("/S", "/F", "/URI")}
                    actions.append({**action, "Contents": str(annotation.get("/Contents", ""))})
    return actions


def test_a_wiki_link_leads_to_the_other_handouts_file_of_the_same_brand_and_paper(make_project):
    root = make_project({
        "source/hip.md": FRONT.format(title="Hip and back") + "Read [[Knee care at home|the knee handout]] first.\n\n"
        "1. **Bridge:** Lift your hips.\n   Hold 10 seconds.\n\n- [ ] Read [[knee]] again\n",
        "source/knee.md": FRONT.format(title="Knee care at home") + "See [[Shoulder]] too.\n",
    })
    shutil.copytree(SHIPPED_ROOT / "layouts" / "brands" / SHELF_BRAND, root / "layouts" / "brands" / SHELF_BRAND)
    report = build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide", "card", "epub")))
    assert [w for w in report.warnings if "titled" in w] == [
        f'{root / "source" / "knee.md"}:9: warning: no handout titled "Shoulder"; it prints as its text (looked in source/ by title and file name): '
        "check the spelling or add the handout"
    ]
    plain, shelf = root / "build" / PLAIN_BRAND, root / "build" / SHELF_BRAND
    # No shelf address: the file beside this one, as a PDF 'go to another file' action (never the author's own folder).
    for pdf, target in (("hip-guide-letter.pdf", "knee-guide-letter.pdf"), ("hip-card-letter.pdf", "knee-guide-letter.pdf")):
        handout = [a for a in link_actions(plain / pdf) if a.get("S") == "/GoToR"]
        assert handout and all(a == {"S": "/GoToR", "F": target, "Contents": target} for a in handout), (pdf, handout)
        assert not any("file:" in a.get("URI", "") or "knee" in a.get("URI", "") for a in link_actions(plain / pdf))
    # A shelf address: the other handout's file there, on the same paper.
    for paper in ("a4", "letter"):
        uris = {a.get("URI") for a in link_actions(shelf / f"hip-guide-{paper}.pdf")}
        assert f"https://bjork-sondergaard.example.dk/guides/knee-guide-{paper}.pdf" in uris
    # The EPUB links out only to an address on the web; without one the link is its text.
    assert '<a class="handout" href="https://bjork-sondergaard.example.dk/guides/knee.epub">the knee handout</a>' in epub_file(shelf / "hip.epub", "EPUB/text.xhtml")
    text = epub_file(plain / "hip.epub", "EPUB/text.xhtml")
    assert "Read the knee handout first." in text and "clinicdocs-" not in text and 'class="handout"' not in text
    assert run_epubcheck(shelf / "hip.epub").returncode == 0


def brand_with(ebook_url: str) -> Brand:
    return dataclasses.replace(load_brand(SHIPPED_ROOT / "layouts" / "brands" / PLAIN_BRAND), ebook_url=ebook_url)


@pytest.mark.parametrize("ebook_url, pdf, epub", [
    ("", 'href="clinicdocs-file:knee-large-print-a4.pdf"', "the knee handout"),
    ("https://c.example/guides/{document}.epub", 'href="https://c.example/guides/knee-large-print-a4.pdf"',
     '<a class="handout" href="https://c.example/guides/knee.epub">the knee handout</a>'),
    ("https://c.example/guides/", 'href="https://c.example/guides/knee-large-print-a4.pdf"',
     '<a class="handout" href="https://c.example/guides/knee.epub">the knee handout</a>'),
    ("https://c.example/{document}/book.epub", 'href="clinicdocs-file:knee-large-print-a4.pdf"',
     '<a class="handout" href="https://c.example/knee/book.epub">the knee handout</a>'),
])
def test_the_address_of_another_handout_follows_the_brands_shelf(ebook_url, pdf, epub):
    html = '<p><a class="handout" href="clinicdocs-handout:knee">the knee handout</a></p>'
    assert pdf in pdf_links(html, brand_with(ebook_url), "large-print", "a4")
    assert epub_links(html, brand_with(ebook_url)) == f"<p>{epub}</p>"
