"""What a source may reference and contain: the link, image and markup policy."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .errors import SourceError

if TYPE_CHECKING:
    from .elements import LineFinder
    from .source import SourceFile

MAX_IMAGE_BYTES = 10_000_000
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
LINK_SCHEMES = ("https", "mailto", "tel")
COMMENT = re.compile(r"^\s*<!--.*-->\s*$", re.DOTALL)
# What Python-Markdown sets aside as an entity: a named, decimal or hexadecimal character reference.
CHARACTER_REFERENCE = re.compile(r"&(?:[A-Za-z0-9]+|#[0-9]+|#[xX][0-9A-Fa-f]+);")
CHARACTER_REFERENCES = re.compile(f"(?:{CHARACTER_REFERENCE.pattern})+")
NESTING_PREFIX = re.compile(r"^((?:\s*(?:[-*+]\s+|>\s*|\d+[.)]\s+)|\s{4}|\t)*)")
MAX_BRACKETS_PER_PARAGRAPH = 200
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
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise SourceError(f"image '{src}' is over {MAX_IMAGE_BYTES // 1_000_000} MB; make it smaller", document, line)
    problem = svg_problem(path) if path.suffix.lower() == ".svg" else raster_problem(path)
    if problem:
        raise SourceError(f"image '{src}' {problem}", document, line)
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


def is_local_link(href: str) -> bool:
    """Tell whether a link names a file or path beside the document (which a PDF or EPUB cannot follow)."""
    return not urlsplit(href).scheme and not href.startswith("#")


def stash_replacements(source: SourceFile, stashed: list, code: range, lines: LineFinder) -> tuple[dict[int, str], list[SourceError]]:
    """Return the text each piece Python-Markdown set aside stands for, and a problem for each piece of raw HTML.

    Comments become '', character references ('&nbsp;', '&#169;') their character; fenced code (the
    pieces numbered in `code`) is left to the parser, and raw HTML is refused (and left out).
    """
    import html

    replacements: dict[int, str] = {}
    problems = []
    for index, piece in enumerate(stashed):
        text = str(piece)
        if index in code:
            continue
        if COMMENT.match(text):
            replacements[index] = ""
            continue
        if CHARACTER_REFERENCES.fullmatch(text):  # one reference, or a run of them after a comment
            replacements[index] = html.unescape(text)
            unprintable = [ref for ref in CHARACTER_REFERENCE.findall(text) if not printable(html.unescape(ref))]
            if not unprintable:
                continue
            text = unprintable[0]
            message = f"character reference {text!r} is not a printable character; delete it"
        else:
            snippet = text.strip().splitlines()[0][:40] if text.strip() else text
            message = f"raw HTML is not allowed ({snippet!r}); write it in Markdown instead"
            text = snippet
        problems.append(SourceError(message, source.path, lines.next_line(text)))
    return replacements, problems


def printable(text: str) -> bool:
    """Tell whether a character reference stands for something a reader can see (not '' or a control character)."""
    return bool(text) and all(char in "\t\n" or unicodedata.category(char) not in ("Cc", "Cs") for char in text)


def check_nesting(source: SourceFile, limit: int) -> None:
    """Refuse lists, quotes or emphasis nested deeper than the parser can take safely."""
    brackets, paragraph_start = 0, 0
    for offset, line in enumerate(source.body.split("\n")):
        if not line.strip():
            brackets, paragraph_start = 0, offset + 1
        brackets += line.count("[")
        if brackets > MAX_BRACKETS_PER_PARAGRAPH:  # link matching slows down with the square of open brackets
            raise SourceError(
                f"more than {MAX_BRACKETS_PER_PARAGRAPH} '[' in one paragraph; split the paragraph or remove some brackets",
                source.path,
                source.body_line + paragraph_start,
            )
        prefix = match.group(1) if (match := NESTING_PREFIX.match(line)) else ""
        depth = prefix.count(">") + len(re.findall(r"(?:[-*+]|\d+[.)])\s", prefix)) + len(re.findall(r" {4}|\t", prefix))
        if depth > limit or EMPHASIS_RUN.search(line):
            raise SourceError(
                f"nesting deeper than {limit} levels (lists, quotes or emphasis); flatten it",
                source.path,
                source.body_line + offset,
            )


SVG_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]*)", re.IGNORECASE)
SVG_IMPORT = re.compile(r"@import", re.IGNORECASE)


MAX_IMAGE_PIXELS = 40_000_000


def raster_problem(path: Path) -> str:
    """Return why a PNG/JPEG/GIF/WebP cannot be embedded (unreadable, absurdly large), or ''."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return f"is {width} x {height} pixels, too large to print; resize it below {MAX_IMAGE_PIXELS // 1_000_000} megapixels"
            image.verify()
    except Image.DecompressionBombError:
        return f"is too large to print; resize it below {MAX_IMAGE_PIXELS // 1_000_000} megapixels"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        return f"is not a readable image ({error})"
    return ""


def declares_doctype(path: Path) -> bool:
    """Tell whether an XML file declares a DOCTYPE (and so possibly entities), wherever it stands."""
    import xml.parsers.expat

    found = False

    def doctype(*_: object) -> None:
        nonlocal found
        found = True
        raise ValueError("DOCTYPE")

    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        parser.Parse(path.read_bytes(), True)
    except (ValueError, xml.parsers.expat.ExpatError):
        pass
    return found


def svg_problem(path: Path) -> str:
    """Return why an SVG may not be embedded (scripts, handlers, outside references), or ''."""
    import xml.etree.ElementTree as etree

    if declares_doctype(path):
        return "declares a DOCTYPE or entities; remove them (they can make rendering take hours)"
    try:
        root = etree.parse(path).getroot()
    except (etree.ParseError, OSError) as error:
        return f"is not a readable SVG file ({error})"
    if not root.tag.endswith("svg"):
        return "is not an SVG file (its root element is not <svg>)"
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1].lower()
        if name in ("script", "foreignobject"):
            return f"contains a <{name}> element; remove it"
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return f"has an event handler '{local}'; remove it"
            references = [value] if local in ("href", "src") else SVG_URL.findall(value)
            if any(not reference.startswith(("#", "data:")) and reference for reference in references):
                return f"refers to '{references[0]}'; SVG files may only refer to their own '#ids' or data: URLs"
        text = element.text or ""
        if name == "style" and (SVG_IMPORT.search(text) or any(not r.startswith(("#", "data:")) for r in SVG_URL.findall(text))):
            return "has a <style> that imports or refers to outside files; inline the styles"
    return ""
