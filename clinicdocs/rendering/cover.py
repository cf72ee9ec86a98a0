"""The EPUB cover: an HTML layout drawn once, then reused from the build folder's cache while nothing changes.

Drawing needs WeasyPrint and pdfium (about 0.3 s to import and 0.3 s to draw on the development
machine); a cover read back from the cache needs neither, so an EPUB-only build never imports them.
The cached bytes are the bytes a fresh drawing makes (see `rendercache` for what is checked).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from . import assets
from ..storage import rendercache
from ..brands.schema import Brand
from ..errors import RenderError
from ..brands.fallbacks import faces_for
from ..model import Document
from ..reading.policy import read_picture
from .templates import render

COVER_CACHE = "covers"
COVER_WIDTH_PX = 1600


class Covers:
    """Draws EPUB covers, answering a repeat from memory (watch mode) or from the cache folder."""

    def __init__(self, layouts: Path, cache: Path | None, font_config: Callable[[], object]):
        self.layouts = layouts
        self.store = rendercache.Store(cache / COVER_CACHE if cache else None)
        self.font_config = font_config

    def png(self, env: jinja2.Environment, document: Document, brand: Brand) -> bytes:
        """Return the cover as a 1600 x 2400 px PNG in the brand's colours with its logo."""
        base = brand.folder.as_uri() + "/"
        logo_url = base + assets.logo_name(brand)
        roots = [self.layouts, *brand.resource_folders]
        served = {logo_url: read_picture(brand.logo)}
        html = render(env, "epub/cover-image.html.j2", document=document, brand=brand, logo=logo_url, fonts=brand.fonts)
        if (fonts := faces_for([html], brand.fonts, document.metadata.language)) != brand.fonts:
            html = render(env, "epub/cover-image.html.j2", document=document, brand=brand, logo=logo_url, fonts=fonts)
        key = rendercache.request_key(html, base, *(str(root.resolve()) for root in roots))
        name = rendercache.entry_name(brand.id, document.slug)
        cached = self.store.get(name, key, served)
        return cached if cached is not None else self.draw(html, base, roots, served, key, name, brand)

    def draw(self, html: str, base: str, roots: list[Path], served: dict[str, bytes], key: str, name: str, brand: Brand) -> bytes:
        """Draw a cover with WeasyPrint and pdfium, and stage it for the cache."""
        try:
            png, fetched = draw_cover(html, base, roots, served, self.font_config())
        except RenderError as error:
            raise RenderError(error.message, brand.folder / "brand.toml") from None
        self.store.put(name, key, png, fetched, served, html, base)
        return png

    def save(self) -> None:
        """Write the covers drawn since the last save into the cache folder."""
        self.store.save()


def draw_cover(html: str, base: str, roots: list[Path], assets: dict[str, bytes], font_config: object) -> tuple[bytes, list[str]]:
    """Return the cover as a 1600 px wide PNG, and the URLs its layout fetched."""
    import io

    import pypdfium2
    from PIL import Image

    from .sandbox import SandboxFetcher, weasyprint_problems
    from .weasyload import HTML  # the only place an EPUB needs WeasyPrint

    fetcher = SandboxFetcher(roots, assets)
    with weasyprint_problems() as problems:
        pdf = HTML(string=html, base_url=base, url_fetcher=fetcher).write_pdf(font_config=font_config)
    if problems or fetcher.refused:
        raise RenderError(f"logo: the EPUB cover cannot be drawn ({(problems or fetcher.refused)[0]}); check the logo file")
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=COVER_WIDTH_PX / page.get_width()).to_pil().convert("RGB")
    # Flat brand colours, text and a logo fit a 256-colour palette without visible loss, at a third of the bytes.
    # Fast octree quantising and default compression: a tenth of the time of median-cut plus optimize.
    palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG")
    return buffer.getvalue(), sorted(set(fetcher.served))
