"""Nothing about the patient is kept: a canary name printed on a programme is found nowhere but in the PDF asked for."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
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


def post(port: int, body: str, origin: str | None = None) -> tuple[int, bytes]:
    """POST a form to the library page's print address; return status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Host": f"127.0.0.1:{port}", **({"Origin": origin} if origin else {})}
    try:
        connection.request("POST", "/library/programme", body=body.encode(), headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_the_previews_library_page_prints_in_memory_and_keeps_nothing(tmp_path):
    project = write_project(tmp_path / "project", exercises_document(4, "Knee Exercises"))
    temporary, home = tmp_path / "tmp", tmp_path / "home"
    temporary.mkdir(), home.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary), "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "PYTHONUNBUFFERED": "1"}
    port = free_port()
    log = tmp_path / "server-output.txt"
    with open(log, "wb") as output:
        process = subprocess.Popen([sys.executable, str(ROOT / "make_docs.py"), "serve", "--only", "guide", "--port", str(port), "-v"],
                                   cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            page = wait_for_library(port)
            token = re.search(r'name="token" value="([^"]+)"', page).group(1)
            ids = dict(re.findall(r'name="id-(\d+)" value="([^"]+)"', page))
            chosen = next(n for n, i in ids.items() if i == "handout/heel-slides")
            form = {"token": token, "patient": CANARY, "clinician": CLINICIAN, f"id-{chosen}": "handout/heel-slides", f"order-{chosen}": "1",
                    f"sets-{chosen}": "3", f"note-{chosen}": "Canary note"}
            body = urllib.parse.urlencode(form)
            assert post(port, body.replace(token, "forged"))[0] == 403, "a page without this server's token cannot print"
            assert post(port, body, origin="http://evil.example")[0] == 403, "another site's page cannot print"
            assert post(port, body.replace("sets-" + chosen + "=3", "sets-" + chosen + "=0"))[0] == 400
            status, pdf = post(port, body, origin=f"http://127.0.0.1:{port}")
            assert status == 200 and pdf.startswith(b"%PDF-")
        finally:
            process.terminate()
            process.wait(timeout=30)
    (tmp_path / "answer.pdf").write_bytes(pdf)
    shown = subprocess.run(["pdftotext", str(tmp_path / "answer.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert CANARY in " ".join(shown.split()) and "3 sets" in shown
    output = log.read_text(encoding="utf-8", errors="replace")
    assert "previewing" in output  # the server's output was captured
    for name in (CANARY, CLINICIAN, "Canary note"):
        assert name not in output and urllib.parse.quote_plus(name) not in output, "the server's output and access log"
        assert files_holding(project, name) == [] and files_holding(temporary, name) == [] and files_holding(home, name) == []


def wait_for_library(port: int) -> str:
    """Return the library page once the server answers (the first build runs meanwhile)."""
    deadline = time.monotonic() + 90
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/library", headers={"Host": f"127.0.0.1:{port}"})
            response = connection.getresponse()
            if response.status == 200:
                return response.read().decode()
        except OSError:
            pass
        assert time.monotonic() < deadline, "the preview did not answer in 90 s"
        time.sleep(0.3)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
