"""Footnotes: Python-Markdown's `footnotes` output made into print and screen footnotes.

The extension leaves each reference as `<sup id="fnref:x"><a class="footnote-ref" href="#fn:x">` and
appends every definition to one `<div class="footnote">` at the end of the tree. The walker takes that
list out (`take_notes`) and gives each block two forms: for print, the note's words stand where it is
referenced, in a span the stylesheet floats to the foot of the page; for screen (EPUB 3), the
reference is a `noteref` link and the note an `aside` of type `footnote` right after the block.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree

from markdown.extensions.footnotes import NBSP_PLACEHOLDER

from .elements import text_of

UNDEFINED_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
NOT_PROSE = frozenset({"code", "pre"})


def take_notes(root: etree.Element) -> dict[str, etree.Element]:
    """Remove the footnote list from the tree and return each note's content by its label, in source order."""
    notes: dict[str, etree.Element] = {}
    for holder in [child for child in root if child.tag == "div" and child.get("class") == "footnote"]:
        root.remove(holder)
        for item in holder.iter("li"):
            if item.get("id", "").startswith("fn:"):
                notes[item.get("id", "")[3:]] = without_backlinks(item)
    return notes


def without_backlinks(item: etree.Element) -> etree.Element:
    """Return a note's <li> without the '↩' links back to its references and the space before them."""
    item = copy.deepcopy(item)
    for parent, sup, _ in references(item):  # a note cannot refer to another note: keep only its words
        replace_with(parent, sup, None)
    for parent in list(item.iter()):
        for link in [child for child in parent if child.tag == "a" and child.get("class") == "footnote-backref"]:
            parent.remove(link)
        parent.text = strip_space_placeholder(parent.text)
        for child in parent:
            child.tail = strip_space_placeholder(child.tail)
    return item


def strip_space_placeholder(text: str | None) -> str | None:
    """Return text without the stand-in Python-Markdown puts before the back links (and its serializer fills)."""
    return text.replace(NBSP_PLACEHOLDER, "") if text else text


def references(element: etree.Element) -> list[tuple[etree.Element, etree.Element, str]]:
    """Return (parent, <sup>, label) for every footnote reference inside an element, in reading order."""
    found = []
    for parent in element.iter():
        for child in parent:
            link = child.find("a") if child.tag == "sup" else None
            if link is not None and link.get("class") == "footnote-ref":
                found.append((parent, child, link.get("href", "")[len("#fn:") :]))
    return found


def undefined_references(element: etree.Element) -> list[str]:
    """Return the '[^label]' texts left in prose: references to notes that are not defined."""
    found: list[str] = []

    def visit(node: etree.Element, prose: bool) -> None:
        prose = prose and node.tag not in NOT_PROSE
        if prose:
            found.extend(match.group() for match in UNDEFINED_REFERENCE.finditer(node.text or ""))
        for child in node:
            visit(child, prose)
            if prose:
                found.extend(match.group() for match in UNDEFINED_REFERENCE.finditer(child.tail or ""))

    visit(element, True)
    return found


def note_paragraphs(note: etree.Element) -> list[etree.Element]:
    """Return a note's paragraphs (a note written as one line is one paragraph)."""
    paragraphs = [child for child in note if child.tag == "p"]
    if paragraphs:
        return paragraphs
    wrapper = etree.Element("p")
    wrapper.text, wrapper[:] = note.text, list(note)
    return [wrapper]


def inline_note(note: etree.Element) -> etree.Element:
    """Return a note as one <span class="footnote"> for print, its paragraphs separated by line breaks."""
    span = etree.Element("span", {"class": "footnote"})
    for index, paragraph in enumerate(note_paragraphs(note)):
        if index:
            etree.SubElement(span, "br")
        paragraph = copy.deepcopy(paragraph)
        if len(span):
            span[-1].tail = (span[-1].tail or "") + (paragraph.text or "")
        else:
            span.text = (span.text or "") + (paragraph.text or "")
        span.extend(list(paragraph))
    return span


def note_text(note: etree.Element) -> str:
    """Return a note as plain text (for places that print it in brackets: exercise steps, checklist items)."""
    return " ".join(text_of(paragraph) for paragraph in note_paragraphs(note))


def replace_with(parent: etree.Element, old: etree.Element, new: etree.Element | None, text: str = "") -> None:
    """Put `new` (or `text`) where `old` was, keeping what followed it."""
    index = list(parent).index(old)
    parent.remove(old)
    tail = text + (old.tail or "")
    if new is not None:
        new.tail = tail
        parent.insert(index, new)
    elif index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
