"""Footnotes: references checked, notes numbered in the order first referenced, printed where they belong.

In the EPUB a note is an EPUB 3 footnote (a `noteref` link and an `aside`); in print it goes to the
foot of the page; in an exercise step, a checklist item or a callout it prints in brackets.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as etree

from .. import footnotes
from .state import ParseState


def warn_undefined_references(state: ParseState, root: etree.Element) -> None:
    """Warn about each '[^label]' that names no note (Python-Markdown leaves it as text)."""
    for reference in footnotes.undefined_references(root):
        message = f"footnote {reference} is not defined; add a line '{reference}: the note' or remove it (it prints as text)"
        state.warn(message, state.lines.next_line(reference))


def warn_unused_notes(state: ParseState) -> None:
    """Warn about each note that nothing references (it is not printed)."""
    for label in state.notes:
        if label not in state.notes_used:
            message = f"footnote [^{label}] is never referenced, so it is not printed; add [^{label}] to the text or delete it"
            state.warn(message, state.lines.next_line(f"[^{label}]:"))


def inline_notes(state: ParseState, element: etree.Element) -> None:
    """Print the notes an exercise, checklist item or callout references in brackets where they are referenced."""
    for parent, sup, label in footnotes.references(element):
        state.notes_used.add(label)
        footnotes.replace_with(parent, sup, None, f" ({footnotes.note_text(state.notes[label])})")


def link_notes(state: ParseState, screen: etree.Element, printed: etree.Element, plain: etree.Element) -> list[etree.Element]:
    """Turn the references in three copies of a block into note links (screen), page-foot notes (print) and nothing (plain).

    Changes the three copies; returns the asides of the notes this block references first.
    """
    asides = []
    for (parent, sup, label), (print_parent, print_sup, _), (plain_parent, plain_sup, _) in zip(
        footnotes.references(screen), footnotes.references(printed), footnotes.references(plain)
    ):
        first = label not in state.note_ids
        number, note_id = note_number(state, label)
        link = etree.Element("a", {"epub:type": "noteref", "role": "doc-noteref", "href": f"#{note_id}"})
        link.text = str(number)
        if first:
            link.set("id", f"{note_id}-ref")
            asides.append(aside(state, label, note_id))
            footnotes.replace_with(print_parent, print_sup, footnotes.inline_note(state.notes[label]))
        else:
            again = etree.Element("sup", {"class": "footnote-again"})
            again.text = str(number)
            footnotes.replace_with(print_parent, print_sup, again)
        sup.attrib.clear()
        sup[:] = [link]
        footnotes.replace_with(plain_parent, plain_sup, None)
    return asides


def note_number(state: ParseState, label: str) -> tuple[int, str]:
    """Return the number and id of a note printed as a footnote, numbering notes in the order first referenced."""
    state.notes_used.add(label)
    if label not in state.note_ids:
        number = len(state.note_ids) + 1
        state.note_ids[label] = (number, state.ids.unique(f"note-{number}"))
    return state.note_ids[label]


def aside(state: ParseState, label: str, note_id: str) -> etree.Element:
    """Return a note as an EPUB 3 footnote: an aside of type footnote holding its paragraphs."""
    element = etree.Element("aside", {"epub:type": "footnote", "role": "doc-footnote", "id": note_id})
    element.extend(copy.deepcopy(paragraph) for paragraph in footnotes.note_paragraphs(state.notes[label]))
    return element
