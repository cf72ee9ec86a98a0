"""What a source may reference and contain: the link, image and markup policy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .errors import SourceError

if TYPE_CHECKING:
    from .parse import LineFinder
    from .source import SourceFile

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
LINK_SCHEMES = ("https", "mailto", "tel")
COMMENT = re.compile(r"^\s*<!--.*-->\s*$", re.DOTALL)
NESTING_PREFIX = re.compile(r"^((?:\s*(?:[-*+>]|\d+[.)])\s+|\s{4}|\t)*)")
EMPHASIS_RUN = re.compile(r"[*_]{25,}|(?:[*_]+\s*){40,}")


def resolve_image(document: Path, src: str, line: int) -> Path:
    """Return the file an image reference names, if it is a relative path inside the source folder."""
    folder = document.parent.resolve()
    parts = urlsplit(src)
    if not src or parts.scheme or parts.netloc or src.startswith(("/", "\\")):
        raise SourceError(
            f"image '{src}' must be a relative path to a file beside the document (e.g. images/figure.svg)",
            document,
            line,
        )
    path = (folder / unquote(parts.path)).resolve()
    if not path.is_relative_to(folder):
        raise SourceError(f"image '{src}' points outside the source folder {folder}; move the file into it", document, line)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise SourceError(f"image '{src}' is not an image file ({', '.join(IMAGE_SUFFIXES)})", document, line)
    if not path.is_file():
        raise SourceError(f"image '{src}' not found (looked in {path.parent})", document, line)
    return path


def link_problem(document: Path, href: str) -> str:
    """Return why a link is not allowed, or an empty string when it is fine."""
    parts = urlsplit(href)
    if parts.scheme:
        if parts.scheme.lower() in LINK_SCHEMES:
            return ""
        return f"link '{href}' is not allowed: use https:, mailto:, tel: or a relative link"
    if href.startswith("#") or not parts.path:
        return ""
    if parts.netloc or href.startswith("/"):
        return f"link '{href}' must be relative or https:"
    target = (document.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(document.parent.resolve()):
        return f"link '{href}' points outside the source folder"
    if not target.exists():
        return f"link '{href}' points to a missing file (looked for {target})"
    return ""


def check_raw_html(source: SourceFile, stashed: list, lines: LineFinder) -> None:
    """Reject raw HTML in the Markdown; comments are allowed and dropped."""
    for index, html in enumerate(stashed):
        text = str(html)
        if COMMENT.match(text):
            stashed[index] = ""
            continue
        snippet = text.strip().splitlines()[0][:40] if text.strip() else text
        raise SourceError(
            f"raw HTML is not allowed ({snippet!r}); write it in Markdown instead",
            source.path,
            lines.line_of(snippet),
        )


def check_nesting(source: SourceFile, limit: int) -> None:
    """Refuse lists, quotes or emphasis nested deeper than the parser can take safely."""
    for offset, line in enumerate(source.body.split("\n")):
        prefix = NESTING_PREFIX.match(line).group(1)
        depth = prefix.count(">") + len(re.findall(r"(?:[-*+]|\d+[.)])\s", prefix)) + len(re.findall(r" {4}|\t", prefix))
        if depth > limit or EMPHASIS_RUN.search(line):
            raise SourceError(
                f"nesting deeper than {limit} levels (lists, quotes or emphasis); flatten it",
                source.path,
                source.body_line + offset,
            )
