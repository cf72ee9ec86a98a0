"""The document model: plain records that the PDF and EPUB writers share."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field, replace
from pathlib import Path

# Languages written right to left unless a script subtag says otherwise (CLDR), and the right-to-left scripts.
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "lrc", "mzn", "nqo", "pnb", "ps", "sd", "syr", "ug", "ur", "yi"})
RTL_SCRIPTS = frozenset({"adlm", "arab", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc", "thaa"})


# A wiki link to another handout is written with this address until the PDF or the EPUB knows where that handout is.
HANDOUT_LINK = "clinicdocs-handout:"


def text_direction(language: str) -> str:
    """Return 'rtl' or 'ltr' for a BCP 47 language tag: its script subtag decides, else its language."""
    parts = language.lower().split("-")
    script = next((part for part in parts[1:] if len(part) == 4 and part.isalpha()), "")
    if script:
        return "rtl" if script in RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Image:
    """An image the source references, resolved to a file in the project."""

    src: str
    path: Path
    name: str
    alt: str
    caption: str
    line: int
    width: str = ""  # a CSS length the author sized it to ('{width=50%}'), else ""
    height: str = ""


@dataclass(frozen=True)
class Stretch:
    """One exercise: a name, its steps in order and how long to hold it; `id` is unique in the document."""

    id: str
    number: int
    name: str
    steps: tuple[str, ...]
    hold: str
    hold_at: int  # how many steps come before the hold line (len(steps) when it is last or absent)
    hold_seconds: int | None
    sides: bool
    illustration: Image | None
    line: int
    note: str = ""  # a personal programme's note for this patient, printed under the steps


@dataclass(frozen=True)
class Programme:
    """A patient's home programme as printed: for whom, by whom, when, and the handouts its exercises come from.

    It exists only in memory: the programme command and the preview never write it anywhere but the PDF.
    """

    patient: str
    clinician: str
    date: datetime.date | None
    note: str
    handouts: tuple[tuple[str, str], ...]  # (title, slug) of each handout an exercise comes from, in order


@dataclass(frozen=True)
class ChecklistItem:
    """One task of a task list: its label as inline HTML, whatever follows the label, and its printed state.

    `html` is the first paragraph's inline content (what a <label> may hold); `extra_html` holds the
    item's further paragraphs and nested lists; `text` is the whole item as plain text; `id` is unique
    in the document.
    """

    id: str
    html: str
    text: str
    checked: bool
    line: int
    extra_html: str = ""


@dataclass(frozen=True)
class Block:
    """A piece of a section: `html` (already rendered), `stretches`, `checklist`, `figure` or `callout`.

    `print_html`, when set, is the form of `html` for paper: footnotes stand where they are referenced,
    for the stylesheet to float to the foot of the page.

    A callout (an admonition: `!!! warning "When to call us"`) has its kind in `callout` (note, tip,
    warning or danger), the author's title in `title` ('' when there is none beyond the kind), its
    content in `html` and an `id` unique in the document.
    """

    kind: str
    html: str = ""
    print_html: str = ""
    text: str = ""
    stretches: tuple[Stretch, ...] = ()
    items: tuple[ChecklistItem, ...] = ()
    image: Image | None = None
    line: int = 0
    callout: str = ""
    title: str = ""
    id: str = ""


@dataclass(frozen=True)
class Section:
    """A level-2 heading and the blocks under it; the intro has no title. `id` is unique in the document."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class Metadata:
    """Front matter with its defaults: what the document is, for title pages and package metadata.

    After parsing, `title` is always set (front matter, else the first '#' heading, else the file
    name) and `description` is the front matter's or the first paragraph's. `language` and `author`
    stay '' when the front matter gives none: each clinic's edition fills them (`Document.edition`).
    `date` is None when neither the front matter, SOURCE_DATE_EPOCH nor git gives one.
    """

    title: str
    description: str
    language: str
    date: datetime.date | None
    author: str
    publisher: str
    keywords: tuple[str, ...] = ()
    reading_grade: float = 8.0
    card_note_from: str = ""
    card: bool = True
    card_exercises: tuple[int, ...] = ()  # the printed numbers of the exercises the card shows; () = all
    reviewed_by: str = ""
    reviewed_on: datetime.date | None = None
    review_due: datetime.date | None = None  # the front matter's, else two years after reviewed_on
    lines: tuple[tuple[str, int], ...] = ()  # (key, line in the source) for every front matter key

    def line_of(self, key: str) -> int | None:
        """Return the source line of a front matter key, or None when the key is absent."""
        return dict(self.lines).get(key)

    @property
    def direction(self) -> str:
        """Return the writing direction of the document's language: 'rtl' or 'ltr'."""
        return text_direction(self.language)


@dataclass(frozen=True)
class Document:
    """One parsed Markdown source."""

    slug: str
    path: Path
    metadata: Metadata
    sections: tuple[Section, ...]
    images: tuple[Image, ...] = field(default=())
    card_note: str = ""

    def edition(self, language: str, clinic: str) -> Document:
        """Return the document as one clinic publishes it: its locale and name where the front matter has none."""
        meta = self.metadata
        author = meta.author or clinic
        filled = replace(meta, language=meta.language or language, author=author, publisher=meta.publisher or author)
        return replace(self, metadata=filled)

    @property
    def stretches(self) -> tuple[Stretch, ...]:
        """Return every stretch in reading order."""
        return tuple(s for sec in self.sections for b in sec.blocks for s in b.stretches)

    @property
    def checklist(self) -> tuple[ChecklistItem, ...]:
        """Return every checklist item in reading order."""
        return tuple(i for sec in self.sections for b in sec.blocks for i in b.items)

    @property
    def has_card(self) -> bool:
        """Tell whether the document gets a card: not turned off, and with an exercise or a checklist item to show."""
        return self.metadata.card and bool(self.stretches or self.checklist)

    @property
    def card_sections(self) -> tuple[Section, ...]:
        """Return what the card shows: each section's checklists and chosen exercises, sections left empty dropped."""
        wanted = self.metadata.card_exercises
        chosen = {s.id for s in self.stretches if not wanted or s.number in wanted}
        sections = []
        for section in self.sections:
            blocks = [
                dataclasses.replace(block, stretches=tuple(s for s in block.stretches if s.id in chosen))
                for block in section.blocks
                if block.kind == "checklist" or (block.kind == "stretches" and any(s.id in chosen for s in block.stretches))
            ]
            if blocks:
                sections.append(dataclasses.replace(section, blocks=tuple(blocks)))
        return tuple(sections)
