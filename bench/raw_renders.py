#!/usr/bin/env python3
"""Print, as JSON, warm bare WeasyPrint renders of the guide HTML and CSS this project makes for documents.

`python bench/raw_renders.py BRAND RUNS DOCUMENT.md...` (run from a project folder; bench.py calls it):
the HTML and stylesheet come from the project's templates, then one process renders each document's
guide (first paper of the brand) with plain `HTML(...).write_pdf(pdf_variant="pdf/ua-1")`, once to warm
up and then RUNS times in turn, and prints {document: {"seconds": median, "pages": page count}}.
The cyclic garbage collector runs at the thresholds make_docs.py sets (`clinicdocs.cli.GC_THRESHOLD`),
so that the comparison is at the same collector threshold.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from clinicdocs.cli import GC_THRESHOLD
from clinicdocs.rendering import assets
from clinicdocs.brands.schema import load_brand
from clinicdocs.reading.parse import parse_document
from clinicdocs.rendering.pdf import box_images, handout_css, handout_html
from clinicdocs.rendering.sandbox import SandboxFetcher
from clinicdocs.reading.source import read_source
from clinicdocs.rendering.templates import make_environment

gc.set_threshold(*GC_THRESHOLD)
layouts = Path("layouts")
brand = load_brand(layouts / "brands" / sys.argv[1])
runs = int(sys.argv[2])
env = make_environment(layouts)
fonts = FontConfiguration()
clock = time.process_time if os.environ.get("CLINICDOCS_BENCH_CPU") else time.perf_counter  # bench.py --cpu


def job(path: Path) -> tuple[str, str, str, SandboxFetcher]:
    """Return the guide's HTML, CSS, base URL and a fetcher serving its images (the printed check boxes too)."""
    document = parse_document(read_source(path))
    base = document.path.parent.resolve().as_uri() + "/"
    served = {**assets.handout_images(document, brand), **box_images(env, brand)}  # the pictures ours serves, check boxes included
    fetcher = SandboxFetcher([document.path.parent, layouts, *brand.resource_folders], {base + k: v for k, v in served.items()})
    paper = brand.papers[0]
    return handout_html(env, document, brand, "guide", paper), handout_css(env, document, brand, "guide", paper), base, fetcher


def render(html: str, css: str, base: str, fetcher: SandboxFetcher) -> tuple[float, int]:
    """Render one guide and return the time it took and its page count."""
    begin = clock()
    document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(stylesheets=[CSS(string=css, font_config=fonts, url_fetcher=fetcher)], font_config=fonts, pdf_variant="pdf/ua-1")
    document.write_pdf(pdf_variant="pdf/ua-1")
    return clock() - begin, len(document.pages)


jobs = {name: job(Path(name)) for name in sys.argv[3:]}
pages = {name: render(*j)[1] for name, j in jobs.items()}  # warm up: imports, fonts, caches
times: dict[str, list[float]] = {name: [] for name in jobs}
for _ in range(runs):
    for name, j in jobs.items():
        times[name].append(render(*j)[0])
print(json.dumps({name: {"seconds": statistics.median(times[name]), "pages": pages[name]} for name in jobs}))
