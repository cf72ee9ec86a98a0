"""A patient's home programme plan (PLAN.toml): the exercises in order, each with its dosage, checked all at once."""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BuildError, SourceError, raise_all
from ..reading.source import LANGUAGE_TAG, read_bytes, decode
from .library import Exercise, closest_ids

MAX_EXERCISES = 12  # what one sheet, front and back, holds at the card's most compact
# Each dosage key, the largest value a home programme would ask for, and how it reads in a message.
DOSAGE = {"sets": 20, "repetitions": 100, "hold_seconds": 600, "times_per_day": 12, "days_per_week": 7}
EXERCISE_KEYS = ("id", *DOSAGE, "note")
TOP_KEYS = ("patient", "clinician", "date", "language", "title", "note", "exercise")
MAX_TEXT = 300  # characters of a name or note: a line or two on the card


@dataclass(frozen=True)
class Dosage:
    """How much of one exercise: every value optional, each a whole number from 1 up."""

    sets: int | None = None
    repetitions: int | None = None
    hold_seconds: int | None = None
    times_per_day: int | None = None
    days_per_week: int | None = None


@dataclass(frozen=True)
class Prescribed:
    """One exercise of the plan: the library's exercise, its dosage, its note and the plan's line."""

    exercise: Exercise
    dosage: Dosage
    note: str
    line: int


@dataclass(frozen=True)
class Plan:
    """A checked plan: what the programme prints. Lives in memory only."""

    path: Path
    exercises: tuple[Prescribed, ...]
    patient: str = ""
    clinician: str = ""
    date: datetime.date | None = None
    language: str = ""
    title: str = ""
    note: str = ""
    lines: dict[str, int] = field(default_factory=dict)


def key_lines(text: str) -> dict[tuple[int, str], int]:
    """Map (table, key) to the line that sets it: table -1 is the top, 0 the first [[exercise]], and so on."""
    lines: dict[tuple[int, str], int] = {}
    table = -1
    for number, line in enumerate(text.split("\n"), start=1):
        if re.match(r"^\s*\[\[", line):
            table += 1
            lines[(table, "[[")] = number
        elif assignment := re.match(r"^\s*\"?([A-Za-z0-9_.-]+)\"?\s*=", line):
            lines.setdefault((table, assignment.group(1)), number)
    return lines


def read_plan(path: Path, library: list[Exercise]) -> Plan:
    """Read and check a plan, reporting every mistake as `PLAN.toml:line: ...` at once."""
    text = decode(path, read_bytes(path))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+)", str(error))
        raise SourceError(f"not valid TOML: {str(error).split(' (at')[0]}", path, int(where.group(1)) if where else None) from None
    lines = key_lines(text)
    problems: list[BuildError] = []

    def problem(table: int, key: str, message: str) -> None:
        problems.append(SourceError(message, path, lines.get((table, key)) or lines.get((table, "[[")) or 1))

    problems += unknown_keys(path, data, TOP_KEYS, lambda key: lines.get((-1, key)))
    top = {key: text_value(data, key, lambda message, key=key: problem(-1, key, message)) for key in ("patient", "clinician", "title", "note")}
    language = check_language(data.get("language"), lambda message: problem(-1, "language", message))
    date = data.get("date")
    if date is not None and (not isinstance(date, datetime.date) or isinstance(date, datetime.datetime)):
        problem(-1, "date", f"date: write the date as YYYY-MM-DD, without quotes (got {date!r})")
        date = None
    entries = data.get("exercise")
    if not isinstance(entries, list) or not entries:
        problems.append(SourceError("no exercises: add one [[exercise]] table per exercise, with its id (make_docs.py library lists them)", path, 1))
        entries = []
    elif len(entries) > MAX_EXERCISES:
        problem(MAX_EXERCISES, "[[", f"{len(entries)} exercises: one sheet holds at most {MAX_EXERCISES}; split the programme into two plans")
    chosen = []
    for index, entry in enumerate(entries):
        found = prescribed(path, index, entry, library, lines, problems)
        if found is not None:
            chosen.append(found)
    raise_all(problems)
    return Plan(path, tuple(chosen), top["patient"], top["clinician"], date, language, top["title"], top["note"], {k: v for (t, k), v in lines.items() if t == -1})


def prescribed(path: Path, index: int, entry: object, library: list[Exercise], lines: dict[tuple[int, str], int], problems: list[BuildError]) -> Prescribed | None:
    """Check one [[exercise]] table; return it, or None after adding its problems to `problems`."""
    here = lines.get((index, "[["), 1)
    before = len(problems)

    def problem(key: str, message: str) -> None:
        problems.append(SourceError(message, path, lines.get((index, key), here)))

    if not isinstance(entry, dict):
        problem("[[", "exercise: write each exercise as an [[exercise]] table")
        return None
    problems += unknown_keys(path, entry, EXERCISE_KEYS, lambda key: lines.get((index, key), here))
    wanted = entry.get("id")
    match = next((e for e in library if e.id == wanted), None)
    if not isinstance(wanted, str) or not wanted.strip():
        problem("[[", "exercise: id is missing; add id = \"<handout>/<exercise>\" (make_docs.py library lists them)")
    elif match is None:
        near = closest_ids(library, wanted)
        hint = f"did you mean {' or '.join(repr(n) for n in near)}?" if near else "make_docs.py library lists every id"
        problem("id", f"id: no exercise '{wanted}' in the library; {hint}")
    values = {key: dosage_value(entry, key, lambda message, key=key: problem(key, message)) for key in DOSAGE}
    note = text_value(entry, "note", lambda message: problem("note", message))
    if match is None or len(problems) > before:
        return None
    return Prescribed(match, Dosage(**values), note, lines.get((index, "id"), here))


def dosage_value(entry: dict[str, Any], key: str, problem: Any) -> int | None:
    """Return one dosage value: absent, or a whole number from 1 to its limit."""
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= DOSAGE[key]:
        problem(f"{key}: must be a whole number from 1 to {DOSAGE[key]}; leave it out if it does not apply (got {value!r})")
        return None
    return value


def text_value(data: dict[str, Any], key: str, problem: Any) -> str:
    """Return one line of text (a name, a note), stripped; '' when absent."""
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or "\n" in value.strip() or len(value) > MAX_TEXT:
        problem(f"{key}: must be one line of text of at most {MAX_TEXT} characters, in quotes")
        return ""
    return value.strip()


def check_language(value: object, problem: Any) -> str:
    """Return the plan's language tag, or '' (the exercises' or the clinic's language)."""
    if value is None:
        return ""
    if not isinstance(value, str) or not LANGUAGE_TAG.match(value):
        problem(f"language: must be a language tag such as \"en-GB\" or \"ar\" (got {value!r})")
        return ""
    return value


def unknown_keys(path: Path, data: dict[str, Any], known: tuple[str, ...], line_of: Any) -> list[BuildError]:
    """Return a problem for each key the plan does not know, with the nearest known key."""
    import difflib

    problems: list[BuildError] = []
    for key in data:
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1, cutoff=0.6) or [k for k in known if k.startswith(key[:3])][:1]  # 'reps
            hint = f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(k for k in known if k != 'exercise')}"
            problems.append(SourceError(f"unknown key '{key}'; {hint}", path, line_of(key)))
    return problems
