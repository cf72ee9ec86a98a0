"""What a source may reference and contain: the link, image and markup policy."""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote, urlsplit

from ..errors import SourceError
from .svgcheck import svg_bytes_problem

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


def closest_picture(folder: Path, wanted: str, limit: int = 5000) -> str:
    """Return "; did you mean 'x'?" naming the picture under `folder` whose path is closest to `wanted`, or ''."""
    import difflib

    found: list[str] = []
    for parent, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))  # not .git, not editors' folders
        base = Path(parent).relative_to(folder)
        found += [(base / name).as_posix() for name in sorted(files) if Path(name).suffix.lower() in IMAGE_SUFFIXES]
        if len(found) >= limit:  # a source folder holding a photo library: enough to choose from
            break
    def likeness(candidate: str) -> tuple[float, float]:
        # The file's own name decides (a folder prefix and '.png' shared by every picture would make any two alike);
        # the whole path breaks ties between files of the same name in different folders.
        name = difflib.SequenceMatcher(None, Path(wanted).stem.lower(), Path(candidate).stem.lower()).ratio()
        return name, difflib.SequenceMatcher(None, wanted.lower(), candidate.lower()).ratio()

    best = max(found, key=likeness, default=None)
    return f"; did you mean '{best}'?" if best is not None and likeness(best)[0] >= 0.75 else ""


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
        raise SourceError(f"image '{src}' points outside the source folder {folder}{link_note(folder / unquote(parts.path), folder)}; move the file into it", document, line)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise SourceError(f"image '{src}' is not an image file ({', '.join(IMAGE_SUFFIXES)})", document, line)
    if not path.is_file():
        raise SourceError(f"image '{src}' not found (looked in {path.parent}){closest_picture(folder, unquote(parts.path))}", document, line)
    stat = path.stat()
    if stat.st_size > MAX_IMAGE_BYTES:
        raise SourceError(f"image '{src}' is over {MAX_IMAGE_BYTES // 1_000_000} MB; make it smaller", document, line)
    if problem := image_problem(path, stat.st_size, stat.st_mtime_ns):
        raise SourceError(f"image '{src}' {problem}", document, line)
    return path


@functools.lru_cache(maxsize=256)
def image_problem(path: Path, size: int, mtime_ns: int) -> str:
    """Return why a picture may not be used, or '': looked at once per process while the file keeps its size and time
    (a picture shown many times, every rebuild in watch mode)."""
    return svg_problem(path) if path.suffix.lower() == ".svg" else raster_problem(path)


REFUSED_SCHEMES = ("javascript", "vbscript", "data", "file")


def link_note(path: Path, folder: Path) -> str:
    """Return ' (STEP is a symbolic link to TARGET)' when `path` or a folder on its way inside `folder` is one, else ''."""
    for step in (path, *path.parents):
        if step == folder or not step.is_relative_to(folder):
            break
        if step.is_symlink():
            return f" ({step} is a symbolic link to {os.readlink(step)})"
    return ""


def classify_link(document: Path, href: str) -> tuple[str, str]:
    """Return what becomes of a link and why: ('keep' | 'text' | 'refuse' | 'fragment', message or '').

    What a reader can follow stays a link; what a PDF or EPUB cannot follow prints as its text with a
    warning; what would run a script or open a file on the reader's machine is refused.
    """
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme in LINK_SCHEMES:
        return "keep", ""
    if scheme == "http":
        return "keep", f"link '{href}' is not encrypted; use 'https:{href[5:]}' if the site offers it"
    if scheme in REFUSED_SCHEMES:
        return "refuse", f"link '{href}' is not allowed: {scheme}: links run scripts or open files; use https:, mailto:, tel: or a relative link"
    if scheme:
        return "text", f"link '{href}' uses {scheme}:, which readers may not open; it prints as plain text (use https:, mailto: or tel:)"
    if href.startswith("#"):
        return "fragment", ""
    if parts.netloc:
        return "text", f"link '{href}' has no scheme; it prints as plain text (write https:{href})"
    if href.startswith("/"):
        return "text", f"link '{href}' is a path on a website; it prints as plain text (write the full https:// address)"
    target = (document.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(document.parent.resolve()):
        return "text", f"link '{href}' points outside the source folder; it prints as plain text"
    if parts.path and not target.exists():
        return "text", f"link '{href}' points to a missing file (looked for {target}); it prints as plain text"
    return "text", f"link '{href}' cannot be followed in a PDF or EPUB; it prints as plain text"


class Stash(NamedTuple):
    """What the pieces Python-Markdown set aside become, and what is wrong with them."""

    texts: dict[int, str]  # comments become '', character references their character
    raw: dict[int, str]  # raw HTML, cut down to the allow-list
    problems: list[SourceError]
    warnings: list[SourceError]


def read_stash(source: SourceFile, stashed: list, code: range, lines: LineFinder) -> Stash:
    """Return what each piece Python-Markdown set aside stands for, with a problem or warning for each bad one.

    Fenced code (the pieces numbered in `code`) is left to the parser; raw HTML is sanitized
    (rawhtml.sanitize): what is unsafe is refused, what is not on the allow-list left out with a warning.
    """
    import html

    from .rawhtml import sanitize

    stash = Stash({}, {}, [], [])
    for index, piece in enumerate(stashed):
        text = str(piece)
        if index in code:
            continue
        if COMMENT.match(text):
            stash.texts[index] = ""
            continue
        if CHARACTER_REFERENCES.fullmatch(text):  # one reference, or a run of them after a comment
            stash.texts[index] = html.unescape(text)
            unprintable = [ref for ref in CHARACTER_REFERENCE.findall(text) if not printable(html.unescape(ref))]
            if unprintable:
                message = f"character reference {unprintable[0]!r} is not a printable character; delete it"
                stash.problems.append(SourceError(message, source.path, lines.next_line(unprintable[0])))
            continue
        snippet = text.strip().splitlines()[0][:40] if text.strip() else text
        line = lines.next_line(snippet)
        clean = sanitize(text)
        stash.problems.extend(SourceError(f"raw HTML {what}", source.path, line) for what in clean.unsafe)
        if clean.dropped and not clean.unsafe:
            message = f"raw HTML {snippet!r}: left out {', '.join(clean.dropped)} (the text inside is kept); write Markdown instead"
            stash.warnings.append(SourceError(message, source.path, line))
        stash.raw[index] = clean.html if not clean.unsafe else ""
    return stash


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


MAX_IMAGE_PIXELS = 40_000_000


def raster_problem(path: Path) -> str:
    """Return why a PNG/JPEG/GIF/WebP cannot be embedded (unreadable, truncated, damaged, absurdly large), or ''."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return f"is {width} x {height} pixels, too large to print; resize it below {MAX_IMAGE_PIXELS // 1_000_000} megapixels"
            image.verify()
        decode_strictly(path)
    except Image.DecompressionBombError:
        return f"is too large to print; resize it below {MAX_IMAGE_PIXELS // 1_000_000} megapixels"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        return f"is not a readable image ({error})"
    return ""


def decode_strictly(path: Path) -> None:
    """Decode every pixel, raising OSError on a truncated file: verify() never reads a JPEG's data.

    WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process when imported (watch,
    serve, a second build): it is turned off while we decode, so the verdict does not depend on that.
    """
    from PIL import Image, ImageFile

    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(path) as image:
            image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def read_picture(path: Path) -> bytes:
    """Return a picture's bytes for embedding, checked: an SVG's very bytes, a raster file unchanged since its check."""
    try:
        data = path.read_bytes()
        stat = path.stat()
    except OSError as error:
        raise SourceError(f"cannot read image: {error.strerror}", path) from None
    problem = svg_bytes_problem(data) if path.suffix.lower() == ".svg" else image_problem(path, stat.st_size, stat.st_mtime_ns)
    if problem:
        raise SourceError(f"image {problem}", path)
    return data


def svg_problem(path: Path) -> str:
    """Return why an SVG file may not be embedded, or '' (see svgcheck)."""
    try:
        return svg_bytes_problem(path.read_bytes())
    except OSError as error:
        return f"is not a readable SVG file ({error.strerror})"
