"""Where documents and brands are found: shared by the build and by the no-op fast path.

Standard library only, so that `uptodate` can use it without importing the builder.
"""

from __future__ import annotations

from pathlib import Path

BRAND_FILE = "brand.toml"


def markdown_files(folder: Path) -> list[Path]:
    """Return the `*.md` files of a folder that are documents (not `_partial.md` or hidden), sorted."""
    return sorted(p for p in folder.glob("*.md") if not p.name.startswith(("_", ".")))


def brand_folders(brands_dir: Path) -> list[Path]:
    """Return every brand folder (one with a brand.toml), sorted by name."""
    return sorted(p.parent for p in brands_dir.glob(f"*/{BRAND_FILE}"))
