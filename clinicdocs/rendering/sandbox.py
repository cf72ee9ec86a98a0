"""The only way rendering reaches files: an allow-list fetcher with no network at all."""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .weasyload import URLFetcher, URLFetcherResponse

MAX_RESOURCE_BYTES = 20_000_000


class SandboxFetcher(URLFetcher):
    """Serve prepared assets, `data:` URLs and files inside the allowed folders; refuse the rest.

    Every refusal is also recorded, because WeasyPrint only logs fetch failures and carries on, and so is
    every URL served, so that a cached render can later be checked against what it read.
    """

    def __init__(self, roots: list[Path], assets: dict[str, bytes] | None = None):
        super().__init__(allowed_protocols=["data"])
        self.roots = [root.resolve() for root in roots]
        self.assets = dict(assets or {})
        self.refused: list[str] = []
        self.served: list[str] = []

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SandboxFetcher) and (self.roots, self.assets) == (other.roots, other.assets)

    def __hash__(self) -> int:
        return hash((tuple(self.roots), tuple(sorted((url, hash(data)) for url, data in self.assets.items()))))

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """Return the resource at `url` and note it, or raise after recording why it is refused."""
        response = self.serve(url, headers)
        self.served.append(url)
        return response

    def serve(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """Return the resource at `url`, or raise after recording why it is refused."""
        if url in self.assets:
            return URLFetcherResponse(url, self.assets[url], {"Content-Type": mime_type(url)})
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self.allowed_path(url)
            if path is not None:
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type(url)})
            self.refused.append(url + link_target(Path(unquote(urlsplit(url).path))))
            raise ValueError(f"refused to fetch {url}: only data: URLs and files inside {self.describe_roots()} are allowed")
        self.refused.append(url)
        raise ValueError(f"refused to fetch {url}: only data: URLs and files inside {self.describe_roots()} are allowed")

    def allowed_path(self, url: str) -> Path | None:
        """Return the real file behind a file: URL if it lies inside an allowed folder."""
        path = Path(unquote(urlsplit(url).path)).resolve()
        inside = any(path.is_relative_to(root) for root in self.roots)
        if inside and path.is_file() and path.stat().st_size <= MAX_RESOURCE_BYTES:
            return path
        return None

    def describe_roots(self) -> str:
        """Return the allowed folders for messages."""
        return ", ".join(str(root) for root in self.roots)


def link_target(path: Path) -> str:
    """Return ' (a symbolic link to TARGET)' when the file or a folder on its way is one, else ''."""
    for step in (path, *path.parents):
        if step.is_symlink():
            return f" ({step} is a symbolic link to {os.readlink(step)})"
    return ""


def mime_type(url: str) -> str:
    """Return the media type for a URL's file name."""
    kind, _ = mimetypes.guess_type(urlsplit(url).path)
    return kind or "application/octet-stream"


@contextlib.contextmanager
def weasyprint_problems() -> Iterator[list[str]]:
    """Collect the errors WeasyPrint logs (a broken image, a refused URL) instead of raising."""
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            problems.append(record.getMessage())

    handler = Collect(level=logging.ERROR)
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(min(logger.getEffectiveLevel(), logging.ERROR))  # a quieter CLI must not hide them from us
    logger.addHandler(handler)
    try:
        yield problems
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
