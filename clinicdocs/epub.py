"""The EPUB writer: document model + brand -> XHTML pages -> ebooklib -> reproducible EPUB 3 bytes."""

from __future__ import annotations

import datetime
import io
import os
import re
import uuid
import zipfile
from pathlib import Path

import jinja2
from ebooklib import epub
from weasyprint.text.fonts import FontConfiguration

from . import assets
from .config import Brand
from .cover import cover_alt, cover_png
from .model import Document
from .templates import render

XHTML = "application/xhtml+xml"
COVER_NAME = "images/cover.png"


def build_epub(
    env: jinja2.Environment, layouts: Path, document: Document, brand: Brand, font_config: FontConfiguration
) -> bytes:
    """Return the EPUB guide for one document under one brand."""
    modified = modified_time(document)
    book = epub.EpubBook()
    set_metadata(book, document, brand)
    fonts = add_fonts(book, brand)
    add_item(book, "style", "style/book.css", "text/css", render(env, "epub/book.css.j2", brand=brand, fonts=fonts))
    for name, data in assets.document_images(document, brand).items():
        add_item(book, image_id(name), name, media_type(name), data)
    add_item(book, "logo", assets.logo_name(brand), media_type(brand.logo.name), brand.logo.read_bytes())
    book.set_cover(COVER_NAME, cover_png(env, layouts, document, brand, font_config), create_page=False)
    pages = build_pages(book, env, document, brand)
    book.toc = [epub.Link(entry["href"], entry["title"], entry["id"]) for entry in toc_entries(document)]
    book.add_item(epub.EpubNcx())
    book.spine = pages
    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"mtime": modified, "raise_exceptions": True, "epub2_guide": False, "epub3_landmark": False})
    return normalise_package(buffer.getvalue(), modified, document.metadata.language)


def build_pages(book: epub.EpubBook, env: jinja2.Environment, document: Document, brand: Brand) -> list[epub.EpubItem]:
    """Add the XHTML pages in reading order and return them as the spine."""
    context = {"document": document, "brand": brand}
    pages = [
        ("cover", "cover.xhtml", render(env, "epub/cover.xhtml.j2", cover=COVER_NAME, cover_alt=cover_alt(document, brand), **context)),
        ("nav", "nav.xhtml", render(env, "epub/nav.xhtml.j2", toc=toc_entries(document), **context)),
        ("text", "text.xhtml", render(env, "epub/text.xhtml.j2", **context)),
        ("colophon", "colophon.xhtml", render(env, "epub/colophon.xhtml.j2", logo=assets.logo_name(brand), **context)),
    ]
    items = [add_item(book, uid, name, XHTML, content) for uid, name, content in pages]
    items[1].properties = ["nav"]
    return items


def toc_entries(document: Document) -> list[dict[str, str]]:
    """Return the table of contents: one entry per titled section, then the clinic page."""
    entries = [{"id": "toc-start", "href": "text.xhtml", "title": document.metadata.title}]
    entries += [
        {"id": f"toc-{s.id}", "href": f"text.xhtml#{s.id}", "title": s.title} for s in document.sections if s.title
    ]
    entries.append({"id": "toc-colophon", "href": "colophon.xhtml", "title": "About the clinic"})
    return entries


def set_metadata(book: epub.EpubBook, document: Document, brand: Brand) -> None:
    """Set the package metadata, including what the book offers to assistive technology."""
    meta = document.metadata
    book.set_identifier(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'clinicdocs:{brand.id}/{document.slug}')}")
    book.set_title(meta.title)
    book.set_language(meta.language)
    book.add_author(meta.author)
    book.add_metadata("DC", "publisher", brand.name)
    book.add_metadata("DC", "description", meta.description)
    book.add_metadata("DC", "date", meta.date.isoformat())
    book.add_metadata("DC", "rights", brand.copyright)
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    for prop, value in accessibility_metadata(document):
        book.add_metadata(None, "meta", value, {"property": prop})


def accessibility_metadata(document: Document) -> list[tuple[str, str]]:
    """Return the schema.org accessibility properties that describe what this book contains."""
    has_images = bool(document.images)
    modes = ["textual", "visual"] if has_images else ["textual"]
    features = ["tableOfContents", "structuralNavigation", "readingOrder", "displayTransformability"]
    if has_images:
        features.insert(0, "alternativeText")
    summary = (
        "This guide has a table of contents, headings for every section and a logical reading order. "
        + ("Every illustration has a text description. " if has_images else "")
        + "Text can be resized and restyled; there are no sounds, flashing or motion."
    )
    properties = [("schema:accessMode", mode) for mode in modes]
    properties.append(("schema:accessModeSufficient", "textual"))
    if has_images:
        properties.append(("schema:accessModeSufficient", "textual,visual"))
    properties += [("schema:accessibilityFeature", feature) for feature in features]
    properties.append(("schema:accessibilityHazard", "none"))
    properties.append(("schema:accessibilitySummary", summary))
    properties.append(("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"))
    return properties


def add_fonts(book: epub.EpubBook, brand: Brand) -> list[dict[str, object]]:
    """Embed the brand's font files and return their @font-face details."""
    fonts = []
    for index, face in enumerate(brand.fonts):
        name = f"fonts/brand-{face.weight}-{face.style}{face.path.suffix.lower()}"
        add_item(book, f"font-{index}", name, media_type(name), face.path.read_bytes())
        fonts.append({"family": face.family, "name": name, "weight": face.weight, "style": face.style})
    return fonts


def add_item(book: epub.EpubBook, uid: str, name: str, kind: str, content: str | bytes) -> epub.EpubItem:
    """Add one file to the book under a name the builder chose."""
    item = epub.EpubItem(uid=uid, file_name=name, media_type=kind, content=content)
    book.add_item(item)
    return item


def image_id(name: str) -> str:
    """Return a manifest id for an image name."""
    return "img-" + re.sub(r"[^A-Za-z0-9]+", "-", Path(name).stem)


def media_type(name: str) -> str:
    """Return the EPUB core media type for a file name."""
    suffix = Path(name).suffix.lower()
    return {
        ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
        ".gif": "image/gif", ".webp": "image/webp", ".ttf": "font/ttf", ".otf": "font/otf",
    }[suffix]


def modified_time(document: Document) -> datetime.datetime:
    """Return the book's modification time: SOURCE_DATE_EPOCH, else the document's date (never the clock)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).replace(tzinfo=None)
    return datetime.datetime.combine(document.metadata.date, datetime.time())


def normalise_package(data: bytes, modified: datetime.datetime, language: str) -> bytes:
    """Rewrite the zip with fixed timestamps and sorted entries, and add xml:lang to the package.

    ebooklib stamps each zip entry with the wall clock and cannot set the package's xml:lang.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda n: (n != "mimetype", n != "META-INF/container.xml", n))
    output = io.BytesIO()
    stamp = max(modified, datetime.datetime(1980, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(output, "w") as target:
        for name in names:
            content = source.read(name)
            if name.endswith(".opf"):
                content = content.replace(b"<package ", f'<package xml:lang="{language}" '.encode(), 1)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return output.getvalue()
