"""Same input, same bytes; builds that fail or race never leave broken outputs; bad input never crashes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from clinicdocs.cli import main
from clinicdocs.errors import BuildError
from clinicdocs.parse import make_markdown, parse_document
from clinicdocs.config import load_brand
from clinicdocs.pdf import handout_html
from clinicdocs.source import SourceFile, decode, parse_front_matter, split_front_matter
from clinicdocs.templates import make_environment

ROOT = Path(__file__).resolve().parent.parent
ENV = make_environment(ROOT / "layouts")
BRAND = load_brand(ROOT / "layouts" / "brands" / "injury-prevention-guru")
GOOD = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n"


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.suffix in (".pdf", ".epub")}


def run_build(out: Path, tz: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"TZ": tz}
    return subprocess.run([sys.executable, "make_docs.py", "--brand", "bjork-sondergaard-physio", "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_two_builds_in_different_time_zones_are_byte_identical(tmp_path):
    first, second = run_build(tmp_path / "a", "UTC"), run_build(tmp_path / "b", "Pacific/Auckland")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    a, b = digests(tmp_path / "a"), digests(tmp_path / "b")
    assert len(a) == 7 and a == b


def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path):
    out = tmp_path / "shared"
    args = [sys.executable, "make_docs.py", "--brand", "injury-prevention-guru", "--only", "guide,epub", "--force", "--out", str(out)]
    runs = [subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]
    assert all(code == 0 for code, _ in results), results
    # three pages of article and "Your clinic", then the clinician's notes on a page of their own
    assert len(PdfReader(out / "injury-prevention-guru" / "hip-flexors-guide-letter.pdf").pages) == 4
    assert zipfile.ZipFile(out / "injury-prevention-guru" / "hip-flexors.epub").testzip() is None
    assert not [p for p in out.rglob("*.tmp")]


def test_overflowing_card_fails_and_keeps_previous_outputs(make_project, in_project, capsys):
    checklist = "".join(f"- [ ] Item number {n} is a long line of advice that takes up space on the card.\n" for n in range(40))
    root = in_project(make_project({"source/doc.md": GOOD + "## Habits\n\n- [ ] Walk daily.\n"}))
    assert main([]) == 0
    before = digests(root / "build")
    (root / "source" / "doc.md").write_text(GOOD + "## Habits\n\n" + checklist, encoding="utf-8")
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "the letter card for brand 'injury-prevention-guru' overflows onto" in err and " mm" in err
    assert digests(root / "build") == before
    assert not [p for p in (root / "build").rglob("*.tmp")]


MARKDOWN_PIECES = st.sampled_from([
    "# ", "## ", "### ", "#### ", "- ", "- [ ] ", "- [x] ", "1. ", "1. **Name:** ", "> ", "    ", "\t", "\n", "\n\n",
    "*", "**", "_", "`", "```", "[", "]", "(", ")", "![", "](images/x.svg)", "](https://example.com)", "<", ">", "&", "|", "---",
    "Hold for 30 seconds, then switch sides.", "word", "Ünïcødé", "\u200b", "\\", "{: rel=attachment}", "<!-- c -->", "<b>", "&amp;",
])


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(MARKDOWN_PIECES | st.text(max_size=20), max_size=120).map("".join))
@example("[](<div>\n:)")
@example("*_:_:a_[x](#intro)_:_")
def test_random_markdown_builds_or_fails_cleanly(tmp_path, body):
    path = tmp_path / "doc.md"
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images" / "x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    try:
        text = decode(path, (GOOD + body).encode("utf-8", "surrogatepass"))
        front, first, rest, body_line = split_front_matter(path, text)
        source = SourceFile(path, "doc", parse_front_matter(path, front, first), rest, body_line)
        document = parse_document(source, make_markdown())
        assert "<script" not in handout_html(ENV, document, BRAND, "guide", "letter")
    except BuildError as error:
        assert all(line.startswith(f"{path}:") for line in str(error).splitlines()), str(error)
    except UnicodeEncodeError:
        pass


@pytest.mark.parametrize("body", ["> " * 3000 + "deep\n", "".join("  " * i + "- x\n" for i in range(200)), "*" * 3000 + "x" + "*" * 3000, "[" * 5000 + "x](y)", ("[" * 99 + "\n") * 80])
def test_pathological_nesting_is_refused_quickly(make_project, in_project, capsys, body):
    in_project(make_project({"source/doc.md": GOOD + body}))
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "nesting deeper than" in err or "'[' in one paragraph" in err


def test_worker_processes_make_the_same_bytes(tmp_path):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}"
        result = subprocess.run([sys.executable, "make_docs.py", "--only", "guide,card", "-j", jobs, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        outs.append(digests(out))
    assert len(outs[0]) == 6 and outs[0] == outs[1]
