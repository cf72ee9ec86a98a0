"""What the preview page shows: one PDF's pages as pictures, `check`'s findings beside their sections, the outputs."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..building.build import BuildReport
from ..errors import BuildError
from ..planning.targets import Target

PAGE_WIDTH_PX = 816  # a Letter page at 96 dpi; A4 comes out the same width


@dataclass(frozen=True)
class SectionNote:
    """One section as the preview lists it beside the page it starts on."""

    title: str
    line: int
    grade: str
    findings: tuple[str, ...]


@dataclass(frozen=True)
class Snapshot:
    """Everything one state of the page shows; `generation` grows with every build or error."""

    generation: int = 0
    pages: tuple[bytes, ...] = ()
    notes: tuple[tuple[SectionNote, ...], ...] = ()  # per page: the sections that start on it
    document_findings: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()  # paths relative to the build folder
    error: str = ""
    built: bool = False
    path: str = ""  # the PDF the pages are of: after a switch, until the new one is shown, the page says so


@dataclass
class PreviewState:
    """The latest snapshot, replaced as a whole by the build thread and read by the web server."""

    snapshot: Snapshot = field(default_factory=Snapshot)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def replace(self, **changes: object) -> None:
        """Publish a new snapshot with the given changes and the next generation number."""
        with self.lock:
            self.snapshot = dataclasses.replace(self.snapshot, **changes, generation=self.snapshot.generation + 1)  # type: ignore[arg-type]


def page_pictures(pdf: Path) -> tuple[tuple[bytes, ...], list[tuple[str, int]]]:
    """Return every page of a PDF as PNG bytes, and its bookmarks as (title, page index)."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf.read_bytes())
    try:
        pages = []
        for page in document:
            buffer = io.BytesIO()
            page.render(scale=PAGE_WIDTH_PX / page.get_width()).to_pil().save(buffer, format="PNG", compress_level=1)
            pages.append(buffer.getvalue())
        marks = [(item.get_title(), bookmark_page(item)) for item in document.get_toc()]
    finally:
        document.close()
    return tuple(pages), marks


def bookmark_page(bookmark: object) -> int:
    """Return the index of the page a bookmark points to (0 when it points nowhere)."""
    destination = bookmark.get_dest()  # type: ignore[attr-defined]
    return (destination.get_index() or 0) if destination is not None else 0


def section_notes(document: Path, layouts: Path, brand: str, marks: list[tuple[str, int]], pages: int) -> tuple[tuple[tuple[SectionNote, ...], ...], tuple[str, ...]]:
    """Run `check` on one document and place each section's grade and findings beside the page it starts on."""
    from .check import run_check
    from .readability import level_summary

    report = run_check(document, layouts, (brand,))
    scores = report.readability[0].sections if report.readability else ()
    target = report.readability[0].target if report.readability else 0
    starts = sorted(score.line for score in scores)
    by_page: list[list[SectionNote]] = [[] for _ in range(pages)]
    loose = [str(f) for f in report.findings if f.line is None or not starts or f.line < starts[0]]
    for score in scores:
        end = next((line for line in starts if line > score.line), None)
        mine = tuple(str(f) for f in report.findings if f.line is not None and f.line >= score.line and (end is None or f.line < end))
        grade = level_summary(score, target) if score.sentences else "no running text"
        page = next((index for title, index in marks if title == score.title), 0)
        by_page[min(page, pages - 1)].append(SectionNote(score.title or "Introduction", score.line, grade, mine))
    return tuple(tuple(notes) for notes in by_page), tuple(loose)


def show_pages(state: PreviewState, chosen: Target, layouts: Path) -> None:
    """Show the chosen PDF's pages and the findings beside them, clearing any error shown."""
    try:
        pages, marks = page_pictures(chosen.path)
        notes, loose = section_notes(chosen.document, layouts, str(chosen.brand.folder), marks, len(pages))
    except BuildError as error:
        state.replace(error=str(error))
        return
    state.replace(pages=pages, notes=notes, document_findings=loose, error="", built=True, path=str(chosen.path))


def after_batch(state: PreviewState, written: list[Target], chosen: Target, layouts: Path) -> None:
    """Show the chosen PDF as soon as its batch is written, before the build's other outputs."""
    if any(target.path == chosen.path for target in written):
        show_pages(state, chosen, layouts)


def after_build(state: PreviewState, report: BuildReport, chosen: Target, out: Path, layouts: Path) -> None:
    """List the build's outputs; show the pages again if this build did not rewrite them (an error mended)."""
    targets = [target for target, _ in report.written] + report.skipped
    state.replace(outputs=tuple(sorted(str(t.path.relative_to(out)) for t in targets)))
    if not any(target.path == chosen.path for target, _ in report.written):
        show_pages(state, chosen, layouts)


def after_failure(state: PreviewState, error: BuildError) -> None:
    """Show a build's `file:line: message` above the last good pages."""
    state.replace(error=str(error))
