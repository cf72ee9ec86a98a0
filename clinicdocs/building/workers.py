"""Render targets in N worker processes, each with its own renderer loaded once.

Workers read the build folder's cache (covers, title widths, catalogs, hyphenation); what they make
is not added to it, since only the parent writes into the build folder: the next single-process
build adds it.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..errors import BuildError
from ..model import Document
from ..planning.targets import Target

if TYPE_CHECKING:
    from ..rendering.renderer import Renderer

_renderer: Renderer | None = None  # one per worker process, set by the pool's initializer


def start_worker(layouts: Path, cache: Path | None) -> None:
    """Load the rendering libraries once in this worker process."""
    global _renderer
    from multiprocessing.util import Finalize

    from ..rendering.renderer import Renderer

    _renderer = Renderer(layouts, cache)
    Finalize(None, release_fonts, exitpriority=10)  # a worker ends without collecting its objects: remove WeasyPrint's font folders


def release_fonts() -> None:
    """Remove the temporary font folders WeasyPrint made in this worker (its font configurations do it when collected)."""
    import sys

    if "clinicdocs.rendering.weasyload" in sys.modules:
        sys.modules["clinicdocs.rendering.weasyload"].release_font_configurations()


def render_one(target: Target, document: Document) -> tuple[bytes, str]:
    """Render one target in a worker process."""
    assert _renderer is not None
    return _renderer.render(target, document)


def render_in_workers(
    batch: list[Target], parsed: dict[Path, Document], layouts: Path, cache: Path | None, jobs: int,
    progress: Callable[[int, int, Target], None] | None, done: int, total: int,
) -> tuple[list[tuple[Target, bytes, str]], list[tuple[Target, BuildError]]]:
    """Render a batch in `jobs` processes, keeping the batch's order; return the rendered and the failed targets."""
    with ProcessPoolExecutor(max_workers=jobs, initializer=start_worker, initargs=(layouts, cache)) as pool:
        futures = [pool.submit(render_one, target, parsed[target.document]) for target in batch]
        results, failed = [], []
        for index, (target, future) in enumerate(zip(batch, futures), start=done + 1):
            try:
                data, detail = future.result()
            except BuildError as error:
                failed.append((target, error))
                continue
            if progress:
                progress(index, total, target)
            results.append((target, data, detail))
    return results, failed
