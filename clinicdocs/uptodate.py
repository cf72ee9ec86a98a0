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

from . import __version__
from .discover import brand_folders, markdown_files

PLAN_NAME = ".plan.json"  # apart from the manifest: a twentieth of its size, each input listed once


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
        plan = json.loads((out / PLAN_NAME).read_text(encoding="utf-8"))
        if plan["key"] != plan_key(source, layouts, out, brands, only, shard):
            return None
        if not all(os.path.isfile(output) for output in plan["outputs"]):
            return None
        for path, (size, mtime_ns) in plan["inputs"].items():
            stat = os.stat(path)
            if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
                return None
        return len(plan["outputs"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def plan_record(key: list[str], outputs: list[str], entries: dict[str, dict]) -> dict:
    """Return the plan to record: its key, its outputs, and the size and time of every input of any of them.

    An input that two outputs recorded in different states can never match, so such a plan never answers.
    """
    inputs: dict[str, list[int]] = {}
    for output in outputs:
        for path, (_, size, mtime_ns) in entries[output]["inputs"].items():
            if inputs.setdefault(path, [size, mtime_ns]) != [size, mtime_ns]:
                inputs[path] = [-1, -1]
    return {"key": key, "outputs": outputs, "inputs": dict(sorted(inputs.items()))}
