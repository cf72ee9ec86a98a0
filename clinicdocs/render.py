"""The heavy stage: parse documents and render targets, with the libraries loaded once."""

from __future__ import annotations

import logging
from pathlib import Path

from weasyprint.text.fonts import FontConfiguration

from .cover import cover_png
from .epub import build_epub
from .model import Document
from .errors import SourceError, raise_all
from .parse import collect_document, make_markdown
from .pdf import render_pdf
from .plan import Target
from .shelf import cover_picture, render_index, render_opds
from .source import read_source
from .templates import make_environment


class Renderer:
    """Keeps one Markdown parser, one Jinja2 environment and one font configuration for many outputs."""

    def __init__(self, layouts: Path):
        self.layouts = layouts
        self.env = make_environment(layouts)
        self.markdown = make_markdown()
        self.font_config = FontConfiguration()
        # The libraries' own messages reach the console only with -v; WeasyPrint's errors become build errors.
        verbose = logging.getLogger().isEnabledFor(logging.DEBUG)
        for name in ("weasyprint", "fontTools"):
            logging.getLogger(name).propagate = verbose

    def parse(self, path: Path) -> tuple[Document, list[SourceError]]:
        """Read and parse one Markdown document; return it with its warnings, or raise its problems."""
        document, problems, warnings = collect_document(read_source(path), self.markdown)
        raise_all(problems)
        return document, warnings

    def render(self, target: Target, document: Document) -> tuple[bytes, str]:
        """Return the bytes of one target and a short description (pages or size)."""
        document = document.edition(target.brand.locale, target.brand.name)
        if target.kind == "cover":
            data = cover_picture(cover_png(self.env, self.layouts, document, target.brand, self.font_config))
            return data, f"{len(data) / 1024:,.0f} KB"
        if target.kind == "epub":
            data = build_epub(self.env, self.layouts, document, target.brand, self.font_config)
            return data, f"{len(data) / 1024:,.0f} KB"
        pdf = render_pdf(self.env, self.layouts, document, target.brand, target.variant, target.paper, self.font_config)
        return pdf.data, f"{pdf.pages} page{'s' if pdf.pages != 1 else ''}, {len(pdf.data) / 1024:,.0f} KB"

    def render_shelf(self, target: Target, documents: list[Document]) -> tuple[bytes, str]:
        """Return the bytes of a brand's download page or catalog, which list `documents`."""
        documents = [document.edition(target.brand.locale, target.brand.name) for document in documents]
        write = render_index if target.kind == "index" else render_opds
        data = write(self.env, self.layouts, documents, target.brand, target.shows)
        return data, f"{len(documents)} document{'s' if len(documents) != 1 else ''}, {len(data) / 1024:,.0f} KB"
