"""Callouts (admonitions), definition lists and abbreviations in every output."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.reading.parse import collect_document
from clinicdocs.reading.source import read_source

from conftest import DEFAULT_BRAND, write_project
from helpers import run_epubcheck

FILLER = "Keep moving a little every day, and rest the knee when it aches after a walk or a climb up the stairs.\n\n"
CALLOUT = '!!! {kind} "Box {n} title"\n    Box {n} starts here. ' + "Line of advice that keeps the box tall. " * 10 + "Box {n} ends here.\n\n"
DOCUMENT = "# Knee care\n\nThe RICE method helps.\n\n" + "".join(
    FILLER * (1 + n % 3) + CALLOUT.format(kind=("note", "tip", "warning", "danger")[n % 4], n=n) for n in range(14)
) + "## Words\n\nRICE\n:   Rest, ice, compression, elevation.\n\n*[RICE]: Rest, Ice, Compression, Elevation\n"
GERMAN = "---\nlanguage: de\n---\n# Knie\n\n!!! warning \"Wann Sie uns anrufen\"\n    Bei Schwellung.\n\n!!! tip\n    Kühlen.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the guide and EPUB of a long document full of callouts, and a short German one."""
    root = write_project(tmp_path_factory.mktemp("callouts"), {"source/knee.md": DOCUMENT, "source/knie.md": GERMAN})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide", "epub")))
    return root / "build" / DEFAULT_BRAND


def test_admonitions_become_callout_blocks(tmp_path):
    body = '# T\n\n!!! caution\n    Careful.\n\n!!! note ""\n    Plain.\n\n!!! sidenote "Aside"\n    Odd kind.\n'
    root = write_project(tmp_path, {"source/doc.md": body})
    document, problems, warnings = collect_document(read_source(root / "source" / "doc.md"))
    callouts = [b for s in document.sections for b in s.blocks if b.kind == "callout"]
    assert [(b.callout, b.title, b.html, b.id) for b in callouts] == [
        ("warning", "", "<p>Careful.</p>", "callout-warning"),
        ("note", "", "<p>Plain.</p>", "callout-note"),
        ("note", "Aside", "<p>Odd kind.</p>", "callout-note-2"),
    ]
    assert problems == [] and [(w.line, w.message) for w in warnings] == [
        (9, "callout '!!! sidenote' is not a kind this tool knows; it prints as a note (kinds: note, tip, warning, danger)")
    ]


def test_callouts_are_never_split_across_pages(built):
    pages = subprocess.run(["pdftotext", "-layout", str(built / "knee-guide-letter.pdf"), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    assert len(pages) > 3
    for n in range(14):
        starts = [i for i, page in enumerate(pages) if f"Box {n} starts here." in " ".join(page.split())]
        ends = [i for i, page in enumerate(pages) if f"Box {n} ends here." in " ".join(page.split())]
        label = [i for i, page in enumerate(pages) if f"Box {n} title" in page]
        assert starts == ends == label and len(starts) == 1, (n, starts, ends, label)


def test_labels_follow_the_document_language_and_abbreviations_are_spelled_out(built):
    text = subprocess.run(["pdftotext", str(built / "knie-guide-letter.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "Warnung: Wann Sie uns anrufen" in text and "Tipp\n" in text
    text = " ".join(subprocess.run(["pdftotext", str(built / "knee-guide-letter.pdf"), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "The RICE (Rest, Ice, Compression, Elevation) method helps." in text  # first use spelled out in print
    assert "RICE Rest, ice, compression, elevation." in text and "Warning: Box 2 title" in text  # brand locale en-US


def test_epub_callouts_are_notes_with_decorative_icons(built):
    with zipfile.ZipFile(built / "knee.epub") as book:
        text = book.read("EPUB/text.xhtml").decode()
        names = book.namelist()
    assert '<aside class="callout callout-warning" id="callout-warning" role="note" aria-labelledby="callout-warning-label">' in text
    assert '<p class="callout-label" id="callout-warning-label"><img class="callout-icon" src="clinic/callout-warning.svg" alt="" role="presentation" /> ' \
           "<strong>Warning</strong>: Box 2 title</p>" in text
    assert {f"EPUB/clinic/callout-{kind}.svg" for kind in ("note", "tip", "warning", "danger")} <= set(names)
    assert '<abbr class="abbr-first" title="Rest, Ice, Compression, Elevation">RICE</abbr>' in text and "<dl>" in text
    with zipfile.ZipFile(built / "knie.epub") as book:
        names = book.namelist()
        assert "<strong>Warnung</strong>: Wann Sie uns anrufen" in book.read("EPUB/text.xhtml").decode()
    assert "EPUB/clinic/callout-note.svg" not in names  # only the icons a book uses
    result = run_epubcheck(built / "knie.epub")
    assert result.returncode == 0, result.stdout + result.stderr
