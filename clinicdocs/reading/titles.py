"""Other handouts' titles, for the wiki links that name them: read from each file's front matter or first '# ' heading."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..errors import BuildError
from .source import read_source

HEADING = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)


def handout_title(path: Path) -> str:
    """Return a handout's title as its author wrote it ('' when it has none or cannot be read)."""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return cached_title(path.resolve(), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=512)
def cached_title(path: Path, size: int, mtime_ns: int) -> str:
    """Return the title of a handout at one size and time (a build reads each neighbour once, however many links name it)."""
    try:
        source = read_source(path)
    except BuildError:
        return ""  # a handout that cannot be read is found by its file name; its own build reports why
    if source.metadata.title:
        return source.metadata.title.strip()
    heading = HEADING.search(source.body)
    return heading.group(1).strip() if heading else ""
