"""Print the median sum of warm, bare WeasyPrint renders of one brand's handout HTML (and EPUB cover)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from clinicdocs import assets
from clinicdocs.config import load_brand
from clinicdocs.parse import parse_document
from clinicdocs.pdf import handout_css, handout_html
from clinicdocs.plan import PDF_VARIANTS
from clinicdocs.sandbox import SandboxFetcher
from clinicdocs.source import read_source
from clinicdocs.templates import make_environment, render

layouts = Path("layouts")
brand = load_brand(layouts / "brands" / sys.argv[1])
document = parse_document(read_source(Path("source/hip-flexors.md")))
env = make_environment(layouts)
fonts = FontConfiguration()
base = document.path.parent.resolve().as_uri() + "/"
fetcher = SandboxFetcher([Path("source"), layouts, *brand.resource_folders],
                         {base + k: v for k, v in assets.handout_images(document, brand).items()} | {brand.folder.as_uri() + "/" + assets.logo_name(brand): brand.logo.read_bytes()})
jobs = [(handout_html(env, document, brand, v, p), handout_css(env, document, brand, v, p), base) for v in PDF_VARIANTS for p in brand.papers]
cover = render(env, "epub/cover-image.html.j2", document=document, brand=brand, logo=brand.folder.as_uri() + "/" + assets.logo_name(brand), fonts=brand.fonts)


def one_round() -> float:
    """Render every job once and return the time it took."""
    begin = time.perf_counter()
    for html, css, url in jobs:
        HTML(string=html, base_url=url, url_fetcher=fetcher).write_pdf(stylesheets=[CSS(string=css, font_config=fonts, url_fetcher=fetcher)], font_config=fonts, pdf_variant="pdf/ua-1")
    HTML(string=cover, base_url=brand.folder.as_uri() + "/", url_fetcher=fetcher).write_pdf(font_config=fonts)
    return time.perf_counter() - begin


one_round()  # warm up: imports, fonts, caches
print(statistics.median(one_round() for _ in range(5)))
