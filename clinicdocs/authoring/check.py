"""Check documents and brands as a build would, without rendering or writing anything."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import pyphen

from ..building.build import BuildOptions, load_brands
from ..brands.schema import Brand
from ..brands.glyphs import check_glyphs
from ..errors import BuildError, ErrorGroup, SourceError, format_location
from ..model import Document, Metadata
from ..reading.discover import BRAND_FILE
from ..reading.parse import collect_document
from ..language.formulas import FK, formulas_for
from ..language.catalogs import missing_catalogs
from .readability import (
    ReadabilityReport,
    SectionScore,
    format_grades,
    make_hyphenator,
    score_document,
)
from ..reading.source import (
    SourceFile,
    decode,
    find_documents,
    load_front_matter,
    read_front_matter,
    read_bytes,
    document_slug,
    split_front_matter,
    valid_reading_grade,
)

# Stands in for front matter that failed its checks, so the body is still checked.
PLACEHOLDER_METADATA = Metadata("(front matter unreadable)", "", "", None, "", "")
HEADING_HTML = re.compile(r"^<h([1-6])\b")
LONG_SENTENCE = 25  # words; plain-language guides (CDC, NIH) advise 15-20 on average
HARDEST = 3
Severity = Literal["error", "warning", "note"]  # a note says what was chosen for the author; it never fails a check


@dataclass(frozen=True)
class Finding:
    """One problem for the author: an error stops a build, a warning only advises."""

    path: Path | None
    line: int | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        return format_location(self.path, self.line, f"{self.severity}: {self.message}")


@dataclass(frozen=True)
class CheckReport:
    """Every finding of a check, the reading grades of each document, and the exit code they imply."""

    findings: tuple[Finding, ...]
    readability: tuple[ReadabilityReport, ...]
    strict: bool = False

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Return the findings that would stop a build."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Return the advisory findings."""
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def exit_code(self) -> int:
        """Return 1 when there are errors, or warnings under --strict; else 0."""
        return 1 if self.errors or (self.strict and self.warnings) else 0


def run_check(source: Path, layouts: Path, brands: tuple[str, ...] = (), strict: bool = False) -> CheckReport:
    """Check everything a build reads, report every problem and score readability; write nothing.

    1. Load and validate the chosen brands (all of them by default).
    2. Find the documents.
    3. Read, parse and check each document: front matter, images, links, headings, empty sections.
    4. Score each document's reading level, with its language's formulas, against its front matter target.
    5. Warn once for each language that has no message catalog.
    """
    loaded, findings = brand_findings(layouts, brands)
    try:
        paths = find_documents(source)
    except BuildError as error:
        return CheckReport(tuple(findings + as_findings(error)), (), strict)
    hyphenator = make_hyphenator()
    scores = []
    for path in paths:
        document_findings, score = check_document(path, hyphenator, loaded)
        findings += sorted(document_findings, key=lambda f: f.line or 0)
        scores += [score] if score else []
    languages = [(score.path, score.language) for score in scores]
    findings += [Finding(path, line, "warning", message) for path, line, message in missing_catalogs(layouts, languages)]
    return CheckReport(tuple(findings), tuple(scores), strict)


def brand_findings(layouts: Path, brands: tuple[str, ...]) -> tuple[list[Brand], list[Finding]]:
    """Load the brands as a build would and return them, or their problems."""
    try:
        loaded = load_brands(BuildOptions(layouts=layouts, brands=brands))
        return loaded, [Finding(b.folder / BRAND_FILE, line, "note", message) for b in loaded for line, message in b.notes]
    except BuildError as error:
        return [], as_findings(error)


def check_document(
    path: Path, hyphenator: pyphen.Pyphen, brands: list[Brand]
) -> tuple[list[Finding], ReadabilityReport | None]:
    """Return every finding for one document and its reading grades (None when it cannot be parsed)."""
    try:
        source, problems = read_document(path)
    except BuildError as error:
        return as_findings(error), None
    try:
        document, parse_problems, warnings = collect_document(source)  # a Markdown for its language
    except BuildError as error:  # nested too deeply to parse at all
        return [f for problem in [*problems, error] for f in as_findings(problem)], None
    findings = [f for problem in problems + parse_problems for f in as_findings(problem)]
    findings += [replace(f, severity="warning") for warning in warnings for f in as_findings(warning)]
    findings += empty_headings(document)
    findings += glyph_findings(document, brands)
    if not document.metadata.language and brands:
        document = document.edition(brands[0].locale, brands[0].name)  # scored in its first clinic's language
    score = score_document(document, source.body, source.body_line, hyphenator)
    findings += readability_findings(score)
    return findings, score


def glyph_findings(document: Document, brands: list[Brand]) -> list[Finding]:
    """Return a warning for the characters no font can draw, and an error for each brand whose own text its font cannot draw."""
    found: list[Finding] = []
    for brand in brands:
        try:
            found += [replace(f, severity="warning") for warning in check_glyphs(document, brand) for f in as_findings(warning)
                      if replace(f, severity="warning") not in found]
        except BuildError as error:
            found += as_findings(error)
    return found


def read_document(path: Path) -> tuple[SourceFile, list[BuildError]]:
    """Read a document, keeping its body to check even when its front matter is wrong."""
    text = decode(path, read_bytes(path))
    front, front_line, body, body_line = split_front_matter(path, text)
    warnings: list[SourceError] = []
    try:
        (metadata, warnings), problems = read_front_matter(path, front, front_line), []
    except BuildError as error:
        metadata, problems = replace(PLACEHOLDER_METADATA, reading_grade=loose_reading_grade(path, front, front_line)), [error]
    return SourceFile(path, document_slug(path), metadata, body, body_line, tuple(warnings)), problems


def loose_reading_grade(path: Path, front: str, front_line: int) -> float:
    """Return the front matter's reading_grade when it is valid, even if other keys are wrong; else 8."""
    try:
        data, _, _ = load_front_matter(path, front, front_line)
    except BuildError:
        return PLACEHOLDER_METADATA.reading_grade
    grade = data.get("reading_grade")
    return float(grade) if valid_reading_grade(grade) else PLACEHOLDER_METADATA.reading_grade


def empty_headings(document: Document) -> list[Finding]:
    """Warn about each heading with nothing under it before the next heading of its level or higher."""
    findings = []
    for section in document.sections:
        outline: list[tuple[int, str, int]] = [(2, section.title, section.line)] if section.title else []
        for block in section.blocks:
            match = HEADING_HTML.match(block.html) if block.kind == "html" else None
            outline.append((int(match.group(1)), block.text, block.line) if match else (0, "", 0))
        outline.append((1, "", 0))  # the section ends: a heading above any level
        for (level, title, line), (next_level, _, _) in zip(outline, outline[1:]):
            if level and next_level and next_level <= level:
                message = f"heading '{title}' has nothing under it before the next heading; add text or remove it"
                findings.append(Finding(document.path, line, "warning", message))
    return findings


def readability_findings(score: ReadabilityReport) -> list[Finding]:
    """Warn about each section above the target reading grade and each sentence over 25 words."""
    findings = []
    for section in score.sections:
        if section.sentences and score.formulas and section.grade() > score.target:
            findings.append(Finding(score.path, section.line, "warning", grade_message(section, score.target)))
        for sentence in section.sentences:
            if sentence.words > LONG_SENTENCE:
                opening = " ".join(sentence.text.split()[:8])
                message = f"sentence of {sentence.words} words, over {LONG_SENTENCE} ('{opening} ...'); split it in two"
                findings.append(Finding(score.path, sentence.line, "warning", message))
    return findings


def grade_message(section: SectionScore, target: float) -> str:
    """Say how far a section is above the target grade, by which formula, and which sentences to simplify first."""
    formula = formulas_for(section.language)[0]
    grades = {id(s): formula.grade(formula.score(s.counts())) for s in section.sentences}
    ranked = sorted(section.sentences, key=lambda s: grades[id(s)], reverse=True)
    hardest = [s for s in ranked[:HARDEST] if grades[id(s)] > target] or ranked[:1]
    about = "" if formula.kind == "grade" else "about "
    listed = ", ".join(f"line {s.line} ({s.words} word{'' if s.words == 1 else 's'}, {about}grade {grades[id(s)]:.1f})" for s in hardest)
    level = f"grade {section.grade():.1f}"
    if formula.kind != "grade":
        level = f"{formula.name} {section.score(formula):.1f} (about {level})"
    elif formula is not FK:
        level = f"{level} by the {formula.name}"
    return (
        f"section '{section.title or 'introduction'}' reads at {level}, above the target "
        f"{target:g} (reading_grade in the front matter, default 8); simplify its hardest sentences: {listed}"
    )


def as_findings(error: BuildError) -> list[Finding]:
    """Return one error finding per problem an exception carries."""
    if isinstance(error, ErrorGroup):
        return [f for inner in error.errors for f in as_findings(inner)]
    return [Finding(Path(error.path) if error.path is not None else None, error.line, "error", error.message)]


def format_report(report: CheckReport) -> str:
    """Return what `check` prints: each finding, each document's reading grades, then the totals."""
    parts = [str(finding) for finding in report.findings]
    parts += [f"\n{format_grades(score)}" for score in report.readability]
    verdict = "fails" if report.exit_code else "passes"
    strict = " (--strict: warnings fail too)" if report.strict else ""
    parts.append(f"\ncheck {verdict}: {len(report.errors)} error(s), {len(report.warnings)} warning(s){strict}")
    return "\n".join(parts).strip("\n")
