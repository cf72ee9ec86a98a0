#!/usr/bin/env python3
"""Benchmark the builder against the pipeline a clinic could assemble itself. Run by hand:

    python bench/bench.py [--runs 7] [--only cold,epub,page,noop,watch] [--cpu]

Every comparison is paired and interleaved: each round runs every contender once, in rotating order,
and the figures are medians over the rounds. It works on a temporary copy of source/ and layouts/.

- cold: `make_docs.py --only guide,epub --brand B --force` (a new process; the build folder's cache
  kept, and again with it emptied first) against pandoc (Debian's) to HTML, the WeasyPrint command line
  with `--pdf-variant pdf/ua-1` and this project's own guide stylesheet, and pandoc to EPUB.
- epub: `make_docs.py --only epub --force` against `pandoc x.md -o x.epub` given our EPUB's cover picture
  (`--epub-cover-image`) and stylesheet (`--css`), as ours has both.
- page: the extra time per page of a long guide over the short one, as new `make_docs.py --only guide`
  processes, against the same difference between warm bare WeasyPrint renders of the same HTML, at the
  garbage collector thresholds make_docs.py sets.
- noop: `make_docs.py` with nothing to do against `python -c pass`.
- watch (wall time only): in `--watch`, saving the document until the first guide is rewritten, against a warm bare
  WeasyPrint render of that guide.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRAND = "injury-prevention-guru"
DOCUMENT = "hip-flexors"
LONG_COPIES = 16  # the long guide: the article's sections 16 times over (13,330 words, under the 15,000-word limit)
PYTHON = sys.executable
MAKE = [PYTHON, str(ROOT / "make_docs.py")]
CPU_TIME = "--cpu" in sys.argv  # CPU seconds instead of wall time: steadier on a busy machine


def child_env(cpu: bool = CPU_TIME) -> dict[str, str]:
    """Return the environment for child processes: the project importable, no colour, which clock to use."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"} | ({"CLINICDOCS_BENCH_CPU": "1"} if cpu else {})


def run(command: list[str], cwd: Path) -> float:
    """Run a command to completion and return its time (wall, or CPU with --cpu)."""
    started, cpu = time.perf_counter(), children_cpu()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=child_env())
    return children_cpu() - cpu if CPU_TIME else time.perf_counter() - started


def children_cpu() -> float:
    """Return the user + system CPU seconds of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def paired(contenders: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    """Run every contender once per round, rotating the order, and return each one's median."""
    names = list(contenders)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(runs):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(contenders[name]())
    return {name: statistics.median(values) for name, values in times.items()}


def report(name: str, ours: float, peer_name: str, peer: float, target: str) -> None:
    """Print one figure beside its baseline."""
    print(f"{name}: {ours:.3f} s vs {peer_name}: {peer:.3f} s = {ours / peer:.2f}x (target {target})", flush=True)


def make_copy() -> Path:
    """Return a temporary project: source/, layouts/, and long/ holding a long version of the article."""
    root = Path(tempfile.mkdtemp(prefix="clinicdocs-bench-"))
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copytree(ROOT / "source" / "images", root / "long" / "images")
    text = (ROOT / "source" / f"{DOCUMENT}.md").read_text(encoding="utf-8")
    head, body = text.split("\n## ", 1)
    parts = ["## " + body] + [re.sub(r"(?m)^## ", f"## Part {n}: ", "## " + body) for n in range(1, LONG_COPIES)]
    long = head + "\n" + "\n".join(parts)
    sys.path.insert(0, str(ROOT))
    from clinicdocs.reading.limits import MAX_WORDS, WORD

    if len(WORD.findall(long)) > MAX_WORDS:
        raise SystemExit(f"bench.py: the long guide has {len(WORD.findall(long))} words, over the {MAX_WORDS}-word limit; lower LONG_COPIES")
    (root / "long" / f"{DOCUMENT}.md").write_text(long, encoding="utf-8")
    return root


def pandoc_pipeline(root: Path, css: Path) -> Callable[[], float]:
    """Return the peer pipeline: pandoc to HTML, WeasyPrint's command line to PDF/UA-1, pandoc to EPUB."""
    weasyprint = Path(PYTHON).parent / "weasyprint"
    cli = [str(weasyprint)] if weasyprint.exists() else [PYTHON, "-m", "weasyprint"]
    source, peer = root / "source", root / "peer"
    peer.mkdir(exist_ok=True)

    def pipeline() -> float:
        return sum(run(command, source) for command in (
            ["pandoc", f"{DOCUMENT}.md", "-s", "-o", str(peer / "guide.html")],
            [*cli, "--pdf-variant", "pdf/ua-1", "-s", str(css), "-u", source.as_uri() + "/", str(peer / "guide.html"), str(peer / "guide.pdf")],
            ["pandoc", f"{DOCUMENT}.md", "-o", str(peer / "guide.epub")],
        ))

    return pipeline


def guide_stylesheet(root: Path) -> Path:
    """Write this project's guide stylesheet for the brand (fonts, page rules, all of it) for the peer pipeline."""
    code = (
        "import sys; from pathlib import Path; from clinicdocs.brands.schema import load_brand; from clinicdocs.reading.parse import parse_document; "
        "from clinicdocs.rendering.pdf import handout_css; from clinicdocs.reading.source import read_source; from clinicdocs.rendering.templates import make_environment; "
        f"b = load_brand(Path('layouts/brands/{BRAND}')); d = parse_document(read_source(Path('source/{DOCUMENT}.md'))); "
        "sys.stdout.write(handout_css(make_environment(Path('layouts')), d, b, 'guide', b.papers[0]))"
    )
    css = subprocess.run([PYTHON, "-c", code], cwd=root, check=True, capture_output=True, text=True, env=child_env()).stdout
    path = root / "peer.css"
    path.write_text(css, encoding="utf-8")
    return path


def bench_cold(root: Path, runs: int) -> None:
    """Cold guide + EPUB of one brand against pandoc + WeasyPrint + pandoc."""
    ours = MAKE + ["--only", "guide,epub", "--brand", BRAND, "--force", "--out", "cold"]
    run(ours, root)  # fills the build folder's cache

    def empty_cache() -> float:
        shutil.rmtree(root / "cold" / ".cache", ignore_errors=True)
        return run(ours, root)

    medians = paired({"ours": lambda: run(ours, root), "ours, empty cache": empty_cache, "peer": pandoc_pipeline(root, guide_stylesheet(root))}, runs)
    peer = "pandoc + weasyprint --pdf-variant pdf/ua-1 + pandoc epub"
    report("cold guide + EPUB", medians["ours"], peer, medians["peer"], "<= 0.8x")
    report("cold guide + EPUB, first build (empty cache)", medians["ours, empty cache"], peer, medians["peer"], "<= 1.0x")


def bench_epub(root: Path, runs: int) -> None:
    """The EPUB alone against pandoc's EPUB."""
    ours = MAKE + ["--only", "epub", "--brand", BRAND, "--force", "--out", "epub"]
    run(ours, root)
    with zipfile.ZipFile(root / "epub" / BRAND / f"{DOCUMENT}.epub") as book:  # the peer gets our cover and stylesheet
        (root / "peer-cover.png").write_bytes(book.read("EPUB/clinic/cover.png"))
        (root / "peer-book.css").write_bytes(book.read("EPUB/style/book.css"))
    peer = ["pandoc", f"{DOCUMENT}.md", "-o", str(root / "peer.epub"), f"--epub-cover-image={root / 'peer-cover.png'}", f"--css={root / 'peer-book.css'}"]
    medians = paired({"ours": lambda: run(ours, root), "peer": lambda: run(peer, root / "source")}, runs)
    report("EPUB alone", medians["ours"], "pandoc x.md -o x.epub with a cover and a stylesheet", medians["peer"], "<= 2x")


def bench_page(root: Path, runs: int) -> None:
    """Extra time per page of a long guide: new processes of ours against warm bare WeasyPrint renders."""
    def ours(folder: str) -> Callable[[], float]:
        command = MAKE + ["--source", f"{folder}/{DOCUMENT}.md", "--only", "guide", "--brand", BRAND, "--force", "--out", f"page-{folder}"]
        run(command, root)
        return lambda: run(command, root)

    medians = paired({"short": ours("source"), "long": ours("long")}, runs)
    raw = json.loads(subprocess.run([PYTHON, str(ROOT / "bench" / "raw_renders.py"), BRAND, str(runs), f"source/{DOCUMENT}.md", f"long/{DOCUMENT}.md"],
                                    cwd=root, check=True, capture_output=True, text=True, env=child_env()).stdout)
    short, long = raw[f"source/{DOCUMENT}.md"], raw[f"long/{DOCUMENT}.md"]
    extra_pages = long["pages"] - short["pages"]
    ours_per_page = (medians["long"] - medians["short"]) / extra_pages
    raw_per_page = (long["seconds"] - short["seconds"]) / extra_pages
    print(f"  ({long['pages']}-page guide {medians['long']:.2f} s, {short['pages']}-page guide {medians['short']:.2f} s; "
          f"bare renders {long['seconds']:.2f} s and {short['seconds']:.2f} s)")
    report("per page of a long guide", ours_per_page, "warm bare WeasyPrint render at the same collector threshold, per page", raw_per_page, "<= 1.0x")


def bench_noop(root: Path, runs: int) -> None:
    """No-op rebuild against starting Python itself."""
    run(MAKE, root)
    medians = paired({"ours": lambda: run(MAKE, root), "python": lambda: run([PYTHON, "-c", "pass"], root)}, runs)
    report("no-op rebuild", medians["ours"], "python -c pass", medians["python"], "<= 1.2x")


def edit_paragraph(root: Path) -> None:
    """Change one word of one paragraph, as an author saving an edit would."""
    path = root / "source" / f"{DOCUMENT}.md"
    text = path.read_text(encoding="utf-8")
    before, after = ("a common issue", "a common problem") if "a common issue" in text else ("a common problem", "a common issue")
    path.write_text(text.replace(before, after, 1), encoding="utf-8")


def bench_watch(root: Path, runs: int) -> None:
    """Watch mode: save -> first guide rewritten, against a warm bare render of that guide."""
    guide = root / "watch" / BRAND / f"{DOCUMENT}-guide-letter.pdf"
    watcher = subprocess.Popen(MAKE + ["--watch", "--brand", BRAND, "--out", "watch"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=child_env())
    try:
        wait_for(lambda: b"done:" in (watcher.stdout.read1(65536) if watcher.stdout else b""), 300)
        time.sleep(1.0)
        to_guide = []
        for _ in range(runs):
            before = guide.stat().st_mtime_ns
            edit_paragraph(root)
            saved = time.perf_counter()
            wait_for(lambda: guide.stat().st_mtime_ns != before, 60)
            to_guide.append(time.perf_counter() - saved)
            time.sleep(2.5)  # let the rest of the brand's outputs finish
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)
    raw = json.loads(subprocess.run([PYTHON, str(ROOT / "bench" / "raw_renders.py"), BRAND, str(runs), f"source/{DOCUMENT}.md"],
                                    cwd=root, check=True, capture_output=True, text=True, env=child_env(cpu=False)).stdout)
    report("watch: save -> guide rewritten", statistics.median(to_guide), "warm bare WeasyPrint render of that guide", raw[f"source/{DOCUMENT}.md"]["seconds"], "<= 1.1x")


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    """Poll a condition every 2 ms until it holds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("benchmark step did not finish in time")
        time.sleep(0.002)


BENCHES = {"cold": bench_cold, "epub": bench_epub, "page": bench_page, "noop": bench_noop, "watch": bench_watch}


def main() -> None:
    """Run the chosen benchmarks on a temporary copy of the project."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default=",".join(BENCHES))
    parser.add_argument("--cpu", action="store_true", help="compare user + system CPU seconds instead of wall time (not for watch)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; medians of {args.runs} paired, interleaved rounds", flush=True)
    # An installed package comes with its bytecode; this machine sets PYTHONDONTWRITEBYTECODE, which would
    # leave the project's own modules (not the libraries') to be compiled again by every process measured.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "clinicdocs")], check=True)
    root = make_copy()
    try:
        for name in args.only.split(","):
            BENCHES[name](root, args.runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
