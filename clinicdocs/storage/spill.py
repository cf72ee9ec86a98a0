"""Rendered bytes kept on disk, not in memory, until they are written: a build's memory does not grow with its outputs.

A build renders a whole batch before writing any of it (all or nothing); holding every PDF and EPUB
of the batch in memory made a build's peak memory grow with the number of documents and brands
(measured with `python bench/scale.py`: 100 brands of the shipped article held about 60 MB of PDFs and
EPUBs). Each output is appended to one unnamed temporary file as soon as it is rendered and read
back, one at a time, when it is staged. The file has no name (the system removes it when it is closed
or its process ends, even by `kill -9`) and lives in the system's temporary folder, so nothing of it
ever appears in the build folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO


class Spill:
    """One unnamed temporary file that rendered outputs are appended to."""

    def __init__(self) -> None:
        self.file: IO[bytes] | None = None
        self.end = 0

    def put(self, data: bytes) -> Spilled:
        """Append `data` and return the handle that reads it back."""
        if self.file is None:
            import tempfile

            self.file = tempfile.TemporaryFile(prefix="clinicdocs-")
        self.file.seek(self.end)
        self.file.write(data)
        spilled = Spilled(self, self.end, len(data))
        self.end += len(data)
        return spilled

    def read(self, offset: int, size: int) -> bytes:
        """Return `size` bytes from `offset`."""
        assert self.file is not None
        self.file.seek(offset)
        return self.file.read(size)

    def close(self) -> None:
        """Drop everything spilled (the system frees the file)."""
        if self.file is not None:
            self.file.close()
            self.file = None
        self.end = 0


@dataclass(frozen=True)
class Spilled:
    """Where one output's bytes are in a spill file."""

    spill: Spill
    offset: int
    size: int

    def read(self) -> bytes:
        """Return the bytes."""
        return self.spill.read(self.offset, self.size)

    def __len__(self) -> int:
        return self.size
