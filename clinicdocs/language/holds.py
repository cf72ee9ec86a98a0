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
NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class HoldWords:
    """One language's words for a hold line, and where its verb stands."""

    verbs: frozenset[str]
    seconds: frozenset[str]
    minutes: frozenset[str]
    sides: tuple[str, ...]
    anywhere: bool = False  # the verb may stand anywhere (verb-last languages), not only first
    unspaced: bool = False  # words are not cut by spaces (Chinese, Japanese) or carry endings (Korean): parts of runs match
    between: frozenset[str] = frozenset()  # words between a number and its unit: Romanian "30 de secunde"


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
            bool(words.get("anywhere")), bool(words.get("unspaced")), frozenset(map(fold, words.get("between", []))),
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


def words_of(text: str) -> list[str]:
    """Return the words of folded text: runs of letters and their marks (Devanagari vowel signs are marks), joiners kept."""
    found, word = [], ""
    for char in text:
        if unicodedata.category(char)[0] in "LM" or char in "\u200c\u200d":
            word += char
            continue
        if word:
            found.append(word)
        word = ""
    return [*found, word] if word else found


def unit_seconds(unit: str, number: int, language: HoldWords) -> int | None:
    """Return the seconds a number and the word after it name in one language, or None when the word is no unit."""
    if unit in language.seconds or (language.unspaced and any(unit.startswith(word) for word in language.seconds)):
        return number
    if unit in language.minutes or (language.unspaced and any(unit.startswith(word) for word in language.minutes)):
        return number * 60
    return None


def duration(sentence: str, words: list[HoldWords]) -> int | None:
    """Return the seconds a sentence names (a number before a unit of time, in any script's digits), or None."""
    folded = fold(sentence)
    for match in NUMBER.finditer(folded):
        after = words_of(folded[match.end() :].lstrip()[:24])
        if not after or not folded[match.end() :].lstrip().startswith(after[0]):
            continue
        for language in words:
            unit = after[1] if after[0] in language.between and len(after) > 1 else after[0]
            if (seconds := unit_seconds(unit, int(match.group()), language)) is not None:
                return seconds
    return None


def has_verb(folded: str, language: HoldWords) -> bool:
    """Tell whether folded text holds one of a language's hold verbs where that language puts it."""
    if language.unspaced:
        return any(verb in folded for verb in language.verbs)
    sequence = " ".join(words_of(folded))
    if language.anywhere:
        return any(f" {verb} " in f" {sequence} " for verb in language.verbs)
    return any(f"{sequence} ".startswith(f"{verb} ") for verb in language.verbs)


def says_hold(sentence: str, words: list[HoldWords]) -> bool:
    """Tell whether a sentence says to hold (its verb first, or anywhere in a verb-last language) and names a time."""
    folded = fold(sentence)
    first = FIRST_WORD.search(folded)
    if first is None:
        return False
    leading = not folded[: first.start()].strip(" ¡¿«\"'“‘(")
    chosen = [language for language in words if language.anywhere or leading]
    return any(has_verb(folded, language) for language in chosen) and duration(sentence, words) is not None


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
    sides = any(phrase in folded if language.unspaced else re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded)
                for language in words for phrase in language.sides)
    return others, Hold(text, duration(text, words) or duration(text, list(hold_words().values())), sides, index)
