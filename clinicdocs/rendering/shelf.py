"""A clinic's shelf: the download page (index.html), the OPDS 1.2 catalog and each document's cover picture."""

from __future__ import annotations

import base64
import io
import tomllib
import uuid
from pathlib import Path

import jinja2

from ..brands.schema import Brand
from .epub import book_id, media_type, modified_time
from ..model import Document
from ..reading.policy import read_picture
from ..planning.targets import pair_targets
from .templates import render

COVER_WIDTH_PX = 480  # sharp on a phone at 2x for a 240 px wide cover; about 30 KB
OPDS_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"


def cover_picture(cover: bytes) -> bytes:
    """Return the EPUB's cover scaled down for the download page and the catalog."""
    from PIL import Image  # here, not at the top: a build without shelf files never needs Pillow

    image = Image.open(io.BytesIO(cover)).convert("RGB")
    small = image.resize((COVER_WIDTH_PX, image.height * COVER_WIDTH_PX // image.width), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(buffer, format="PNG")
    return buffer.getvalue()


def shelf_entries(documents: list[Document], brand: Brand, layouts: Path, shows: tuple[str, ...]) -> list[dict[str, object]]:
    """Return what the page and the feed say about each document (the files named in `shows`), in the order given."""
    languages = language_names(layouts)
    entries = []
    for document in documents:
        targets = pair_targets(document.path, document.slug, brand, Path())
        meta = document.metadata
        entries.append({
            "document": document, "meta": meta, "id": book_id(brand, document),
            "updated": modified_time(document).isoformat() + "Z",
            "language_name": languages.get(meta.language.split("-")[0].lower(), meta.language),
            "cover": next(t.path.name for t in targets if t.kind == "cover"),
            "files": [{"href": t.path.name, "variant": t.variant, "paper": t.paper, "type": file_type(t.path.name)}
                      for t in sorted(targets, key=lambda t: t.kind != "epub")
                      if t.kind in ("pdf", "epub") and t.path.name in shows and (t.variant != "card" or document.has_card)],
        })
    return entries


def file_type(name: str) -> str:
    """Return the media type of an output file."""
    return {".pdf": "application/pdf", ".epub": "application/epub+zip"}.get(Path(name).suffix) or media_type(name)


def language_names(layouts: Path) -> dict[str, str]:
    """Return {primary language subtag: the language's name in itself} from layouts/shelf/languages.toml."""
    with open(layouts / "shelf" / "languages.toml", "rb") as handle:
        return {str(k): str(v) for k, v in tomllib.load(handle).items()}


def render_index(env: jinja2.Environment, layouts: Path, documents: list[Document], brand: Brand, shows: tuple[str, ...]) -> bytes:
    """Return the brand's download page: covers, titles, languages and a link to every file."""
    logo = f"data:{media_type(brand.logo.name)};base64,{base64.b64encode(read_picture(brand.logo)).decode('ascii')}"
    entries = shelf_entries(documents, brand, layouts, shows)
    html = render(env, "shelf/index.html.j2", brand=brand, entries=entries, logo=logo, opds_type=OPDS_TYPE)
    return html.encode("utf-8")


def render_opds(env: jinja2.Environment, layouts: Path, documents: list[Document], brand: Brand, shows: tuple[str, ...]) -> bytes:
    """Return the brand's OPDS 1.2 acquisition feed: one entry per document, with its files and cover."""
    entries = shelf_entries(documents, brand, layouts, shows)
    feed_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'clinicdocs:{brand.id}/catalog')}"
    updated = max(str(e["updated"]) for e in entries)
    xml = render(env, "shelf/catalog.xml.j2", brand=brand, entries=entries, feed_id=feed_id, updated=updated, opds_type=OPDS_TYPE)
    return xml.encode("utf-8")
