"""Turn Markdown into the document model: one configured Python-Markdown, then the parser's passes in order."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as etree
from typing import NamedTuple

import markdown

from ..errors import SourceError, raise_all
from ..model import Document, Section
from . import footnotes, policy
from .elements import LineFinder
from .passes import blocks, leftovers, links, notes, outline, pictures, summary
from .passes.state import ParseState
from .source import SourceFile
from .tree import FencedCode, make_plain, mark_first_abbreviations, smarten
from .tree import make_markdown as make_markdown  # where callers have always found it

from .limits import MAX_NESTING as MAX_NESTING, check_limits  # declared with the other limits


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
    lines = LineFinder(source.body, source.body_line)
    root, pieces = element_tree(source, md, lines)
    meta = source.metadata
    meta = dataclasses.replace(
        meta, title=smarten(meta.title, md), description=smarten(meta.description, md), card_note_from=smarten(meta.card_note_from, md)
    )
    state = ParseState(dataclasses.replace(source, metadata=meta), lines, footnotes.take_notes(root))
    sections = run_passes(state, root)
    summary.check_card_exercises(state, sections)
    card_note = summary.card_note(state, sections)
    metadata = dataclasses.replace(state.source.metadata, title=summary.title(state), description=summary.description(state, sections))
    document = Document(source.slug, source.path, metadata, sections, tuple(state.images), card_note)
    found = {(w.line, w.message): w for w in [*source.warnings, *pieces.warnings, *state.warnings]}  # each once
    warnings = sorted(found.values(), key=lambda w: w.line or 0)
    return Parsed(document, sorted(pieces.problems + state.problems, key=lambda p: p.line or 0), warnings)


def element_tree(source: SourceFile, md: markdown.Markdown, lines: LineFinder) -> tuple[etree.Element, policy.Stash]:
    """Return Python-Markdown's element tree made plain (raw HTML cleaned and parsed, entities decoded) and the stash's findings."""
    md.reset()
    policy.check_nesting(source, MAX_NESTING)
    check_limits(source)
    fenced: FencedCode = md.preprocessors["fenced_code_block"]  # type: ignore[assignment]
    fenced.stored = range(0)
    md.finished_tree = etree.Element("div")  # type: ignore[attr-defined]  # convert() skips the tree for blank text
    try:
        md.convert(source.body)
    except RecursionError:
        raise SourceError("the Markdown nests too deeply to parse; flatten the lists or quotes", source.path) from None
    root: etree.Element = md.finished_tree  # type: ignore[attr-defined]
    stash = md.htmlStash.rawHtmlBlocks
    pieces = policy.read_stash(source, stash, fenced.stored, lines)
    make_plain(root, stash, pieces.texts, pieces.raw, fenced.stored)
    mark_first_abbreviations(root)
    return root, pieces


def run_passes(state: ParseState, root: etree.Element) -> tuple[Section, ...]:
    """Run the parser's passes over the tree, in order, and return the document's sections."""
    notes.warn_undefined_references(state, root)
    leftovers.warn_leftovers(state, root)
    leftovers.warn_stray_boxes(state, root)
    for note in state.notes.values():
        leftovers.warn_leftovers(state, note)
    for note in state.notes.values():  # a note's links and pictures are checked and packed like the text's
        links.apply_link_policy(state, note)
    for note in state.notes.values():
        pictures.web_pictures_as_text(state, note)
        pictures.check_pictures(state, note)
    pictures.web_pictures_as_text(state, root)
    plans = outline.outline(state, root)
    for part in (part for plan in plans for part in plan.parts):
        links.apply_link_policy(state, part.element)
    makers = [blocks.section_makers(state, plan) for plan in plans]
    links.unlink_dead_fragments(state)
    sections = tuple(Section(plan.id, plan.title, tuple(make() for make in made), plan.line) for plan, made in zip(plans, makers) if plan.parts or plan.title)
    notes.warn_unused_notes(state)
    return sections
