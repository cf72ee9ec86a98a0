"""The register of promises (docs/internals/promises.md): every promise of the documentation, once, with its guards.

A promise is a sentence of README.md or docs/**/*.md, outside fenced code, that says always, never,
every, each, at most or at least. The register is a Markdown list, one line per promise: the page, a
stable excerpt of the sentence, and the pytest node ids that fail when it breaks (or "not guarded
yet: why"). To list the promises not registered yet, as rows ready to paste:

    python tests/test_promise_register.py
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "docs" / "internals" / "promises.md"
PROMISE_WORD = re.compile(r"\b(always|never|every|each|at most|at least)\b", re.IGNORECASE)
FENCE = re.compile(r"^\s*(```|~~~)")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*\"(\[])|(?<=[.!?][)\"*])\s+(?=[A-Z`*\"(\[])")
NOT_GUARDED = "not guarded yet:"


class Promise(NamedTuple):
    """One promise sentence of a page, as plain text."""

    page: str
    line: int
    text: str


class Row(NamedTuple):
    """One row of the register."""

    page: str
    excerpt: str
    guards: str
    line: int


def plain(markdown: str) -> str:
    """Return inline Markdown as the text a reader sees: link text without its address, no emphasis marks."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    parts = re.split(r"(`[^`]*`)", text)  # emphasis marks inside code spans are the code's own
    text = "".join(part if part.startswith("`") else re.sub(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", part) for part in parts)
    return " ".join(text.split())


def blocks(page: Path) -> list[tuple[int, str]]:
    """Return a page's text blocks outside fenced code, with their first line: paragraphs, list items, table cells."""
    found: list[tuple[int, str]] = []
    current: list[str] = []
    start, fenced = 0, False
    lines = page.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate([*lines, ""], start=1):
        if FENCE.match(line):
            fenced = not fenced
            line = ""
        elif fenced:
            continue
        item = re.match(r"^\s*(?:[-*+]|\d+[.)]|#+|!!!|>)\s", line)
        if not line.strip() or item or line.lstrip().startswith("|"):
            if current:
                found.append((start, " ".join(current)))
            current = []
        if line.lstrip().startswith("|"):
            found += [(number, cell) for cell in re.split(r"(?<!\\)\|", line) if cell.strip(" -:")]
        elif line.strip():
            if not current:
                start = number
            current.append(line[item.end():].strip() if item else line.strip())
    return found


def promises(page: Path) -> list[Promise]:
    """Return the promise sentences of one page."""
    name = page.relative_to(ROOT).as_posix()
    found = []
    for line, block in blocks(page):
        for sentence in SENTENCE_END.split(plain(block)):
            if PROMISE_WORD.search(re.sub(r"`[^`]*`", "", sentence)):
                found.append(Promise(name, line, sentence))
    return found


def pages() -> list[Path]:
    """Return README.md and every documentation page except the register itself."""
    return [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").rglob("*.md") if p != REGISTER)]


def all_promises() -> list[Promise]:
    """Return every promise sentence of the documentation."""
    return [promise for page in pages() for promise in promises(page)]


ROW = re.compile(r"^- `(?P<page>[^`]+)` “(?P<excerpt>.+)” — (?P<guards>.+)$")


def register_rows() -> list[Row]:
    """Return the rows of the register: list items of the form - `page` “excerpt” — guards."""
    rows = []
    for number, line in enumerate(REGISTER.read_text(encoding="utf-8").splitlines(), start=1):
        if match := ROW.match(line):
            rows.append(Row(match["page"], match["excerpt"], match["guards"], number))
    return rows


def matches(row: Row, promise: Promise) -> bool:
    """Tell whether a register row stands for a promise sentence."""
    return row.page == promise.page and row.excerpt in promise.text


def node_ids(guards: str) -> list[str]:
    """Return the pytest node ids a register row names."""
    return re.findall(r"`(tests/[^`]+)`", guards)


def defined_tests(path: Path) -> set[str]:
    """Return the test functions of a test file as 'name' and 'Class::name', read with ast."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            names |= {f"{node.name}::{f.name}" for f in node.body if isinstance(f, ast.FunctionDef) and f.name.startswith("test")}
    return names


def missing_node(node: str) -> bool:
    """Tell whether a node id names no test (a parametrized id by its base name)."""
    file, _, name = node.partition("::")
    path = ROOT / file
    return not path.is_file() or re.sub(r"\[.*\]$", "", name) not in defined_tests(path)


def unregistered() -> list[Promise]:
    """Return the promise sentences that no register row stands for."""
    rows = register_rows()
    return [promise for promise in all_promises() if not any(matches(row, promise) for row in rows)]


def test_the_extractor_finds_promises_outside_code_only(tmp_path, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\nA handout never breaks. It is\nalways **printed** at [actual size](x.md) (`*` or `**`).\n\n"
        "```sh\nnever in code\n```\n\n- each item counts\n- this one `--each` does not\n\n| a | at most two |\n|---|---|\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert [(p.line, p.text) for p in promises(page)] == [
        (3, "A handout never breaks."), (3, "It is always printed at actual size (`*` or `**`)."), (10, "each item counts"), (13, "at most two"),
    ]


def test_every_promise_of_the_documentation_is_registered():
    missing = [f"{p.page}:{p.line}: {p.text}" for p in unregistered()]
    assert missing == [], "register these in docs/internals/promises.md (python tests/test_promise_register.py prints the rows):\n" + "\n".join(missing)


def test_each_promise_is_registered_once_and_each_row_is_a_promise():
    rows = register_rows()
    found = all_promises()
    assert len(rows) > 50
    twice = [f"{p.page}:{p.line}: {p.text}" for p in found if sum(matches(row, p) for row in rows) > 1]
    stale = [f"promises.md:{row.line}: {row.excerpt}" for row in rows if not any(matches(row, p) for p in found)]
    assert twice == [] and stale == [], (twice, stale)


def test_every_row_names_its_guards_or_says_why_not():
    """A pasted row's 'not reviewed' is a placeholder: the test passes once it names tests or a reason."""
    vague = [f"promises.md:{row.line}" for row in register_rows() if not node_ids(row.guards) and (
        not row.guards.startswith(NOT_GUARDED) or row.guards.strip() in (NOT_GUARDED, f"{NOT_GUARDED} not reviewed"))]
    assert vague == []


def test_each_printed_row_stands_for_its_promise_alone():
    found = all_promises()
    for promise in found:
        match = ROW.match(row_for(promise, found))
        assert match is not None and match["excerpt"].count("`") % 2 == 0, promise
        row = Row(match["page"], match["excerpt"], match["guards"], 0)
        assert [p for p in found if matches(row, p)] == [promise]


@pytest.mark.parametrize("row", register_rows(), ids=lambda row: f"line{row.line}")
def test_every_listed_test_exists(row):
    assert [node for node in node_ids(row.guards) if missing_node(node)] == []


def test_a_missing_test_is_noticed():
    assert missing_node("tests/test_promise_register.py::test_every_listed_test_exists[line9]") is False
    assert missing_node("tests/test_promise_register.py::test_that_was_renamed") is True
    assert missing_node("tests/no_such_file.py::test_every_listed_test_exists") is True


def test_the_register_is_in_the_sites_navigation():
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]

    def flat(entries: object) -> list[str]:
        if isinstance(entries, str):
            return [entries]
        if isinstance(entries, list):
            return [page for entry in entries for page in flat(entry)]
        return [page for value in entries.values() for page in flat(value)] if isinstance(entries, dict) else []

    assert "internals/promises.md" in flat(nav)


def excerpt(promise: Promise, others: list[Promise]) -> str:
    """Return the shortest run of words around a promise's keyword (at least 12) that no other promise of its page holds."""
    words = promise.text.split()
    at = next(i for i, word in enumerate(words) if PROMISE_WORD.search(" ".join(words[i:i + 2])))
    for size in range(12, len(words) + 1):
        start = max(0, min(at - size // 3, len(words) - size))
        text = " ".join(words[start:start + size])
        if text.count("`") % 2:  # never cut a code span in two: the page would print the rest as code
            continue
        if not any(text in other.text for other in others if other != promise and other.page == promise.page):
            return text
    return promise.text


def row_for(promise: Promise, others: list[Promise]) -> str:
    """Return a register row for a promise, to paste and then fill in."""
    return f"- `{promise.page}` “{excerpt(promise, others)}” — {NOT_GUARDED} not reviewed"


if __name__ == "__main__":
    for promise in unregistered():
        print(row_for(promise, all_promises()))
