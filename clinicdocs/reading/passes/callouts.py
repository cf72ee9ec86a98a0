"""Callouts: an admonition becomes a branded box of one of four kinds, with its title and what it says."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Callable

from ...model import Block
from ..elements import text_of
from ..tree import inner_html
from .notes import inline_notes
from .state import ParseState

# Admonition kinds as MkDocs, Material and reStructuredText write them, to the four a handout prints.
CALLOUT_KINDS = {
    **dict.fromkeys(("note", "info", "abstract", "summary", "example", "quote", "seealso", "todo", "question"), "note"),
    **dict.fromkeys(("tip", "hint", "success", "check", "done"), "tip"),
    **dict.fromkeys(("warning", "caution", "attention", "important"), "warning"),
    **dict.fromkeys(("danger", "error", "failure", "fail", "bug"), "danger"),
    # Obsidian's aliases (https://help.obsidian.md/callouts): tldr, help, faq, missing, cite.
    **dict.fromkeys(("tldr", "help", "faq", "cite"), "note"),
    "missing": "danger",
}
# GitHub's five alerts: CAUTION is its red one ("negative outcomes of certain actions"), so a handout's danger box.
ALERT_KINDS = CALLOUT_KINDS | {"caution": "danger"}
# How each syntax is quoted in a warning, by the class dialects.py gives it.
WRITTEN = {"x-alert": "> [!{}]", "x-div": "::: {}", "x-details": "<details>", "x-aside": "<aside>"}
# The line that opens a callout in each syntax, in the order they appear in the source.
OPENING = r"^[ \t]*(?:!!![ \t]|>[ \t]?\[![A-Za-z]|:{3,}[ \t]*\{?\.?[\w-]|<details\b|<aside\b)"


def is_callout(element: etree.Element) -> bool:
    """Tell whether a top-level element is an admonition."""
    return element.tag == "div" and "admonition" in element.get("class", "").split()


def callout(state: ParseState, element: etree.Element, line: int) -> Callable[[], Block]:
    """Return what makes a callout block from an admonition: its kind, its title and what it says."""
    line = state.lines.next_match(OPENING) or line
    classes = [c for c in element.get("class", "").split() if c != "admonition"]
    syntax = next((c for c in classes if c in WRITTEN), "")
    written = next((c for c in classes if c not in WRITTEN), "note")
    kind = (ALERT_KINDS if syntax == "x-alert" else CALLOUT_KINDS).get(written.lower(), "")
    if not kind:
        kind = "note"
        quoted = WRITTEN.get(syntax, "!!! {}").format(written)
        state.warn(f"callout '{quoted}' is not a kind this tool knows; it prints as a note (kinds: note, tip, warning, danger)", line)
    heading = element[0] if len(element) and element[0].get("class") == "admonition-title" else None
    title = text_of(heading)
    title = "" if title.lower() in (written.lower(), kind) else title  # '!!! tip' alone, or '!!! info "Note"': the label says it
    body = etree.Element("div")
    body.extend([child for child in element if child is not heading])
    inline_notes(state, body)  # a note referenced in a callout prints in brackets where it is referenced
    callout_id = state.ids.unique(f"callout-{kind}")
    return lambda: Block("callout", html=inner_html(body), text=text_of(body), line=line, callout=kind, title=title, id=callout_id)
