"""What the passes share: the source, where its text lies, the ids and names handed out, the findings."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from ...errors import SourceError
from ...model import Image
from ..elements import Ids, LineFinder
from ..source import SourceFile

# Ids kept free for the outputs' own use: the EPUB's <h1 id="title">, and the NCX entries "toc-start"
# and "toc-colophon" beside the "toc-<section id>" ones (epub.toc_entries).
TEMPLATE_IDS = frozenset({"title", "start", "colophon"})


@dataclass
class ParseState:
    """One document's parse in progress: read by every pass, added to by some."""

    source: SourceFile
    lines: LineFinder
    notes: dict[str, etree.Element] = field(default_factory=dict)  # label -> the note's element
    note_ids: dict[str, tuple[int, str]] = field(default_factory=dict)  # label -> (number, id) of notes printed as footnotes
    notes_used: set[str] = field(default_factory=set)
    ids: Ids = field(default_factory=lambda: Ids(TEMPLATE_IDS))
    images: list[Image] = field(default_factory=list)
    used_names: set[str] = field(default_factory=set)
    fragments: list[tuple[str, int, etree.Element, etree.Element]] = field(default_factory=list)  # '#id' links to check
    stretch_count: int = 0
    task_count: int = 0
    heading_title: str = ""  # the text of the '#' heading that titles the document
    problems: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)

    def problem(self, message: str, line: int) -> None:
        """Record a problem to report with the others."""
        self.problems.append(SourceError(message, self.source.path, line))

    def warn(self, message: str, line: int) -> None:
        """Record a warning: the document still prints."""
        self.warnings.append(SourceError(message, self.source.path, line))
