"""Inline syntax of other tools that no maintained extension reads as they write it.

- `[[Other handout]]`, `[[Other handout|shown text]]`, `[[Other handout#Heading]]` (Obsidian, Foam,
  Notion's export): a link `<a class="wikilink" data-wikilink="Other handout">` the links pass prints
  as its text (with a warning when no such handout is beside the document); `[[#Heading|text]]`: a
  link to that heading of this document, checked like any '#fragment' link.
- A backslash at the end of a line (CommonMark, pandoc, Obsidian): a line break.
- `{width=50%}` (pandoc) and `{: width="300"}` (kramdown) after a picture: its size.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree

import markdown

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .source import slugify

WIKILINK_RE = r"(?<!!)\[\[([^\[\]|#\n]*)(#[^\[\]|\n]+)?(?:\|([^\[\]\n]+))?\]\]"
HARD_BREAK_RE = r"\\\n"
PICTURE_ATTRIBUTES = re.compile(r"^\{:?[ ]*([^\}\n ][^\n]*?)[ ]*\}")


class WikiLinkProcessor(InlineProcessor):
    """Make '[[Name]]' and '[[Name|text]]' a wiki link the links pass resolves."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        link = etree.Element("a")
        name, heading = m.group(1).strip(), (m.group(2) or "#")[1:].strip()
        if not name and not heading:
            return None, None, None  # type: ignore[return-value]  # '[[]]' is text (and warned about)
        link.text = (m.group(3) or name or heading).strip()
        if name:
            link.set("class", "wikilink")
            link.set("data-wikilink", name)
        link.set("href", f"#{slugify(heading)}" if not name else "")  # '[[#Heading]]': a heading of this document
        return link, m.start(0), m.end(0)


class HardBreakProcessor(InlineProcessor):
    """Make a backslash at the end of a line a line break."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        return etree.Element("br"), m.start(0), m.end(0)


def twemoji_index(options: dict, md: markdown.Markdown) -> dict:
    """Return pymdown-extensions' Twemoji index, read once: its own `emoji.twemoji` deep-copies all of it for each
    document (a third of a second), though the emoji pattern only reads it."""
    return shared_twemoji_index()


@functools.lru_cache(maxsize=1)
def shared_twemoji_index() -> dict:
    """Return the Twemoji names and aliases, as pymdown-extensions ships them."""
    from pymdownx import twemoji_db

    return {"name": twemoji_db.name, "emoji": twemoji_db.emoji, "aliases": twemoji_db.aliases}


def pymdown_extensions() -> list[markdown.extensions.Extension]:
    """Return the pymdown-extensions other tools' syntax needs: ==mark==, ~~strike~~, :emoji:, and CommonMark's emphasis and headings."""
    from pymdownx import betterem, emoji, mark, saneheaders, tilde

    return [
        mark.makeExtension(smart_mark=True),
        tilde.makeExtension(subscript=False, smart_delete=True),
        emoji.makeExtension(emoji_generator=emoji.to_alt, emoji_index=twemoji_index),
        betterem.makeExtension(),  # emphasis closer to CommonMark's rules ('***a***', '__a__b')
        saneheaders.makeExtension(),  # '#5' is text; a heading needs the space after its '#'
    ]


def register(md: object) -> None:
    """Add the wiki link and hard break patterns to a Markdown instance, ahead of links and escapes."""
    patterns = md.inlinePatterns  # type: ignore[attr-defined]
    patterns.register(WikiLinkProcessor(WIKILINK_RE, md), "clinic_wikilink", 175)
    patterns.register(HardBreakProcessor(HARD_BREAK_RE, md), "clinic_hard_break", 185)
    md.treeprocessors.register(PictureAttributes(md), "picture_attributes", 8)  # type: ignore[attr-defined]


class PictureAttributes(Treeprocessor):
    """Read pandoc's '{width=50%}' and kramdown's '{: width="300"}' after a picture into its data-width and data-height.

    Python-Markdown's attr_list would set any attribute on any element ('onclick', 'style'); this keeps
    a picture's size and notes the rest (data-ignored) for the pictures pass to warn about.
    """

    def run(self, root: etree.Element) -> None:
        for img in root.iter("img"):
            tail = img.tail or ""
            match = PICTURE_ATTRIBUTES.match(tail)
            if not match:
                continue
            attributes, remainder = get_attrs_and_remainder(match.group(1))
            img.tail = remainder + tail[match.end() :]
            ignored = []
            for name, value in attributes:
                if name in ("width", "height"):
                    img.set(f"data-{name}", value)
                else:
                    ignored.append(f"{name}={value}" if name not in (".", "id") else ("." if name == "." else "#") + value)
            if ignored:
                img.set("data-ignored", " ".join(ignored))
