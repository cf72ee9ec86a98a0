"""Hold lines in every language: the words are data (hold_lines.toml), the matching is one function.

A stretch's hold line is the sentence that says how long to stay in the position. It is found by
the language's words ("Hold for 30 seconds", "Mantenga durante 20 segundos", "اثبت لمدة 30 ثانية")
or, whatever the wording, by the explicit mark `[Stay there for twenty breaths.]{.hold}`.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("hold_lines.toml")
MARKED = re.compile(r"\[(?P<text>[^\[\]]+)\]\{\s*\.hold\s*\}")
FIRST_WORD = re.compile(r"[^\W\d_]+")
DURATION = re.compile(r"(\d+)\s*([^\W\d_]+)")


@dataclass(frozen=True)
class HoldWords:
    """One language's words for a hold line."""

    verbs: frozenset[str]
    seconds: frozenset[str]
    minutes: frozenset[str]
    sides: tuple[str, ...]


@dataclass(frozen=True)
class Hold:
    """A hold line found among a stretch's steps: its text, its length, whether it is two-sided, and where it stands."""

    text: str
    seconds: int | None
    sides: bool
    at: int  # how many steps come before it: the hold line prints where the author wrote it


@functools.lru_cache(maxsize=1)
def hold_words() -> dict[str, HoldWords]:
    """Return every language's hold words, read once from hold_lines.toml."""
    with DATA.open("rb") as handle:
        table = tomllib.load(handle)
    return {
        language: HoldWords(
            frozenset(map(fold, words["verbs"])), frozenset(map(fold, words["seconds"])),
            frozenset(map(fold, words["minutes"])), tuple(map(fold, words["sides"])),
        )
        for language, words in table.items()
    }


def fold(text: str) -> str:
    """Return text in the form words are compared in: case folded, accents and Arabic vowel marks dropped.

    Authors who type "manten" or "quedese" without accents still match.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def languages_for(language: str) -> list[HoldWords]:
    """Return the hold words for a language tag's base language, or every language's when it has none."""
    table = hold_words()
    base = language.replace("_", "-").split("-")[0].lower()
    return [table[base]] if base in table else list(table.values())


def is_marked(sentence: str) -> bool:
    """Tell whether a sentence is an explicitly marked hold line, [ ... ]{.hold}."""
    return MARKED.fullmatch(sentence.strip()) is not None


def unmark(sentence: str) -> str:
    """Return the words of an explicitly marked hold line, without the mark."""
    match = MARKED.fullmatch(sentence.strip())
    return match.group("text").strip() if match else sentence


def split_marked(text: str) -> list[tuple[str, bool]]:
    """Cut text into (piece, is a marked hold line) pairs, so a marked line is never split into sentences."""
    pieces, start = [], 0
    for match in MARKED.finditer(text):
        pieces += [(text[start : match.start()], False), (match.group(0), True)]
        start = match.end()
    return [(piece, marked) for piece, marked in [*pieces, (text[start:], False)] if piece.strip()]


def duration(sentence: str, words: list[HoldWords]) -> int | None:
    """Return the seconds a sentence names (a number before a unit of time), or None."""
    folded = fold(sentence)
    for match in DURATION.finditer(folded):
        unit = match.group(2)
        for language in words:
            if unit in language.seconds:
                return int(match.group(1))
            if unit in language.minutes:
                return int(match.group(1)) * 60
    return None


def says_hold(sentence: str, words: list[HoldWords]) -> bool:
    """Tell whether a sentence starts with a hold verb and names a time, in one of the languages."""
    folded = fold(sentence)
    first = FIRST_WORD.search(folded)
    if first is None or folded[: first.start()].strip(" ¡¿«\"'“‘("):
        return False
    return any(first.group() in language.verbs for language in words) and duration(sentence, words) is not None


def find_hold(steps: list[str], language: str) -> tuple[list[str], Hold | None]:
    """Return a stretch's steps without its hold line, and the hold line (a marked one first, else by its words)."""
    words = languages_for(language)
    index = next((i for i, s in enumerate(steps) if is_marked(s)), None)
    if index is None:
        index = next((i for i, s in enumerate(steps) if says_hold(s, words)), None)
    others = [unmark(s) for i, s in enumerate(steps) if i != index]
    if index is None:
        return others, None
    text = unmark(steps[index])
    folded = fold(text)
    sides = any(re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded) for language in words for phrase in language.sides)
    return others, Hold(text, duration(text, words) or duration(text, list(hold_words().values())), sides, index)
