"""Render targets in N worker processes, each with its own renderer loaded once.

Workers read the build folder's cache (covers, title widths, catalogs, hyphenation); what they make
is not added to it, since only the parent writes into the build folder: the next single-process
build adds it.
"""

from __future__ import annotations

import itertools
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..errors import BuildError
from ..model import Document
from ..planning.targets import Target
from ..storage.spill import Spill, Spilled

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
    progress: Callable[[int, int, Target], None] | None, done: int, total: int, spill: Spill,
) -> tuple[list[tuple[Target, Spilled, str]], list[tuple[Target, BuildError]]]:
    """Render a batch in `jobs` processes, keeping the batch's order; return the rendered targets (their bytes in `spill`) and the failed ones.

    At most two targets per worker are handed out ahead of the one awaited, so finished outputs never pile
    up in this process's memory: each goes to the spill file as it is taken, and its future is dropped.
    """
    with ProcessPoolExecutor(max_workers=jobs, initializer=start_worker, initargs=(layouts, cache)) as pool:
        waiting: deque[tuple[Target, Future]] = deque()
        upcoming = iter(batch)
        results, failed = [], []
        for index in range(done + 1, done + len(batch) + 1):
            for target in itertools.islice(upcoming, 2 * jobs - len(waiting)):
                waiting.append((target, pool.submit(render_one, target, parsed[target.document])))
            target, future = waiting.popleft()
            try:
                data, detail = future.result()
            except BuildError as error:
                failed.append((target, error))
                continue
            finally:
                del future
            if progress:
                progress(index, total, target)
            results.append((target, spill.put(data), detail))
            del data
    return results, failed
