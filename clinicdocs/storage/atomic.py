"""Write outputs atomically: temporary files beside the targets, renamed into place together, under a lock."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".lock"
# The names mkstemp gives our temporary files: '.' + the target's name + '.' + 8 random characters + '.tmp'.
TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def stage(path: Path, data: bytes, mode: int = 0o644) -> Path:
    """Write `data` (with permissions `mode`) to a temporary file beside `path` and return its name; nothing is replaced yet."""
    import tempfile  # imported on demand: a build with nothing to write never needs it

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return Path(temp_name)


def discard(staged: list[tuple[Path, Path]]) -> None:
    """Remove staged temporary files that will not be renamed into place."""
    for temp, _ in staged:
        with contextlib.suppress(OSError):
            temp.unlink()


def commit(staged: list[tuple[Path, Path]]) -> None:
    """Rename every staged file into place (a rename needs no free space, so a full disk cannot stop it halfway)."""
    for temp, path in staged:
        os.replace(temp, path)


def write_all(files: list[tuple[Path, bytes]], mode: int = 0o644) -> None:
    """Replace every file with its data, or none of them: all are staged before any is renamed."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            staged.append((stage(path, data, mode), path))
    except BaseException:
        discard(staged)
        raise
    commit(staged)


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace `path` with `data` so readers see the old file or the new one, never half of one (with permissions `mode`)."""
    write_all([(path, data)], mode)


def remove_leftovers(out: Path) -> list[Path]:
    """Remove the temporary files a build killed while writing left in `out` (call it holding the lock); return them."""
    removed = []
    for folder, _, names in os.walk(out):
        for name in names:
            if TEMP_NAME.match(name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    removed.append(Path(folder, name))
    return removed


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the build folder so two builds take turns writing."""
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_NAME, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
