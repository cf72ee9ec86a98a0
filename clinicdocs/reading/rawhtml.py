"""Raw HTML in Markdown: kept when it is on the allow-list, left out with a warning when not, refused when unsafe.

Python-Markdown sets raw HTML aside: a whole block (`<div>...</div>`) as one piece, inline HTML one tag
at a time (`<sub>`, `</sub>`). A block is cleaned with nh3 (the Ammonia sanitizer) against the
allow-list; an inline tag is rebuilt from its allowed attributes. Either way the result is parsed
back into elements (`parse_fragment`), so the walker checks its links like any other.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html.parser import HTMLParser

# What survives: inline emphasis and code, sub/sup, line breaks, abbreviations, quotes, lists,
# definition lists and simple tables. Everything else is left out (its text stays).
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set() for tag in (
        "b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "small", "code", "kbd", "samp", "var", "cite", "q",
        "sub", "sup", "br", "wbr", "p", "blockquote", "ul", "li", "dl", "dt", "dd", "hr", "pre",
        "table", "caption", "thead", "tbody", "tfoot", "tr",
    )},
    "a": {"href", "title"},
    "abbr": {"title"},
    "dfn": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
VOID = frozenset({"br", "wbr", "hr", "img", "input", "meta", "link", "source", "track", "area", "col", "embed", "param", "base"})
BLOCKS = frozenset({"p", "blockquote", "ul", "ol", "dl", "hr", "pre", "table", "h1", "h2", "h3", "h4", "h5", "h6"})
SCRIPT_TAGS = frozenset({"script", "noscript", "template"})
# Attributes that make a browser or renderer load something, besides href on a link.
REFERENCE_ATTRIBUTES = frozenset({
    "src", "srcset", "href", "data", "poster", "background", "action", "formaction", "codebase", "archive",
    "longdesc", "lowsrc", "dynsrc", "manifest", "ping", "xlink:href", "imagesrcset", "icon",
})
REFUSED_LINK = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)
LOADS = re.compile(r"url\s*\(|@import|expression\s*\(", re.IGNORECASE)
SINGLE_TAG = re.compile(r"^\s*<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*>\s*$")
URL_SCHEMES = {"https", "http", "mailto", "tel"}


@dataclass
class Sanitized:
    """One piece of raw HTML made safe: what is kept, what was unsafe (refused), what was left out."""

    html: str
    unsafe: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


class Scanner(HTMLParser):
    """Read raw HTML and note what is unsafe and what the allow-list leaves out, each once."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = Sanitized("")
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = ALLOWED_ATTRIBUTES.get(tag)
        self.in_style = tag == "style"
        if tag in SCRIPT_TAGS:
            self.note(self.result.unsafe, f"<{tag}> is not allowed: it holds a script; delete it")
        elif allowed is None:
            self.note(self.result.dropped, f"<{tag}>")
        for name, value in attrs:
            self.attribute(tag, name, value or "", allowed or set())

    handle_startendtag = handle_starttag

    def attribute(self, tag: str, name: str, value: str, allowed: set[str]) -> None:
        """Note an attribute that is unsafe (an event handler, a reference to load) or not on the allow-list."""
        if name.startswith("on"):
            self.note(self.result.unsafe, f"<{tag} {name}> is not allowed: it is an event handler (a script); delete it")
        elif tag == "a" and name == "href" and REFUSED_LINK.match(value):
            self.note(self.result.unsafe, f"<a href=\"{value[:40]}\"> is not allowed: it would run a script or open a file")
        elif name in REFERENCE_ATTRIBUTES and not (tag == "a" and name == "href") and value.strip() and not value.startswith("#"):
            local = tag == "img" and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|//", value)
            fix = f"; for a picture beside the document write ![what it shows]({value})" if local else "; delete it"
            self.note(self.result.unsafe, f"<{tag} {name}=\"{value[:60]}\"> is not allowed: files and network addresses are never loaded{fix}")
        elif name == "style" and LOADS.search(value):
            self.note(self.result.unsafe, f"<{tag} style> is not allowed: its style loads a file or runs an expression; delete it")
        elif name not in allowed and tag in ALLOWED_ATTRIBUTES:
            self.note(self.result.dropped, f"{name}= on <{tag}>")

    def handle_data(self, data: str) -> None:
        if self.in_style and LOADS.search(data):
            self.note(self.result.unsafe, "<style> is not allowed: it loads a file; delete it")

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def note(self, found: list[str], what: str) -> None:
        """Add a finding once."""
        if what not in found:
            found.append(what)


def sanitize(piece: str) -> Sanitized:
    """Return a piece of raw HTML cut down to the allow-list, naming what was unsafe or left out."""
    import nh3

    scanner = Scanner()
    scanner.feed(piece)
    scanner.close()
    result = scanner.result
    if result.unsafe:
        return result
    tag = SINGLE_TAG.match(piece)
    if tag:
        result.html = rebuild_tag(piece, tag.group(1) == "/", tag.group(2).lower())
    else:
        result.html = nh3.clean(
            piece, tags=set(ALLOWED_ATTRIBUTES), attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
            link_rel=None, strip_comments=True, clean_content_tags=set(SCRIPT_TAGS | {"style"}),
        )
    return result


def rebuild_tag(piece: str, closing: bool, tag: str) -> str:
    """Return one inline tag as we write it: only if allowed, with only its allowed attributes."""
    allowed = ALLOWED_ATTRIBUTES.get(tag)
    if allowed is None:
        return ""
    if closing:
        return "" if tag in VOID else f"</{tag}>"
    parser = TreeBuilder()
    parser.feed(piece)
    parser.close()
    attributes = parser.root[0].attrib.items() if len(parser.root) else []
    kept = "".join(f' {name}="{html.escape(value)}"' for name, value in attributes if name in allowed)
    return f"<{tag}{kept}>"


class TreeBuilder(HTMLParser):
    """Build an element tree from HTML: unclosed elements end with their parent, stray end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = etree.Element("div")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = etree.SubElement(self.stack[-1], tag, {name: value or "" for name, value in attrs})
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        etree.SubElement(self.stack[-1], tag, {name: value or "" for name, value in attrs})

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def parse_fragment(markup: str) -> etree.Element:
    """Return a <div> holding the elements and text of an HTML fragment, its text decoded."""
    builder = TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def as_blocks(fragment: etree.Element) -> list[etree.Element]:
    """Return a fragment's content as block elements, runs of text and inline elements wrapped in <p>."""
    blocks: list[etree.Element] = []
    runs: list[etree.Element] = []
    run: etree.Element | None = None

    def inline(text: str | None, element: etree.Element | None = None) -> None:
        nonlocal run
        if run is None and element is None and not (text or "").strip():
            return
        if run is None:
            run = etree.Element("p")
            runs.append(run)
            blocks.append(run)
        if element is None:
            append_text(run, text)
        else:
            run.append(element)

    inline(fragment.text)
    for child in list(fragment):
        tail, child.tail = child.tail, None
        if child.tag in BLOCKS:
            blocks.append(child)
            run = None
        else:
            inline(None, child)
        inline(tail)
    for paragraph in runs:  # no blank space at either end of a paragraph made from loose text
        paragraph.text = (paragraph.text or "").lstrip() or None
        last = paragraph[-1] if len(paragraph) else None
        if last is not None:
            last.tail = (last.tail or "").rstrip() or None
        else:
            paragraph.text = (paragraph.text or "").rstrip() or None
    return [block for block in blocks if block.tag != "p" or len(block) or (block.text or "").strip()]


def append_text(element: etree.Element, text: str | None) -> None:
    """Add text at the end of an element's content."""
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text
