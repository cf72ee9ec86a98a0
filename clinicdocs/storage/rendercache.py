"""A cache of rendered bytes in the build folder, reused only when everything they were made from is unchanged.

An entry records what its render read: the hash of the request (the HTML and where it may fetch from),
the hash of every resource it fetched, and the size and time of every module and shared library loaded
in the process that drew it (WeasyPrint, Pango, HarfBuzz, pdfium, Pillow and the fonts they mapped).
A lookup checks all of that with hashes of the small resources and stat calls for the rest, so a
renderer upgrade or an edited logo, font or template draws afresh, and a reused entry has the bytes a
fresh render would make. Entries are written with the build's outputs, never by a build that fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .atomic import write_atomic
from .sealing import read_sealed, write_sealed
from .spill import Spill, Spilled

CACHE_FOLDER = ".cache"


@dataclass(frozen=True)
class Entry:
    """One cached result and what it was made from."""

    key: str
    data: bytes
    fetched: dict[str, str]
    files: dict[str, list[int]]


def files_stamp(*paths: Path) -> str:
    """Return a name for the versions of some files (their sizes and times): the code and data a cache entry was made
    by, so that an upgrade or an edit of any of them starts afresh."""
    stamp = "/".join(f"{stat.st_size}-{stat.st_mtime_ns}" for stat in (path.stat() for path in paths))
    return hashlib.sha256(stamp.encode("ascii")).hexdigest()[:16]


def entry_name(*parts: str) -> str:
    """Return the file name of a cache entry that stands for one thing (a handout's title, a book's cover): a newer entry replaces it."""
    return hashlib.sha256("/".join(parts).encode("utf-8")).hexdigest()[:24]


def request_key(*parts: str) -> str:
    """Return the hash that names a request."""
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def resource_digest(url: str, assets: dict[str, bytes]) -> str | None:
    """Return the hash of what a URL serves (a prepared asset, a file, or the data: URL itself); None if unknown."""
    if url in assets:
        return hashlib.sha256(assets[url]).hexdigest()
    scheme = urlsplit(url).scheme.lower()
    if scheme == "data":
        return hashlib.sha256(url.encode("utf-8")).hexdigest()
    if scheme == "file":
        try:
            return hashlib.sha256(Path(unquote(urlsplit(url).path)).read_bytes()).hexdigest()
        except OSError:
            return None
    return None


CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""")


def referenced_urls(text: str, base: str) -> set[str]:
    """Return the absolute URLs a stylesheet (or a page's inline styles) names with url(...).

    A render records what its fetcher served, but WeasyPrint loads a font face once per font
    configuration, so a render after the first fetches no fonts: the fonts a stylesheet names are
    what the result was made from all the same.
    """
    return {urljoin(base, found.group(2)) for found in CSS_URL.finditer(text) if found.group(2)}


def loaded_files() -> dict[str, list[int]] | None:
    """Return [size, mtime_ns] of every module file and mapped file of this process; None if any cannot be read.

    Temporary files are left out: WeasyPrint maps copies of the fonts it fetched (whose hashes are checked);
    so is shared memory. A deleted file (a library upgraded under a running process) cannot be read: None.
    """
    import tempfile

    temporary = os.path.join(os.path.realpath(tempfile.gettempdir()), "")
    paths = {str(m.__file__) for m in list(sys.modules.values()) if getattr(m, "__file__", None)}
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="surrogateescape") as maps:
            mapped = {fields[5] for fields in (line.split(None, 5) for line in maps.read().splitlines()) if len(fields) == 6}
        # Shared memory (a worker pool's semaphores in /dev/shm, unlinked once made) is not code: a render never reads it.
        paths |= {path for path in mapped if path.startswith("/") and not path.startswith((temporary, "/dev/", "/memfd:"))}
        states = {}
        for path in sorted(paths):
            stat = os.stat(path)
            states[path] = [stat.st_size, stat.st_mtime_ns]
        return states
    except OSError:  # no /proc, a deleted or anonymous mapping: do not cache what cannot be checked
        return None


def lookup(folder: Path, name: str, key: str, assets: dict[str, bytes]) -> bytes | None:
    """Return the cached bytes for `key` when the entry exists and everything it was made from is unchanged."""
    try:
        record = json.loads(read_sealed(folder / f"{name}.json") or b"{}")
        if record["key"] != key:
            return None
        for url, digest in record["fetched"].items():
            if resource_digest(url, assets) != digest:
                return None
        for path, state in record["files"].items():
            stat = os.stat(path)
            if [stat.st_size, stat.st_mtime_ns] != state:
                return None
        data = (folder / f"{name}.bin").read_bytes()
        return data if hashlib.sha256(data).hexdigest() == record["sha256"] else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store(folder: Path, name: str, entry: Entry) -> None:
    """Write one entry (its bytes first, then the record that makes them valid)."""
    write_atomic(folder / f"{name}.bin", entry.data)
    record = {"key": entry.key, "sha256": hashlib.sha256(entry.data).hexdigest(), "fetched": entry.fetched, "files": entry.files}
    write_sealed(folder / f"{name}.json", json.dumps(record, indent=0, sort_keys=True).encode("utf-8"))


class Store:
    """One kind of cached render (covers, title widths): answered from memory (watch mode), then from the folder.

    What is drawn is staged and written by `save`, with the build's outputs. Neither grows with the
    number of outputs: memory keeps the last MEMORY_ENTRIES drawings (a repeat beyond them is read
    from the folder), and what waits for `save` waits in a spill file, not in memory.
    """

    MEMORY_ENTRIES = 32

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.memory: OrderedDict[str, tuple[bytes, dict[str, str]]] = OrderedDict()  # key -> the bytes and what they fetched
        self.pending: dict[str, tuple[str, Spilled, dict[str, str]]] = {}  # name -> key, bytes, what they were made from
        self.spill = Spill()

    def get(self, name: str, key: str, served: dict[str, bytes]) -> bytes | None:
        """Return the bytes made for `key` while everything they were made from is unchanged, else None."""
        remembered = self.memory.get(key)
        if remembered and all(resource_digest(url, served) == digest for url, digest in remembered[1].items()):
            self.memory.move_to_end(key)
            return remembered[0]
        return lookup(self.folder, name, key, served) if self.folder else None

    def put(self, name: str, key: str, data: bytes, fetched: list[str], served: dict[str, bytes], source: str, base: str) -> None:
        """Remember new bytes and what they were made from: what the render fetched and every url() its `source`
        (HTML or CSS, read against `base`) names. Unless a resource cannot be hashed: then they are never reused."""
        digests = {url: resource_digest(url, served) for url in sorted(set(fetched) | referenced_urls(source, base))}
        if not all(digests.values()):
            return
        known = {url: str(digest) for url, digest in digests.items()}
        self.memory[key] = (data, known)
        self.memory.move_to_end(key)
        while len(self.memory) > self.MEMORY_ENTRIES:
            self.memory.popitem(last=False)
        if self.folder:
            self.pending[name] = (key, self.spill.put(data), known)

    def save(self) -> None:
        """Write the entries made since the last save into the folder, each with the files of this process (read once)."""
        files = loaded_files() if self.folder and self.pending else None
        if self.folder and files is not None:
            for name, (key, data, known) in sorted(self.pending.items()):
                store(self.folder, name, Entry(key, data.read(), known, files))
        self.pending.clear()
        self.spill.close()
