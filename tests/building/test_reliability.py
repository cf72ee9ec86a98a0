"""Same input, same bytes; builds that fail or race never leave broken outputs; bad input never crashes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from clinicdocs.building.build import BuildOptions
from clinicdocs.cli import main
from clinicdocs.errors import BuildError, RenderError
from clinicdocs.rendering.renderer import Renderer
from clinicdocs.building.uptodate import skipped_outputs
from clinicdocs.authoring.watch import rebuild
from clinicdocs.reading.parse import make_markdown, parse_document
from clinicdocs.brands.schema import load_brand
from clinicdocs.rendering.pdf import handout_html
from clinicdocs.reading.source import SourceFile, decode, parse_front_matter, split_front_matter
from clinicdocs.rendering.templates import make_environment
from conftest import SHIPPED_ROOT

ROOT = Path(__file__).resolve().parents[2]
ENV = make_environment(SHIPPED_ROOT / "layouts")
BRAND = load_brand(SHIPPED_ROOT / "layouts" / "brands" / "injury-prevention-guru")
GOOD = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n"


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.suffix in (".pdf", ".epub")}


def run_build(out: Path, tz: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"TZ": tz}
    return subprocess.run([sys.executable, str(SHIPPED_ROOT / "make_docs.py"), "--brand", "bjork-sondergaard-physio", "--out", str(out)], cwd=SHIPPED_ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_two_builds_in_different_time_zones_are_byte_identical(tmp_path):
    first, second = run_build(tmp_path / "a", "UTC"), run_build(tmp_path / "b", "Pacific/Auckland")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    a, b = digests(tmp_path / "a"), digests(tmp_path / "b")
    assert len(a) == 7 and a == b


def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path):
    out = tmp_path / "shared"
    args = [sys.executable, str(SHIPPED_ROOT / "make_docs.py"), "--brand", "injury-prevention-guru", "--only", "guide,epub", "--force", "--out", str(out)]
    runs = [subprocess.Popen(args, cwd=SHIPPED_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]
    assert all(code == 0 for code, _ in results), results
    # three pages of article and "Your clinic", then the clinician's notes on a page of their own
    assert len(PdfReader(out / "injury-prevention-guru" / "hip-flexors-guide-letter.pdf").pages) == 4
    assert zipfile.ZipFile(out / "injury-prevention-guru" / "hip-flexors.epub").testzip() is None
    assert not [p for p in out.rglob("*.tmp")]


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
        result = subprocess.run([sys.executable, str(SHIPPED_ROOT / "make_docs.py"), "--only", "guide,card", "-j", jobs, "--out", str(out)], cwd=SHIPPED_ROOT, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        outs.append(digests(out))
    assert len(outs[0]) == 6 and outs[0] == outs[1]
    cached = tmp_path / "j1"  # workers reading the cache the single-process build filled
    result = subprocess.run([sys.executable, str(SHIPPED_ROOT / "make_docs.py"), "--only", "guide,card", "-j", "2", "--force", "--out", str(cached)], cwd=SHIPPED_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert digests(cached) == outs[0]


class CardsFail(Renderer):
    """A renderer whose cards fail at render time, as an overflowing or undrawable card would."""

    def render(self, target, document):
        if target.variant == "card":
            raise RenderError(f"the {target.paper} card cannot be drawn", document.path, 3)
        return super().render(target, document)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_output_keeps_its_file_and_the_others_are_written(make_project, in_project, capsys, monkeypatch, jobs):
    root = in_project(make_project({"source/doc.md": GOOD + "## Habits\n\n- [ ] Walk daily.\n"}))
    assert main(["--only", "guide,card,epub"]) == 0
    before = digests(root / "build")
    (root / "source" / "doc.md").write_text(GOOD + "## Habits\n\n- [ ] Walk every day.\n", encoding="utf-8")
    monkeypatch.setattr("clinicdocs.rendering.renderer.Renderer", CardsFail)  # also what forked workers start from
    monkeypatch.setattr("clinicdocs.building.build.make_renderer", CardsFail)
    capsys.readouterr()
    assert main(["--only", "guide,card,epub", "-j", str(jobs)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == ["source/doc.md:3: the letter card cannot be drawn"]
    assert "wrote build/injury-prevention-guru/doc-guide-letter.pdf" in out and "wrote build/injury-prevention-guru/doc.epub" in out
    assert "done: 2 written, 0 skipped, 1 failed (their previous files are kept)" in out
    after = digests(root / "build")
    card = "injury-prevention-guru/doc-card-letter.pdf"
    assert after[card] == before[card] and all(after[name] != before[name] for name in after if name != card)
    manifest = json.loads((root / "build" / ".manifest.json").read_text())
    assert str(Path("build") / card) not in manifest  # not recorded as fresh: the next build retries it
    assert skipped_outputs(Path("source"), Path("layouts"), Path("build"), (), ("guide", "card", "epub"), (1, 1)) is None
    monkeypatch.undo()
    in_project(root)
    assert main(["--only", "guide,card,epub"]) == 0  # the card is retried; the others are current
    out = capsys.readouterr().out
    assert "wrote build/injury-prevention-guru/doc-card-letter.pdf" in out and "done: 1 written, 2 skipped" in out


def test_watch_reports_what_it_wrote_and_every_failure(make_project):
    root = make_project({"source/doc.md": GOOD + "## Habits\n\n- [ ] Walk daily.\n"})
    options = BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide", "card"), first_target_alone=True)
    reports, failures = [], []
    rebuild(options, CardsFail(options.layouts), reports.append, failures.append)
    assert [t.variant for t, _ in reports[0].written] == ["guide"] and (root / "build" / "injury-prevention-guru" / "doc-guide-letter.pdf").is_file()
    assert [str(error) for error in failures] == [f"{root / 'source' / 'doc.md'}:3: the letter card cannot be drawn"]
    assert not (root / "build" / "injury-prevention-guru" / "doc-card-letter.pdf").exists()
