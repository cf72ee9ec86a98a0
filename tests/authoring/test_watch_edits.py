"""Watch mode loses no save: a save made while a build renders is built at once by the next round."""

from __future__ import annotations

import threading
import time

from helpers import pdf_text

from clinicdocs.authoring.watch import watch
from clinicdocs.building.build import BuildOptions
from clinicdocs.rendering.renderer import Renderer

DOCUMENT = "---\ntitle: Hip care\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n## Start\n\n{}\n"


def test_a_save_made_while_watch_renders_is_built_next(make_project, monkeypatch):
    root = make_project({"source/hip.md": DOCUMENT.format("Version one.")})
    source, pdf = root / "source" / "hip.md", root / "build" / "injury-prevention-guru" / "hip-guide-letter.pdf"
    render, saved = Renderer.render, threading.Event()

    def render_then_save(self, target, document):  # the second build reads "two", and "three" is saved while it renders
        if "Version two" in "".join(str(block) for section in document.sections for block in section.blocks) and not saved.is_set():
            source.write_text(DOCUMENT.format("Version three."), encoding="utf-8")
            saved.set()
        return render(self, target, document)

    monkeypatch.setattr(Renderer, "render", render_then_save)
    options = BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide",), brands=("injury-prevention-guru",))
    stop, failures = threading.Event(), []
    watcher = threading.Thread(target=watch, args=(options, lambda report: None, failures.append, stop), daemon=True)
    watcher.start()
    try:
        wait_for(lambda: pdf.is_file() and "Version one" in pdf_text(pdf), 120)
        time.sleep(0.6)  # the watcher starts after the first build
        source.write_text(DOCUMENT.format("Version two."), encoding="utf-8")
        wait_for(saved.is_set, 120)
        wait_for(lambda: "Version three" in pdf_text(pdf), 60)
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not failures


def wait_for(condition, seconds: float) -> None:
    """Poll `condition` until it holds, failing after `seconds` (a bound, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:  # a PDF being replaced may be unreadable for a moment
            pass
        time.sleep(0.1)
    raise AssertionError("the condition did not hold in time")
