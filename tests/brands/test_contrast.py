"""WCAG contrast of brand colours on white paper, at the published values and the 4.5:1 and 3:1 edges."""

from __future__ import annotations

import pytest
from coloraide import Color

from clinicdocs.brands.contrast import contrast_problems, contrast_ratio, passing_shade, relative_luminance


@pytest.mark.parametrize(
    ("color", "luminance"),
    [
        ("#000000", 0.0), ("#FFFFFF", 1.0),
        ("#FF0000", 0.2126), ("#00FF00", 0.7152), ("#0000FF", 0.0722),  # WCAG's channel weights
        ("#0A0A0A", 0.0030353), ("#0B0B0B", 0.0033466),  # either side of the 0.04045 knee of the sRGB curve
        ("#808080", 0.2158605),
    ],
)
def test_relative_luminance_is_wcags(color, luminance):
    assert relative_luminance(color) == pytest.approx(luminance, abs=1e-7)


def test_the_contrast_ratio_runs_from_1_to_21_whichever_colour_comes_first():
    assert contrast_ratio("#000000") == 21.0 == contrast_ratio("#FFFFFF", "#000000")
    assert contrast_ratio("#FFFFFF") == 1.0
    assert contrast_ratio("#767676", "#000000") == contrast_ratio("#000000", "#767676") == pytest.approx(4.6233, abs=1e-4)


def test_the_body_text_edge_is_4_5_to_1_and_the_accent_edge_3_to_1():
    # #767676 is the palest grey with 4.5:1 on white, #949494 the palest with 3:1
    assert contrast_problems({"colors.text": "#767676", "colors.primary": "#767676", "colors.accent": "#949494"}) == []
    problems = contrast_problems({"colors.text": "#777777", "colors.primary": "#777777", "colors.accent": "#959595"})
    assert [key for key, _ in problems] == ["colors.text", "colors.primary", "colors.accent"]
    assert problems[0][1] == (
        "contrast 4.48:1 against white paper is below the 4.5:1 WCAG AA needs for body text (got '#777777'); "
        "the nearest shade of the same hue that passes is \"#767676\" (4.54:1)"
    )
    assert "for headings and footer text (got '#777777')" in problems[1][1]
    assert "below the 3.0:1 WCAG AA needs for illustration highlights and check boxes" in problems[2][1]
    assert '"#949494" (3.03:1)' in problems[2][1]


def test_colours_without_a_requirement_or_not_given_are_not_checked():
    assert contrast_problems({"colors.background": "#FFFFFF", "colors.muted": "#EEEEEE"}) == []


@pytest.mark.parametrize(("color", "minimum"), [("#FF8800", 4.5), ("#FF8800", 3.0), ("#66CCFF", 4.5), ("#FFFF00", 3.0)])
def test_the_passing_shade_is_the_lightest_of_the_same_hue_that_passes(color, minimum):
    shade = passing_shade(color, minimum)
    assert minimum <= contrast_ratio(shade) < minimum + 0.1  # passes, and only just: no darker than needed
    assert Color(shade).convert("oklch")["hue"] == pytest.approx(Color(color).convert("oklch")["hue"], abs=3)
    assert Color(shade).convert("oklch")["lightness"] < Color(color).convert("oklch")["lightness"]
