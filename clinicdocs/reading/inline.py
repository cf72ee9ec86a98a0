"""Inline syntax of other tools that no maintained extension reads as they write it.

- `[[Other handout]]`, `[[Other handout|shown text]]`, `[[Other handout#Heading]]` (Obsidian, Foam,
  Notion's export): a link `<a class="wikilink" data-wikilink="Other handout">`; the links pass points
  it at that handout's outputs or prints its text with a warning.
- A backslash at the end of a line (CommonMark, pandoc, Obsidian): a line break.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.inlinepatterns import InlineProcessor

WIKILINK_RE = r"(?<!!)\[\[([^\[\]|#\n]+)(#[^\[\]|\n]*)?(?:\|([^\[\]\n]+))?\]\]"
HARD_BREAK_RE = r"\\\n"


class WikiLinkProcessor(InlineProcessor):
    """Make '[[Name]]' and '[[Name|text]]' a wiki link the links pass resolves."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        link = etree.Element("a")
        name = m.group(1).strip()
        link.text = (m.group(3) or name).strip()
        link.set("class", "wikilink")
        link.set("data-wikilink", name)
        link.set("href", "")
        return link, m.start(0), m.end(0)


class HardBreakProcessor(InlineProcessor):
    """Make a backslash at the end of a line a line break."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        br = etree.Element("br")
        br.tail = "\n"
        return br, m.start(0), m.end(0)


def register(md: object) -> None:
    """Add the wiki link and hard break patterns to a Markdown instance, ahead of links and escapes."""
    patterns = md.inlinePatterns  # type: ignore[attr-defined]
    patterns.register(WikiLinkProcessor(WIKILINK_RE, md), "clinic_wikilink", 175)
    patterns.register(HardBreakProcessor(HARD_BREAK_RE, md), "clinic_hard_break", 185)
