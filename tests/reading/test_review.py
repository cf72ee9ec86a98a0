"""Review governance: who reviewed a handout and when, the next review (two years on by default), and a warning once it is past."""

from __future__ import annotations

import dataclasses
import datetime
import subprocess
import zipfile
from pathlib import Path

import pytest

from clinicdocs.authoring.check import format_report, run_check
from clinicdocs.building.build import BuildOptions, build
from clinicdocs.errors import BuildError
from clinicdocs.reading.source import read_source
from conftest import write_project
from helpers import run_epubcheck

FRONT = "---\ntitle: Back Care\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n{review}---\n\n## Walking\n\nWalk every day.\n"
TODAY = datetime.date.today()


def metadata(tmp_path: Path, review: str):
    """Return the front matter of a handout with these review lines."""
    path = tmp_path / "doc.md"
    path.write_text(FRONT.format(review=review), encoding="utf-8")
    return read_source(path)


@pytest.mark.parametrize(("review", "due"), [
    ("reviewed_on: 2025-03-10\n", datetime.date(2027, 3, 10)),
    ("reviewed_on: 2024-02-29\n", datetime.date(2026, 2, 28)),  # no 29 February two years on
    ("reviewed_on: 2025-03-10\nreview_due: 2026-03-10\n", datetime.date(2026, 3, 10)),
    ("reviewed_on: 2025-03-10\nreview_due: 2025-03-11\n", datetime.date(2025, 3, 11)),  # the first day after is accepted
])
def test_the_next_review_is_two_years_on_unless_the_front_matter_says(tmp_path, review, due):
    assert metadata(tmp_path, review).metadata.review_due == due


@pytest.mark.parametrize(("review", "message"), [
    ("reviewed_on: soon\n", "doc.md:7: front matter: reviewed_on: must be a date written YYYY-MM-DD (got 'soon')"),
    ("reviewed_on: 2025-03-10\nreview_due: 2025-03-10\n", "doc.md:8: front matter: review_due: must come after reviewed_on (2025-03-10)"),
    ("review_due: 2030-01-01\n", "doc.md:7: front matter: review_due: say when the handout was reviewed too"),
    ("reviewed_by: [A, B]\nreviewed_on: 2025-03-10\n", "doc.md:7: front matter: reviewed_by: must be text"),
])
def test_review_keys_of_the_wrong_shape_are_refused_with_their_line(tmp_path, review, message):
    with pytest.raises(BuildError) as caught:
        metadata(tmp_path, review)
    assert message in str(caught.value)


@pytest.mark.parametrize(("days", "warned"), [(-1, True), (0, False), (1, False)])
def test_a_handout_warns_from_the_day_after_its_review_was_due(tmp_path, days, warned):
    due = TODAY + datetime.timedelta(days=days)
    source = metadata(tmp_path, f"reviewed_on: {due.replace(year=due.year - 3).isoformat()}\nreview_due: {due.isoformat()}\n")
    messages = [w.message for w in source.warnings]
    assert any(f"the review was due on {due.isoformat()}" in m for m in messages) == warned
    assert all(w.line == 8 for w in source.warnings)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the guide, EPUB and shelf of a reviewed handout; return the brand's build folder."""
    root = write_project(tmp_path_factory.mktemp("review"), {
        "source/back.md": FRONT.format(review="reviewed_by: Dr A. Patel, physiotherapist\nreviewed_on: 2025-03-10\nreview_due: 2099-03-10\n"),
    })
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide", "large-print", "epub", "catalog")))
    return root / "build" / "injury-prevention-guru"


LINE = "Reviewed by Dr A. Patel, physiotherapist on March 10, 2025 · next review March 10, 2099"


@pytest.mark.parametrize("name", ["back-guide-letter.pdf", "back-large-print-letter.pdf"])
def test_the_guides_last_page_prints_who_reviewed_it_and_when(reviewed, name):
    pages = subprocess.run(["pdftotext", str(reviewed / name), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    last = [page for page in pages if page.strip()][-1]
    assert LINE in " ".join(last.split())


def test_the_epub_colophon_and_the_download_page_print_the_review(reviewed):
    with zipfile.ZipFile(reviewed / "back.epub") as book:
        colophon = next(book.read(name).decode() for name in book.namelist() if "colophon" in name)
    assert LINE in colophon
    assert "Reviewed: March 10, 2025" in (reviewed / "index.html").read_text(encoding="utf-8")


def test_check_warns_for_a_handout_past_its_review_and_strict_fails(make_project, in_project):
    in_project(make_project({"source/old.md": FRONT.format(review="reviewed_on: 2020-01-01\n")}))
    relaxed, strict = run_check(Path("source"), Path("layouts")), run_check(Path("source"), Path("layouts"), (), True)
    assert "source/old.md:7: warning: front matter: review_due: the review was due on 2022-01-01" in format_report(relaxed)
    assert relaxed.exit_code == 0 and strict.exit_code == 1


def test_build_warns_and_strict_writes_nothing(make_project):
    root = make_project({"source/old.md": FRONT.format(review="reviewed_on: 2020-01-01\n")})
    options = BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("epub",))
    with pytest.raises(BuildError, match="review was due on 2022-01-01"):
        build(dataclasses.replace(options, strict=True))
    assert not list((root / "build").glob("**/*.epub"))
    report = build(options)
    assert any("review was due on 2022-01-01" in warning for warning in report.warnings)


def test_the_reviewed_epub_passes_epubcheck(reviewed):
    result = run_epubcheck(reviewed / "back.epub")
    assert result.returncode == 0, result.stdout + result.stderr
