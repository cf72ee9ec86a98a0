"""Markdown as GitHub, Obsidian, pandoc and CommonMark editors write it: read as meant, or warned about on its line."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image

from clinicdocs.reading.parse import collect_document
from clinicdocs.reading.source import read_source

BENCH = Path(__file__).resolve().parents[2] / "bench"
FRONT = "---\ntitle: T\nlanguage: en-US\n---\n"  # the body starts on line 5


def parse(folder: Path, body: str, others: dict[str, str] | None = None):
    """Parse a document with the standard front matter and `body`; return it, its problems and its warnings as (line, message)."""
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 20), "white").save(folder / "foot.png")
    for name, text in (others or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "doc.md").write_text(FRONT + body, encoding="utf-8")
    document, problems, warnings = collect_document(read_source(folder / "doc.md"))
    return document, [str(p) for p in problems], [(w.line, w.message) for w in warnings]


def blocks(document) -> list:
    """Return every block of a document, in order."""
    return [block for section in document.sections for block in section.blocks]


def test_github_alerts_are_the_callouts_admonitions_make(tmp_path):
    body = "".join(f"> [!{kind}]\n> Say {kind.lower()}.\n\n" for kind in ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"))
    document, problems, warnings = parse(tmp_path, body + '!!! warning\n    Same as an alert.\n')
    callouts = [(b.kind, b.callout, b.title, b.html) for b in blocks(document)]
    assert callouts == [
        ("callout", "note", "", "<p>Say note.</p>"),
        ("callout", "tip", "", "<p>Say tip.</p>"),
        ("callout", "warning", "", "<p>Say important.</p>"),
        ("callout", "warning", "", "<p>Say warning.</p>"),
        ("callout", "danger", "", "<p>Say caution.</p>"),
        ("callout", "warning", "", "<p>Same as an alert.</p>"),
    ]
    assert problems == warnings == []


def test_obsidian_callouts_keep_their_title_fold_marks_and_aliases_and_an_unknown_type_is_a_note_with_a_warning(tmp_path):
    body = "Intro.\n\n> [!faq]- Why *daily*?\n> Nerve damage hides pain.\nA lazy line.\n\n> [!missing]+\n> Gone.\n\n> [!sidenote] Odd\n> Kind.\n"
    document, problems, warnings = parse(tmp_path, body)
    assert [(b.callout, b.title, b.text) for b in blocks(document)[1:]] == [
        ("note", "Why daily?", "Nerve damage hides pain. A lazy line."),
        ("danger", "", "Gone."),
        ("note", "Odd", "Kind."),
    ]
    assert warnings == [(14, "callout '> [!sidenote]' is not a kind this tool knows; it prints as a note (kinds: note, tip, warning, danger)")]


def test_fenced_divs_and_details_are_callouts(tmp_path):
    body = "::: warning\nHot water burns.\n:::\n\n:::: {.tip}\nOuter.\n\n::: danger\nInner.\n:::\n::::\n\n<details>\n<summary>Why <b>now</b>?</summary>\n\nBecause.\n\n</details>\n\nAfter.\n"
    document, problems, warnings = parse(tmp_path, body)
    made = [(b.kind, b.callout, b.title, b.text) for b in blocks(document)]
    assert made == [
        ("callout", "warning", "", "Hot water burns."),
        ("callout", "tip", "", "Outer. Danger Inner."),
        ("callout", "note", "Why now?", "Because."),
        ("html", None, "", "After."),
    ] or made[:3] == [("callout", "warning", "", "Hot water burns."), ("callout", "tip", "", made[1][3]), ("callout", "note", "Why now?", "Because.")]
    assert "Inner." in made[1][3] and problems == [] and warnings == []


def test_a_notion_aside_is_a_note_callout_whose_markdown_is_read(tmp_path):
    body = "Before.\n\n<aside>\n💡 **Note:** stop if the knee *swells*.\n\nCall us.\n</aside>\n\nAfter.\n"
    document, problems, warnings = parse(tmp_path, body)
    made = [(b.kind, b.callout, b.text) for b in blocks(document)]
    assert made == [("html", "", "Before."), ("callout", "note", "💡 Note: stop if the knee swells. Call us."), ("html", "", "After.")]
    assert "<strong>Note:</strong>" in blocks(document)[1].html and "**" not in blocks(document)[1].html
    assert problems == [] and warnings == []


@pytest.mark.parametrize("indent", [2, 3, 4])
def test_lists_nest_by_the_content_column_of_their_parent(tmp_path, indent):
    pad = " " * indent
    body = f"- Warm up first\n{pad}- walk for five minutes\n{pad}- swing your arms\n- Then stretch\n"
    document, _, _ = parse(tmp_path, body)
    html = re.sub(r"\s+", "", blocks(document)[0].html)
    assert html == "<ul><li>Warmupfirst<ul><li>walkforfiveminutes</li><li>swingyourarms</li></ul></li><li>Thenstretch</li></ul>"


def test_empty_items_loose_lists_and_markers_that_start_nothing(tmp_path):
    body = "- one\n-\n- three\n\nThe year\n1990. was long.\n\n- a\n- b\n\n- c\n"
    document, _, _ = parse(tmp_path, body)
    empty, year, loose = (re.sub(r"\s+", "", b.html) for b in blocks(document))
    assert empty == "<ul><li>one</li><li></li><li>three</li></ul>"
    assert year == "<p>Theyear1990.waslong.</p>"
    assert loose == "<ul><li><p>a</p></li><li><p>b</p></li><li><p>c</p></li></ul>"


def test_an_ordered_list_under_a_bullet_is_a_list_and_one_space_is_a_sibling(tmp_path):
    document, _, _ = parse(tmp_path, "- Before you start\n  1. calf stretch\n  2. hamstring stretch\n- After\n\nThen:\n\n* a\n * b\n")
    first, _, second = (re.sub(r"\s+", "", b.html) for b in blocks(document))
    assert "<ol><li>calfstretch</li><li>hamstringstretch</li></ol>" in first and "1." not in first
    assert first.endswith("<li><p>After</p></li></ul>") or first.endswith("<li>After</li></ul>")
    assert second == "<ul><li>a</li><li>b</li></ul>"


def test_highlight_strike_emoji_and_backslash_breaks(tmp_path):
    document, _, warnings = parse(tmp_path, "Keep ==dry== and ~~wet~~ feet :warning: always\\\nnext line.\n")
    html = re.sub(r"\s+", " ", blocks(document)[0].html)
    assert html == "<p>Keep <mark>dry</mark> and <del>wet</del> feet \u26a0 always<br /> next line.</p>"
    assert warnings == []


@pytest.mark.parametrize(
    ("written", "size", "warned"),
    [("{width=50%}", "50%", False), ('{: width="300"}', "300px", False), ("{width=100%}", "100%", False), ("{width=101%}", "100%", True),
     ("{width=8cm height=2in}", "8cm", False), ("{width=wide}", "", True)],
)
def test_picture_attributes_size_the_picture(tmp_path, written, size, warned):
    document, problems, warnings = parse(tmp_path, f"![A foot](foot.png){written}\n")
    image = blocks(document)[0].image
    assert image.width == size and problems == [] and bool(warnings) == warned
    assert all(line == 5 for line, _ in warnings)


def test_wiki_links_find_the_handout_by_title_or_file_name_in_any_case_and_warn_for_a_missing_one(tmp_path):
    body = ("See [[knee CARE at home]], [[knee-care|the knee handout]], [[Knee-Care.md]], [[Shoulder exercises]],\n"
            "[[doc]] and [[Knee care at hme]].\n")
    others = {"knee-care.md": "---\ntitle: Knee care at home\n---\nText.\n", "shoulder.md": "# Shoulder exercises\n\nText.\n"}
    document, _, warnings = parse(tmp_path, body, others)
    assert blocks(document)[0].html == (
        '<p>See <a class="handout" href="clinicdocs-handout:knee-care">knee CARE at home</a>, '
        '<a class="handout" href="clinicdocs-handout:knee-care">the knee handout</a>, '
        '<a class="handout" href="clinicdocs-handout:knee-care">Knee-Care.md</a>, '
        '<a class="handout" href="clinicdocs-handout:shoulder">Shoulder exercises</a>,\ndoc and Knee care at hme.</p>'
    )  # a link to the handout itself is its text
    assert warnings == [(6, f'no handout titled "Knee care at hme"; it prints as its text (looked in {tmp_path.name}/ by title and file name): '
                            'did you mean "Knee care at home"?')]


def test_checklist_conventions_forgive_and_warn(tmp_path):
    body = "- [] Buy shoes\n- [ ]\n- [x] Check feet\n* [X] Dry toes\n"
    document, problems, warnings = parse(tmp_path, body)
    assert [(i.text, i.checked) for i in document.checklist] == [("Buy shoes", False), ("Check feet", True), ("Dry toes", True)]
    assert problems == [] and [line for line, _ in warnings] == [5, 6]
    assert "write '- [ ]'" in warnings[0][1] and "no text" in warnings[1][1]


def test_an_exercise_name_without_its_colon_is_an_exercise_with_a_warning(tmp_path):
    body = "1. **Calf stretch:** Face a wall. Hold for 30 seconds.\n2. **Hamstring stretch** Sit down. Hold for 20 seconds.\n"
    document, problems, warnings = parse(tmp_path, body)
    assert [(s.name, s.hold_seconds) for s in document.stretches] == [("Calf stretch", 30), ("Hamstring stretch", 20)]
    assert warnings == [(6, "exercise name '**Hamstring stretch**' has no colon after it; it is read as exercise 2: write '**Hamstring stretch:**'")]


def test_markup_of_another_tool_that_was_not_read_is_warned_about_once_on_its_line(tmp_path):
    body = "A [[broken\nlink]] here.\n\n`==code==` is code.\n\nA == b and {: .x} and {width=3} and [!NOTE] and ::: end.\n"
    _, _, warnings = parse(tmp_path, body)
    assert [(line, message.split("'")[1]) for line, message in warnings] == [
        (5, "[[broken"), (6, "]]"), (10, "=="), (10, "{:"), (10, "{width=3}"), (10, "[!NOTE]"), (10, ":::"),
    ]


# The constructs that warn, each as it is written and as the warning names it.
WARNED = [
    ("A [[loose bracket on its own.", "[["),
    ("Some == spaced == marks.", "=="),
    ("Trailing {: .wide} attributes.", "{:"),
    ("A lone ::: colon run.", ":::"),
    ("Text with a stray [!NOTE] mark.", "[!"),
    ("See [[Missing handout]].", "Missing handout"),
    ("1. **Rest** Sit down for a minute.", "**Rest**"),
    ("- [] Call the clinic", "- []"),
    ("> [!sidenote] Odd kind\n> of box.", "[!sidenote]"),
    ("Go [there](#nowhere) now.", "#nowhere"),
    ("Visit [us](http://example.com) soon.", "http://example.com"),
    ("A badge ![build](https://img.shields.io/b.svg) here.", "https://img.shields.io/b.svg"),
    ("A picture ![A foot](foot.png){width=huge} here.", "huge"),
]
FILLER = ["Plain words here.", "Another short paragraph.", "- a list item\n- another", "| a | b |\n|---|---|\n| 1 | 2 |", "```\ncode == here\n```"]


@settings(deadline=None)
@given(st.lists(st.sampled_from(range(len(WARNED) + len(FILLER))), min_size=1, max_size=12))
def test_every_warning_names_the_line_that_holds_what_it_names(picks):
    parts = [WARNED[i][0] if i < len(WARNED) else FILLER[i - len(WARNED)] for i in picks]
    with tempfile.TemporaryDirectory() as folder:
        _, _, warnings = parse(Path(folder), "\n\n".join(parts) + "\n")
        lines = (FRONT + "\n\n".join(parts)).splitlines()
    for line, message in warnings:
        named = [needle for _, needle in WARNED if needle in message]
        assert named, message
        assert any(needle in lines[line - 1] for needle in named), (line, message, lines[line - 1])
    expected = {needle for i in picks if i < len(WARNED) for needle in [WARNED[i][1]]}
    assert expected <= {needle for _, needle in WARNED for _, message in warnings if needle in message}


# The share of the CommonMark specification's examples per section must not fall under these (bench/commonmark.py).
FLOORS = {"Lists": 23, "List items": 43, "Block quotes": 22, "Thematic breaks": 17, "Emphasis and strong emphasis": 98, "ATX headings": 12, "Links": 55, "Autolinks": 9}


def test_commonmark_examples_render_as_the_spec_says_at_least_as_often_as_before():
    import importlib.util

    spec = importlib.util.spec_from_file_location("commonmark_bench", BENCH / "commonmark.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    from clinicdocs.reading.tree import make_markdown

    examples = json.loads((BENCH / "data" / "commonmark-spec.json").read_text(encoding="utf-8"))
    results = bench.shares(make_markdown(), [e for e in examples if e["section"] in FLOORS])
    assert all(results[section][0] >= floor for section, floor in FLOORS.items()), results


def test_a_leftover_fails_check_under_strict(make_project):
    from clinicdocs.authoring.check import run_check

    root = make_project({"source/doc.md": FRONT + "Keep feet == dry.\n", "source/fine.md": FRONT + "Keep feet ==dry==.\n"})
    for name, strict_code in (("doc", 1), ("fine", 0)):
        source = root / "source" / f"{name}.md"
        assert run_check(source, root / "layouts", ("injury-prevention-guru",), strict=True).exit_code == strict_code
        assert run_check(source, root / "layouts", ("injury-prevention-guru",)).exit_code == 0


def test_an_alert_inside_a_list_item_stays_in_it_and_the_list_goes_on(tmp_path):
    document, _, warnings = parse(tmp_path, "1. Step one\n   > [!WARNING]\n   > Stop if it hurts.\n2. Step two\n")
    html = re.sub(r"\s+", " ", blocks(document)[0].html)
    assert '<li> <p>Step one</p> <div class="admonition warning x-alert">' in html and "<p>Step two</p> </li> </ol>" in html
    assert warnings == []


def test_a_wiki_link_to_a_heading_of_the_document_is_a_link_to_it(tmp_path):
    document, _, warnings = parse(tmp_path, "See [[#Foot checks|the checks]] and [[#Nowhere]].\n\n## Foot checks\n\nLook.\n")
    assert blocks(document)[0].html == '<p>See <a href="#foot-checks">the checks</a> and Nowhere.</p>'
    assert [line for line, _ in warnings] == [5] and "'#nowhere'" in warnings[0][1]


def test_fenced_code_and_a_quote_inside_a_list_item_stay_in_it(tmp_path):
    body = "1. Open a terminal:\n   ```bash\n   ls -l\n   ```\n2. Read the note:\n   > Keep it dry.\n3. Done.\n"
    document, _, _ = parse(tmp_path, body)
    html = re.sub(r"\s+", "", blocks(document)[0].html)
    assert "<li><p>Openaterminal:</p><pre><code>ls-l</code></pre></li>" in html
    assert re.search(r"<blockquote><p>Keepitdry.</p></blockquote></li><li>(<p>)?Done.(</p>)?</li></ol>$", html) and html.count("<li>") == 3


def test_blocks_whose_text_differs_from_their_source_still_know_their_line(tmp_path):
    body = "Intro.\n\n| Day | Stretch |\n|---|---|\n| Mon | calf |\n\nKeep ==soft== \"skin\" *every* day.\n\n- [ ] **Check** the `soles`\n"
    document, _, _ = parse(tmp_path, body)
    assert [(b.kind, b.line) for b in blocks(document)] == [("html", 5), ("html", 7), ("html", 11), ("checklist", 13)]
    assert [item.line for item in document.checklist] == [13]


def test_a_fenced_div_never_closed_prints_as_written_with_a_warning(tmp_path):
    document, _, warnings = parse(tmp_path, "Intro.\n\n::: warning\nHot water burns.\n\nMore text.\n")
    assert [b.kind for b in blocks(document)] == ["html", "html", "html"]
    assert [(line, message.split("'")[1]) for line, message in warnings] == [(7, ":::")]


def test_fenced_code_inside_a_quote_is_code_and_a_line_after_the_quote_is_not_in_it(tmp_path):
    body = ("> Log your steps:\n>\n> ```text\n> day 1: 2000\n>\n> day 2: 2500\n> ```\n> Then rest.\n\n"
            "- Warm up\n\n  > ```\n  > walk 5 min\n  > ```\n- Stretch\n\n> After a blank quote line\n>\nthis is its own paragraph.\n")
    document, problems, _ = parse(tmp_path, body)
    html = re.sub(r"\s+", " ", " ".join(block.html for block in blocks(document)))
    assert problems == []
    assert "<pre><code>day 1: 2000 day 2: 2500 </code></pre> <p>Then rest.</p> </blockquote>" in html
    assert "<blockquote> <pre><code>walk 5 min </code></pre> </blockquote>" in html and "```" not in html
    assert "</blockquote> <p>this is its own paragraph.</p>" in html
    document, _, _ = parse(tmp_path, "> [!TIP]\n> Log it:\n> ```\n> day 1\n> ```\n- Walk\n")
    assert [block.kind for block in blocks(document)] == ["callout", "html"] and "<pre><code>day 1" in blocks(document)[0].html


def test_pymdownx_imports_without_urllib_request_and_converts_paths_as_it_would():
    import subprocess
    import sys

    code = (
        "import sys; from clinicdocs.reading.inline import pymdown_extensions; pymdown_extensions(); "
        "print('urllib.request' in sys.modules, 'ssl' in sys.modules); import pymdownx.util as u; import urllib.request as r; "
        "paths = ['/a b/c%', 'ä/ö?#', '']; print([u.pathname2url(p) == r.pathname2url(p) and u.url2pathname(r.pathname2url(p)) == r.url2pathname(r.pathname2url(p)) for p in paths]); "
        "print(callable(r.urlopen))"
    )
    lines = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert lines[:3] == ["False False", "[True, True, True]", "True"]  # not imported; same answers; the real module later
