"""What the build folder already holds, read from the manifest: the shelf's other handouts, and outputs left stale.

A build of one handout, one variant or one shard must not shrink a clinic's download page: the page
lists every handout whose outputs the folder holds, not only those of this build. And the outputs of a
handout whose source was deleted or renamed must not linger to be uploaded: the build removes them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..brands.schema import Brand
from ..planning.targets import Target, pair_targets
from ..reading.source import document_slug
from .manifest import Manifest

SHELF_SUFFIXES = (".pdf", ".epub")  # the files a download page links to


def recorded_documents(manifest: Manifest, folder: Path) -> dict[Path, list[Path]]:
    """Return {document: [its outputs present in the folder]} for the outputs the manifest records in `folder`."""
    found: dict[Path, list[Path]] = {}
    for output, entry in manifest.entries.items():
        path = Path(output)
        if path.parent != folder or not isinstance(entry, dict) or entry.get("absent"):
            continue
        document = manifest.document_of(output)
        if document is not None and path.is_file():
            found.setdefault(document, []).append(path)
    return found


def stale_outputs(manifest: Manifest, brands: list[Brand], out: Path) -> list[tuple[Path, Path]]:
    """Return (output, its document) for each output of these brands whose document no longer exists."""
    return sorted(
        (output, document)
        for brand in brands
        for document, outputs in recorded_documents(manifest, out / brand.id).items()
        if not document.is_file()
        for output in outputs
    )


def complete_shelves(targets: list[Target], manifest: Manifest, out: Path) -> list[Target]:
    """Return the targets with each shelf file listing every handout the brand's folder holds, not only this build's.

    A handout of an earlier build (still in the source) is listed with the files it has in the folder,
    and its cover picture is planned too, so the page never links to a missing picture.
    """
    planned_paths = {t.path for t in targets}
    held: dict[str, dict[Path, list[Path]]] = {}  # per brand: its page and its feed read the folder once
    completed: list[Target] = []
    for target in targets:
        if not target.lists:
            completed.append(target)
            continue
        planned = {p.resolve() for p in target.lists}
        if target.brand.id not in held:
            held[target.brand.id] = {d: o for d, o in recorded_documents(manifest, out / target.brand.id).items() if d.is_file()}
        recorded = held[target.brand.id]
        others = sorted((d for d in recorded if d not in planned), key=lambda d: d.name)
        files = set(target.shows) | {o.name for outputs in recorded.values() for o in outputs if o.suffix in SHELF_SUFFIXES}
        if target.kind == "index":  # once per brand, before its shelf files
            covers = [t for d in others for t in pair_targets(d, document_slug(d), target.brand, out) if t.kind == "cover"]
            completed += [t for t in covers if t.path not in planned_paths]
        lists = tuple(sorted([*target.lists, *others], key=lambda d: d.name))
        completed.append(dataclasses.replace(target, lists=lists, shows=tuple(sorted(files))))
    return completed
