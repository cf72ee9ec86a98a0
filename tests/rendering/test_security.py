"""Nothing leaks: no file outside the project and no network request reaches an output."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from weasyprint import HTML

from clinicdocs.cli import main
from clinicdocs.rendering.sandbox import SandboxFetcher

GOOD = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\nHello.\n\n"
SECRET = b"CANARY-SECRET-7f3a"


@pytest.fixture
def canary_server():
    """Run an HTTP server on 127.0.0.1 that counts the requests it gets (there must be none)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(SECRET)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


@pytest.fixture
def canary_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "secret.txt"
    path.write_bytes(SECRET)
    return path


def svg_referring_to(url: str) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image xlink:href="{url}" width="10" height="10"/></svg>'


def outputs(root: Path) -> list[Path]:
    return [p for p in (root / "build").rglob("*") if p.is_file() and p.suffix in (".pdf", ".epub")] if (root / "build").exists() else []


def assert_refused(root: Path, capsys, expected: str) -> None:
    assert main([]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert outputs(root) == []


@pytest.mark.parametrize("kind", ["file", "http"])
def test_reference_inside_svg_is_refused(make_project, in_project, capsys, canary_server, canary_file, kind):
    url = canary_file.as_uri() if kind == "file" else canary_server[0] + "/x.png"
    root = in_project(make_project({"source/doc.md": GOOD + "![A figure](images/evil.svg)\n", "source/images/evil.svg": svg_referring_to(url)}))
    assert_refused(root, capsys, "source/doc.md:11: image 'images/evil.svg' refers to")
    assert canary_server[1] == []


@pytest.mark.parametrize("body", ["![A](/etc/passwd)\n", "![A](file:///etc/passwd)\n", "![A](../../secret.png)\n", "[x](file:///etc/passwd)\n"])
def test_markdown_cannot_reach_outside_files(make_project, in_project, capsys, body):
    root = in_project(make_project({"source/doc.md": GOOD + body}))
    assert_refused(root, capsys, "source/doc.md:11: ")


def test_symlinked_image_pointing_outside_is_refused(make_project, in_project, capsys, canary_file):
    root = in_project(make_project({"source/doc.md": GOOD + "![A](images/link.png)\n"}))
    (root / "source" / "images").mkdir()
    (root / "source" / "images" / "link.png").symlink_to(canary_file)
    assert_refused(root, capsys, f"points outside the source folder {(root / 'source').resolve()} ({(root / 'source').resolve()}/images/link.png is a symbolic link to {canary_file})")


def test_attribute_lists_are_not_markup(make_project, in_project):
    root = in_project(make_project({"source/doc.md": GOOD + "[report](report.txt){: rel=attachment}\n", "source/report.txt": "x"}))
    assert main(["--only", "guide"]) == 0
    pdf = (root / "build" / "injury-prevention-guru" / "doc-guide-letter.pdf").read_bytes()
    assert b"/EmbeddedFile" not in pdf


@pytest.mark.parametrize("reference", ["@import url({http}/x.css);", "body {{ background: url({file}); }}", "body {{ background: url({http}/bg.png); }}"])
def test_layout_css_cannot_fetch_outside(make_project, in_project, capsys, canary_server, canary_file, reference):
    root = in_project(make_project({"source/doc.md": GOOD}))
    css = root / "layouts" / "pdf" / "handout.css.j2"
    css.write_text(reference.format(http=canary_server[0], file=canary_file.as_uri()) + "\n" + css.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["--only", "guide"]) == 1
    assert "refused to load" in capsys.readouterr().err
    assert canary_server[1] == [] and outputs(root) == []


def test_attachment_link_in_html_is_not_embedded(tmp_path, canary_file, canary_server):
    fetcher = SandboxFetcher([tmp_path])
    html = f'<a rel="attachment" href="{canary_file.as_uri()}">x</a><a rel="attachment" href="{canary_server[0]}/a">y</a>'
    pdf = HTML(string=html, base_url=tmp_path.as_uri() + "/", url_fetcher=fetcher).write_pdf()
    assert SECRET not in pdf and b"/EmbeddedFile" not in pdf
    assert len(fetcher.refused) == 2 and canary_server[1] == []


def test_fetcher_rules(tmp_path, canary_file):
    inside = tmp_path / "ok.txt"
    inside.write_text("fine")
    fetcher = SandboxFetcher([tmp_path])
    assert fetcher.fetch(inside.as_uri()).read() == b"fine"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in (canary_file.as_uri(), (tmp_path / ".." / canary_file.parent.name / "secret.txt").as_uri(), "https://example.com/", "ftp://x/"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
