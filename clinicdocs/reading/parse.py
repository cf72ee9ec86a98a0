"""Turn Markdown into the document model with one configured Python-Markdown."""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
import xml.etree.ElementTree as etree
from dataclasses import replace
from pathlib import Path
from typing import Callable, NamedTuple
from urllib.parse import unquote

import markdown

from . import footnotes, policy
from ..language import typeset
from .elements import (
    TASK_MARK,
    Ids,
    LineFinder,
    block_steps,
    is_stretch_list,
    is_task_list,
    sentences,
    step_sentences,
    split_item,
    task_checked,
    text_of,
)
from ..errors import SourceError, raise_all
from ..language.holds import MARKED, find_hold
from ..model import Block, ChecklistItem, Document, Image, Section, Stretch
from .source import SourceFile, slugify
from .tree import FencedCode, inner_html, make_plain, mark_first_abbreviations, reads_left_to_right, serialize, shows_its_address, unwrap
from .tree import make_markdown as make_markdown  # where callers have always found it
from .tree import smarten

HEADING = re.compile(r"h[1-6]")
EMPTY_TASK = r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX]\][ \t]*$"
MAX_NESTING = 12
# Admonition kinds as MkDocs, Material and reStructuredText write them, to the four a handout prints.
CALLOUT_KINDS = {
    **dict.fromkeys(("note", "info", "abstract", "summary", "example", "quote", "seealso", "todo", "question"), "note"),
    **dict.fromkeys(("tip", "hint", "success", "check", "done"), "tip"),
    **dict.fromkeys(("warning", "caution", "attention", "important"), "warning"),
    **dict.fromkeys(("danger", "error", "failure", "fail", "bug"), "danger"),
}
DESCRIPTION_LENGTH = 300  # characters: what catalogues and ebook shelves show of a description
# Ids kept free for the outputs' own use: the EPUB's <h1 id="title">, and the NCX entries "toc-start"
# and "toc-colophon" beside the "toc-<section id>" ones (epub.toc_entries).
TEMPLATE_IDS = frozenset({"title", "start", "colophon"})


class Parsed(NamedTuple):
    """A parsed document with the problems that stop a build and the warnings that only advise."""

    document: Document
    problems: list[SourceError]
    warnings: list[SourceError]


def parse_document(source: SourceFile, md: markdown.Markdown | None = None) -> Document:
    """Parse one source file into a Document, or raise every problem found."""
    document, problems, _ = collect_document(source, md)
    raise_all(problems)
    return document


def collect_document(source: SourceFile, md: markdown.Markdown | None = None) -> Parsed:
    """Parse one source file into a Document plus every problem and warning; raise only if it cannot be parsed."""
    md = md or make_markdown(source.metadata.language)
    md.reset()
    lines = LineFinder(source.body, source.body_line)
    policy.check_nesting(source, MAX_NESTING)
    fenced: FencedCode = md.preprocessors["fenced_code_block"]  # type: ignore[assignment]
    fenced.stored = range(0)
    md.finished_tree = etree.Element("div")  # type: ignore[attr-defined]  # convert() skips the tree for blank text
    try:
        md.convert(source.body)
    except RecursionError:
        raise SourceError("the Markdown nests too deeply to parse; flatten the lists or quotes", source.path) from None
    stash = md.htmlStash.rawHtmlBlocks
    pieces = policy.read_stash(source, stash, fenced.stored, lines)
    make_plain(md.finished_tree, stash, pieces.texts, pieces.raw, fenced.stored)  # type: ignore[attr-defined]
    mark_first_abbreviations(md.finished_tree)  # type: ignore[attr-defined]
    meta = source.metadata
    meta = dataclasses.replace(
        meta, title=smarten(meta.title, md), description=smarten(meta.description, md), card_note_from=smarten(meta.card_note_from, md)
    )
    source = dataclasses.replace(source, metadata=meta)
    walker = Walker(source, lines, footnotes.take_notes(md.finished_tree))  # type: ignore[attr-defined]
    walker.check_undefined_notes(md.finished_tree)  # type: ignore[attr-defined]
    sections = walker.walk(md.finished_tree)  # type: ignore[attr-defined]
    walker.check_unused_notes()
    walker.check_card_exercises(sections)
    card_note = walker.card_note(sections)
    metadata = replace(source.metadata, title=walker.title(), description=source.metadata.description or first_paragraph(sections))
    document = Document(source.slug, source.path, metadata, sections, tuple(walker.images), card_note)
    found = {(w.line, w.message): w for w in [*source.warnings, *pieces.warnings, *walker.warnings]}  # each once
    warnings = sorted(found.values(), key=lambda w: w.line or 0)
    return Parsed(document, sorted(pieces.problems + walker.problems, key=lambda p: p.line or 0), warnings)


def first_paragraph(sections: tuple[Section, ...]) -> str:
    """Return the first paragraph's text, cut to whole sentences within DESCRIPTION_LENGTH characters."""
    text = next((b.text for s in sections for b in s.blocks if b.kind == "html" and b.html.startswith("<p>") and b.text), "")
    kept = ""
    for sentence in sentences(text):
        if len(kept) + len(sentence) + 1 > DESCRIPTION_LENGTH:
            break
        kept = f"{kept} {sentence}".strip()
    if kept or len(text) <= DESCRIPTION_LENGTH:
        return kept or text
    return text[: text.rfind(" ", 0, DESCRIPTION_LENGTH - 1)].rstrip(",;:") + "…"


class Walker:
    """Walk the element tree once, turning top-level elements into sections and blocks.

    Blocks are serialized only after the walk: a '#fragment' link is checked against every id of the
    document, and one that points to nothing is unwrapped to its text before its block is written.
    """

    def __init__(self, source: SourceFile, lines: LineFinder, notes: dict[str, etree.Element] | None = None):
        self.source = source
        self.lines = lines
        self.notes = notes or {}
        self.note_ids: dict[str, tuple[int, str]] = {}  # label -> (number, id) of notes printed as footnotes
        self.notes_used: set[str] = set()
        self.stretch_count = 0
        self.images: list[Image] = []
        self.problems: list[SourceError] = []
        self.warnings: list[SourceError] = []
        self.ids = Ids(TEMPLATE_IDS)
        self.used_names: set[str] = set()
        self.fragments: list[tuple[str, int, etree.Element, etree.Element]] = []
        self.task_count = 0
        self.heading_title = ""

    def walk(self, root: etree.Element) -> tuple[Section, ...]:
        """Return the sections of the document in reading order."""
        pending: list[tuple[str, str, list[Callable[[], Block]], int]] = []
        title, section_id, line, level = "", "", self.source.body_line, 1  # under the title: '##' comes next
        blocks: list[Callable[[], Block]] = []
        title_index = self.title_index(root)
        for note in self.notes.values():  # a note's pictures are checked and packed like the text's
            self.web_images_as_text(note)
            for img in note.iter("img"):
                self.image(img)
        for index, element in enumerate(root):
            self.web_images_as_text(element)
            if element.tag == "p" and not len(element) and not (element.text or "").strip():
                continue  # it held only a web picture without a description
            heading = HEADING.fullmatch(element.tag)
            heading_line = self.lines.heading_line(text_of(element)) if heading else None
            if index == title_index:
                self.heading_title = text_of(element)
                continue  # the document's own title line; the templates print it from metadata
            if heading_line is not None:
                level = self.heading_level(element, heading_line, level)
            if element.tag in ("h1", "h2"):
                self.inline_notes(element)
                if blocks or title:
                    pending.append((section_id, title, blocks, line))
                title, line, blocks, level = text_of(element), heading_line or line, [], 2
                section_id = self.ids.unique(title, heading=True)
                continue
            section_id = section_id or self.ids.unique("intro", heading=True)
            blocks.append(self.block(element, heading_line))
        if blocks or title:
            pending.append((section_id, title, blocks, line))
        self.check_fragments()
        return tuple(Section(sid, stitle, tuple(make() for make in makers), sline) for sid, stitle, makers, sline in pending)

    def title_index(self, root: etree.Element) -> int | None:
        """Return the position of the '#' heading that is the document's title, if one is.

        With a front matter title, only a '#' heading on the first line is the title (printed once,
        from the front matter); without one, the first '#' heading anywhere is.
        """
        if self.source.metadata.title:
            return 0 if len(root) and root[0].tag == "h1" else None
        return next((index for index, element in enumerate(root) if element.tag == "h1"), None)

    def heading_level(self, element: etree.Element, line: int, level: int) -> int:
        """Return a heading's level, warning about a second '#' title or a skipped level (then one level down)."""
        new_level = int(element.tag[1])
        title = text_of(element)
        if new_level == 1:
            self.warn(f"'# {title}' is a second '#' heading; it becomes a section: write '## {title}' to say so", line)
            element.tag = "h2"
            return 2
        if new_level > level + 1:
            fixed = max(level + 1, 2)
            self.warn(f"heading level skipped: '{title}' is h{new_level} after h{level}; it prints as h{fixed}: write {'#' * fixed}", line)
            element.tag = f"h{fixed}"
            return fixed
        return new_level

    def title(self) -> str:
        """Return the document's title: the front matter's, else the first '#' heading, else from the file name."""
        if self.source.metadata.title or self.heading_title:
            return self.source.metadata.title or self.heading_title
        fallback = self.source.path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"
        self.warn(f"no title: the document has no '# ' heading and no front matter title; it is called '{fallback}'", self.source.body_line)
        return fallback

    def card_note(self, sections: tuple[Section, ...]) -> str:
        """Return the first sentence of the section front matter names in card_note_from."""
        wanted = self.source.metadata.card_note_from
        if not wanted:
            return ""
        for section in sections:
            paragraphs = [block.text for block in section.blocks if block.kind == "html" and block.text]
            if section.title == wanted and paragraphs:
                return sentences(paragraphs[0])[0]
        titles = "; ".join(s.title for s in sections if s.title)
        line = self.source.metadata.line_of("card_note_from") or self.source.body_line - 1
        self.problem(f"card_note_from: no section titled '{wanted}' with text (sections: {titles})", line)
        return ""

    def check_card_exercises(self, sections: tuple[Section, ...]) -> None:
        """Report card_exercises numbers that no exercise, or more than one, is printed with."""
        numbers = [stretch.number for section in sections for block in section.blocks for stretch in block.stretches]
        missing = [n for n in self.source.metadata.card_exercises if n not in numbers]
        twice = [n for n in self.source.metadata.card_exercises if numbers.count(n) > 1]
        line = self.source.metadata.line_of("card_exercises") or self.source.body_line
        if missing:
            have = f"the exercises are numbered {numbers_text(numbers)}" if numbers else "the document has no exercises; remove card_exercises"
            self.problem(f"front matter: card_exercises: {', '.join(map(str, missing))}: no exercise has this number ({have})", line)
        if twice:
            self.problem(f"front matter: card_exercises: {', '.join(map(str, twice))}: two exercises are numbered so; renumber one list", line)

    def block(self, element: etree.Element, heading_line: int | None) -> Callable[[], Block]:
        """Check one top-level element now; return what makes its model block once every id is known."""
        line = heading_line if heading_line is not None else self.lines.next_line(text_of(element)[:40])
        self.check_links(element)
        if heading_line is not None:
            element.set("id", self.ids.unique(text_of(element), heading=True))
        if element.tag == "ol" and is_stretch_list(element):
            stretches = Block("stretches", stretches=self.stretches(element), line=line)
            return lambda: stretches
        if element.tag == "p" and len(element) == 1 and element[0].tag == "img" and not (element.text or "").strip():
            figure = Block("figure", image=self.image(element[0]), line=line)
            return lambda: figure
        for img in element.iter("img"):
            self.image(img)
        if MARKED.search(text_of(element)):
            message = "'[...]{.hold}' marks a hold line only in a stretch (a numbered '**Name:**' item); here it prints as written"
            self.warnings.append(SourceError(message, self.source.path, self.lines.line_of("]{.hold}", line)))
        if element.tag == "ul" and is_task_list(element):
            makers = self.checklist(element)
            return lambda: Block("checklist", items=tuple(make() for make in makers), line=line)
        if element.tag == "div" and "admonition" in element.get("class", "").split():
            return self.callout(element, line)
        return lambda: self.html_block(element, line)

    def callout(self, element: etree.Element, line: int) -> Callable[[], Block]:
        """Return what makes a callout block from an admonition: its kind, its title and what it says."""
        line = self.lines.next_match(r"^[ \t]*!!![ \t]") or line
        classes = [c for c in element.get("class", "").split() if c != "admonition"]
        written = classes[0] if classes else "note"
        kind = CALLOUT_KINDS.get(written.lower(), "")
        if not kind:
            kind = "note"
            self.warn(f"callout '!!! {written}' is not a kind this tool knows; it prints as a note (kinds: note, tip, warning, danger)", line)
        heading = element[0] if len(element) and element[0].get("class") == "admonition-title" else None
        title = text_of(heading)
        title = "" if title.lower() in (written.lower(), kind) else title  # '!!! tip' alone, or '!!! info "Note"': the label says it
        body = etree.Element("div")
        body.extend([child for child in element if child is not heading])
        self.inline_notes(body)  # a note referenced in a callout prints in brackets where it is referenced
        callout_id = self.ids.unique(f"callout-{kind}")
        return lambda: Block("callout", html=inner_html(body), text=text_of(body), line=line, callout=kind, title=title, id=callout_id)

    def html_block(self, element: etree.Element, line: int) -> Block:
        """Return a block of plain HTML and its print form (footnotes at the foot of the page, addresses kept whole)."""
        screen, printed, plain = copy.deepcopy(element), copy.deepcopy(element), copy.deepcopy(element)
        asides = []
        for (parent, sup, label), (print_parent, print_sup, _), (plain_parent, plain_sup, _) in zip(
            footnotes.references(screen), footnotes.references(printed), footnotes.references(plain)
        ):
            first = label not in self.note_ids
            number, note_id = self.note_number(label)
            link = etree.Element("a", {"epub:type": "noteref", "role": "doc-noteref", "href": f"#{note_id}"})
            link.text = str(number)
            if first:
                link.set("id", f"{note_id}-ref")
                asides.append(self.aside(label, note_id))
                footnotes.replace_with(print_parent, print_sup, footnotes.inline_note(self.notes[label]))
            else:
                again = etree.Element("sup", {"class": "footnote-again"})
                again.text = str(number)
                footnotes.replace_with(print_parent, print_sup, again)
            sup.attrib.clear()
            sup[:] = [link]
            footnotes.replace_with(plain_parent, plain_sup, None)
        typeset.print_links(printed)
        typeset.protect_addresses(printed)
        html = "\n".join([serialize(screen), *(serialize(aside) for aside in asides)])
        print_html = serialize(printed)
        return Block("html", html=html, print_html=print_html if print_html != html else "", text=text_of(plain), line=line)

    def note_number(self, label: str) -> tuple[int, str]:
        """Return the number and id of a note printed as a footnote, numbering notes in the order first referenced."""
        self.notes_used.add(label)
        if label not in self.note_ids:
            number = len(self.note_ids) + 1
            self.note_ids[label] = (number, self.ids.unique(f"note-{number}"))
        return self.note_ids[label]

    def aside(self, label: str, note_id: str) -> etree.Element:
        """Return a note as an EPUB 3 footnote: an aside of type footnote holding its paragraphs."""
        aside = etree.Element("aside", {"epub:type": "footnote", "role": "doc-footnote", "id": note_id})
        aside.extend(copy.deepcopy(paragraph) for paragraph in footnotes.note_paragraphs(self.notes[label]))
        return aside

    def inline_notes(self, element: etree.Element) -> None:
        """Print the notes an exercise or checklist item references in brackets where they are referenced."""
        for parent, sup, label in footnotes.references(element):
            self.notes_used.add(label)
            footnotes.replace_with(parent, sup, None, f" ({footnotes.note_text(self.notes[label])})")

    def check_undefined_notes(self, root: etree.Element) -> None:
        """Warn about each '[^label]' that names no note (Python-Markdown leaves it as text)."""
        for reference in footnotes.undefined_references(root):
            message = f"footnote {reference} is not defined; add a line '{reference}: the note' or remove it (it prints as text)"
            self.warnings.append(SourceError(message, self.source.path, self.lines.next_line(reference)))
        for note in self.notes.values():
            self.check_links(note)

    def check_unused_notes(self) -> None:
        """Warn about each note that nothing references (it is not printed)."""
        for label in self.notes:
            if label not in self.notes_used:
                message = f"footnote [^{label}] is never referenced, so it is not printed; add [^{label}] to the text or delete it"
                self.warnings.append(SourceError(message, self.source.path, self.lines.next_line(f"[^{label}]:")))

    def stretches(self, element: etree.Element) -> tuple[Stretch, ...]:
        """Return one Stretch per item of a numbered list of '**Name:** steps' items."""
        found = []
        self.inline_notes(element)
        start = int(element.get("start", "0") or 0)
        self.stretch_count = start - 1 if start else self.stretch_count  # numbers run on across sections
        for item in element.findall("li"):
            self.stretch_count += 1
            number = self.stretch_count
            inline, after = split_item(item)
            strong = inline[0]  # is_stretch_list made sure the item starts with it
            name = text_of(strong).rstrip(":").strip()
            first = (strong.tail or "").lstrip(": ") + "".join(text_of(child) + (child.tail or "") for child in inline[1:])
            steps, hold = find_hold(step_sentences(first) + [step for block in after for step in block_steps(block)], self.source.metadata.language)
            images = [self.image(img) for img in item.iter("img")]
            found.append(
                Stretch(
                    id=self.ids.unique(f"stretch-{number}"),
                    number=number,
                    name=name,
                    steps=tuple(steps),
                    hold=hold.text if hold else "",
                    hold_at=hold.at if hold else len(steps),
                    hold_seconds=hold.seconds if hold else None,
                    sides=hold.sides if hold else False,
                    illustration=images[0] if images else None,
                    line=self.lines.next_line(name),
                )
            )
        return tuple(found)

    def checklist(self, element: etree.Element) -> list[Callable[[], ChecklistItem]]:
        """Return what makes the items of a task list: the first paragraph is the label, the rest follows it."""
        items: list[Callable[[], ChecklistItem]] = []
        self.inline_notes(element)
        for item in element.findall("li"):
            inline, after = split_item(item)
            checked = task_checked(inline)
            inline.text = TASK_MARK.sub("", inline.text or "", count=1)
            label = text_of(inline)
            if not label:
                line = self.lines.next_match(EMPTY_TASK) or self.source.body_line
                self.problem("checklist item has no text; write the task after '- [ ]' or delete the line", line)
                continue
            self.task_count += 1
            fields = {
                "id": self.ids.unique(f"task-{self.task_count}"),
                "text": " ".join([label, *(text_of(block) for block in after)]).strip(),
                "checked": checked,
                "line": self.lines.next_line(label[:40]),
            }
            items.append(functools.partial(make_item, inline, after, fields))
        return items

    def image(self, img: etree.Element) -> Image:
        """Validate one image reference and give it a generated output name."""
        src = img.get("src", "")
        line = self.lines.next_line(f"]({src}", src) if src else self.source.body_line
        try:
            path = policy.resolve_image(self.source.path, src, line)
        except SourceError as error:
            self.problems.append(error)
            path = Path(src)
        alt = (img.get("alt") or "").strip()
        if not alt:
            self.problem(f"image '{src}' has no alt text; describe it between the brackets: ![what it shows]({src})", line)
        name = self.unique_name(path)
        img.set("src", name)
        image = Image(src, path, name, alt, (img.get("title") or "").strip(), line)
        if all(existing.src != src for existing in self.images):
            self.images.append(image)
        return image

    def web_images_as_text(self, element: etree.Element) -> None:
        """Print pictures on the web (a README's badges) as their description, with a warning: builds are offline."""
        for parent in list(element.iter()):
            for img in [child for child in parent if child.tag == "img" and WEB_ADDRESS.match(child.get("src", ""))]:
                src, alt = img.get("src", ""), (img.get("alt") or "").strip()
                shown = f"prints as its description '{alt}'" if alt else "is left out (it has no description)"
                self.warn(f"picture '{src}' is on the web, and handouts are built offline: it {shown}; "
                          "save it beside the document and write ![what it shows](images/name.png) to show it",
                          self.lines.next_line(f"]({src}", src))
                footnotes.replace_with(parent, img, None, alt)

    def check_links(self, element: etree.Element) -> None:
        """Apply the link policy: refuse what it forbids, print what cannot be followed as text, note '#fragment' links."""
        for parent in list(element.iter()):
            for link in [child for child in parent if child.tag == "a" and child.get("class") != "footnote-ref"]:
                href = link.get("href", "")
                line = self.lines.next_line(f"]({href}", f"<{href.removeprefix('mailto:')}>", f"]: {href}", href)
                action, message = policy.classify_link(self.source.path, href)
                if action == "refuse":
                    self.problem(message, line)
                elif message:
                    self.warn(message, line)
                if action == "fragment":
                    self.fragments.append((href, line, parent, link))
                elif action == "text":
                    unwrap(parent, link)
                    continue
                if shows_its_address(link):
                    link.set("class", "url")  # print does not repeat the address after it
                if reads_left_to_right(link):
                    link.set("dir", "ltr")  # an address stays in one piece inside right-to-left text

    def check_fragments(self) -> None:
        """Print each '#fragment' link to an id the document does not have as its text, with a warning."""
        for href, line, parent, link in self.fragments:
            if unquote(href[1:]) not in self.ids.assigned:
                shown = ", ".join(f"#{i}" for i in self.ids.headings[:8]) + (", ..." if len(self.ids.headings) > 8 else "")
                self.warn(f"link '{href}' points to nothing in this document; it prints as plain text (headings: {shown or 'none'})", line)
                unwrap(parent, link)

    def unique_name(self, path: Path) -> str:
        """Return the builder's own member name for an image (never the author's path)."""
        for image in self.images:
            if image.path == path:
                return image.name
        base, suffix = slugify(path.stem), path.suffix.lower()
        candidate, counter = f"images/{base}{suffix}", 2
        while candidate in self.used_names:
            candidate, counter = f"images/{base}-{counter}{suffix}", counter + 1
        self.used_names.add(candidate)
        return candidate

    def problem(self, message: str, line: int) -> None:
        """Record a problem to report with the others."""
        self.problems.append(SourceError(message, self.source.path, line))

    def warn(self, message: str, line: int) -> None:
        """Record a warning: the document still prints."""
        self.warnings.append(SourceError(message, self.source.path, line))


WEB_ADDRESS = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


def make_item(inline: etree.Element, after: list[etree.Element], fields: dict) -> ChecklistItem:
    """Return one checklist item, its label and what follows written out as XHTML."""
    return ChecklistItem(html=inner_html(inline), extra_html="\n".join(serialize(block) for block in after), **fields)


def numbers_text(numbers: list[int]) -> str:
    """Return '1 to 12' for a run of numbers, else the numbers themselves: '1 to 3, 5, 7'."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{run[0]} to {run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)
