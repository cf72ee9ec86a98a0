"""Nothing about the patient is kept: a canary name printed on a programme is found nowhere but in the PDF asked for."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

from conftest import ROOT, write_project
from documents import exercises_document

CANARY = "Zebulon Quixotewright-Canary"
CLINICIAN = "Dr Ottoline Canaryfield"


def spellings(text: str) -> list[bytes]:
    """Return the ways a name may be stored: UTF-8, UTF-16 (PDF text strings) either way round."""
    return [text.encode("utf-8"), text.encode("utf-16-be"), text.encode("utf-16-le")]


def holds(data: bytes, text: str) -> bool:
    """Tell whether bytes hold the name, as they are or inside a zlib stream (a PDF's, a compressed cache's)."""
    found = any(spelling in data for spelling in spellings(text))
    if found or b"x\x9c" not in data:
        return found
    for start in (i for i in range(len(data)) if data.startswith(b"x\x9c", i)):
        try:
            inflated = zlib.decompressobj().decompress(data[start:], 50_000_000)
        except zlib.error:
            continue
        if any(spelling in inflated for spelling in spellings(text)):
            return True
    return False


def files_holding(folder: Path, text: str) -> list[Path]:
    """Return every file under `folder` that holds `text`."""
    return sorted(path for path in folder.rglob("*") if path.is_file() and not path.is_symlink() and holds(path.read_bytes(), text))


def test_the_command_line_keeps_nothing_of_the_patient(tmp_path):
    project = write_project(tmp_path / "project", exercises_document(4, "Knee Exercises"))
    private, temporary, home = tmp_path / "private", tmp_path / "tmp", tmp_path / "home"
    for folder in (private, temporary, home):
        folder.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary), "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "NO_COLOR": "1"}
    run = lambda *args: subprocess.run([sys.executable, str(ROOT / "make_docs.py"), *args], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    built = run("--only", "card,epub")  # a build folder, a manifest and a cache for the programme to stay out of
    assert built.returncode == 0, built.stderr
    (private / "visit.toml").write_text(
        f'patient = "{CANARY}"\nclinician = "{CLINICIAN}"\nnote = "For {CANARY} only"\n\n'
        '[[exercise]]\nid = "handout/heel-slides"\nsets = 3\nrepetitions = 10\nnote = "Canary note"\n', encoding="utf-8")
    printed = run("programme", str(private / "visit.toml"), "-v")
    assert printed.returncode == 0, printed.stderr
    assert sorted(p.name for p in private.iterdir()) == ["visit-card-letter.pdf", "visit-large-print-letter.pdf", "visit.toml"]
    shown = subprocess.run(["pdftotext", str(private / "visit-card-letter.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert CANARY in " ".join(shown.split()), "the name is printed (its glyphs, not its letters, are in the PDF's streams)"
    assert holds(b"cache entry " + zlib.compress(f"title: {CANARY}".encode()), CANARY), "the search finds a leak, compressed or not"
    for name in (CANARY, CLINICIAN, "Canary note"):
        assert name not in printed.stdout + printed.stderr + built.stdout + built.stderr
        assert files_holding(project, name) == [], "the project tree (build/, its cache and manifest included)"
        assert files_holding(temporary, name) == [], "the temporary folder"
        assert files_holding(home, name) == [], "the home folder's caches"
    assert (project / "build" / ".cache").is_dir()  # the search covered a real cache
