"""The heavy stage: parse documents and render targets, with the libraries loaded once."""

from __future__ import annotations

import functools
from typing import Any
import logging
from pathlib import Path

import markdown

from ..language import catalogs
from .cover import Covers
from .epub import build_epub
from ..language.hyphenation import Dictionaries
from ..model import Document
from ..errors import SourceError, raise_all
from ..reading.parse import collect_document, make_markdown
from ..planning.targets import Target
from ..storage.rendercache import Store
from .shelf import cover_picture, render_index, render_opds
from ..reading.source import read_source
from .templates import StagedBytecodeCache, make_environment

TITLE_CACHE = "titles"  # balanced title widths, in the build folder's cache


class Detail(str):
    """The short description of a rendered output, carrying the warnings its layout gave (`file:line: warning: ...`)."""

    warnings: tuple[str, ...]

    def __new__(cls, text: str, warnings: tuple[str, ...] = ()) -> Detail:
        detail = super().__new__(cls, text)
        detail.warnings = warnings
        return detail

    def __reduce__(self) -> tuple:
        # Keep the warnings when the detail crosses from a worker process to the build.
        return (Detail, (str(self), self.warnings))


class Renderer:
    """Keeps one Markdown parser, one Jinja2 environment and one font configuration for many outputs.

    WeasyPrint is imported on the first PDF or cover drawing, so an EPUB whose cover is cached never loads it.
    """

    def __init__(self, layouts: Path, cache: Path | None = None):
        self.layouts = layouts
        self.cache = cache
        self.env = make_environment(layouts, cache)
        self.markdowns: dict[str, markdown.Markdown] = {}  # one per document language: quotes differ
        self.covers = Covers(layouts, cache, lambda: self.font_config)
        self.title_widths = Store(cache / TITLE_CACHE if cache else None)
        self.hyphenation = Dictionaries(cache)
        # The libraries' own messages reach the console only with -v; WeasyPrint's errors become build errors.
        verbose = logging.getLogger().isEnabledFor(logging.DEBUG)
        for name in ("weasyprint", "fontTools"):
            logging.getLogger(name).propagate = verbose

    @functools.cached_property
    def font_config(self) -> Any:
        """Return the one WeasyPrint font configuration every render shares."""
        from .weasyload import FontConfiguration, remove_dead_font_folders

        remove_dead_font_folders()  # what builds killed while rendering left in the temporary folder
        return FontConfiguration()

    def parse(self, path: Path) -> tuple[Document, list[SourceError]]:
        """Read and parse one Markdown document; return it with its warnings, or raise its problems."""
        source = read_source(path)
        language = source.metadata.language
        if language not in self.markdowns:
            self.markdowns[language] = make_markdown(language)  # one per language: quotes differ
        document, problems, warnings = collect_document(source, self.markdowns[language])
        raise_all(problems)
        return document, warnings

    def render(self, target: Target, document: Document) -> tuple[bytes, str]:
        """Return the bytes of one target and a short description (pages or size)."""
        document = document.edition(target.brand.locale, target.brand.name)
        if target.kind == "cover":
            data = cover_picture(self.covers.png(self.env, document, target.brand))
            return data, f"{len(data) / 1024:,.0f} KB"
        if target.kind == "epub":
            data = build_epub(self.env, self.layouts, document, target.brand, self.covers)
            return data, f"{len(data) / 1024:,.0f} KB"
        from .pdf import render_pdf

        self.hyphenation.preload(document.metadata.language)
        pdf = render_pdf(self.env, self.layouts, document, target.brand, target.variant, target.paper, self.font_config, self.title_widths)
        return pdf.data, Detail(f"{pdf.pages} page{'s' if pdf.pages != 1 else ''}, {len(pdf.data) / 1024:,.0f} KB", pdf.warnings)

    def render_shelf(self, target: Target, documents: list[Document]) -> tuple[bytes, str]:
        """Return the bytes of a brand's download page or catalog, which list `documents`."""
        documents = [document.edition(target.brand.locale, target.brand.name) for document in documents]
        write = render_index if target.kind == "index" else render_opds
        data = write(self.env, self.layouts, documents, target.brand, target.shows)
        return data, f"{len(documents)} document{'s' if len(documents) != 1 else ''}, {len(data) / 1024:,.0f} KB"

    def save_caches(self) -> None:
        """Write what this build drew into the cache folder (called with the build's outputs)."""
        self.covers.save()
        self.title_widths.save()
        self.hyphenation.save()
        if isinstance(self.env.bytecode_cache, StagedBytecodeCache):
            self.env.bytecode_cache.save()
        if self.cache:
            catalogs.save_words(self.cache)
