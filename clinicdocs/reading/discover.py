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


def wiki_link_neighbours(document: Path) -> list[Path]:
    """Return the documents beside one whose '[[wiki links]]' may name them (none when it has no '[['), itself left out.

    A wiki link is resolved by the other handout's title or file name, so adding, removing, renaming
    or retitling a neighbour can change the link: they are the document's inputs.
    """
    try:
        if b"[[" not in document.read_bytes():
            return []
    except OSError:
        return []
    return [p for p in markdown_files(document.parent) if p.resolve() != document.resolve()]
