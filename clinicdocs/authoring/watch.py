"""Watch mode: rebuild on save with the libraries kept loaded; a bad edit never stops the watch."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from ..building.build import BatchDone, BuildOptions, BuildReport, build, make_renderer
from ..errors import BuildError, OutputsFailed


def watch(
    options: BuildOptions, report: Callable[[BuildReport], None], fail: Callable[[BuildError], None], stop: threading.Event | None = None,
    report_every_build: bool = False, batch_done: BatchDone | None = None, mended: Callable[[], None] | None = None,
    first: Callable[[], Path] | None = None,
) -> None:
    """Build now, then again after every change under the source and layouts folders.

    `report_every_build` reports builds that wrote nothing too: the preview needs to hear that an edit
    which put back the last good text has mended the error it showed. `mended` is told when a build
    succeeds after one that failed, so the terminal says the error on screen is gone. `first` names the
    output to render first in each build (the preview's current choice, which its page may switch).
    """
    import watchfiles

    renderer = make_renderer(options.layouts, options.out)
    logging.getLogger("watchfiles").propagate = False  # its "1 change detected" would repeat our own line
    options = dataclasses.replace(options, first_target_alone=True, jobs=1)  # one warm process beats new workers per save
    if first is not None:
        options = dataclasses.replace(options, first_output=first())
    failing = not rebuild(options, renderer, report, fail, always_report=True, batch_done=batch_done)
    # The watcher starts only after the first build; its first timeout triggers one more (usually empty)
    # incremental build so that a save made during the first build is not missed.
    caught_up = False
    for changes in watchfiles.watch(*watched_paths(options), stop_event=stop, debounce=50, step=5, rust_timeout=500, yield_on_timeout=True):
        if changes or not caught_up:
            if first is not None:
                options = dataclasses.replace(options, first_output=first())
            succeeded = rebuild(options, renderer, report, fail, always_report=report_every_build and bool(changes), batch_done=batch_done)
            if succeeded and failing and mended:
                mended()
            failing, caught_up = not succeeded, True


def rebuild(
    options: BuildOptions, renderer: object, report: Callable[[BuildReport], None], fail: Callable[[BuildError], None],
    always_report: bool = False, batch_done: BatchDone | None = None,
) -> bool:
    """Run one build, reporting what it wrote or the error, and keep going either way; return whether it succeeded."""
    started = time.perf_counter()
    try:
        result = build(options, renderer, batch_done=batch_done)  # type: ignore[arg-type]
    except OutputsFailed as error:  # the outputs that rendered were written: report them, then the failures
        error.report.seconds = time.perf_counter() - started  # type: ignore[attr-defined]
        report(error.report)  # type: ignore[arg-type]
        fail(error)
        return False
    except BuildError as error:
        fail(error)
        return False
    except Exception:  # a bug in the builder: show it, but keep the author's watch alive
        traceback.print_exc()
        return False
    result.seconds = time.perf_counter() - started
    if result.written or always_report:
        report(result)
    return True


def watched_paths(options: BuildOptions) -> list[Path]:
    """Return the folders watch mode listens to."""
    source = options.source if options.source.is_dir() else options.source.parent
    return [path for path in (source, options.layouts, *(Path(b) for b in options.brands if Path(b).is_dir())) if path.exists()]
