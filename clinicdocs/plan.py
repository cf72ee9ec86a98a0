"""Which outputs to make: every document x brand x variant x paper, named predictably."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError

if TYPE_CHECKING:
    from .config import Brand

PDF_VARIANTS = ("guide", "card", "large-print")
ALL_VARIANTS = PDF_VARIANTS + ("epub",)


@dataclass(frozen=True)
class Target:
    """One output file to build."""

    document: Path
    slug: str
    brand: Brand
    kind: str
    variant: str
    paper: str
    path: Path


def parse_only(value: str | None) -> tuple[str, ...]:
    """Return the variants `--only` asks for, all of them by default."""
    if not value:
        return ALL_VARIANTS
    wanted = tuple(v.strip() for v in value.split(",") if v.strip())
    if not wanted:
        raise BuildError(f"--only: name at least one variant ({', '.join(ALL_VARIANTS)})")
    unknown = [v for v in wanted if v not in ALL_VARIANTS]
    if unknown:
        raise BuildError(f"--only: unknown variant '{unknown[0]}' (choose from {', '.join(ALL_VARIANTS)})")
    return wanted


def plan_targets(documents: list[tuple[Path, str]], brands: list[Brand], out: Path, only: tuple[str, ...]) -> list[Target]:
    """Return the targets in build order: for each brand, each document's guide first."""
    targets = []
    for brand in brands:
        for path, slug in documents:
            for variant in (v for v in PDF_VARIANTS if v in only):
                for paper in brand.papers:
                    name = out / brand.id / f"{slug}-{variant}-{paper}.pdf"
                    targets.append(Target(path, slug, brand, "pdf", variant, paper, name))
            if "epub" in only:
                targets.append(Target(path, slug, brand, "epub", "epub", "", out / brand.id / f"{slug}.epub"))
    return targets
