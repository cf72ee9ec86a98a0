"""Reading level in every language: each formula against hand-computed values, and the report naming them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import SHIPPED_ROOT
from clinicdocs.authoring.check import format_report, readability_findings, run_check
from clinicdocs.reading.elements import split_sentences
from clinicdocs.language.formulas import (
    AMSTAD, FERNANDEZ_HUERTA, INFLESZ, KANDEL_MOLES, LIX, WSTF, Counts, ease_to_grade, formulas_for,
)
from clinicdocs.authoring.readability import ReadabilityReport, SectionScore, format_grades, make_hyphenator, measure, syllables_in

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parents[1] / "data" / "languages"
SAMPLE = Counts(words=100, sentences=10, syllables=200, polysyllables=10, monosyllables=50, long_words=20)


@pytest.mark.parametrize("formula, expected", [
    (FERNANDEZ_HUERTA, 206.84 - 60 * 2 - 1.02 * 10),  # 76.64
    (INFLESZ, 206.835 - 62.3 * 2 - 10),  # 72.235
    (AMSTAD, 180 - 10 - 58.5 * 2),  # 53.0
    (KANDEL_MOLES, 207 - 1.015 * 10 - 73.6 * 2),  # 49.65
    (LIX, 10 + 20),
    (WSTF, 0.1935 * 10 + 0.1672 * 10 + 0.1297 * 20 - 0.0327 * 50 - 0.875),  # 3.691
])
def test_formulas_against_hand_computed_values(formula, expected):
    assert formula.score(SAMPLE) == pytest.approx(expected, abs=1e-9)
    assert formula.score(dataclasses.replace(SAMPLE, words=0, sentences=0)) == 0.0


def score(text: str, language: str) -> SectionScore:
    """Score a text as one section in a language, syllables from that language's pyphen dictionary."""
    hyphenator = make_hyphenator(language)
    return SectionScore("t", 1, tuple(measure(s, 1, hyphenator, language) for s in split_sentences(text)), language)


# Counted by hand: mi ca-sa es a-zul / tu pe-rro co-me pan: 8 words, 12 syllables, 2 sentences.
# der Hund läuft schnell / die Kat-ze schläft: 7 words, 8 syllables, 6 of one syllable, 2 over six letters.
# le chat dort / il fait beau: 6 words of one syllable. Hunden løber hurtigt hjem / Katten sover: 1 long word in 6.
@pytest.mark.parametrize("language, text, expected", [
    ("es-MX", "Mi casa es azul. Tu perro come pan.", {"Fernández-Huerta": 206.84 - 60 * 1.5 - 1.02 * 4,
                                                   "Szigriszt-Pazos (INFLESZ)": 206.835 - 62.3 * 1.5 - 4}),
    ("de-DE", "Der Hund läuft schnell. Die Katze schläft.", {
        "Wiener Sachtextformel": 0.1672 * 3.5 + 0.1297 * 200 / 7 - 0.0327 * 600 / 7 - 0.875,
        "Amstad": 180 - 3.5 - 58.5 * 8 / 7}),
    ("fr", "Le chat dort. Il fait beau.", {"Kandel-Moles": 207 - 1.015 * 3 - 73.6}),
    ("da", "Hunden løber hurtigt hjem. Katten sover.", {"LIX": 3 + 100 / 6}),
    ("ru", "Встаньте прямо у стены. Удерживайте позицию тридцать секунд.", {"LIX": 4 + 100 * 4 / 8}),
])
def test_each_language_is_scored_with_its_formulas(language, text, expected):
    section = score(text, language)
    assert {f.name: section.score(f) for f in formulas_for(language)} == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("language, word, syllables", [
    ("es", "rodilla", 3), ("es", "isquiotibiales", 5), ("es", "fisioterapeuta", 6), ("es", "día", 2), ("es", "poeta", 3),
    ("es", "muy", 1), ("es", "huevo", 2), ("de", "Physiotherapeutin", 6), ("de", "schläft", 1), ("de", "Bauer", 2),
    ("fr", "étirement", 3), ("fr", "genou", 2), ("fr", "parlent", 1),
])
def test_syllables_come_from_the_languages_dictionary(language, word, syllables):
    assert syllables_in(word, make_hyphenator(language), language) == syllables


@pytest.mark.parametrize("ease, grade", [(100, 4), (90, 5), (65, 8), (55, 10.5), (30, 16), (20, 17), (110, 3)])
def test_ease_scores_read_as_grades_through_flesch_table(ease, grade):
    assert ease_to_grade(ease) == pytest.approx(grade)


def report_for(text: str, language: str, target: float) -> ReadabilityReport:
    return ReadabilityReport(Path("doc.md"), target, (dataclasses.replace(score(text, language), title="Cuidados"),), language)


def test_the_target_is_compared_by_the_languages_first_formula_at_its_boundary():
    text = "Las articulaciones necesitan movilidad progresiva y constante. Consulte inmediatamente."
    grade = report_for(text, "es", 8).sections[0].grade()
    assert readability_findings(report_for(text, "es", grade)) == []  # the last target accepted: the section's own grade
    warned = readability_findings(report_for(text, "es", grade - 0.05))
    assert len(warned) == 1 and warned[0].message.startswith("section 'Cuidados' reads at Fernández-Huerta ")
    assert f"(about grade {grade:.1f}), above the target" in warned[0].message


@pytest.mark.parametrize("language, named", [
    ("es-MX", "in 'es-MX' by Fernández-Huerta and Szigriszt-Pazos (INFLESZ)"),
    ("de-AT", "in 'de-AT' by Wiener Sachtextformel and Amstad"),
    ("fr-CA", "in 'fr-CA' by Kandel-Moles"),
    ("da", "in 'da' by LIX"),
    ("ru", "in 'ru' by LIX (no formula of its own for 'ru'; LIX needs no syllables and stands in)"),
    ("ar", "in 'ar' by LIX (no formula of its own for 'ar'; LIX needs no syllables and stands in)"),
])
def test_the_report_names_the_formulas(language, named):
    lines = format_grades(report_for("Una frase. Otra frase.", language, 8)).splitlines()
    assert lines[0] == f"doc.md: reading grade (target 8) {named}"
    assert [f.label for f in formulas_for(language)] == lines[1].split()[4:]


def test_a_language_without_any_formula_is_named_not_skipped():
    assert format_grades(report_for("你好。", "zh-Hans", 8)) == (
        "doc.md: no reading-level formula for 'zh-Hans' (its words are not separated by spaces); not scored"
    )
    assert readability_findings(report_for("你好。", "zh-Hans", 1)) == []


def test_check_reports_spanish_and_german_documents():
    report = run_check(DATA, SHIPPED_ROOT / "layouts")
    assert report.errors == ()
    printed = format_report(report)
    assert "rodilla.md: reading grade (target 8) in 'es-MX' by Fernández-Huerta and Szigriszt-Pazos (INFLESZ)" in printed
    assert "ruecken.md: reading grade (target 8) in 'de-AT' by Wiener Sachtextformel and Amstad" in printed
    assert "message catalog" not in printed


@pytest.mark.parametrize("language, summary", [
    # 11 one-syllable words in 2 sentences: 0.39 x 5.5 + 11.8 - 15.59 = -1.645; SMOG 1.043 x 0 + 3.1291
    ("en", "grade -1.6 (target 8): Flesch-Kincaid -1.6, SMOG 3.1, 11 words"),
    # ease 112.76 lies 22.76 points past Flesch's 90 (grade 5): about grade 2.7
    ("es", "about grade 2.7 (target 8): Fernández-Huerta 112.8, Szigriszt-Pazos (INFLESZ) 109.4, 8 words"),
    ("zh", "no reading-level formula for 'zh'"),
])
def test_the_live_preview_names_the_formulas_too(language, summary):
    from clinicdocs.authoring.readability import level_summary

    text = "Mi casa es azul. Tu perro come pan." if language == "es" else "The cat sat on a mat. We ran to the park."
    assert level_summary(score(text, language), 8) == summary
