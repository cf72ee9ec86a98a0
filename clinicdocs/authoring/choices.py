"""What the preview shows, chosen at the start (`serve --document ...`) and switched from the page or its URL's query."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..building.build import BuildOptions, load_brands, name_documents
from ..errors import BuildError
from ..planning.targets import PDF_VARIANTS, Target, plan_targets
from ..reading.source import find_documents

QUERY_KEYS = ("document", "brand", "variant", "paper")


@dataclass(frozen=True)
class Choices:
    """Every value the page's menus offer: documents, brands, the PDF variants this build makes, the chosen brand's papers."""

    documents: tuple[str, ...]
    brands: tuple[str, ...]
    variants: tuple[str, ...]
    papers: tuple[str, ...]


def choose_target(options: BuildOptions, document: str | None, variant: str, paper: str | None, brand: str | None = None) -> Target:
    """Return the PDF the preview shows: a document (default the first), a brand (default the first), a variant and paper."""
    documents = name_documents(find_documents(options.source))
    names = [slug for _, slug in documents]
    wanted = document.removesuffix(".md") if document else names[0]
    if wanted not in names:
        raise BuildError(f"--document: no document '{document}' in {options.source} (choose from {', '.join(names)})")
    if variant not in PDF_VARIANTS or variant not in options.only:
        shown = [v for v in PDF_VARIANTS if v in options.only]
        raise BuildError(f"--variant: the preview shows one of the PDFs this build makes: {', '.join(shown) or 'none (add one to --only)'} (got '{variant}')")
    brands = load_brands(options)
    chosen = next((b for b in brands if brand in (None, b.id)), None)
    if chosen is None:
        raise BuildError(f"--brand: no brand '{brand}' in this preview (choose from {', '.join(b.id for b in brands)})")
    paper = paper or chosen.papers[0]
    if paper not in chosen.papers:
        raise BuildError(f"--paper: brand '{chosen.id}' prints on {', '.join(chosen.papers)} (got '{paper}')")
    pair = [(path, slug) for path, slug in documents if slug == wanted]
    return next(t for t in plan_targets(pair, [chosen], options.out, options.only) if t.variant == variant and t.paper == paper)


@dataclass
class Chooser:
    """The preview's current choice, switched by a request's query without restarting the build."""

    options: BuildOptions
    chosen: Target
    show: Callable[[Target], None]  # shows an already built PDF's pages (run in a thread: rendering them takes a moment)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def switch(self, query: Mapping[str, str]) -> Target:
        """Return the target the query asks for (the current one for an empty query); start showing it if it changed."""
        asked = {key: query[key] for key in QUERY_KEYS if query.get(key)}
        if not asked:
            return self.chosen
        current = self.chosen
        brand = asked.get("brand", current.brand.id)
        paper = asked.get("paper")
        if paper is None and brand == current.brand.id:
            paper = current.paper  # another brand keeps the paper only when it prints on it (below)
        if paper is None:
            paper = current.paper if current.paper in self.brand_papers(brand) else None
        target = choose_target(self.options, asked.get("document", current.slug), asked.get("variant", current.variant), paper, brand)
        with self.lock:
            if target.path != self.chosen.path:
                self.chosen = target
                threading.Thread(target=self.show, args=(target,), daemon=True, name="clinicdocs-switch").start()
        return target

    def brand_papers(self, brand: str) -> tuple[str, ...]:
        """Return the papers a brand of this preview prints on (none for an unknown brand: choose_target says so)."""
        return next((b.papers for b in load_brands(self.options) if b.id == brand), ())

    def choices(self) -> Choices:
        """Return what the menus offer for the current choice."""
        brands = load_brands(self.options)
        documents = tuple(slug for _, slug in name_documents(find_documents(self.options.source)))
        variants = tuple(v for v in PDF_VARIANTS if v in self.options.only)
        return Choices(documents, tuple(b.id for b in brands), variants, self.chosen.brand.papers)

