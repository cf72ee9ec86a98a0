"""Print a cold build's total time and the part spent inside WeasyPrint (import, layout, PDF writing)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

started = time.perf_counter()
inside = 0.0


def timed(function):
    """Wrap a WeasyPrint entry point so its time adds to `inside`."""

    def wrapper(*args, **kwargs):
        global inside
        begin = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            inside += time.perf_counter() - begin

    return wrapper


begin = time.perf_counter()
import weasyprint  # noqa: E402
from weasyprint.document import Document  # noqa: E402

inside += time.perf_counter() - begin
weasyprint.HTML.render = timed(weasyprint.HTML.render)
weasyprint.HTML.write_pdf = timed(weasyprint.HTML.write_pdf)
Document.write_pdf = timed(Document.write_pdf)

from clinicdocs.build import BuildOptions, build  # noqa: E402

build(BuildOptions(brands=(sys.argv[1],), out=Path(tempfile.mkdtemp()), force=True))
print(f"{time.perf_counter() - started:.4f} {inside:.4f}")
