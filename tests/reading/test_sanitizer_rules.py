"""Each refusal rule of the raw-HTML sanitizer, beside the nearest harmless input it must let through.

One row per rule (clinicdocs/reading/rawhtml.py, the raw-HTML parts of reading/policy.py and its
refused link schemes, which Markdown links meet too): the
refused input must stop the document with its line and the rule's message; the input one step away
(another attribute, another scheme, the same style without url()) must parse, kept or left out with a
warning as the row says. Deleting a rule fails its `refused` case; widening one fails its `accepted` case.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

from clinicdocs.reading.parse import collect_document
from clinicdocs.reading.source import read_source

FRONT = "---\ntitle: T\ndescription: D\nlanguage: en\ndate: 2025-01-01\nauthor: A\n---\n\nIntro.\n\n"
LINE = 11  # the body's first line after FRONT


class Rule(NamedTuple):
    """A refused input and its message; the nearest accepted input, and what it becomes."""

    refused: str
    message: str
    accepted: str
    kept: str  # a piece of the accepted input's HTML
    warning: str = ""  # what the accepted input's warning says is left out ('' if nothing is)


RULES = {
    "script": Rule("<script>alert(1)</script>", "<script> is not allowed: it holds a script",
                   "<code>alert(1)</code>", "<code>alert(1)</code>"),
    "noscript": Rule("<noscript>Hi there</noscript>", "<noscript> is not allowed: it holds a script",
                     "<small>Hi there</small>", "<small>Hi there</small>"),
    "template": Rule("<template><b>Hi</b></template>", "<template> is not allowed: it holds a script",
                     "<div><b>Hi</b></div>", "<b>Hi</b>", "left out <div>"),
    "event handler": Rule('A <b onclick="go()">bold</b> word.', "<b onclick> is not allowed: it is an event handler",
                          'A <b data-onclick="go()">bold</b> word.', "A <b>bold</b> word.", "data-onclick= on <b>"),
    "event handler, upper case": Rule('<div ONMOUSEOVER="go()">Hi</div>', "<div onmouseover> is not allowed: it is an event handler",
                                      '<div TITLE="go()">Hi</div>', "Hi", "left out <div>"),
    "javascript: link": Rule('<a href="javascript:alert(1)">Go</a>', "would run a script or open a file",
                             '<a href="https://example.org/javascript">Go</a>', 'href=\"https://example.org/javascript\">Go</a>'),
    "JavaScript: link, spaced": Rule('<a href=" JavaScript:alert(1)">Go</a>', "would run a script or open a file",
                                     '<a href="https://example.org/">Go</a>', 'href=\"https://example.org/\">Go</a>'),
    "vbscript: link": Rule('<a href="vbscript:msgbox">Go</a>', "would run a script or open a file",
                           '<a href="tel:+441234567890">Go</a>', 'href=\"tel:+441234567890\">Go</a>'),
    "data: link": Rule('<a href="data:text/html,hi">Go</a>', "would run a script or open a file",
                       '<a href="mailto:desk@clinic.example">Go</a>', 'href=\"mailto:desk@clinic.example\">Go</a>'),
    "file: link": Rule('<a href="file:///etc/passwd">Go</a>', "would run a script or open a file",
                       '<a href="https://example.org/etc/passwd">Go</a>', 'href=\"https://example.org/etc/passwd\">Go</a>'),
    "src on a picture": Rule('<p>A <img src="pic.png"> here.</p>', "files and network addresses are never loaded; for a picture beside the document write ![what it shows](pic.png)",
                             '<p>A <img src="#pic"> here.</p>', "<p>A  here.</p>", "left out <img>"),
    "src on any element": Rule('<iframe src="https://example.org"></iframe>', '<iframe src="https://example.org"> is not allowed',
                               '<iframe title="https://example.org"></iframe>', "", "left out <iframe>"),
    "srcset": Rule('<p><img srcset="a.png 2x"> x</p>', '<img srcset="a.png 2x"> is not allowed',
                   '<p><img sizes="a.png 2x"> x</p>', "<p> x</p>", "left out <img>"),
    "data on object": Rule('<object data="x.pdf">Doc</object>', '<object data="x.pdf"> is not allowed',
                           '<object data-file="x.pdf">Doc</object>', "Doc", "left out <object>"),
    "poster": Rule('<video poster="x.png">Film</video>', '<video poster="x.png"> is not allowed',
                   '<video title="x.png">Film</video>', "Film", "left out <video>"),
    "background": Rule('<table background="x.png"><tr><td>1</td></tr></table>', '<table background="x.png"> is not allowed',
                       '<table summary="x.png"><tr><td>1</td></tr></table>', "<td>1</td>", "summary= on <table>"),
    "action": Rule('<form action="https://example.org/">Send</form>', "<form action=", '<form name="https://example.org/">Send</form>',
                   "Send", "left out <form>"),
    "href on a stylesheet link": Rule('<link href="x.css">', '<link href="x.css"> is not allowed', '<link title="x.css">', "", "left out <link>"),
    "ping on a link": Rule('<a href="https://example.org/" ping="https://track.example">Go</a>', "<a ping=",
                           '<a href="https://example.org/" title="https://track.example">Go</a>', 'title="https://track.example"'),
    "xlink:href": Rule('<svg><use xlink:href="x.svg#a"/></svg>', '<use xlink:href="x.svg#a"> is not allowed',
                       '<svg><use xlink:href="#a"/></svg>', "", "left out <svg>"),
    "url() in style": Rule('<p style="background: url(x.png)">Hi</p>', "<p style> is not allowed: its style loads a file",
                           '<p style="background: red">Hi</p>', "<p>Hi</p>", "style= on <p>"),
    "url () in style, spaced": Rule('<p style="background: URL (x.png)">Hi</p>', "<p style> is not allowed",
                                    '<p style="background: url-red">Hi</p>', "<p>Hi</p>", "style= on <p>"),
    "@import in style": Rule('<p style="@import \'x.css\'">Hi</p>', "<p style> is not allowed",
                             '<p style="import: x">Hi</p>', "<p>Hi</p>", "style= on <p>"),
    "expression() in style": Rule('<p style="width: expression(alert(1))">Hi</p>', "<p style> is not allowed",
                                  '<p style="width: 10em">Hi</p>', "<p>Hi</p>", "style= on <p>"),
    "url() in a style element": Rule("<style>p { background: url(x.png) }</style>", "<style> is not allowed: it loads a file",
                                     "<style>p { background: red }</style>", "", "left out <style>"),
    "Markdown javascript: link": Rule("[Go](javascript:alert(1))", "link 'javascript:alert(1)' is not allowed: javascript: links run scripts",
                                      "[Go](https://example.org/javascript)", 'href="https://example.org/javascript">Go</a>'),
    "Markdown vbscript: link": Rule("[Go](VBScript:msgbox)", "link 'VBScript:msgbox' is not allowed: vbscript: links run scripts",
                                    "[Go](tel:+441234567890)", 'href="tel:+441234567890">Go</a>'),
    "Markdown data: link": Rule("[Go](data:text/html,hi)", "link 'data:text/html,hi' is not allowed: data: links run scripts",
                                "[Go](mailto:desk@clinic.example)", 'href="mailto:desk@clinic.example">Go</a>'),
    "Markdown file: link": Rule("[Go](file:///etc/passwd)", "link 'file:///etc/passwd' is not allowed: file: links run scripts",
                                "[Go](ftp://example.org/etc/passwd)", "Go", "uses ftp:, which readers may not open; it prints as plain text"),
    "unprintable character reference": Rule("A bell &#7; here.", "character reference '&#7;' is not a printable character",
                                            "A sign &#169; here.", "A sign © here."),
}


def parse(tmp_path: Path, body: str):
    """Return what parsing a document with this body gives: (document, problems, warnings) as 'LINE: message' lines."""
    folder = tmp_path / f"doc-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    (folder / "doc.md").write_text(FRONT + body + "\n", encoding="utf-8")
    document, problems, warnings = collect_document(read_source(folder / "doc.md"))
    return document, [f"{p.line}: {p.message}" for p in problems], [f"{w.line}: {w.message}" for w in warnings]


def html_of(document) -> str:
    """Return the HTML of every block of a document, joined."""
    return "\n".join(block.html for section in document.sections for block in section.blocks)


@pytest.mark.parametrize("rule", RULES.values(), ids=RULES.keys())
def test_the_refused_input_stops_the_document_at_its_line(tmp_path, rule):
    _, problems, _ = parse(tmp_path, rule.refused)
    assert len(problems) == 1 and problems[0].startswith(f"{LINE}: ") and rule.message in problems[0], problems


@pytest.mark.parametrize("rule", RULES.values(), ids=RULES.keys())
def test_the_nearest_harmless_input_is_accepted(tmp_path, rule):
    document, problems, warnings = parse(tmp_path, rule.accepted)
    html = html_of(document)
    assert problems == []
    assert rule.kept in html, html
    if rule.warning:
        assert warnings and all(w.startswith(f"{LINE}: ") for w in warnings) and any(rule.warning in w for w in warnings), warnings
    else:
        assert warnings == []
    assert not re.search(r"\son\w+=|\sstyle=|\ssrc=|srcset|xlink|ping=|url\(", html), html


def test_srcdoc_never_reaches_the_output(tmp_path):
    """srcdoc has no rule of its own: the allow-list leaves out its element, and with it the markup it holds."""
    document, problems, warnings = parse(tmp_path, '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>')
    assert problems == [] and [w.split(":", 1)[0] for w in warnings] == [str(LINE)]
    assert "srcdoc" not in html_of(document) and "script" not in html_of(document)


# Every attribute that makes a browser or renderer load something, written out here (not read from
# rawhtml.REFERENCE_ATTRIBUTES) so that dropping one from the rule fails its case.
LOADING_ATTRIBUTES = (
    "src", "srcset", "href", "data", "poster", "background", "action", "formaction", "codebase", "archive",
    "longdesc", "lowsrc", "dynsrc", "manifest", "ping", "xlink:href", "imagesrcset", "icon",
)


@pytest.mark.parametrize("attribute", LOADING_ATTRIBUTES)
def test_a_loading_attribute_is_refused_on_any_element_and_its_data_twin_is_left_out(tmp_path, attribute):
    _, problems, _ = parse(tmp_path, f'<span {attribute}="https://example.org/x.png">Hi</span>')
    assert problems == [f'{LINE}: raw HTML <span {attribute}="https://example.org/x.png"> is not allowed: files and network addresses are never loaded; delete it']
    document, problems, warnings = parse(tmp_path, f'<span data-{attribute}="https://example.org/x.png">Hi</span>')
    assert problems == [] and "Hi" in html_of(document) and "example.org" not in html_of(document)
    assert len(warnings) == 1 and "left out <span>" in warnings[0]
