"""Links: the link policy applied to every link, and '#fragment' links checked once every id is known."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import unquote

from .. import policy
from ..source import slugify
from ..tree import reads_left_to_right, shows_its_address, unwrap
from .state import ParseState


def apply_link_policy(state: ParseState, element: etree.Element) -> None:
    """Refuse what the policy forbids, print what cannot be followed as text, note '#fragment' links for later.

    Changes the tree: links that print as text are unwrapped; addresses are marked to print once and left to right.
    """
    for parent in list(element.iter()):
        for link in [child for child in parent if child.tag == "a" and child.get("class") == "wikilink"]:
            wiki_link(state, parent, link)
        for link in [child for child in parent if child.tag == "a" and child.get("class") != "footnote-ref"]:
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
    """Print an Obsidian '[[Other handout]]' as its text; warn when no handout of that name is in the source folder.

    Changes the tree: the wiki link is unwrapped.
    """
    name = link.get("data-wikilink", "")
    line = state.lines.next_line(f"[[{name}")
    if find_handout(state.source.path, name) is None:
        state.warn(f"'[[{name}]]' names no handout in {state.source.path.parent.name or '.'}/ (looked for {name}.md); it prints as its text", line)
    unwrap(parent, link)


def find_handout(document: Path, name: str) -> Path | None:
    """Return the Markdown file in the document's folder a wiki link '[[name]]' names (by file name or its slug), or None."""
    wanted = {name.strip().lower(), slugify(name)}
    for candidate in sorted(document.parent.glob("*.md")):
        if candidate.stem.lower() in wanted or slugify(candidate.stem) in wanted:
            return candidate
    return None


def unlink_dead_fragments(state: ParseState) -> None:
    """Print each '#fragment' link to an id the document does not have as its text, with a warning (changes the tree)."""
    for href, line, parent, link in state.fragments:
        if unquote(href[1:]) not in state.ids.assigned:
            shown = ", ".join(f"#{i}" for i in state.ids.headings[:8]) + (", ..." if len(state.ids.headings) > 8 else "")
            state.warn(f"link '{href}' points to nothing in this document; it prints as plain text (headings: {shown or 'none'})", line)
            unwrap(parent, link)
