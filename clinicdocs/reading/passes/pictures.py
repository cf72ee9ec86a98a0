"""Pictures: each reference checked against the policy and given the builder's own name; web pictures as text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

from ...errors import SourceError
from ...model import Image
from .. import footnotes, policy
from ..source import slugify
from .state import ParseState

WEB_ADDRESS = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
# A size as pandoc and kramdown write it: a bare number is pixels (pandoc's rule).
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|px|cm|mm|in|pt|em)?\s*$", re.IGNORECASE)


def web_pictures_as_text(state: ParseState, element: etree.Element) -> None:
    """Print pictures on the web (a README's badges) as their description, with a warning: builds are offline.

    Changes the tree: each web picture is replaced by its description.
    """
    for parent in list(element.iter()):
        for img in [child for child in parent if child.tag == "img" and WEB_ADDRESS.match(child.get("src", ""))]:
            src, alt = img.get("src", ""), (img.get("alt") or "").strip()
            shown = f"prints as its description '{alt}'" if alt else "is left out (it has no description)"
            state.warn(f"picture '{src}' is on the web, and handouts are built offline: it {shown}; "
                       "save it beside the document and write ![what it shows](images/name.png) to show it",
                       state.lines.next_line(f"]({src}", src))
            footnotes.replace_with(parent, img, None, alt)


def check_pictures(state: ParseState, element: etree.Element) -> list[Image]:
    """Check every picture in an element (see `check_picture`), in reading order."""
    return [check_picture(state, img) for img in element.iter("img")]


def check_picture(state: ParseState, img: etree.Element) -> Image:
    """Validate one picture reference and give it the builder's own name (changes its `src` to that name)."""
    src = img.get("src", "")
    line = state.lines.next_line(f"]({src}", src) if src else state.source.body_line
    try:
        path = policy.resolve_image(state.source.path, src, line)
    except SourceError as error:
        state.problems.append(error)
        path = Path(src)
    alt = (img.get("alt") or "").strip()
    if not alt:
        state.problem(f"image '{src}' has no alt text; describe it between the brackets: ![what it shows]({src})", line)
    name = unique_name(state, path)
    img.set("src", name)
    width, height = (picture_size(state, img, side, line) for side in ("width", "height"))
    if img.attrib.pop("data-ignored", ""):
        state.warn(f"picture '{src}': only width and height are read from its '{{...}}' attributes; the rest is left out", line)
    if width or height:
        img.set("style", "; ".join(f"{side}: {size}" for side, size in (("width", width), ("height", height)) if size))
    image = Image(src, path, name, alt, (img.get("title") or "").strip(), line, width, height)
    if all(existing.src != src for existing in state.images):
        state.images.append(image)
    return image


def picture_size(state: ParseState, img: etree.Element, side: str, line: int) -> str:
    """Return the CSS length a picture's '{width=...}' or '{height=...}' asks for, or '' (with a warning when unreadable)."""
    written = img.attrib.pop(f"data-{side}", "")
    match = LENGTH.match(written)
    if not written:
        return ""
    if not match:
        state.warn(f"picture {side} '{written}' is not a size this tool reads (50%, 300, 300px, 8cm, 3in); the picture keeps its own size", line)
        return ""
    number, unit = match.group(1), (match.group(2) or "px").lower()
    if unit == "%" and float(number) > 100:
        state.warn(f"picture {side} '{written}' is wider than the page; it prints at 100%", line)
        number = "100"
    return f"{number}{unit}"


def unique_name(state: ParseState, path: Path) -> str:
    """Return the builder's own member name for a picture (never the author's path)."""
    for image in state.images:
        if image.path == path:
            return image.name
    base, suffix = slugify(path.stem), path.suffix.lower()
    candidate, counter = f"images/{base}{suffix}", 2
    while candidate in state.used_names:
        candidate, counter = f"images/{base}-{counter}{suffix}", counter + 1
    state.used_names.add(candidate)
    return candidate
