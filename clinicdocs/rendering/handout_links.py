"""Wiki links to other handouts ('[[Knee care]]'), pointed at that handout's file of the same brand.

The reading stage writes such a link with the address HANDOUT_LINK + the other handout's output name.
Here it becomes, in a PDF, that handout's guide (large print: its large print) on the same paper:
at the clinic's download shelf when the brand has an `ebook_url`, else the file beside this one
(every output of a brand sits in one folder), as a PDF 'go to another file' action that viewers
resolve next to the open file. In an EPUB, which cannot link outside its package, it becomes the
other handout's EPUB on the shelf, or, with no shelf address, its text alone.
"""

from __future__ import annotations

import re

import pydyf

from ..brands.schema import Brand
from ..model import HANDOUT_LINK
from ..planning.targets import pdf_name

LINK = re.compile(r'<a class="handout" href="' + re.escape(HANDOUT_LINK) + r'([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
HREF = re.compile(r'href="' + re.escape(HANDOUT_LINK) + r'([^"]*)"')
NEXT_FILE = "clinicdocs-file:"  # a file beside the PDF: made a GoToR action when the PDF is written


def shelf_address(brand: Brand) -> str:
    """Return the address of the folder the brand's files are published in ('' when the brand has no `ebook_url`).

    `ebook_url` names each EPUB ('https://clinic.example/guides/{document}.epub') or the shelf's page
    ('https://clinic.example/guides/'); either way its folder holds every file the build made.
    """
    url = brand.ebook_url
    if not url or ("{document}" in url and "{document}" not in url.rsplit("/", 1)[-1]):
        return ""  # a file per document in folders of their own: no one folder to point into
    return url[: url.rindex("/") + 1]


def epub_address(brand: Brand, slug: str) -> str:
    """Return where readers download another handout's EPUB, or '' when the brand publishes no shelf."""
    if "{document}" in brand.ebook_url:
        return brand.ebook_url_for(slug)
    base = shelf_address(brand)
    return f"{base}{slug}.epub" if base else ""


def pdf_links(html: str, brand: Brand, variant: str, paper: str) -> str:
    """Return a handout's HTML with each link to another handout pointing at that handout's PDF for the same brand and paper."""
    kind = "large-print" if variant == "large-print" else "guide"  # a card's link leads to the guide: a card is one sheet
    base = shelf_address(brand)

    def address(match: re.Match[str]) -> str:
        name = pdf_name(match.group(1), kind, paper)
        return f'href="{base}{name}"' if base else f'href="{NEXT_FILE}{name}"'

    return HREF.sub(address, html)


def epub_links(html: str, brand: Brand) -> str:
    """Return an EPUB page with each link to another handout pointing at its EPUB on the shelf, or printed as its text."""

    def link(match: re.Match[str]) -> str:
        address = epub_address(brand, match.group(1))
        return f'<a class="handout" href="{address}">{match.group(2)}</a>' if address else match.group(2)

    return LINK.sub(link, html)


def files_beside(document: object, pdf: pydyf.PDF) -> None:
    """Make each link to a file beside the PDF a 'go to another file' action, which a viewer resolves next to the open file.

    WeasyPrint writes every link as an address (a relative one made absolute against the source
    folder); a GoToR action with a file name is how PDF links one file to its neighbour.
    """
    for item in pdf.objects:
        action = item.get("A") if isinstance(item, pydyf.Dictionary) and item.get("Subtype") == "/Link" else None
        uri = action.get("URI") if isinstance(action, pydyf.Dictionary) else None
        if isinstance(uri, pydyf.String) and str(uri.string).startswith(NEXT_FILE):
            name = str(uri.string)[len(NEXT_FILE):]
            item["A"] = pydyf.Dictionary({"Type": "/Action", "S": "/GoToR", "F": pydyf.String(name), "D": pydyf.Array([0, "/Fit"])})
            item["Contents"] = pydyf.String(name)
