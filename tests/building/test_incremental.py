"""Incremental builds and watch mode: rebuild exactly what changed, and nothing when nothing did."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

from conftest import SHIPPED_ROOT, ROOT, write_project

from clinicdocs.cli import main

GOOD = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\nHello.\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#ACCE57"/></svg>'


def mtimes(root: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in sorted((root / "build").rglob("*")) if p.is_file() and p.name != ".lock"}


def written(capsys) -> set[str]:
    return {line.split()[1] for line in capsys.readouterr().out.splitlines() if line.startswith("wrote ")}


def two_document_project(root: Path) -> Path:
    write_project(root, {"source/a.md": GOOD + "\n![A red square](images/x.svg)\n", "source/b.md": GOOD, "source/images/x.svg": SVG})
    second = root / "layouts" / "brands" / "second"
    second.mkdir()
    (second / "logo.svg").write_text(SVG, encoding="utf-8")
    brand = (SHIPPED_ROOT / "layouts" / "brands" / "injury-prevention-guru" / "brand.toml").read_text(encoding="utf-8")
    (second / "brand.toml").write_text(brand.replace('name = "Injury Prevention Guru"', 'name = "Second Clinic"'), encoding="utf-8")
    return root


def test_noop_rebuild_writes_nothing_and_imports_no_renderer(tmp_path):
    root = two_document_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(ROOT / "make_docs.py"), "--only", "guide,epub"], cwd=root, env=env, check=True, capture_output=True)
    before = mtimes(root)
    probe = (
        "import sys; from clinicdocs.cli import main; code = main(['--only', 'guide,epub']); "
        "heavy = [m for m in ('weasyprint', 'ebooklib', 'markdown', 'jinja2') if m in sys.modules]; "
        "print('HEAVY', heavy); sys.exit(code)"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert "HEAVY []" in result.stdout
    assert "0 written, 8 skipped" in result.stdout
    assert mtimes(root) == before


def test_image_edit_rebuilds_only_outputs_that_use_it(tmp_path, monkeypatch, capsys):
    root = two_document_project(tmp_path)
    monkeypatch.chdir(root)
    assert main(["--only", "guide,epub"]) == 0
    capsys.readouterr()
    (root / "source" / "images" / "x.svg").write_text(SVG.replace("10", "12"), encoding="utf-8")
    assert main(["--only", "guide,epub"]) == 0
    assert written(capsys) == {f"build/{b}/{o}" for b in ("injury-prevention-guru", "second") for o in ("a-guide-letter.pdf", "a.epub")}


def test_brand_edit_rebuilds_only_that_brand(tmp_path, monkeypatch, capsys):
    root = two_document_project(tmp_path)
    monkeypatch.chdir(root)
    assert main(["--only", "guide"]) == 0
    capsys.readouterr()
    toml = root / "layouts" / "brands" / "second" / "brand.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("St. Louis", "Kansas City"), encoding="utf-8")
    assert main(["--only", "guide"]) == 0
    assert written(capsys) == {"build/second/a-guide-letter.pdf", "build/second/b-guide-letter.pdf"}
    assert main(["--only", "guide", "--force"]) == 0
    assert len(written(capsys)) == 4


def read_until(process: subprocess.Popen, marker: str, timeout: float = 120) -> str:
    """Read the watcher's output until a line containing `marker` arrives."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    seen, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        if selector.select(timeout=1):
            seen += os.read(process.stdout.fileno(), 65536)
            if marker.encode() in seen:
                return seen.decode()
    raise AssertionError(f"no {marker!r} within {timeout}s; got {seen.decode()!r}")


def test_watch_rebuilds_on_save_and_survives_a_bad_edit(tmp_path):
    root = write_project(tmp_path, {"source/doc.md": GOOD})
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "make_docs.py"), "--watch", "--only", "guide"], cwd=root, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        first = read_until(process, "done: 1 written")
        doc = root / "source" / "doc.md"
        doc.write_text(GOOD.replace("Hello.", "Hello again."), encoding="utf-8")
        read_until(process, "done: 1 written")
        assert first.count("done:") == 1
        doc.write_text(GOOD + "\n![Gone](images/gone.svg)\n", encoding="utf-8")
        assert "source/doc.md:11: image 'images/gone.svg' not found" in read_until(process, "not found")
        doc.write_text(GOOD.replace("Hello.", "Hello again."), encoding="utf-8")  # the last good text: nothing to write
        assert "done:" not in read_until(process, "fixed: the build works again")
        doc.write_text(GOOD + "\n![Gone](images/gone.svg)\n", encoding="utf-8")
        read_until(process, "not found")
        doc.write_text(GOOD.replace("Hello.", "Fixed."), encoding="utf-8")
        assert "fixed: the build works again" in read_until(process, "done: 1 written")
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_fast_noop_path_notices_new_documents_and_brand_edits(tmp_path, monkeypatch, capsys):
    root = two_document_project(tmp_path)
    monkeypatch.chdir(root)
    assert main(["--only", "guide"]) == 0
    assert main(["--only", "guide"]) == 0
    assert "done: 0 written, 4 skipped" in capsys.readouterr().out
    (root / "source" / "c.md").write_text(GOOD, encoding="utf-8")
    assert main(["--only", "guide"]) == 0
    assert written(capsys) == {"build/injury-prevention-guru/c-guide-letter.pdf", "build/second/c-guide-letter.pdf"}
    toml = root / "layouts" / "brands" / "second" / "brand.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('primary = "#0B5394"', 'primary = "blue"'), encoding="utf-8")
    assert main(["--only", "guide"]) == 1
    assert "colors.primary: must be a colour written #RRGGBB" in capsys.readouterr().err


def test_retitling_a_handout_rebuilds_the_handouts_whose_wiki_links_name_it_and_no_other(tmp_path, monkeypatch, capsys):
    front = "---\ntitle: {}\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n"
    write_project(tmp_path, {
        "source/knee.md": front.format("Knee care") + "Rest.\n",
        "source/hip.md": front.format("Hip") + "See [[Knee care]].\n",
        "source/walk.md": front.format("Walking") + "Walk daily.\n",
    })
    monkeypatch.chdir(tmp_path)
    assert main(["--only", "guide"]) == 0
    capsys.readouterr()
    knee = tmp_path / "source" / "knee.md"
    knee.write_text(knee.read_text(encoding="utf-8").replace("title: Knee care", "title: Knee care at home"), encoding="utf-8")
    assert main(["--only", "guide"]) == 0
    out, err = capsys.readouterr()
    assert {line.split()[1] for line in out.splitlines() if line.startswith("wrote ")} == {
        "build/injury-prevention-guru/knee-guide-letter.pdf", "build/injury-prevention-guru/hip-guide-letter.pdf"}
    assert 'source/hip.md:9: warning: no handout titled "Knee care";' in err
    (tmp_path / "source" / "knee-care.md").write_text(front.format("Knee care") + "A new handout.\n", encoding="utf-8")
    assert main(["--only", "guide"]) == 0  # a new neighbour may be the one a link names: the linking handout is rebuilt
    assert written(capsys) == {"build/injury-prevention-guru/knee-care-guide-letter.pdf", "build/injury-prevention-guru/hip-guide-letter.pdf"}
