"""Digits in the language's own numbering system (CLDR's default), and the page counter that matches them."""

from __future__ import annotations

import unicodedata

import pytest

from clinicdocs.language.digits import COUNTER_STYLES, ZEROS, counter_style, native_digits


@pytest.mark.parametrize(
    ("language", "expected", "style"),
    [
        ("fa", "۲۱ ۳/۲۰۲۵ ۰۱۲۳۴۵۶۷۸۹", "persian"),
        ("fa-IR", "۲۱ ۳/۲۰۲۵ ۰۱۲۳۴۵۶۷۸۹", "persian"),
        ("bn", "২১ ৩/২০২৫ ০১২৩৪৫৬৭৮৯", "bengali"),
        ("mr", "२१ ३/२०२५ ०१२३४५६७८९", "devanagari"),
        ("ar-EG", "٢١ ٣/٢٠٢٥ ٠١٢٣٤٥٦٧٨٩", "arabic-indic"),
        # CLDR's default for these is Latin digits: the text stays as written
        ("en", "21 3/2025 0123456789", "decimal"),
        ("ar", "21 3/2025 0123456789", "decimal"),
        ("hi", "21 3/2025 0123456789", "decimal"),
    ],
)
def test_digits_are_written_in_the_languages_default_numbering_system(language, expected, style):
    assert native_digits("21 3/2025 0123456789", language) == expected
    assert counter_style(language) == style


def test_text_without_digits_is_returned_as_it_is():
    assert native_digits("Hold for a while.", "fa") == "Hold for a while."
    assert native_digits("", "bn") == ""


@pytest.mark.parametrize("system", sorted(ZEROS))
def test_each_numbering_system_is_ten_consecutive_digits_with_a_counter_style(system):
    zero = ZEROS[system]
    assert [unicodedata.digit(chr(ord(zero) + value)) for value in range(10)] == list(range(10))
    assert system in COUNTER_STYLES


def test_only_the_ten_digits_change():
    assert native_digits("12:30, 9;", "fa") == "۱۲:۳۰, ۹;"  # the colon after 9 in ASCII stays a colon
