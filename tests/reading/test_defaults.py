"""Markdown brought from elsewhere: optional front matter with defaults, warnings for what still prints, --strict."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.authoring.check import run_check
from clinicdocs.cli import main
from clinicdocs.errors import BuildError
from clinicdocs.reading.parse import collect_document
from clinicdocs.reading.passes.summary import DESCRIPTION_LENGTH
from clinicdocs.reading.source import read_source

from conftest import write_project

BARE = "# Knee care at home\n\nRest the knee. Ice it for ten minutes.\n\n## Moving again\n\nWalk a little every day.\n"


def parse(root: Path, name: str = "doc.md"):
    """Return the document, problems and warnings of one source file."""
    return collect_document(read_source(root / "source" / name))


def test_a_file_without_front_matter_takes_its_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    root = write_project(tmp_path, {"source/doc.md": BARE})
    document, problems, warnings = parse(root)
    assert problems == [] and warnings == []
    meta = document.metadata
    assert (meta.title, meta.description, meta.language, meta.author) == ("Knee care at home", "Rest the knee. Ice it for ten minutes.", "", "")
    assert meta.date.isoformat() == "2023-11-14"
    assert [s.title for s in document.sections] == ["", "Moving again"]  # the title heading is not repeated
    edition = document.edition("en-GB", "Bjørk Clinic")
    assert (edition.metadata.language, edition.metadata.author, edition.metadata.publisher) == ("en-GB", "Bjørk Clinic", "Bjørk Clinic")
    front = write_project(tmp_path / "front", {"source/doc.md": "---\nlanguage: fr\nauthor: Dr A\n---\n" + BARE})
    kept = parse(front)[0].edition("en-GB", "Bjørk Clinic").metadata
    assert (kept.language, kept.author, kept.publisher) == ("fr", "Dr A", "Dr A")  # the front matter wins


def test_description_is_whole_sentences_of_the_first_paragraph_up_to_the_limit(tmp_path):
    first = "A" * 200 + " one."
    second_fits = "B" * (DESCRIPTION_LENGTH - len(first) - 2) + "."  # with the joining space: exactly the limit
    root = write_project(tmp_path, {
        "source/fits.md": f"# T\n\n{first} {second_fits}\n",
        "source/over.md": f"# T\n\n{first} {second_fits}X more.\n",
        "source/long.md": "# T\n\n" + "word " * 100 + "\n",
    })
    assert parse(root, "fits.md")[0].metadata.description == f"{first} {second_fits}"
    assert len(f"{first} {second_fits}") == DESCRIPTION_LENGTH
    assert parse(root, "over.md")[0].metadata.description == first
    long = parse(root, "long.md")[0].metadata.description
    assert long.endswith("word…") and len(long) <= DESCRIPTION_LENGTH


def test_date_comes_from_the_last_commit_else_there_is_none(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_project(tmp_path, {"source/doc.md": BARE, "source/new.md": BARE})
    assert parse(root)[0].metadata.date is None  # not in a repository
    env = {"GIT_COMMITTER_DATE": "2024-02-29T12:00:00+00:00", "GIT_AUTHOR_DATE": "2024-02-29T12:00:00+00:00", "HOME": str(tmp_path)}
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-C", str(root / "source")]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "doc.md"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "doc"], check=True, env=env)
    assert parse(root)[0].metadata.date.isoformat() == "2024-02-29"
    assert parse(root, "new.md")[0].metadata.date is None  # never committed


def test_an_undated_epub_is_reproducible_and_names_no_date(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_project(tmp_path, {"source/doc.md": BARE})
    books = []
    for out in ("one", "two"):
        build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / out, only=("epub",)))
        books.append((root / out / "injury-prevention-guru" / "doc.epub").read_bytes())
    assert books[0] == books[1]
    with zipfile.ZipFile(root / "one" / "injury-prevention-guru" / "doc.epub") as book:
        opf = book.read("EPUB/content.opf").decode()
        text = book.read("EPUB/text.xhtml").decode()
    assert "<dc:date" not in opf and "1980-01-01T00:00:00Z" in opf
    assert "<dc:language>en-US</dc:language>" in opf and "Injury Prevention Guru</dc:creator>" in opf
    assert 'xml:lang="en-US"' in text and "<dc:title>Knee care at home</dc:title>" in opf


def test_a_file_without_any_heading_is_named_after_the_file_with_a_warning(tmp_path):
    root = write_project(tmp_path, {"source/knee_care-tips.md": "Just text.\n"})
    document, _, warnings = parse(root, "knee_care-tips.md")
    assert document.metadata.title == "Knee care tips"
    assert [w.message for w in warnings] == ["no title: the document has no '# ' heading and no front matter title; it is called 'Knee care tips'"]


@pytest.mark.parametrize(
    ("key", "hint"),
    [("titel", "did you mean 'title'?"), ("Author", "did you mean 'author'?"), ("keyword", "did you mean 'keywords'?"),
     ("hide", "known keys: title, description")],
)
def test_unknown_keys_are_warnings_naming_the_nearest_known_key(tmp_path, key, hint):
    root = write_project(tmp_path, {"source/doc.md": f"---\ntitle: T\n{key}: x\n---\n\nText.\n"})
    _, problems, warnings = parse(root)
    assert problems == []
    assert [(w.line, w.message[: len(f"front matter: unknown key '{key}' is ignored; {hint}")]) for w in warnings] == [
        (3, f"front matter: unknown key '{key}' is ignored; {hint}")
    ]


SLOPPY = """\
---
title: Moved from the website
hide: [toc]
---

See [the old page](old.md), [below](#nowhere) and [our site](http://example.org).

# A second title

H<sub>2</sub>O is <abbr title="water">H2O</abbr>.<br>
<span class="x">Kept text</span>.

<div class="note">Loose block</div>
"""


def test_build_prints_warnings_and_strict_fails_with_nothing_written(tmp_path, monkeypatch, capsys):
    root = write_project(tmp_path, {"source/doc.md": SLOPPY})
    monkeypatch.chdir(root)
    assert main(["--only", "epub"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "source/doc.md:3: warning: front matter: unknown key 'hide' is ignored; known keys: title, description, language, date, author, "
        "publisher, keywords, reading_grade, card_note_from, card, card_exercises, reviewed_by, reviewed_on, review_due",
        f"source/doc.md:6: warning: link 'old.md' points to a missing file (looked for {root.resolve()}/source/old.md); it prints as plain text",
        "source/doc.md:6: warning: link 'http://example.org' is not encrypted; use 'https://example.org' if the site offers it",
        "source/doc.md:6: warning: link '#nowhere' points to nothing in this document; it prints as plain text (headings: #intro, #a-second-title)",
        "source/doc.md:8: warning: '# A second title' is a second '#' heading; it becomes a section: write '## A second title' to say so",
        "source/doc.md:11: warning: raw HTML '<span class=\"x\">': left out <span> (the text inside is kept); write Markdown instead",
        "source/doc.md:13: warning: raw HTML '<div class=\"note\">Loose block</div>': left out <div> (the text inside is kept); write Markdown instead",
    ]
    epub = root / "build" / "injury-prevention-guru" / "doc.epub"
    text = zipfile.ZipFile(epub).read("EPUB/text.xhtml").decode()
    assert 'H<sub>2</sub>O is <abbr class="abbr-first" title="water">H2O</abbr>.<br />' in text and "<p>Loose block</p>" in text
    assert 'See the old page, below and <a href="http://example.org">our site</a>.' in text
    before = epub.read_bytes()
    assert main(["--strict", "--only", "epub"]) == 1  # the outputs are current: --strict still reads the document
    err = capsys.readouterr().err
    assert "source/doc.md:3: warning: front matter: unknown key 'hide'" in err
    assert err.strip().endswith("\n--strict: 7 warning(s) count as errors; nothing was written")
    assert epub.read_bytes() == before
    assert run_check(Path("source"), Path("layouts"), strict=True).exit_code == 1
    assert run_check(Path("source"), Path("layouts")).exit_code == 0


def test_unsafe_raw_html_is_still_refused(tmp_path):
    root = write_project(tmp_path, {"source/doc.md": "# T\n\nA <b onmouseover=\"x()\">b</b>.\n\n<iframe src=\"https://example.org\"></iframe>\n"})
    with pytest.raises(BuildError) as caught:
        build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("epub",)))
    assert [re.sub(r"^.*doc\.md", "doc.md", line) for line in str(caught.value).splitlines()] == [
        "doc.md:3: raw HTML <b onmouseover> is not allowed: it is an event handler (a script); delete it",
        "doc.md:5: raw HTML <iframe src=\"https://example.org\"> is not allowed: files and network addresses are never loaded; delete it",
    ]
    assert not (root / "build" / "injury-prevention-guru").exists()
