"""Markdown nobody on this project wrote (tests/data/real-world, see SOURCES.txt) builds as it is, warning; --strict fails."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.authoring.check import run_check
from clinicdocs.cli import main

from conftest import DEFAULT_BRAND, write_project
from helpers import pdf_text, run_epubcheck

DATA = Path(__file__).resolve().parents[1] / "data" / "real-world"
NAMES = sorted(p.stem for p in DATA.glob("*.md"))
ADAPTED = ("pymd-sanitization", "pymd-index")  # a footnote WeasyPrint 70 asserts on; a 110-character address piece


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build every real-world file's EPUB, and the guide of two of them, for one brand."""
    root = write_project(tmp_path_factory.mktemp("real"), {f"source/{name}.md": (DATA / f"{name}.md").read_bytes() for name in NAMES})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("epub",)))
    for name in ("pymd-admonition", "pymd-tables"):
        build(BuildOptions(source=root / "source" / f"{name}.md", layouts=root / "layouts", out=root / "build", only=("guide",)))
    for name in ADAPTED:  # every PDF: their long addresses and WeasyPrint's own failure on the first once stopped a build
        build(BuildOptions(source=root / "source" / f"{name}.md", layouts=root / "layouts", out=root / "build", only=("guide", "large-print")))
    return root


def test_the_collection_is_what_sources_lists():
    listed = (DATA / "SOURCES.txt").read_text(encoding="utf-8")
    assert len(NAMES) >= 16 and all(f"{name}.md" in listed for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_file_builds_with_warnings_only_and_fails_under_strict(project, name):
    assert (project / "build" / DEFAULT_BRAND / f"{name}.epub").is_file()
    source = project / "source" / f"{name}.md"
    report = run_check(source, project / "layouts", (DEFAULT_BRAND,))
    assert report.errors == () and report.exit_code == 0, [str(f) for f in report.errors]
    assert report.warnings
    assert run_check(source, project / "layouts", (DEFAULT_BRAND,), strict=True).exit_code == 1


def test_strict_build_of_the_collection_fails_and_writes_nothing(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    out = project / "build" / DEFAULT_BRAND
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["--strict", "--only", "epub", "--brand", DEFAULT_BRAND]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith("--strict: ") and err[-1].endswith("warning(s) count as errors; nothing was written")
    assert all(line.startswith("source/") and ": warning: " in line for line in err[:-1]), err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_callouts_tables_and_links_of_the_real_files_reach_the_outputs(project):
    out = project / "build" / DEFAULT_BRAND
    text = pdf_text(out / "pymd-admonition-guide-letter.pdf")
    assert "Note This extension is in maintenance mode." in text  # '!!! info "Note"': one label, no "Note: Note"
    assert "Danger: Don't try this at home" not in text  # that one is inside a code example
    tables = pdf_text(out / "pymd-tables-guide-letter.pdf")
    assert "Note: See Also The Attribute Lists extension" in tables  # '!!! seealso "See Also"' is a note
    with zipfile.ZipFile(out / "pymd-admonition.epub") as book:
        xhtml = book.read("EPUB/text.xhtml").decode()
    assert '<aside class="callout callout-note" id="callout-note" role="note"' in xhtml
    result = run_epubcheck(out / "pymd-admonition.epub")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["mdn-cors-missing-allow-origin", "mdn-cors-request-not-http", "mdn-iframe-credentialless", "mdn-fetch-metadata", "markitdown-readme", "openai-readme", "obsidian-tasks-links", "obsidian-tasks-about-scripting"])
def test_github_alerts_and_obsidian_callouts_are_callouts_in_the_epub(project, name):
    source = (DATA / f"{name}.md").read_text(encoding="utf-8")
    with zipfile.ZipFile(project / "build" / DEFAULT_BRAND / f"{name}.epub") as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert xhtml.count("<aside") >= source.count("> [!") > 0
    assert "[!" not in xhtml.replace("[!-", "")


@pytest.mark.parametrize("name", ADAPTED)
def test_the_files_that_once_failed_print_every_pdf(project, name):
    out = project / "build" / DEFAULT_BRAND
    assert all((out / f"{name}-{variant}-letter.pdf").is_file() for variant in ("guide", "large-print"))
    text = pdf_text(out / f"{name}-guide-letter.pdf")
    assert "it may be the only option for some users" in text or "divergences" in text.replace("- ", "").replace(" ", "")
