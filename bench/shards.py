#!/usr/bin/env python3
"""Measure what one output costs when a clinic network builds in shards. Run by hand:

    python bench/shards.py [--brands 12] [--shards 3]

It makes a temporary network of `--brands` clinics (copies of the shipped brands under new ids) around
the shipped documents, runs `make_docs.py --shard K/N` for every K one after another, as N CI machines
would each run one, and prints the CPU seconds per output and the slowest shard's wall time.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_network(brands: int) -> Path:
    """Return a temporary project with `brands` clinic brands, each a renamed copy of a shipped one."""
    root = Path(tempfile.mkdtemp(prefix="clinicdocs-shards-"))
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "layouts", root / "layouts", ignore=shutil.ignore_patterns("brands"))
    shipped = sorted((ROOT / "layouts" / "brands").iterdir())
    for number in range(brands):
        folder = root / "layouts" / "brands" / f"clinic-{number:04d}"
        shutil.copytree(shipped[number % len(shipped)], folder)
    return root


def children_cpu() -> float:
    """Return the CPU seconds used so far by finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    """Build every shard of a made-up network and report the cost per output."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--brands", type=int, default=12)
    parser.add_argument("--shards", type=int, default=3)
    args = parser.parse_args()
    root = make_network(args.brands)
    walls, outputs, books = [], 0, 0
    cpu_before = children_cpu()
    for k in range(1, args.shards + 1):
        out = root / f"build-{k}"
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "make_docs.py"), "-q", "--out", str(out), "--shard", f"{k}/{args.shards}"], cwd=root, check=True)
        walls.append(time.perf_counter() - started)
        made = sum(1 for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")) if out.exists() else 0
        outputs += made
        books += sum(1 for p in out.rglob("*") if p.suffix in (".pdf", ".epub")) if out.exists() else 0
        print(f"shard {k}/{args.shards}: {made} files in {walls[-1]:.1f} s")
    cpu = children_cpu() - cpu_before
    print(f"{args.brands} brands, {outputs} files ({books} PDFs and EPUBs): {cpu:.1f} CPU s in all, "
          f"{cpu / books:.2f} CPU s per PDF or EPUB, {cpu / outputs:.2f} per file; slowest shard {max(walls):.1f} s")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
