"""The EPUB cover: an HTML layout rendered by WeasyPrint, then rasterised to PNG."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import jinja2
import pypdfium2
from PIL import Image
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from . import assets
from .config import Brand
from .model import Document
from .errors import RenderError
from .fonts import faces_for
from .sandbox import SandboxFetcher, weasyprint_problems
from .templates import render

COVER_WIDTH_PX = 1600


def cover_png(
    env: jinja2.Environment, layouts: Path, document: Document, brand: Brand, font_config: FontConfiguration
) -> bytes:
    """Return the cover as a 1600 x 2400 px PNG in the brand's colours with its logo."""
    base = brand.folder.as_uri() + "/"
    logo_url = base + assets.logo_name(brand)
    fetcher = SandboxFetcher([layouts, *brand.resource_folders], {logo_url: brand.logo.read_bytes()})
    html = render(env, "epub/cover-image.html.j2", document=document, brand=brand, logo=logo_url, fonts=brand.fonts)
    if (fonts := faces_for([html], brand.fonts)) != brand.fonts:
        html = render(env, "epub/cover-image.html.j2", document=document, brand=brand, logo=logo_url, fonts=fonts)
    try:
        return rasterise(html, base, fetcher, font_config)
    except RenderError as error:
        raise RenderError(error.message, brand.folder / "brand.toml") from None


@functools.lru_cache(maxsize=16)
def rasterise(html: str, base: str, fetcher: SandboxFetcher, font_config: FontConfiguration) -> bytes:
    """Return the PNG of a cover page; the same HTML is rendered once per process (watch mode)."""
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
    return buffer.getvalue()
