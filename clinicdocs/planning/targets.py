"""Which outputs to make: every document x brand x variant x paper, named predictably."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .request import ALL_VARIANTS, PDF_VARIANTS, parse_only, parse_shard  # noqa: F401 (here for the rest of the package)

if TYPE_CHECKING:
    from ..brands.schema import Brand

SHELF_FILES = (("index", "index.html"), ("opds", "catalog.xml"))  # per brand: the download page and the OPDS feed


@dataclass(frozen=True)
class Target:
    """One output file to build: of one (document, brand) pair, or of a brand's shelf listing `lists`."""

    document: Path
    slug: str
    brand: Brand
    kind: str
    variant: str
    paper: str
    path: Path
    lists: tuple[Path, ...] = ()  # the documents a shelf file (download page, catalog) lists
    shows: tuple[str, ...] = ()  # the output file names a shelf file links to (see building.recorded for the rest)


def shard_of(brand_id: str, name: str, shards: int) -> int:
    """Return which of `shards` shards (1-based) builds a name of a brand, by a hash stable across machines and runs."""
    import hashlib  # only sharded builds need it

    digest = hashlib.sha256(f"{brand_id}\0{name}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % shards + 1


def in_shard(target: Target, shard: tuple[int, int]) -> bool:
    """Tell whether a target's (document, brand) pair belongs to this shard."""
    k, n = shard
    return n == 1 or shard_of(target.brand.id, target.slug, n) == k


def plan_targets(documents: list[tuple[Path, str]], brands: list[Brand], out: Path, only: tuple[str, ...]) -> list[Target]:
    """Return the targets in build order: for each brand, each document's guide first, the shelf files last."""
    targets = []
    for brand in brands:
        pairs = [t for path, slug in documents for t in pair_targets(path, slug, brand, out)]
        targets += [t for t in pairs if t.variant in only]
        if "catalog" in only:
            lists = tuple(path for path, _ in documents)
            shows = tuple(sorted(t.path.name for t in pairs if t.variant in only and t.kind in ("pdf", "epub")))
            targets += [Target(Path(), "", brand, kind, "catalog", "", out / brand.id / name, lists, shows) for kind, name in SHELF_FILES]
    return targets


def pdf_name(slug: str, variant: str, paper: str) -> str:
    """Return the file name of a handout's PDF: `<slug>-<variant>-<paper>.pdf` (what links to another handout name too)."""
    return f"{slug}-{variant}-{paper}.pdf"


def pair_targets(path: Path, slug: str, brand: Brand, out: Path) -> list[Target]:
    """Return every output of one document for one brand: the PDFs, the EPUB and the cover picture."""
    folder = out / brand.id
    targets = [
        Target(path, slug, brand, "pdf", variant, paper, folder / pdf_name(slug, variant, paper))
        for variant in PDF_VARIANTS for paper in brand.papers
    ]
    targets.append(Target(path, slug, brand, "epub", "epub", "", folder / f"{slug}.epub"))
    targets.append(Target(path, slug, brand, "cover", "catalog", "", folder / f"{slug}-cover.png"))
    return targets
