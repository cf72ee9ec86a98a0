"""Reading grades: syllables, sentences, Flesch-Kincaid and SMOG, and the lines they point at."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHIPPED_ROOT
from clinicdocs.authoring.check import readability_findings
from clinicdocs.reading.parse import parse_document
from clinicdocs.authoring.readability import (
    SectionScore,
    count_syllables,
    format_grades,
    make_hyphenator,
    measure,
    score_document,
    split_sentences,
)
from clinicdocs.reading.source import read_source

ROOT = Path(__file__).resolve().parents[2]
FRONT = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n{extra}---\n\n"


@pytest.fixture(scope="module")
def hyphenator():
    return make_hyphenator()


def score_text(text: str, hyphenator) -> SectionScore:
    """Score a text as one section."""
    return SectionScore("t", 1, tuple(measure(s, 1, hyphenator) for s in split_sentences(text)))


def score_project(root: Path, name: str = "doc.md"):
    """Parse and score one document of a tiny project."""
    source = read_source(root / "source" / name)
    return score_document(parse_document(source), source.body, source.body_line)


# Expected counts are the CMU Pronouncing Dictionary's, except 'pain-free' (not in it).
@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("stretch", 1), ("muscle", 2), ("flexibility", 5), ("posture", 2), ("comprehensive", 4),
        ("fire", 1), ("table", 2), ("created", 3), ("lived", 1), ("stretches", 2), ("makes", 1),
        ("ages", 2), ("experienced", 4), ("area", 3), ("idea", 3), ("you're", 1), ("likely", 2),
        ("the", 1), ("pain-free", 2), ("30", 2),
    ],
)
def test_syllable_counts(hyphenator, word, syllables):
    assert count_syllables(word, hyphenator) == syllables


def test_sentences_do_not_split_at_abbreviations():
    text = "Ask a doctor, e.g. Dr. Lee in St. Louis. Does it hurt? Stop! Then rest for 2 days. 30 seconds is enough."
    assert split_sentences(text) == [
        "Ask a doctor, e.g. Dr. Lee in St. Louis.", "Does it hurt?", "Stop!", "Then rest for 2 days.", "30 seconds is enough.",
    ]


def test_simple_text_scores_low(hyphenator):
    assert score_text("The cat sat on the mat. It was a good day. We ran to the park.", hyphenator).fk_grade < 5


def test_dense_academic_text_scores_high(hyphenator):
    score = score_text(
        "The multifactorial etiology of chronic musculoskeletal dysfunction necessitates comprehensive "
        "interdisciplinary evaluation incorporating biomechanical, neurophysiological and psychosocial considerations.",
        hyphenator,
    )
    assert score.fk_grade > 12 and score.smog > 12


def test_grade_matches_a_hand_calculation(hyphenator):
    # 15 words, 22 syllables: 0.39 * 15 + 11.8 * 22 / 15 - 15.59 = 7.57
    sentence = measure("Lower back pain is a common issue that affects people of all ages and backgrounds.", 1, hyphenator)
    assert (sentence.words, sentence.syllables) == (15, 22)
    assert sentence.grade == pytest.approx(7.57, abs=0.01)


def test_shipped_article_scores_and_lines():
    source = read_source(SHIPPED_ROOT / "source" / "hip-flexors.md")
    report = score_document(parse_document(source), source.body, source.body_line)
    by_title = {section.title: section for section in report.sections}
    # Running prose reads at grade 9-12; the short imperative stretch steps bring the whole down to about 8.6.
    prose = [s for s in report.sections if not s.title.startswith("How to")]
    assert all(9 <= s.smog <= 13 for s in prose) and all(8.5 <= s.fk_grade <= 13 for s in prose)
    assert 9 <= report.overall.smog <= 13
    assert 8 <= report.overall.fk_grade <= 9.5
    assert by_title["How to Alleviate Lower Back Pain by Stretching Hip Flexors"].fk_grade < 7
    holds = [s.line for s in report.overall.sentences if s.text.startswith("Hold for 30 seconds")]
    assert holds == [37, 41, 45]
    checklist = by_title["Other Lifestyle Changes to Support a Healthy Back"].sentences
    assert [s.line for s in checklist] == [51, 53, 53, 54, 55, 56, 57]


def test_sentence_lines_follow_wrapped_lines_links_and_repeats(make_project):
    body = (
        "Sit down. Stand up and\n"                      # 9
        "walk. Sit down.\n"                             # 10
        "\n"
        "[Our guide](guide.md) says to rest. Sit down.\n"  # 12
    )
    root = make_project({"source/doc.md": FRONT.format(extra="") + body, "source/guide.md": "x"})
    sentences = score_project(root).overall.sentences
    assert [(s.text, s.line) for s in sentences] == [
        ("Sit down.", 9), ("Stand up and walk.", 9), ("Sit down.", 10), ("Our guide says to rest.", 12), ("Sit down.", 12),
    ]


def test_long_sentence_is_flagged_with_its_line(make_project):
    long = "Then " + " ".join(["word"] * 25) + "."
    text = "Short one.\n\nShort two. " + long + "\n"  # the long sentence starts on line 12
    root = make_project({"source/doc.md": FRONT.format(extra="reading_grade: 18\n") + text})
    warnings = [(f.line, f.message) for f in readability_findings(score_project(root))]
    assert warnings == [(12, "sentence of 26 words, over 25 ('Then word word word word word word word ...'); split it in two")]


@pytest.mark.parametrize(("target", "warned"), [(18, False), (4, True)])
def test_target_grade_comes_from_front_matter(make_project, target, warned):
    text = "## Care\n\nRegular physiotherapy appointments facilitate improvement. You can do it.\n"
    root = make_project({"source/doc.md": FRONT.format(extra=f"reading_grade: {target}\n") + text})
    report = score_project(root)
    assert report.target == target
    messages = [f.message for f in readability_findings(report) if f.line == 10]  # the '## Care' line
    assert bool(messages) is warned
    if warned:
        assert messages[0].startswith(f"section 'Care' reads at grade {report.sections[0].fk_grade:.1f}, above the target 4")
        assert "hardest sentences: line 12 (5 words, grade" in messages[0]


def test_format_grades_has_a_row_per_section_and_a_total():
    source = read_source(SHIPPED_ROOT / "source" / "hip-flexors.md")
    report = score_document(parse_document(source), source.body, source.body_line)
    lines = format_grades(report).splitlines()
    assert lines[0].endswith("hip-flexors.md: reading grade (target 8) in 'en-US' by Flesch-Kincaid and SMOG")
    assert "FK grade" in lines[1] and "SMOG" in lines[1]
    assert len(lines) == 2 + len(report.sections) + 1
    assert lines[-1].split()[:2] == ["whole", "document"] and lines[-1].split()[2] == str(report.overall.words)
