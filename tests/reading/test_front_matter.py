"""Front matter: every wrong value is one `file:line: message`, in bounded time, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from clinicdocs.authoring.check import run_check
from clinicdocs.cli import main
from clinicdocs.errors import BuildError
from clinicdocs.reading.source import parse_front_matter

KEYS = "title: T\ndescription: d\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n"  # lines 2-6 of the file
DOC = Path("doc.md")


def problems(front: str) -> list[str]:
    """Return the lines of the error that front matter (starting on line 2 of doc.md) raises."""
    with pytest.raises(BuildError) as caught:
        parse_front_matter(DOC, front, 2)
    return str(caught.value).splitlines()


@pytest.mark.parametrize("date", ["2025-13-45", "2025-02-30", "2025-00-10"])
def test_impossible_date_names_its_line(date):
    assert problems(KEYS.replace("2025-01-01", date)) == [f"doc.md:5: front matter: date: not a real date (got '{date}')"]


def test_impossible_date_is_one_line_from_build_and_check(make_project, in_project, capsys):
    in_project(make_project({"source/doc.md": "---\n" + KEYS.replace("2025-01-01", "2025-02-30") + "---\n\nHello.\n"}))
    assert main([]) == 1
    assert capsys.readouterr().err.strip() == "source/doc.md:5: front matter: date: not a real date (got '2025-02-30')"
    report = run_check(Path("source"), Path("layouts"))
    assert [str(f) for f in report.errors] == ["source/doc.md:5: error: front matter: date: not a real date (got '2025-02-30')"]


def test_other_unreadable_values_are_reported_not_raised():
    found = problems(KEYS + "publisher: !!python/object/apply:os.system ['true']\nkeywords: !!binary 'abc'\n")
    assert [line.split(": ")[0:3] for line in found] == [["doc.md:7", "front matter", "publisher"], ["doc.md:8", "front matter", "keywords"]]


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (KEYS + BILLION_LAUGHS, "doc.md:7: front matter: YAML anchor '&a' is not allowed"),
        (KEYS + "keywords: *nowhere\n", "doc.md:7: front matter: YAML alias '*nowhere' is not allowed"),
        (KEYS + "reading_grade: 8\nkeywords: [" * 1 + "[" * 5000 + "]" * 5001 + "\n", "doc.md:8: front matter: brackets nest deeper than 20 levels"),
        (KEYS + "description: " + "x" * 30_000 + "\n", "doc.md:2: front matter is 30,"),
    ],
)
def test_costly_yaml_is_refused_quickly(front, expected):
    start = time.perf_counter()
    found = problems(front)
    assert time.perf_counter() - start < 2
    assert len(found) == 1 and found[0].startswith(expected), found


def test_repeated_key_is_refused():
    assert problems(KEYS + "title: Again\n") == ["doc.md:7: front matter: key 'title' appears twice (first on line 2); keep one"]


@pytest.mark.parametrize(("old", "new"), [("title: T", "title: '   '"), ("description: d", "description:"), ("author: A", "author: ''")])
def test_blank_text_is_left_to_its_default(old, new):
    metadata = parse_front_matter(DOC, KEYS.replace(old, new), 2)
    key = new.split(":")[0]
    assert getattr(metadata, key) == ""


@pytest.mark.parametrize("value", ["true", ".nan", ".inf", "-.inf", "0", "19", "'8'", "[8]"])
def test_reading_grade_must_be_a_sane_number(value):
    found = problems(KEYS + f"reading_grade: {value}\n")
    assert len(found) == 1 and found[0].startswith("doc.md:7: front matter: reading_grade: must be a school grade from 1 to 18"), found


@pytest.mark.parametrize("value", ["[a, [b]]", "[a, {b: c}]", "[a, '  ']", "[a, null]", "[a, true]", "[.nan]"])
def test_keywords_must_be_plain_items(value):
    found = problems(KEYS + f"keywords: {value}\n")
    assert len(found) == 1 and found[0].startswith("doc.md:7: front matter: keywords: each keyword must be"), found


def test_good_front_matter_still_reads():
    front = KEYS + "publisher: '  '\nkeywords: [knee, 2025, 1.5]\nreading_grade: 6.5\n"
    metadata = parse_front_matter(DOC, front, 2)
    assert metadata.keywords == ("knee", "2025", "1.5") and metadata.reading_grade == 6.5
    assert metadata.publisher == "A"  # blank publisher falls back to the author


def test_check_does_not_expand_aliases(make_project, in_project):
    in_project(make_project({"source/doc.md": "---\n" + KEYS + BILLION_LAUGHS + "---\n\nHello.\n"}))
    start = time.perf_counter()
    report = run_check(Path("source"), Path("layouts"))
    assert time.perf_counter() - start < 10
    assert [f.message.split(";")[0] for f in report.errors] == ["front matter: YAML anchor '&a' is not allowed (no anchors or aliases)"]
