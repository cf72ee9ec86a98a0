"""Reading-level formulas, one set per language, and how each compares with a school-grade target.

| language | formulas (the first one is compared with the target) |
|---|---|
| English | Flesch-Kincaid grade (Kincaid et al. 1975), SMOG (McLaughlin 1969) |
| Spanish | Fernández-Huerta (1959, as corrected by Law 2011), Szigriszt-Pazos perspicuity (1993) read on the INFLESZ scale (Barrio-Cantalejo 2008) |
| German | Wiener Sachtextformel (Bamberger and Vanecek 1984, first form), Flesch-Amstad (1978) |
| French | Kandel-Moles (1958) |
| Danish, and any other language written with spaces | LIX (Björnsson 1968) |

Ease scores (higher is easier) become an approximate grade through Flesch's own table, which
Fernández-Huerta, Amstad and Kandel-Moles were calibrated to; LIX through 20 + 2.5 x grade, which
puts grade 8 at LIX 40, in Björnsson's "medium" band (newspapers).
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Callable

# Flesch (1948): ease 90-100 is 5th grade, 80-90 6th, 70-80 7th, 60-70 8th-9th, 50-60 10th-12th, 30-50 college.
FLESCH_TABLE = ((30.0, 16.0), (50.0, 12.0), (60.0, 9.0), (70.0, 7.0), (80.0, 6.0), (90.0, 5.0))
# Languages whose words are not separated by spaces: word and sentence counts mean nothing there.
UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


@dataclass(frozen=True)
class Counts:
    """What the formulas are computed from."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int  # words of three syllables or more
    monosyllables: int
    long_words: int  # words of more than six letters


@dataclass(frozen=True)
class Formula:
    """A readability formula: its name, a short column label, and how to read its value as a grade."""

    name: str
    label: str
    kind: str  # "grade", "ease" (higher is easier) or "lix"
    compute: Callable[[Counts], float]

    def score(self, counts: Counts) -> float:
        """Return the formula's value, 0 for an empty text."""
        return self.compute(counts) if counts.words and counts.sentences else 0.0

    def grade(self, value: float) -> float:
        """Return the approximate school grade a value stands for."""
        if self.kind == "ease":
            return ease_to_grade(value)
        if self.kind == "lix":
            return (value - 20) / 2.5
        return value


def ease_to_grade(ease: float) -> float:
    """Return the school grade of a Flesch-style ease score, interpolating Flesch's table (10 points a grade beyond it)."""
    points = FLESCH_TABLE
    if ease <= points[0][0]:
        return points[0][1] + (points[0][0] - ease) / 10
    if ease >= points[-1][0]:
        return points[-1][1] - (ease - points[-1][0]) / 10
    index = bisect.bisect_right([e for e, _ in points], ease)
    (e0, g0), (e1, g1) = points[index - 1], points[index]
    return g0 + (ease - e0) * (g1 - g0) / (e1 - e0)


def flesch_kincaid(c: Counts) -> float:
    """Flesch-Kincaid grade level."""
    return 0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59


def smog(c: Counts) -> float:
    """SMOG grade, scaled to a 30-sentence sample as McLaughlin's formula does."""
    return 1.0430 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291


def fernandez_huerta(c: Counts) -> float:
    """Fernández-Huerta ease: 206.84 - 60 x syllables/word - 1.02 x words/sentence."""
    return 206.84 - 60 * c.syllables / c.words - 1.02 * c.words / c.sentences


def szigriszt_pazos(c: Counts) -> float:
    """Szigriszt-Pazos perspicuity (INFLESZ): 206.835 - 62.3 x syllables/word - words/sentence."""
    return 206.835 - 62.3 * c.syllables / c.words - c.words / c.sentences


def amstad(c: Counts) -> float:
    """Flesch-Amstad ease for German: 180 - words/sentence - 58.5 x syllables/word."""
    return 180 - c.words / c.sentences - 58.5 * c.syllables / c.words


def wiener_sachtextformel(c: Counts) -> float:
    """First Wiener Sachtextformel: a school grade from the shares of long, polysyllabic and one-syllable words."""
    ms, iw, es = (100 * n / c.words for n in (c.polysyllables, c.long_words, c.monosyllables))
    return 0.1935 * ms + 0.1672 * c.words / c.sentences + 0.1297 * iw - 0.0327 * es - 0.875


def kandel_moles(c: Counts) -> float:
    """Kandel-Moles ease for French: 207 - 1.015 x words/sentence - 73.6 x syllables/word."""
    return 207 - 1.015 * c.words / c.sentences - 73.6 * c.syllables / c.words


def lix(c: Counts) -> float:
    """LIX: words per sentence plus the percentage of words longer than six letters."""
    return c.words / c.sentences + 100 * c.long_words / c.words


FK = Formula("Flesch-Kincaid", "FK grade", "grade", flesch_kincaid)
SMOG = Formula("SMOG", "SMOG", "grade", smog)
FERNANDEZ_HUERTA = Formula("Fernández-Huerta", "F-Huerta", "ease", fernandez_huerta)
INFLESZ = Formula("Szigriszt-Pazos (INFLESZ)", "INFLESZ", "ease", szigriszt_pazos)
WSTF = Formula("Wiener Sachtextformel", "WSTF", "grade", wiener_sachtextformel)
AMSTAD = Formula("Amstad", "Amstad", "ease", amstad)
KANDEL_MOLES = Formula("Kandel-Moles", "K-Moles", "ease", kandel_moles)
LIX = Formula("LIX", "LIX", "lix", lix)

FORMULAS: dict[str, tuple[Formula, ...]] = {
    "en": (FK, SMOG),
    "es": (FERNANDEZ_HUERTA, INFLESZ),
    "de": (WSTF, AMSTAD),
    "fr": (KANDEL_MOLES,),
    "da": (LIX,),
}


def base_language(language: str) -> str:
    """Return the base subtag of a language tag: es-MX -> es."""
    return language.replace("_", "-").split("-")[0].lower()


def formulas_for(language: str) -> tuple[Formula, ...]:
    """Return the formulas for a language: its own, else LIX, else none (a language written without spaces)."""
    base = base_language(language)
    if base in UNSPACED:
        return ()
    return FORMULAS.get(base, (LIX,))


def has_own_formulas(language: str) -> bool:
    """Tell whether a language has formulas of its own (not the LIX stand-in)."""
    return base_language(language) in FORMULAS
