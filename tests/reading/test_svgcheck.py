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
