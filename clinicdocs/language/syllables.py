"""Syllables for the readability formulas: English by its spelling rules, other languages by vowel groups.

Both start from the hyphenation points of pyphen's dictionary for the language (bundled, no download).
"""

from __future__ import annotations

import functools
import re

import pyphen

from .formulas import base_language

WORD_PART = re.compile(r"[^\W\d_]+|\d+")
VOWEL_GROUP = re.compile(r"[aeiouy]+")
CONSONANT_LE = re.compile(r"[^aeiouy]les?$")
SPLIT_VOWELS = re.compile(r"(?:[aeiouy][^aeiouy]+e|[^aeiouy]i)a$")
SILENT_END = re.compile(r"[^aeiouy]e$|(?:[^aeiouysxzcgh]|[^aeiouycs]h)es$|[^aeiouytd]ed$")
# Vowel letters of the languages whose formulas count syllables (English has its own rules below).
VOWELS = {
    "es": re.compile(r"[aeiouáéíóúü]+"),
    "de": re.compile(r"[aeiouyäöü]+"),
    "fr": re.compile(r"[aeiouyàâäéèêëîïôöùûüœæ]+"),
}
SPANISH_STRONG = frozenset("aeoáéíóú")
OTHER_VOWELS = re.compile(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøœùúûüýÿаеёиоуыэюяіїєαεηιουωάέήίόύώ]+")
FRENCH_MUTE_END = re.compile(r"(?<=[^aeiouyàâäéèêëîïôöùûüœæ])e(?:s|nt)?$")


def make_hyphenator(language: str = "en_US") -> pyphen.Pyphen | None:
    """Return pyphen's bundled hyphenation dictionary for a language (no download), or None when it has none."""
    found = pyphen.language_fallback(language.replace("-", "_"))
    return hyphenator_for(found) if found else None


@functools.lru_cache(maxsize=16)
def hyphenator_for(name: str) -> pyphen.Pyphen:
    """Return one pyphen dictionary, loaded once per process."""
    return pyphen.Pyphen(lang=name)


def syllables_in(word: str, hyphenator: pyphen.Pyphen | None, language: str) -> int:
    """Count a word's syllables in its language: English by its own rules, others by vowel groups per hyphenation piece."""
    base = base_language(language)
    if base == "en" and hyphenator is not None:
        return count_syllables(word, hyphenator)
    vowels = VOWELS.get(base, OTHER_VOWELS)
    total = 0
    for part in WORD_PART.findall(word.lower()):
        if part.isdigit():
            total += len(part)
            continue
        if base == "fr" and len(vowels.findall(part)) > 1:
            part = FRENCH_MUTE_END.sub("", part)  # the mute e of "table", "tables", "parlent"
        cuts = [0, *(hyphenator.positions(part) if hyphenator else []), len(part)]
        groups = [group for a, b in zip(cuts, cuts[1:]) for group in vowels.findall(part[a:b])]
        total += max(1, sum(nuclei(group, base) for group in groups))
    return total


def count_syllables(word: str, hyphenator: pyphen.Pyphen) -> int:
    """Estimate a word's syllables: its hyphenation pieces, each counted by vowel groups."""
    total = 0
    for part in WORD_PART.findall(word.lower().replace("'", "").replace("’", "")):
        if part.isdigit():
            total += len(part)  # "30" is "thirty": about one syllable a digit
            continue
        cuts = [0, *hyphenator.positions(part), len(part)]
        pieces = [part[start:end] for start, end in zip(cuts, cuts[1:])]
        total += sum(piece_syllables(piece, following) for piece, following in zip(pieces, [*pieces[1:], ""]))
        total += 1 if SPLIT_VOWELS.search(pieces[-1]) else 0  # ar-e-a, i-de-a, me-di-a, her-ni-a
    return total


def piece_syllables(piece: str, following: str) -> int:
    """Count the vowel sounds of one hyphenation piece; `following` is the next piece, '' at the end."""
    groups = len(VOWEL_GROUP.findall(piece))
    if groups > 1 and silent_ending(piece, following):
        groups -= 1
    return max(1, groups)


def silent_ending(piece: str, following: str) -> bool:
    """Tell whether a piece ends in a silent vowel: fire, makes, lived, like(-ly); not table, ages, rested."""
    if CONSONANT_LE.search(piece):
        return False
    if following:
        return piece.endswith("e") and bool(SILENT_END.search(piece)) and following[0] not in "aeiouy"
    return bool(SILENT_END.search(piece))


def nuclei(group: str, base: str) -> int:
    """Count the syllables in one group of vowels: one, but in Spanish each strong or accented vowel (hiatus: po-e-ta, dí-a)."""
    if base == "es":
        return max(1, sum(1 for c in group if c in SPANISH_STRONG))
    return 1
