"""The size limits: each accepted at its limit and refused one over, at the line where it goes over; check stays linear."""

from __future__ import annotations

import cProfile
import pstats
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinicdocs.errors import SourceError
from clinicdocs.reading import limits
from clinicdocs.reading.parse import parse_document
from clinicdocs.reading.source import SourceFile, read_source

from conftest import SHIPPED_ROOT
FRONT = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n"
BODY_LINE = FRONT.count("\n") + 1


def items(count: int) -> str:
    return "## Steps\n\n" + "".join(f"- Step {i}\n" for i in range(count))


def rows(count: int) -> str:
    return "## Plan\n\n| Week | Sets |\n|---|---|\n" + "".join(f"| {i} | 3 |\n" for i in range(count))


def headings(count: int) -> str:
    return "".join(f"## Part {i}\n\nText.\n\n" for i in range(count))


def words(count: int) -> str:
    return "## Text\n\n" + " ".join(["walk"] * (count - 1)) + "\n"  # the heading's word counts too


MAKERS = {"list items": (items, limits.MAX_LIST_ITEMS), "table rows": (rows, limits.MAX_TABLE_ROWS),
          "headings": (headings, limits.MAX_HEADINGS), "words": (words, limits.MAX_WORDS)}


def source(tmp_path: Path, body: str) -> SourceFile:
    path = tmp_path / "doc.md"
    path.write_text(FRONT + body, encoding="utf-8")
    return read_source(path)


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_each_limit_accepts_its_last_value_and_refuses_the_next_at_its_line(tmp_path, kind):
    make, most = MAKERS[kind]
    if kind == "headings":
        most_body = make(most)
        limits.check_limits(source(tmp_path, most_body))
        over = make(most + 1)
        expected_line = BODY_LINE + over.split("\n").index(f"## Part {most}")
    else:
        limits.check_limits(source(tmp_path, make(most)))
        over = make(most + 1)
        expected_line = BODY_LINE + len(over.rstrip("\n").split("\n")) - 1
    with pytest.raises(SourceError) as refused:
        limits.check_limits(source(tmp_path, over))
    assert refused.value.line == expected_line
    assert f"more than {most:,} {kind} in one document" in str(refused.value)


def test_fenced_code_is_not_counted_as_lists_or_tables(tmp_path):
    body = "## Code\n\n```\n" + "".join(f"- not an item {i}\n" for i in range(limits.MAX_LIST_ITEMS + 5)) + "```\n"
    limits.check_limits(source(tmp_path, body))


def test_the_limits_are_checked_before_markdown_parses_the_document(tmp_path):
    with pytest.raises(SourceError, match="list items"):
        parse_document(source(tmp_path, items(limits.MAX_LIST_ITEMS + 1)))


def calls_to_parse(tmp_path: Path, body: str) -> int:
    """Return how many Python function calls `check` takes on `body` (deterministic, unlike time)."""
    from clinicdocs.authoring.check import run_check

    path = source(tmp_path, body).path
    run_check(path, SHIPPED_ROOT / "layouts")  # the first run loads catalogs and brands: what is counted is the document's share
    profile = cProfile.Profile()
    profile.runcall(run_check, path, SHIPPED_ROOT / "layouts")
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


@settings(max_examples=6, deadline=None)
@given(kind=st.sampled_from(["list items", "table rows", "headings", "mix"]), size=st.integers(min_value=10, max_value=24))
def test_parsing_grows_linearly_with_the_document(tmp_path_factory, kind, size):
    tmp_path = tmp_path_factory.mktemp("linear")

    def body(n: int) -> str:
        if kind == "mix":
            return items(n) + rows(n) + headings(n // 2) + words(n * 10)
        return MAKERS[kind][0](n)

    small, large = calls_to_parse(tmp_path, body(size)), calls_to_parse(tmp_path, body(size * 4))
    assert large / small < 4 * 1.25, (kind, size, small, large)  # quadratic would be 16x; allow fixed costs to blur it
