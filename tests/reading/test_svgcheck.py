"""The SVG policy on bytes: a nested SVG in a data: URL is read from its first comma and checked in turn."""

from __future__ import annotations

import pytest

from clinicdocs.reading.svgcheck import svg_bytes_problem

INNER = "%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0,0,10,10'%3E{body}%3C/svg%3E"


def outer(body: str) -> bytes:
    url = "data:image/svg+xml," + INNER.format(body=body)
    return f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{url}" width="10" height="10"/></svg>'.encode()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("%3Crect width='1' height='1'/%3E", ""),  # commas in the drawing are its own, not the URL's
        ("%3Cscript%3Ex()%3C/script%3E", "has an SVG in a data: URL that contains a <script> element; remove it"),
    ],
)
def test_a_nested_svg_with_commas_in_it_is_checked_as_a_whole(body, problem):
    assert svg_bytes_problem(outer(body)) == problem


def image(url: str) -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{url}" width="10" height="10"/></svg>'.encode()


def test_a_base64_svg_may_be_wrapped_over_lines_and_bad_base64_is_named():
    import base64

    drawing = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    encoded = base64.b64encode(drawing).decode()
    wrapped = encoded[:40] + "%0A" + encoded[40:]  # a line break inside the base64, as editors wrap it
    assert svg_bytes_problem(image("data:image/svg+xml;base64," + wrapped)) == ""
    assert svg_bytes_problem(image("data:image/svg+xml;base64,abc")) == "has a data: URL whose base64 cannot be decoded"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("data:image/svg+xml", "has a data: URL without a comma; it is not a valid data: URL"),
        ("data:,hello", "has a data: URL of type 'text/plain'; only pictures (PNG, JPEG, GIF, WebP, SVG) and fonts may be embedded"),
        ("data:Text/HTML;charset=utf-8,%3Cb%3E", "has a data: URL of type 'text/html'; only pictures (PNG, JPEG, GIF, WebP, SVG) and fonts may be embedded"),
    ],
)
def test_a_data_url_that_is_not_a_picture_is_refused_by_its_type(url, problem):
    assert svg_bytes_problem(image(url)) == problem


def test_an_outside_reference_is_quoted_up_to_80_characters():
    address = "https://tracker.example/" + "a" * 100
    assert svg_bytes_problem(image(address)) == (
        f"refers to '{address[:80]}'; SVG files may only refer to their own '#ids' or data: URLs"
    )
