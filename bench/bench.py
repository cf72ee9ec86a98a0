#!/usr/bin/env python3
"""Benchmark the author's loop. Run by hand: `python bench/bench.py [--runs N]`.

Every figure is a median of several runs, shown beside a baseline measured in the same run.
It works on a temporary copy of source/ and layouts/, so the real project is never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRAND = "injury-prevention-guru"
DOCUMENT = "hip-flexors"


def median_time(command: list[str], cwd: Path, runs: int) -> float:
    """Return the median wall time of a command."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def make_copy() -> Path:
    """Return a temporary project holding copies of source/ and layouts/."""
    root = Path(tempfile.mkdtemp(prefix="clinicdocs-bench-"))
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    return root


def edit_paragraph(root: Path, counter: int) -> None:
    """Change one word of one paragraph, as an author saving an edit would."""
    path = root / "source" / f"{DOCUMENT}.md"
    text = path.read_text(encoding="utf-8")
    before, after = ("a common issue", "a common problem") if "a common issue" in text else ("a common problem", "a common issue")
    path.write_text(text.replace(before, after, 1), encoding="utf-8")


def bench_noop(root: Path, runs: int) -> None:
    """No-op rebuild against starting Python itself."""
    make = [sys.executable, str(ROOT / "make_docs.py")]
    subprocess.run(make, cwd=root, check=True, capture_output=True, env=child_env())
    baseline = median_time([sys.executable, "-c", "pass"], root, runs)
    noop = median_time(make, root, runs)
    report("no-op rebuild", noop, "python -c pass", baseline, target="<= 3x")


def bench_cold(root: Path, runs: int) -> None:
    """Cold build of one brand, split into WeasyPrint's own time and everything else."""
    probe = ROOT / "bench" / "split_time.py"
    totals, weasy = [], []
    for _ in range(runs):
        result = subprocess.run([sys.executable, str(probe), BRAND], cwd=root, check=True, capture_output=True, text=True, env=child_env())
        total, weasyprint_time = map(float, result.stdout.split())
        totals.append(total)
        weasy.append(weasyprint_time)
    total, inside = statistics.median(totals), statistics.median(weasy)
    print(f"cold build of {BRAND} (all variants + EPUB): {total:.2f} s; WeasyPrint {inside:.2f} s; "
          f"everything else {total - inside:.2f} s = {100 * (total - inside) / total:.0f}% (target <= 15%)")


def bench_edit_vs_cold(root: Path, runs: int) -> None:
    """Rebuild after editing one paragraph (all brands) against a cold full build."""
    make = [sys.executable, str(ROOT / "make_docs.py")]
    cold = median_time(make + ["--force"], root, runs)
    times = []
    for counter in range(runs):
        edit_paragraph(root, counter)
        started = time.perf_counter()
        subprocess.run(make, cwd=root, check=True, capture_output=True, env=child_env())
        times.append(time.perf_counter() - started)
    report("rebuild after a one-paragraph edit", statistics.median(times), "cold full build", cold, target="(one document, every output depends on it)")


def bench_watch(root: Path, runs: int) -> None:
    """Watch mode: save -> guide rewritten, and save -> every output of the brand rewritten."""
    outputs = sorted((root / "build" / BRAND).glob(f"{DOCUMENT}*"))
    guide = root / "build" / BRAND / f"{DOCUMENT}-guide-letter.pdf"
    watcher = subprocess.Popen(
        [sys.executable, str(ROOT / "make_docs.py"), "--watch", "--brand", BRAND], cwd=root,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=child_env(),
    )
    try:
        wait_for(lambda: b"done:" in (watcher.stdout.read1(65536) if watcher.stdout else b""), 120)
        time.sleep(1.0)
        to_guide, to_all = [], []
        for counter in range(runs):
            before = {p: p.stat().st_mtime_ns for p in outputs}
            edit_paragraph(root, counter)
            saved = time.perf_counter()
            wait_for(lambda: guide.stat().st_mtime_ns != before[guide], 60)
            to_guide.append(time.perf_counter() - saved)
            wait_for(lambda: all(p.stat().st_mtime_ns != before[p] for p in outputs), 60)
            to_all.append(time.perf_counter() - saved)
            time.sleep(0.5)
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)
    print(f"watch: save -> guide PDF rewritten: {statistics.median(to_guide):.3f} s (target <= 0.35 s)")
    bare = bare_weasyprint_renders(root)
    report("watch: save -> every output of the brand rewritten", statistics.median(to_all), "bare warm WeasyPrint renders of the same HTML", bare, target="<= 1.15x")


def bare_weasyprint_renders(root: Path) -> float:
    """Return the median sum of warm WeasyPrint renders of the brand's handout HTML and cover."""
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "bare_renders.py"), BRAND], cwd=root, check=True, capture_output=True, text=True, env=child_env())
    return float(result.stdout.split()[-1])


def wait_for(condition, timeout: float) -> None:
    """Poll a condition every 5 ms until it holds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("benchmark step did not finish in time")
        time.sleep(0.005)


def child_env() -> dict[str, str]:
    """Return the environment for child processes: the project importable, no colour."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}


def report(name: str, value: float, baseline_name: str, baseline: float, target: str) -> None:
    """Print one figure beside its baseline."""
    print(f"{name}: {value:.3f} s vs {baseline_name}: {baseline:.3f} s = {value / baseline:.2f}x {target}")


def main() -> None:
    """Run every benchmark on a temporary copy of the project."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    root = make_copy()
    try:
        bench_noop(root, runs)
        bench_cold(root, max(3, runs // 2))
        bench_edit_vs_cold(root, max(3, runs // 2))
        bench_watch(root, runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
