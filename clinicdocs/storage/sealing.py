"""Seal what the build folder's cache keeps, so that only entries this user's builds made into that folder are used.

A compiled template is Python code: a file planted in `build/.cache/` (a CI cache restored from another
branch, a shared build folder) would run in the next build. Each entry therefore carries an HMAC made
with a key kept outside the build folder, in the user's state folder (or `CLINICDOCS_CACHE_KEY`, for CI
runners that share a cache), over the cache folder's path and the entry's bytes. An entry whose seal
does not match is ignored and made again.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
from pathlib import Path

KEY_ENV = "CLINICDOCS_CACHE_KEY"
SEAL_BYTES = 32


def key_file() -> Path:
    """Return where this user's cache key is kept: `$XDG_STATE_HOME/clinicdocs/cache-key` (default ~/.local/state)."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "clinicdocs" / "cache-key"


@functools.lru_cache(maxsize=4)
def cache_key(path: Path | None = None) -> bytes | None:
    """Return the secret key that seals cache entries, making it on first use; None when it cannot be kept."""
    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV].encode("utf-8")
    path = path or key_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.write(os.urandom(SEAL_BYTES))
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) >= SEAL_BYTES else None


def seal(folder: Path, name: str, data: bytes) -> bytes | None:
    """Return the seal of an entry `name` of the cache `folder`, or None when there is no key (nothing is then cached)."""
    key = cache_key()
    if key is None:
        return None
    where = f"{folder.resolve()}\0{name}\0".encode("utf-8", "surrogateescape")
    return hmac.new(key, where + hashlib.sha256(data).digest(), hashlib.sha256).digest()


def sealed(folder: Path, name: str, data: bytes) -> bytes | None:
    """Return the entry's bytes with their seal in front, or None when there is no key."""
    mark = seal(folder, name, data)
    return mark + data if mark is not None else None


def unsealed(folder: Path, name: str, stored: bytes) -> bytes | None:
    """Return the bytes of a stored entry if its seal is right, else None."""
    mark, data = stored[:SEAL_BYTES], stored[SEAL_BYTES:]
    expected = seal(folder, name, data)
    return data if expected is not None and hmac.compare_digest(mark, expected) else None


def write_sealed(path: Path, data: bytes) -> None:
    """Write a cache entry with its seal (atomically); write nothing when no key can be kept."""
    from .atomic import write_atomic

    stored = sealed(path.parent, path.name, data)
    if stored is not None:
        write_atomic(path, stored)


def read_sealed(path: Path) -> bytes | None:
    """Return a cache entry's bytes if it exists and its seal is right, else None."""
    try:
        return unsealed(path.parent, path.name, path.read_bytes())
    except OSError:
        return None
