"""Health-literacy scores computed offline, per section, with the formulas of the document's language.

Words and sentences are counted the same way in every language; syllables come from syllables.py
(the pyphen dictionary of the language) and formulas.py says which formulas each language uses.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pyphen

from ..reading.elements import split_sentences
from ..errors import display_path
from ..language.formulas import FK, SMOG, Counts, Formula, base_language, formulas_for, has_own_formulas
from ..model import Document, Section
from ..language.syllables import count_syllables as count_syllables  # where callers have always found them
from ..language.syllables import make_hyphenator as make_hyphenator
from ..language.syllables import syllables_in

WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
LOCATOR_WORD = re.compile(r"[^\W_]+")
NOT_PROSE = re.compile(r"<(h[1-6]|pre)\b.*?</\1>", re.DOTALL)
PROSE_BREAK = re.compile(r"</?(?:p|li|ul|ol|dl|dd|dt|td|th|tr|table|blockquote)\b[^>]*>|<br\s*/?>")
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Sentence:
    """One sentence of running text, where it starts and what it weighs."""

    text: str
    line: int
    words: int
    syllables: int
    polysyllables: int
    monosyllables: int = 0
    long_words: int = 0

    @property
    def grade(self) -> float:
        """Return the Flesch-Kincaid grade of this sentence alone."""
        return flesch_kincaid(self.words, 1, self.syllables)

    def counts(self) -> Counts:
        """Return this sentence alone as formula input."""
        return Counts(self.words, 1, self.syllables, self.polysyllables, self.monosyllables, self.long_words)


@dataclass(frozen=True)
class SectionScore:
    """The sentences of one section (or of the whole document) and their reading grades."""

    title: str
    line: int
    sentences: tuple[Sentence, ...]
    language: str = "en"

    @property
    def counts(self) -> Counts:
        """Return the section's counts as formula input."""
        s = self.sentences
        total = [sum(getattr(x, name) for x in s) for name in ("words", "syllables", "polysyllables", "monosyllables", "long_words")]
        return Counts(total[0], len(s), *total[1:])

    def score(self, formula: Formula) -> float:
        """Return the section's value for one formula."""
        return formula.score(self.counts)

    def grade(self) -> float:
        """Return the section's approximate school grade by its language's first formula (0 without one)."""
        formulas = formulas_for(self.language)
        return formulas[0].grade(self.score(formulas[0])) if formulas and self.sentences else 0.0

    @property
    def words(self) -> int:
        """Return the number of words scored."""
        return sum(s.words for s in self.sentences)

    @property
    def fk_grade(self) -> float:
        """Return the Flesch-Kincaid grade level."""
        return self.score(FK)

    @property
    def smog(self) -> float:
        """Return the SMOG grade, scaled to 30 sentences as McLaughlin's formula does."""
        return self.score(SMOG)


@dataclass(frozen=True)
class ReadabilityReport:
    """The reading grades of one document against its target from front matter."""

    path: Path
    target: float
    sections: tuple[SectionScore, ...]
    language: str = "en"

    @property
    def formulas(self) -> tuple[Formula, ...]:
        """Return the formulas this document is scored with (none for a language written without spaces)."""
        return formulas_for(self.language)

    @property
    def overall(self) -> SectionScore:
        """Return the whole document as one score."""
        sentences = tuple(s for section in self.sections for s in section.sentences)
        return SectionScore("whole document", 0, sentences, self.language)


class SentenceLines:
    """Find the line each sentence starts on, reading the body once from top to bottom."""

    def __init__(self, body: str, first_line: int) -> None:
        self.first_line = first_line
        found = list(LOCATOR_WORD.finditer(body))
        self.words = [match.group().casefold() for match in found]
        self.offsets = [match.start() for match in found]
        self.newlines = [index for index, char in enumerate(body) if char == "\n"]
        self.cursor = 0

    def line_of(self, sentence: str, default: int) -> int:
        """Return the line where `sentence` starts, searching after the previous sentence found."""
        wanted = [word.casefold() for word in LOCATOR_WORD.findall(sentence)]
        start = self.find(wanted[:4]) if wanted else None
        if start is None and len(wanted) > 1:
            start = self.find(wanted[:1])  # a link or markup splits the opening words
        if start is None:
            return default
        self.cursor = self.skip(start, wanted)
        return self.first_line + bisect.bisect_left(self.newlines, self.offsets[start])

    def find(self, prefix: list[str]) -> int | None:
        """Return the index of the first body word at or after the cursor that starts `prefix`."""
        for index in range(self.cursor, len(self.words) - len(prefix) + 1):
            if self.words[index : index + len(prefix)] == prefix:
                return index
        return None

    def skip(self, start: int, wanted: list[str]) -> int:
        """Return the index just past the sentence's words (link targets may sit between them)."""
        index = start
        for word in wanted:
            while index < len(self.words) and self.words[index] != word:
                index += 1
            if index == len(self.words):
                return start + 1
            index += 1
        return index


def prose_units(section: Section) -> list[tuple[str, int]]:
    """Return the running text of a section with each piece's line: paragraphs, list items, steps, checklist."""
    units = []
    for block in section.blocks:
        if block.kind in ("html", "callout"):  # a callout's text is read like any paragraph
            units += [(text, block.line) for text in html_units(block.html)]
        units += [(text, stretch.line) for stretch in block.stretches for text in (*stretch.steps, stretch.hold) if text]
        units += [(item.text, item.line) for item in block.items]
    return units


def html_units(html: str) -> list[str]:
    """Return the paragraphs and list items of a rendered block as plain text, leaving out headings and code."""
    parts = PROSE_BREAK.split(NOT_PROSE.sub(" ", html))
    return [text for part in parts if (text := " ".join(unescape(TAG.sub("", part)).split()))]


def measure(text: str, line: int, hyphenator: pyphen.Pyphen | None, language: str = "en") -> Sentence:
    """Count the words, syllables, long words and words of one and of three or more syllables in one sentence."""
    words = WORD.findall(text)
    counts = [syllables_in(word, hyphenator, language) for word in words]
    long_words = sum(1 for word in words if sum(c.isalpha() for c in word) > 6)
    return Sentence(text, line, len(counts), sum(counts), sum(c >= 3 for c in counts), sum(c == 1 for c in counts), long_words)


def score_document(document: Document, body: str, body_line: int, hyphenator: pyphen.Pyphen | None = None) -> ReadabilityReport:
    """Score each section of a document; `body` and `body_line` locate every sentence in the file."""
    language = document.metadata.language
    if hyphenator is None or base_language(language) != "en":
        hyphenator = make_hyphenator(language)
    lines = SentenceLines(body, body_line)
    sections = []
    for section in document.sections:
        sentences = [
            measure(sentence, lines.line_of(sentence, line), hyphenator, language)
            for text, line in prose_units(section)
            for sentence in split_sentences(text)
        ]
        line = section.line if section.title or not sentences else sentences[0].line  # the intro has no heading
        sections.append(SectionScore(section.title, line, tuple(sentences), language))
    return ReadabilityReport(document.path, document.metadata.reading_grade, tuple(sections), language)


def flesch_kincaid(words: int, sentences: int, syllables: int) -> float:
    """Return the Flesch-Kincaid grade level (Kincaid et al., 1975)."""
    if not words or not sentences:
        return 0.0
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


def format_grades(report: ReadabilityReport) -> str:
    """Return the per-section reading-level table printed by `check`, naming the formulas used."""
    formulas, where = report.formulas, display_path(report.path)
    if not formulas:
        return f"{where}: no reading-level formula for '{report.language}' (its words are not separated by spaces); not scored"
    lines = [f"{where}: reading grade (target {report.target:g}) in '{report.language}' by {formula_names(report)}"]
    lines.append(f"  {'line':>5}  {'section':<48}  {'words':>5}  {'sentences':>9}" + "".join(f"  {f.label:>8}" for f in formulas))
    rows = [*report.sections, report.overall]
    for row in rows:
        title = row.title or "introduction"
        title = title if len(title) <= 48 else title[:45] + "..."
        line = str(row.line) if row is not rows[-1] else ""
        values = "".join(f"  {row.score(f):>8.1f}" if row.sentences else f"  {'-':>8}" for f in formulas)
        lines.append(f"  {line:>5}  {title:<48}  {row.words:>5}  {len(row.sentences):>9}{values}")
    return "\n".join(lines)


def level_summary(section: SectionScore, target: float) -> str:
    """Return one line on a section's reading level, by its language's formulas (for the live preview)."""
    formulas = formulas_for(section.language)
    if not formulas:
        return f"no reading-level formula for '{section.language}'"
    about = "" if formulas[0].kind == "grade" else "about "
    scores = ", ".join(f"{f.name} {section.score(f):.1f}" for f in formulas)
    return f"{about}grade {section.grade():.1f} (target {target:g}): {scores}, {section.words} words"


def formula_names(report: ReadabilityReport) -> str:
    """Name the formulas of a report, saying when LIX stands in for a language without formulas of its own."""
    names = " and ".join(f.name for f in report.formulas)
    if has_own_formulas(report.language):
        return names
    return f"{names} (no formula of its own for '{base_language(report.language)}'; LIX needs no syllables and stands in)"
