"""A renderer failure stops only its own output: one retry with safer text, then one line, no traceback."""

from __future__ import annotations

import pytest

from clinicdocs.cli import main
from clinicdocs.rendering import pdf
from clinicdocs.rendering.containment import safer_text

from conftest import DEFAULT_BRAND, FRONT_MATTER

FOOTNOTE = FRONT_MATTER + "\nSee the project page.[^1]\n\n[^1]: The project has been [deprecated](https://example.org/issues/698). \nIt may still help.\n"


def test_safer_text_writes_line_breaks_between_words_as_spaces_and_keeps_preformatted_text():
    html = "<p>one \n two</p><pre>a  \n  b</pre><p>three\n\nfour</p><PRE class='x'>c \n d</PRE>"
    assert safer_text(html) == "<p>one two</p><pre>a  \n  b</pre><p>three four</p><PRE class='x'>c \n d</PRE>"
    assert safer_text("<p>no break</p>") == "<p>no break</p>"


def test_a_footnote_weasyprint_asserts_on_prints_after_the_retry(make_project, in_project, capsys):
    in_project(make_project({"source/note.md": FOOTNOTE}))
    assert main(["--only", "guide"]) == 0
    assert "Traceback" not in capsys.readouterr().err


class Crashing(pdf.HTML):  # type: ignore[misc,valid-type]
    """WeasyPrint with a bug that every form of one document's text meets (fault injection)."""

    def render(self, *args, **kwargs):
        if "Crash here" in self.wrapper_element.etree_element.findtext(".//main//p", ""):
            raise AssertionError("Got ' \\n' between two lines")
        return super().render(*args, **kwargs)


def test_a_renderer_that_fails_twice_is_one_line_and_every_other_output_is_written(make_project, in_project, capsys, monkeypatch):
    root = in_project(make_project({"source/bad.md": FRONT_MATTER + "\nCrash here.\n", "source/good.md": FRONT_MATTER + "\nPrint me.\n"}))
    monkeypatch.setattr(pdf, "HTML", Crashing)
    assert main(["--only", "guide,epub"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "source/bad.md: the PDF renderer failed on this document (WeasyPrint: Got ' \\n' between two lines)" in err.splitlines()
    out = root / "build" / DEFAULT_BRAND
    assert (out / "good-guide-letter.pdf").is_file() and (out / "bad.epub").is_file()
    assert not (out / "bad-guide-letter.pdf").exists()
