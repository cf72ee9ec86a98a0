"""Turn Markdown into the document model with one configured Python-Markdown."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
from markdown.serializers import to_xhtml_string
from markdown.treeprocessors import Treeprocessor

from . import policy
from .elements import (
    HOLD_SENTENCE,
    TASK_MARK,
    LineFinder,
    hold_seconds,
    is_stretch_list,
    is_task_list,
    item_holder,
    task_checked,
    text_of,
)
from .errors import ErrorGroup, SourceError
from .model import Block, ChecklistItem, Document, Image, Section, Stretch
from .source import SourceFile, slugify

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
MAX_NESTING = 12


class KeepTree(Treeprocessor):
    """Keep the finished element tree so the walker can read it instead of HTML."""

    def run(self, root: etree.Element) -> None:
        self.md.finished_tree = root  # type: ignore[attr-defined]


def make_markdown() -> markdown.Markdown:
    """Return the one Markdown configuration every document is parsed with."""
    md = markdown.Markdown(
        extensions=["tables", "sane_lists"],
        output_format="xhtml",
    )
    md.treeprocessors.register(KeepTree(md), "keep_tree", 0)
    return md


def parse_document(source: SourceFile, md: markdown.Markdown | None = None) -> Document:
    """Parse one source file into a Document, or raise every problem found."""
    document, problems = collect_document(source, md)
    if problems:
        raise problems[0] if len(problems) == 1 else ErrorGroup([*problems])
    return document


def collect_document(source: SourceFile, md: markdown.Markdown | None = None) -> tuple[Document, list[SourceError]]:
    """Parse one source file into a Document plus every problem found; raise only if it cannot be parsed."""
    md = md or make_markdown()
    md.reset()
    lines = LineFinder(source.body, source.body_line)
    policy.check_nesting(source, MAX_NESTING)
    md.finished_tree = etree.Element("div")  # type: ignore[attr-defined]  # convert() skips the tree for blank text
    try:
        md.convert(source.body)
    except RecursionError:
        raise SourceError("the Markdown nests too deeply to parse; flatten the lists or quotes", source.path) from None
    problems = policy.raw_html_problems(source, md.htmlStash.rawHtmlBlocks, lines)
    walker = Walker(source, md, lines)
    sections = walker.walk(md.finished_tree)  # type: ignore[attr-defined]
    card_note = walker.card_note(sections)
    document = Document(source.slug, source.path, source.metadata, sections, tuple(walker.images), card_note)
    return document, problems + walker.problems


class Walker:
    """Walk the element tree once, turning top-level elements into sections and blocks."""

    def __init__(self, source: SourceFile, md: markdown.Markdown, lines: LineFinder):
        self.source = source
        self.md = md
        self.lines = lines
        self.images: list[Image] = []
        self.problems: list[SourceError] = []
        self.used_ids: set[str] = set()
        self.used_names: set[str] = set()

    def walk(self, root: etree.Element) -> tuple[Section, ...]:
        """Return the sections of the document in reading order."""
        sections: list[Section] = []
        title, section_id, line = "", "intro", self.source.body_line
        blocks: list[Block] = []
        level = 2
        for element in root:
            if element.tag == "h1" and not sections and not blocks and not title:
                continue  # the document's own title line; the templates print it from metadata
            if element.tag in ("h1", "h2"):
                if blocks or title:
                    sections.append(Section(section_id, title, tuple(blocks), line))
                title = text_of(element)
                line = self.lines.heading_line(title)
                section_id, blocks, level = self.unique_id(title), [], 2
                if element.tag == "h1":
                    self.problem("only the first heading may be a '# ' title; use '## ' for sections", line)
                continue
            if re.fullmatch(r"h[3-6]", element.tag):
                new_level = int(element.tag[1])
                if new_level > level + 1:
                    self.problem(
                        f"heading level skipped: '{text_of(element)}' is h{new_level} after h{level}; "
                        f"use {'#' * (level + 1)}",
                        self.lines.heading_line(text_of(element)),
                    )
                level = new_level
            blocks.append(self.block(element))
        if blocks or title:
            sections.append(Section(section_id, title, tuple(blocks), line))
        return tuple(sections)

    def card_note(self, sections: tuple[Section, ...]) -> str:
        """Return the first sentence of the section front matter names in card_note_from."""
        wanted = self.source.metadata.card_note_from
        if not wanted:
            return ""
        for section in sections:
            paragraphs = [block.text for block in section.blocks if block.kind == "html" and block.text]
            if section.title == wanted and paragraphs:
                return SENTENCE_END.split(paragraphs[0])[0]
        titles = "; ".join(s.title for s in sections if s.title)
        self.problem(f"card_note_from: no section titled '{wanted}' with text (sections: {titles})", self.source.body_line - 1)
        return ""

    def block(self, element: etree.Element) -> Block:
        """Return the model block for one top-level element."""
        heading = re.fullmatch(r"h[3-6]", element.tag)
        line = self.lines.heading_line(text_of(element)) if heading else self.lines.line_of(text_of(element)[:40])
        self.check_links(element)
        if element.tag == "ol" and is_stretch_list(element):
            return Block("stretches", stretches=self.stretches(element), line=line)
        if element.tag == "ul" and is_task_list(element):
            return Block("checklist", items=self.checklist(element), line=line)
        if element.tag == "p" and len(element) == 1 and element[0].tag == "img" and not (element.text or "").strip():
            image = self.image(element[0])
            return Block("figure", image=image, line=line)
        for img in element.iter("img"):
            self.image(img)
        return Block("html", html=self.serialize(element), text=text_of(element), line=line)

    def stretches(self, element: etree.Element) -> tuple[Stretch, ...]:
        """Return one Stretch per item of a numbered list of '**Name:** steps' items."""
        found = []
        for number, item in enumerate(element.findall("li"), start=1):
            first = item_holder(item)
            strong = first.find("strong")
            assert strong is not None  # is_stretch_list made sure of it
            name = text_of(strong).rstrip(":").strip()
            rest = (strong.tail or "").lstrip(": ") + "".join(
                text_of(child) + (child.tail or "") for child in first if child is not strong
            )
            sentences = [s.strip() for s in SENTENCE_END.split(rest.strip()) if s.strip()]
            hold = next((s for s in sentences if HOLD_SENTENCE.match(s)), "")
            seconds = hold_seconds(hold)
            images = [self.image(img) for img in item.iter("img")]
            found.append(
                Stretch(
                    number=number,
                    name=name,
                    steps=tuple(s for s in sentences if s != hold),
                    hold=hold,
                    hold_seconds=seconds,
                    sides="side" in hold.lower(),
                    illustration=images[0] if images else None,
                    line=self.lines.line_of(name),
                )
            )
        return tuple(found)

    def checklist(self, element: etree.Element) -> tuple[ChecklistItem, ...]:
        """Return the items of a task list, without their screen checkboxes."""
        items = []
        for item in element.findall("li"):
            holder = item_holder(item)
            checked = task_checked(holder)
            holder.text = TASK_MARK.sub("", holder.text or "", count=1)
            inner = self.serialize(item)
            inner = inner[inner.index(">") + 1 : inner.rindex("<")]
            text = text_of(item)
            items.append(ChecklistItem(inner, text, checked, self.lines.line_of(text[:40])))
        return tuple(items)

    def image(self, img: etree.Element) -> Image:
        """Validate one image reference and give it a generated output name."""
        src = img.get("src", "")
        line = self.lines.line_of(f"]({src}") if src else self.source.body_line
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

    def check_links(self, element: etree.Element) -> None:
        """Record a problem for every link the link policy forbids."""
        for link in element.iter("a"):
            href = link.get("href", "")
            message = policy.link_problem(self.source.path, href)
            if message:
                self.problem(message, self.lines.line_of(f"]({href}"))

    def serialize(self, element: etree.Element) -> str:
        """Return the XHTML of an element, with Python-Markdown's placeholders filled in."""
        html = to_xhtml_string(element)
        for processor in self.md.postprocessors:
            html = processor.run(html)
        return html.strip()

    def unique_id(self, title: str) -> str:
        """Return a heading id not used before in this document."""
        base = slugify(title)
        candidate, counter = base, 2
        while candidate in self.used_ids:
            candidate, counter = f"{base}-{counter}", counter + 1
        self.used_ids.add(candidate)
        return candidate

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
