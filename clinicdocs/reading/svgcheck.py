"""One policy for every SVG, wherever it is used: document pictures, brand logos, and SVGs inside data: URLs.

An SVG may refer only to its own '#ids' and to data: URLs whose content passes the same policy (a
nested SVG is checked at any depth, up to MAX_DEPTH). References are looked for after the XML parser
has resolved character references and after CSS escapes and comments are resolved, the way a browser
or an EPUB reader reads them, so `u\\72l(...)` and `@\\69mport` are seen as what they are.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote_to_bytes

MAX_DEPTH = 4  # an SVG in a data: URL in an SVG ... : deeper than any drawing program writes
RASTER_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
FONT_TYPES = ("font/", "application/font-", "application/x-font-", "application/vnd.ms-fontobject")
SVG_TYPE = "image/svg+xml"
XHTML = "{http://www.w3.org/1999/xhtml}"
ANIMATIONS = ("set", "animate", "animatemotion", "animatetransform", "discard")
PI_REFERENCE = re.compile(r"""\b(?:href|src|url)\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\\(.)", re.DOTALL)
CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import", re.IGNORECASE)


def css_text(text: str) -> str:
    """Return CSS as a browser tokenizes it: escapes resolved, comments removed."""

    def character(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return "" if match.group(2) == "\n" else match.group(2)

    return CSS_ESCAPE.sub(character, CSS_COMMENT.sub(" ", text))


def css_references(text: str) -> list[str]:
    """Return the URLs a piece of CSS names with url(...)."""
    return [next(group for group in match.groups() if group is not None) for match in CSS_URL.finditer(css_text(text))]


def reference_problem(reference: str, depth: int) -> str:
    """Return why an SVG may not refer to `reference`, or ''."""
    reference = reference.strip()
    if not reference or reference.startswith("#"):
        return ""
    if reference[:5].lower() == "data:":
        return data_problem(reference, depth)
    return f"refers to '{reference[:80]}'; SVG files may only refer to their own '#ids' or data: URLs"


def data_problem(url: str, depth: int) -> str:
    """Return why a data: URL inside an SVG may not be used, or '': pictures and fonts only, a nested SVG checked in turn."""
    header, comma, payload = url[5:].partition(",")
    if not comma:
        return "has a data: URL without a comma; it is not a valid data: URL"
    media_type = header.split(";")[0].strip().lower()
    if media_type.startswith(FONT_TYPES) or media_type in RASTER_TYPES:
        return ""
    if media_type != SVG_TYPE:
        return f"has a data: URL of type '{media_type or 'text/plain'}'; only pictures (PNG, JPEG, GIF, WebP, SVG) and fonts may be embedded"
    try:
        data = base64.b64decode(unquote_to_bytes(payload), validate=False) if header.lower().endswith(";base64") else unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return "has a data: URL whose base64 cannot be decoded"
    if depth >= MAX_DEPTH:
        return f"nests SVGs in data: URLs more than {MAX_DEPTH} deep; flatten the drawing"
    problem = svg_bytes_problem(data, depth + 1)
    return f"has an SVG in a data: URL that {problem}" if problem else ""


def prolog_problem(data: bytes) -> str:
    """Return why an XML file's DOCTYPE, entities or processing instructions make it unsafe, or ''.

    A DOCTYPE may declare entities (and so expand for hours), wherever it stands; a processing
    instruction such as <?xml-stylesheet href=...?> loads another file, and ElementTree never shows it.
    """
    import xml.parsers.expat

    found = ""

    def doctype(*_: object) -> None:
        nonlocal found
        found = "declares a DOCTYPE or entities; remove them (they can make rendering take hours)"
        raise ValueError(found)

    def instruction(target: str, text: str) -> None:
        nonlocal found
        references = [r for r in PI_REFERENCE.findall(text) if r and not r.startswith("#")] or ["a stylesheet"]
        if references != ["a stylesheet"] or target.lower() == "xml-stylesheet":
            loads = references[0] if references == ["a stylesheet"] else f"'{references[0]}'"
            found = f"has a processing instruction <?{target} ...?> that loads {loads}; remove it (SVG files may only refer to their own '#ids' or data: URLs)"
            raise ValueError(found)

    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except (ValueError, xml.parsers.expat.ExpatError):
        pass
    return found


def svg_bytes_problem(data: bytes, depth: int = 0) -> str:
    """Return why an SVG may not be embedded (scripts, handlers, outside references, anywhere inside it), or ''."""
    import xml.etree.ElementTree as etree

    if problem := prolog_problem(data):
        return problem
    try:
        root = etree.fromstring(data)
    except etree.ParseError as error:
        return f"is not a readable SVG file ({error})"
    if not root.tag.endswith("svg"):
        return "is not an SVG file (its root element is not <svg>)"
    for element in root.iter():
        if problem := element_problem(element, depth):
            return problem
    return ""


def element_problem(element: object, depth: int) -> str:
    """Return why one element of an SVG may not be embedded, or ''."""
    tag = str(getattr(element, "tag", ""))
    name = tag.rsplit("}", 1)[-1].lower()
    if name in ("script", "foreignobject", "iframe", "embed", "object") or tag.startswith(XHTML):
        return f"contains a <{name}> element; remove it"
    attributes: dict[str, str] = getattr(element, "attrib", {})
    if name in ANIMATIONS and attributes.get("attributeName", "").rsplit(":", 1)[-1].lower() in ("href", "src", "style"):
        return f"has an <{name}> that changes a reference; remove it"
    for attribute, value in attributes.items():
        local = attribute.rsplit("}", 1)[-1].lower()
        if local.startswith("on"):
            return f"has an event handler '{local}'; remove it"
        if local == "base":
            return "sets xml:base; remove it"
        for reference in [value] if local in ("href", "src") else css_references(value):
            if problem := reference_problem(reference, depth):
                return problem
    text = str(getattr(element, "text", None) or "")
    if name == "style":
        if CSS_IMPORT.search(css_text(text)):
            return "has a <style> that imports another stylesheet; inline the styles"
        for reference in css_references(text):
            if problem := reference_problem(reference, depth):
                return f"has a <style> that {problem}"
    return ""
