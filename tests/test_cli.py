"""The command line: exit codes and one-line `file:line: message` errors, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from clinicdocs.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOOD = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\nHello.\n"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "make_docs.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_help_explains_the_options(tmp_path):
    result = run(["--help"], tmp_path)
    assert result.returncode == 0
    for option in ("--source", "--brand", "--out", "--only", "--force", "-v", "-q"):
        assert option in result.stdout


def test_builds_a_plain_document_and_prints_one_line_per_output(make_project, in_project, capsys):
    in_project(make_project({"source/plain.md": GOOD}))
    assert main(["--only", "guide,epub"]) == 0
    out = capsys.readouterr().out
    assert "wrote build/injury-prevention-guru/plain-guide-letter.pdf  (1 page," in out
    assert "wrote build/injury-prevention-guru/plain.epub" in out
    assert out.strip().splitlines()[-1].startswith("done: 2 written, 0 skipped in ")


@pytest.mark.parametrize(
    ("files", "args", "expected"),
    [
        ({"source/doc.md": GOOD.replace("author: A\n", "author: [A]\n")}, [], "source/doc.md:6: front matter: author: must be text (got ['A'])"),
        ({"source/doc.md": GOOD.replace("language: en-US", "language: english please")}, [], "source/doc.md:4: front matter: language: must be a language tag"),
        ({"source/doc.md": "---\ntitle: T\n"}, [], "source/doc.md:1: front matter is not closed"),
        ({"source/doc.md": GOOD}, ["--brand", "nope"], "unknown brand 'nope' (known: injury-prevention-guru)"),
        ({"source/doc.md": GOOD.encode() + b"\xff\xfe bad\n"}, [], "source/doc.md:10: invalid UTF-8 at byte"),
        ({"source/doc.md": GOOD + "a\x00b\n"}, [], "source/doc.md:10: control character U+0000"),
        ({"source/doc.md": GOOD + "\n![Alt](images/gone.svg)\n"}, [], "source/doc.md:11: image 'images/gone.svg' not found"),
        ({"source/doc.md": GOOD}, ["--source", "source/missing.md"], "source/missing.md: no such file or folder"),
    ],
)
def test_bad_input_exits_non_zero_with_one_clear_line(make_project, files, args, expected):
    root = make_project(files)
    result = run(args, root)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "build").exists() or not any((root / "build").rglob("*.pdf"))


def test_bad_edit_leaves_previous_outputs_untouched(make_project, in_project):
    root = in_project(make_project({"source/doc.md": GOOD}))
    assert main(["--only", "guide"]) == 0
    pdf = root / "build" / "injury-prevention-guru" / "doc-guide-letter.pdf"
    before = pdf.read_bytes()
    (root / "source" / "doc.md").write_text(GOOD + "\n![Alt](images/gone.svg)\n", encoding="utf-8")
    assert main(["--only", "guide"]) == 1
    assert pdf.read_bytes() == before
    assert not [p for p in (root / "build").rglob("*") if p.name.endswith(".tmp")]


def test_the_quick_exit_prints_everything_and_leaves_no_temporary_fonts(make_project, tmp_path):
    """make_docs.py skips the interpreter's teardown (cli.leave): output still arrives whole, codes hold, nothing is left in the temp folder."""
    root = make_project({"source/plain.md": GOOD, "source/bad.md": GOOD.replace("author: A\n", "author: [A]\n")})
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**__import__("os").environ, "TMPDIR": str(temporary)}
    command = [sys.executable, str(ROOT / "make_docs.py"), "--only", "guide,epub", "--brand", "injury-prevention-guru"]
    good = subprocess.run([*command, "--source", "source/plain.md"], cwd=root, capture_output=True, text=True, timeout=300, env=env)
    assert good.returncode == 0, good.stderr
    assert good.stdout.splitlines()[-1].startswith("done: 2 written, 0 skipped in ")
    assert list(temporary.iterdir()) == []  # WeasyPrint's fetched fonts were removed, as its own clean-up would
    workers = subprocess.run([*command, "--source", "source/plain.md", "--force", "-j", "2"], cwd=root, capture_output=True, text=True, timeout=300, env=env)
    assert workers.returncode == 0, workers.stderr
    assert list(temporary.iterdir()) == []  # and so did the worker processes'
    bad = subprocess.run([*command, "--source", "source/bad.md"], cwd=root, capture_output=True, text=True, timeout=300, env=env)
    assert bad.returncode == 1 and bad.stderr.strip() == "source/bad.md:6: front matter: author: must be text (got ['A'])"
    assert list(temporary.iterdir()) == []


@pytest.mark.parametrize(("args", "message"), [
    (["check", "extra"], "error: 'check' takes no file or words (got extra); see --help"),
    (["build", "a.md"], "error: 'build' takes no file or words (got a.md); see --help"),
    (["programme"], "error: programme: name one plan file"),
    (["programme", "a.toml", "b.toml"], "error: programme: name one plan file"),
])
def test_only_library_and_programme_take_words_and_programme_takes_one_plan(args, message, capsys):
    assert main(args) == 1
    assert capsys.readouterr().err.startswith(message)
