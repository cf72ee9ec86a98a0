#!/usr/bin/env python3
"""Measure the preview's save-to-page time. Run by hand: `python bench/preview.py [--runs 5] [--only ...]`.

It serves a temporary copy of the project (`make_docs.py serve`, default brand and document), then edits
one word on the document's first page again and again, and times each save until the page the browser
fetches on the server's event shows a new picture of that page. Prints each time and the median.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def first_page(port: int) -> bytes:
    """Return the picture of page 1 that the page shows now (b'' before the first build has pictures)."""
    try:
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode("utf-8")
        found = re.search(r'src="(/pages/\d+/1\.png)"', page)
        return urllib.request.urlopen(f"http://127.0.0.1:{port}{found.group(1)}", timeout=5).read() if found else b""
    except OSError:
        return b""  # between the page and its picture a newer build came: ask again


def main() -> None:
    """Serve a copy, save edits, time them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--brand", default="injury-prevention-guru")
    parser.add_argument("--only", default="guide,card,large-print,epub,catalog")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="clinicdocs-preview-"))
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, str(ROOT / "make_docs.py"), "serve", "--port", str(port), "--brand", args.brand, "--only", args.only]
    server = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL)
    try:
        while not (last := first_page(port)):
            time.sleep(0.1)
        time.sleep(3)  # let the first build finish its other outputs
        last = first_page(port)
        document = next((root / "source").glob("*.md"))
        times = []
        for run in range(args.runs):
            text = document.read_text(encoding="utf-8")
            document.write_text(text.replace("a common issue", "a common problem") if "a common issue" in text else text.replace("a common problem", "a common issue"), encoding="utf-8")
            started = time.perf_counter()
            while (now := first_page(port)) in (last, b""):
                time.sleep(0.01)
            times.append(time.perf_counter() - started)
            last = now
            print(f"save {run + 1}: page shows the new build after {times[-1]:.2f} s")
            time.sleep(2)  # the build's other outputs
        print(f"median save-to-page time: {statistics.median(times):.2f} s ({args.brand}, --only {args.only})")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
