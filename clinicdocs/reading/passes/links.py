"""Links: the link policy applied to every link, and '#fragment' links checked once every id is known."""

from __future__ import annotations

import difflib
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import unquote

from ...model import HANDOUT_LINK
from .. import policy, titles
from ..discover import markdown_files
from ..source import document_slug, slugify
from ..tree import reads_left_to_right, shows_its_address, unwrap
from .state import ParseState


def apply_link_policy(state: ParseState, element: etree.Element) -> None:
    """Refuse what the policy forbids, print what cannot be followed as text, note '#fragment' links for later.

    Changes the tree: links that print as text are unwrapped; addresses are marked to print once and left to right.
    """
    for parent in list(element.iter()):
        for link in [child for child in parent if child.tag == "a" and child.get("class") == "wikilink"]:
            wiki_link(state, parent, link)
        for link in [child for child in parent if child.tag == "a" and child.get("class") not in ("footnote-ref", "handout")]:
            href = link.get("href", "")
            line = state.lines.next_line(f"]({href}", f"<{href.removeprefix('mailto:')}>", f"]: {href}", href)
            action, message = policy.classify_link(state.source.path, href)
            if action == "refuse":
                state.problem(message, line)
            elif message:
                state.warn(message, line)
            if action == "fragment":
                state.fragments.append((href, line, parent, link))
            elif action == "text":
                unwrap(parent, link)
                continue
            if shows_its_address(link):
                link.set("class", "url")  # print does not repeat the address after it
            if reads_left_to_right(link):
                link.set("dir", "ltr")  # an address stays in one piece inside right-to-left text


def wiki_link(state: ParseState, parent: etree.Element, link: etree.Element) -> None:
    """Make an Obsidian '[[Other handout]]' a link to that handout (found by title or file name), else print it as its text with a warning.

    Changes the tree: a link to a handout gets the address HANDOUT_LINK + its output name, which the
    PDF and the EPUB turn into the other handout's file; any other wiki link is unwrapped.
    """
    name = link.get("data-wikilink", "")
    line = state.lines.next_line(f"[[{name}")
    found = find_handout(state.source.path, name)
    if found is None:
        folder = state.source.path.parent.name or "."
        names = {known.casefold(): known for known in handout_names(state.source.path)}
        near = difflib.get_close_matches(name.casefold(), list(names), n=1, cutoff=0.6)
        fix = f'did you mean "{names[near[0]]}"?' if near else "check the spelling or add the handout"
        state.warn(f'no handout titled "{name}"; it prints as its text (looked in {folder}/ by title and file name): {fix}', line)
    if found is None or found.resolve() == state.source.path.resolve():
        unwrap(parent, link)  # a link to the handout itself would lead nowhere new
        return
    link.set("href", HANDOUT_LINK + document_slug(found))
    link.set("class", "handout")
    del link.attrib["data-wikilink"]


def handout_names(document: Path) -> list[str]:
    """Return the titles and file names of the handouts beside a document, for a wiki link that names none of them."""
    others = [path for path in markdown_files(document.parent) if path.resolve() != document.resolve()]
    return [name for path in others for name in (titles.handout_title(path), path.stem) if name]


def find_handout(document: Path, name: str) -> Path | None:
    """Return the Markdown file beside the document a wiki link '[[name]]' names, or None.

    As Obsidian, case does not matter and a file name may end in '.md'; a handout's title is tried
    first, then its file name, then the file name's slug ('knee-care' for 'Knee care').
    """
    wanted = name.strip().removesuffix(".md").casefold()
    handouts = [(path, titles.handout_title(path)) for path in markdown_files(document.parent)]
    for matches in (
        lambda path, title: title.casefold() == wanted,
        lambda path, title: path.stem.casefold() == wanted,
        lambda path, title: slugify(path.stem) == slugify(wanted),
    ):
        found = next((path for path, title in handouts if matches(path, title)), None)
        if found is not None:
            return found
    return None


def unlink_dead_fragments(state: ParseState) -> None:
    """Print each '#fragment' link to an id the document does not have as its text, with a warning (changes the tree)."""
    for href, line, parent, link in state.fragments:
        if unquote(href[1:]) not in state.ids.assigned:
            shown = ", ".join(f"#{i}" for i in state.ids.headings[:8]) + (", ..." if len(state.ids.headings) > 8 else "")
            state.warn(f"link '{href}' points to nothing in this document; it prints as plain text (headings: {shown or 'none'})", line)
            unwrap(parent, link)
