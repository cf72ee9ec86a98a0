"""The no-op fast path: tell 'nothing to build' from the manifest alone, before importing the builder.

A build that finishes records its plan (what it was asked for, which documents and brands it found,
which outputs it made). When the same plan comes again and no recorded input has a new size or time,
every output is current, and the answer costs a few stat calls instead of importing the whole builder.
Anything else falls through to the full build, which hashes contents and validates everything.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .. import __version__
from ..reading.discover import brand_folders, markdown_files
from .manifest import MANIFEST_NAME

PLAN_KEY = "__plan__"


def plan_key(
    source: Path, layouts: Path, out: Path, brands: tuple[str, ...], only: tuple[str, ...], shard: tuple[int, int]
) -> list[str]:
    """Return what identifies a build request: its options and the documents and brands it would find."""
    documents = [str(p) for p in ([source] if source.is_file() else markdown_files(source))]
    brand_dirs = list(brands) or [str(p) for p in brand_folders(layouts / "brands")]
    # A new catalog turns a document's English furniture into its language: it must reach the full build.
    catalogs = sorted(str(p) for p in (layouts / "locale").glob("*/LC_MESSAGES/*.po"))
    key = [__version__, os.environ.get("SOURCE_DATE_EPOCH", ""), str(source), str(layouts), str(out), *documents]
    return [*key, "|", *brand_dirs, "|", *only, "|", f"{shard[0]}/{shard[1]}", "|", *catalogs]


def skipped_outputs(
    source: Path, layouts: Path, out: Path, brands: tuple[str, ...], only: tuple[str, ...], shard: tuple[int, int]
) -> int | None:
    """Return how many outputs are current when the last plan repeats unchanged, else None."""
    try:
        entries = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
        plan = entries[PLAN_KEY]
        checked: dict[str, tuple[int, int]] = {}  # input path -> the size and time already found on disk
        if plan["key"] != plan_key(source, layouts, out, brands, only, shard):
            return None
        for output in plan["outputs"]:
            if os.path.isfile(output) == bool(entries[output].get("absent")):  # absent: a card the document turns off
                return None
            if not entries[output].get("absent"):  # an output changed or truncated since it was written
                _, size, mtime_ns = entries[output]["output"]
                stat = os.stat(output)
                if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
                    return None
            for path, (_, size, mtime_ns) in entries[output]["inputs"].items():
                if checked.get(path) == (size, mtime_ns):
                    continue  # the outputs share most inputs (code, layouts, fonts): each file is looked at once
                stat = os.stat(path)
                if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
                    return None
                checked[path] = (size, mtime_ns)
        documents = {entry["document"] for entry in entries.values() if isinstance(entry, dict) and "document" in entry}
        if not all(os.path.isfile(document) for document in documents):
            return None  # a handout is gone: the full build removes its outputs
        return len(plan["outputs"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
