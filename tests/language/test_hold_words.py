"""The hold-line matcher's parts at their edges: language tags, marked lines, words, units and sides."""

from __future__ import annotations

import pytest

from clinicdocs.language.holds import (
    duration, find_hold, hold_words, languages_for, split_marked, unit_seconds, words_of,
)


@pytest.mark.parametrize("tag", ["es", "es-MX", "es_MX", "ES-419"])
def test_a_tag_finds_its_base_languages_words(tag):
    assert languages_for(tag) == [hold_words()["es"]]


def test_a_language_without_hold_words_is_matched_with_every_languages():
    assert languages_for("xx-YY") == list(hold_words().values())


def test_marked_hold_lines_are_cut_out_whole_with_the_text_around_them():
    text = "Kneel down. [Stay there for twenty breaths.]{.hold} Relax. [Then stay again.]{.hold} Done."
    assert split_marked(text) == [
        ("Kneel down. ", False), ("[Stay there for twenty breaths.]{.hold}", True),
        (" Relax. ", False), ("[Then stay again.]{.hold}", True), (" Done.", False),
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("hold", ["hold"]),  # the last word, with nothing after it
        ("hold 30s ", ["hold", "s"]),
        ("", []),
        ("रुके रहें", ["रुके", "रहें"]),  # Devanagari vowel signs are marks, kept in the word
        ("می\u200cخواهم", ["می\u200cخواهم"]),  # a zero-width non-joiner stays inside a Persian word
    ],
)
def test_words_are_runs_of_letters_and_marks(text, words):
    assert words_of(text) == words


def test_a_unit_is_a_whole_word_in_a_spaced_language_and_a_prefix_in_an_unspaced_one():
    en, ja = hold_words()["en"], hold_words()["ja"]
    assert unit_seconds("seconds", 30, en) == 30 and unit_seconds("minutes", 2, en) == 120
    assert unit_seconds("secondary", 30, en) is None and unit_seconds("minutely", 2, en) is None
    assert unit_seconds("秒間です", 30, ja) == 30 and unit_seconds("分間です", 2, ja) == 120
    assert unit_seconds("回", 2, ja) is None


def test_the_time_is_the_number_directly_before_its_unit():
    en = [hold_words()["en"]]
    assert duration("Hold 2 × 30 seconds.", en) == 30  # "2" is followed by "×", not by its unit
    assert duration("Hold for 30 secondary beats.", en) is None
    assert duration("Hold for 1 minute.", en) == 60
    assert duration("Hold for 30" + " " * 30 + "seconds.", en) == 30  # a hard-wrapped, indented source line


@pytest.mark.parametrize(
    ("steps", "language", "seconds", "at"),
    [
        (["Kneel down.", "Hold for 30 seconds."], "en", 30, 1),
        (["¡Mantenga durante 20 segundos!", "Respire."], "es", 20, 0),  # opening ¡ before the verb
        (["Kneel down.", "[Quédese 20 segundos.]{.hold}"], "en", 20, 1),  # marked: its time in any language
        (["膝をつきます。", "この姿勢を30秒間保ちます。"], "ja", 30, 1),
    ],
)
def test_a_hold_line_is_found_with_its_time_and_place(steps, language, seconds, at):
    _, hold = find_hold(steps, language)
    assert hold is not None and (hold.seconds, hold.at) == (seconds, at)


@pytest.mark.parametrize(
    ("steps", "language"),
    [
        (["30", "45 — 60"], "en"),  # no word at all
        (["膝をつきます。", "30秒間です。"], "ja"),  # a time but no hold verb
        (["घुटने पर बैठें।", "30 सेकंड।"], "hi"),  # the same in a verb-last language
    ],
)
def test_a_step_without_a_hold_verb_is_no_hold_line(steps, language):
    assert find_hold(steps, language) == (steps, None)


def test_a_side_phrase_counts_as_whole_words_in_a_spaced_language():
    _, hold = find_hold(["Hold for 30 seconds on each side."], "en")
    assert hold is not None and hold.sides
    _, hold = find_hold(["Hold for 30 seconds on each sidewalk slab."], "en")
    assert hold is not None and not hold.sides
