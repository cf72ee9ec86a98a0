"""The EPUB writer: document model + brand -> XHTML pages -> ebooklib -> reproducible EPUB 3 bytes."""

from __future__ import annotations

import datetime
import functools
import html
import io
import re
import uuid
import zipfile
from pathlib import Path

import jinja2
from ebooklib import epub

from . import assets
from .handout_links import epub_links
from ..brands.schema import Brand
from .cover import Covers
from ..brands.fallbacks import faces_for
from ..brands.glyphs import spell_out_emoji
from ..brands.fonts import FontFace
from ..language.catalogs import Translations
from ..model import Document
from ..reading.policy import read_picture
from ..reading.source import source_date_epoch
from .templates import counted_digits, render, translations

XHTML = "application/xhtml+xml"
NO_DATE = datetime.date(1980, 1, 1)  # the modification time of a book whose document has no date
SUBSET_ABOVE_BYTES = 150_000
COVER_NAME = "clinic/cover.png"  # generated files live apart from the document's images/, so names never clash
# Kept in every font subset besides the book's own characters: Basic Latin, Latin-1 punctuation and
# symbols, and the typographic dashes, quotes and ellipsis, so a reader's search box or note still renders.
SUBSET_BASE = "".join(map(chr, [*range(0x20, 0x7F), *range(0xA0, 0xC0), *range(0x2010, 0x2028), 0x2039, 0x203A, 0x20AC]))


def build_epub(
    env: jinja2.Environment, layouts: Path, document: Document, brand: Brand, covers: Covers
) -> bytes:
    """Return the EPUB guide for one document under one brand.

    1. Package metadata, including what the book offers to assistive technology.
    2. The stylesheet and the XHTML pages, rendered from the model.
    3. The brand fonts and the fallbacks the text needs, subset to the characters the stylesheet and pages use.
    4. The illustrations, the logo and the generated cover.
    5. The navigation (nav document, NCX) and the spine in reading order.
    6. A zip with fixed timestamps and sorted entries.
    """
    modified = modified_time(document)
    words = translations(env, document.metadata.language, brand)
    book = epub.EpubBook()
    set_metadata(book, document, brand, words)
    stylesheet = render(env, "epub/book.css.j2", document=document, brand=brand, fonts=font_names(brand.fonts, brand))
    pages = render_pages(env, document, brand, words)
    if (faces := faces_for([stylesheet, *pages.values()], brand.fonts, document.metadata.language)) != brand.fonts:
        stylesheet = render(env, "epub/book.css.j2", document=document, brand=brand, fonts=font_names(faces, brand))
    # The reader draws list markers in the language's digits (۱. ۲. in Persian) from the book's fonts: keep all ten.
    add_fonts(book, faces, brand, used_characters([stylesheet, *pages.values(), counted_digits(env, document.metadata.language)]))
    add_item(book, "style", "style/book.css", "text/css", stylesheet)
    # Illustrations and the logo sit on a white plate of their own, so they stay visible in dark and night modes.
    for name, data in assets.document_images(document, brand).items():
        add_item(book, image_id(name), name, media_type(name), assets.on_plate(data, name))
    for name, data in assets.callout_images(document, layouts).items():
        add_item(book, image_id(name), name, media_type(name), data)
    logo = assets.on_plate(read_picture(brand.logo), brand.logo.name, margin=0.12)
    add_item(book, "logo", assets.logo_name(brand), media_type(brand.logo.name), logo)
    book.set_cover(COVER_NAME, covers.png(env, document, brand), create_page=False)
    book.spine = add_pages(book, pages)
    # calibre and EPUB 2 readers recognise an HTML cover page only from the <guide>; without it calibre
    # shows the cover image and then this page as a second cover.
    book.guide = [
        {"type": "cover", "href": "cover.xhtml", "title": words.gettext("Cover")},
        {"type": "text", "href": "text.xhtml", "title": document.metadata.title},
    ]
    book.toc = ncx_entries(toc_entries(document, brand, words))
    book.add_item(epub.EpubNcx())
    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"mtime": modified, "raise_exceptions": True, "epub2_guide": True, "epub3_landmark": False, "package_direction": True, "compresslevel": 0})
    return normalise_package(buffer.getvalue(), modified, document.metadata.language)


def render_pages(env: jinja2.Environment, document: Document, brand: Brand, words: Translations) -> dict[str, str]:
    """Return {file name: XHTML} for every page, in reading order: cover, contents, text, colophon."""
    context = {"document": document, "brand": brand}
    pages = {
        "cover.xhtml": render(env, "epub/cover.xhtml.j2", cover=COVER_NAME, **context),
        "nav.xhtml": render(env, "epub/nav.xhtml.j2", toc=toc_entries(document, brand, words), **context),
        "text.xhtml": render(env, "epub/text.xhtml.j2", **context),
        "colophon.xhtml": render(env, "epub/colophon.xhtml.j2", logo=assets.logo_name(brand), **context),
    }
    return {name: epub_links(spell_out_emoji(page, brand.fonts[0]), brand) for name, page in pages.items()}


def add_pages(book: epub.EpubBook, pages: dict[str, str]) -> list[epub.EpubItem]:
    """Add the XHTML pages and return them in reading order; nav.xhtml is the navigation document."""
    items = [add_item(book, Path(name).stem, name, XHTML, content) for name, content in pages.items()]
    for item in items:
        item.properties = ["nav"] if item.file_name == "nav.xhtml" else []
    return items


def toc_entries(document: Document, brand: Brand, words: Translations) -> list[dict]:
    """Return the table of contents: the guide with its titled sections inside, then the clinic page."""
    sections = [
        {"id": f"toc-{s.id}", "href": f"text.xhtml#{s.id}", "title": s.title, "children": []}
        for s in document.sections
        if s.title
    ]
    return [
        {"id": "toc-start", "href": "text.xhtml", "title": document.metadata.title, "children": sections},
        {"id": "toc-colophon", "href": "colophon.xhtml", "title": words.gettext("About %(clinic)s") % {"clinic": brand.name}, "children": []},
    ]


def ncx_entries(entries: list[dict]) -> list[epub.Link | tuple[epub.Section, list]]:
    """Return the table of contents in ebooklib's form, which it writes to the NCX."""
    return [
        (epub.Section(e["title"], e["href"]), ncx_entries(e["children"])) if e["children"] else epub.Link(e["href"], e["title"], e["id"])
        for e in entries
    ]


def set_metadata(book: epub.EpubBook, document: Document, brand: Brand, words: Translations) -> None:
    """Set the package metadata, including what the book offers to assistive technology."""
    meta = document.metadata
    book.set_identifier(book_id(brand, document))
    # calibre keeps a urn:uuid identifier as its internal id and lists only scheme:value identifiers;
    # this one is also the stem of the PDFs' file identifiers.
    book.add_metadata("DC", "identifier", f"clinicdocs:{brand.id}/{document.slug}", {"id": "edition"})
    book.set_title(meta.title)
    book.set_language(meta.language)
    if meta.direction == "rtl":
        book.set_direction("rtl")  # the spine's page-progression-direction: pages turn to the left
    book.add_author(meta.author)
    book.add_metadata("DC", "publisher", brand.name)
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    if meta.date:
        book.add_metadata("DC", "date", meta.date.isoformat())
    book.add_metadata("DC", "rights", brand.copyright)
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    for prop, value in accessibility_metadata(document, words):
        book.add_metadata(None, "meta", value, {"property": prop})


def book_id(brand: Brand, document: Document) -> str:
    """Return the book's stable identifier, the same in the EPUB and in the brand's catalog."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'clinicdocs:{brand.id}/{document.slug}')}"


def accessibility_metadata(document: Document, words: Translations) -> list[tuple[str, str]]:
    """Return the schema.org accessibility properties that describe what this book contains."""
    has_images = bool(document.images)
    pictures = len(document.images)
    modes = ["textual", "visual"] if has_images else ["textual"]
    features = ["tableOfContents", "structuralNavigation", "readingOrder", "displayTransformability"]
    if has_images:
        features.insert(0, "alternativeText")
    summary = " ".join(
        [
            words.gettext("This guide has a table of contents, headings for every section and a logical reading order."),
            *([illustrations(words, pictures)] if pictures else []),
            words.gettext("Text can be resized and restyled; there are no sounds, flashing or motion."),
        ]
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


def illustrations(words: Translations, count: int) -> str:
    """Return the summary's sentence about the book's illustrations, in the book's language."""
    sentence = words.ngettext(
        "It has %(num)d illustration with a text description.", "It has %(num)d illustrations, each with a text description.", count
    )
    return sentence % {"num": count}


def font_names(faces: tuple[FontFace, ...], brand: Brand) -> list[dict[str, object]]:
    """Return the @font-face details of the faces, with the name each has in the book."""
    return [
        {"family": face.family, "name": font_name(face, brand), "weight": face.weight, "style": face.style}
        for face in faces
    ]


def font_name(face: FontFace, brand: Brand) -> str:
    """Return the name a font face has inside the book: brand-*, or the fallback family's name."""
    prefix = "brand" if face in brand.fonts else re.sub(r"[^a-z0-9]+", "-", face.family.lower())
    suffix = ".otf" if face.collection else face.path.suffix.lower()  # one face of a collection, cut out of it
    return f"fonts/{prefix}-{face.weight}-{face.style}{suffix}"


def add_fonts(book: epub.EpubBook, faces: tuple[FontFace, ...], brand: Brand, characters: str) -> None:
    """Embed the faces, each cut down to the characters the book uses."""
    for index, face in enumerate(faces):
        name = font_name(face, brand)
        add_item(book, f"font-{index}", name, media_type(name), subset_font(face, characters))


def used_characters(texts: list[str]) -> str:
    """Return, sorted, every character in the texts (entities decoded) and the base set every subset keeps."""
    return "".join(sorted(set(SUBSET_BASE).union(*(html.unescape(text) for text in texts)) - set("\n\r\t")))


def subset_font(face: FontFace, characters: str) -> bytes:
    """Return a large font cut down to `characters` (cached per process); a small one as it is.

    Subsetting costs about 50 ms per face and saves tens of kilobytes only on large fonts.
    """
    stat = face.path.stat()
    if stat.st_size <= SUBSET_ABOVE_BYTES and not face.variable and not face.collection:
        return face.path.read_bytes()
    return subset_font_cached(face.path, stat.st_mtime_ns, characters, face.weight if face.variable else 0, face.index)


@functools.lru_cache(maxsize=32)
def subset_font_cached(path: Path, mtime_ns: int, characters: str, weight: int = 0, index: int = 0) -> bytes:
    """Return a font cut down to `characters`, keeping its layout features, names, licence and hinting.

    The OFL lets a font be subset for embedding as long as its copyright and licence travel with it:
    every name record is kept, and the timestamp too, so two builds stay identical. A variable font
    becomes a static one at `weight`: reading systems that cannot vary a font would draw bold as regular.
    """
    from fontTools import subset  # here, not at the top: small fonts are embedded whole (0.1 s of imports)
    from fontTools.varLib import instancer

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.glyph_names = True
    options.legacy_kern = True
    options.notdef_outline = True
    options.font_number = index  # the face of a collection (.ttc)
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    if weight and "fvar" in font:
        location = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes} | {"wght": weight}
        font = instancer.instantiateVariableFont(font, location)
        font["OS/2"].usWeightClass = weight
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


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
    """Return the book's modification time: SOURCE_DATE_EPOCH, else the document's date, else 1980-01-01.

    Never the clock, so two builds are identical; 1980-01-01 is the earliest time a zip entry can hold.
    """
    if (moment := source_date_epoch()) is not None:
        return moment
    return datetime.datetime.combine(document.metadata.date or NO_DATE, datetime.time())


def normalise_package(data: bytes, modified: datetime.datetime, language: str) -> bytes:
    """Rewrite the zip with fixed timestamps and sorted entries, and add xml:lang to the package.

    ebooklib stamps each zip entry with the wall clock and cannot set the package's xml:lang. Every entry is
    compressed here, so ebooklib is asked for none (compresslevel 0: a tenth of an EPUB build's time).
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
