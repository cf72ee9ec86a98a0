"""brand.toml's value checks one kind at a time: the refused value beside the nearest accepted one."""

from __future__ import annotations

import pytest

from clinicdocs.brands.keys import (
    MAX_FONT_BYTES, MAX_LOGO_BYTES, check_value, example, file_problem, flatten, key_lines,
)

LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


@pytest.mark.parametrize(
    ("kind", "accepted", "refused", "message"),
    [
        ("lines", ["12 High Street", "Unit 3"], ["12 High Street", " "], "must be a list of text lines"),
        ("lines", [], "12 High Street", "must be a list of text lines"),
        ("bool", False, "false", "must be true or false"),
        ("papers", ["a4", "letter"], ["a4", "a4"], "must be a list of paper sizes from: letter, a4"),
        ("papers", ["letter"], [], "must be a list of paper sizes from: letter, a4"),
        ("papers", ["a4"], ["A4"], "must be a list of paper sizes from: letter, a4"),
        ("text", "Leeds", " ", "must be non-empty text"),
        ("text", "Leeds", 3, "must be non-empty text"),
        ("slug", "north-side-2", "north--side", "must be lowercase letters, digits and dashes"),
        ("slug", "north", "North", "must be lowercase letters, digits and dashes"),
        ("https", "https://north.example/a?b", "http://north.example", "must be a full https:// address"),
        ("https", "https://north.example", "https://north example", "must be a full https:// address"),
        ("ebook_url", "https://n.example/{document}.epub", "https://n.example/{name}.epub",
         "must be a full https:// address; {document} stands for the document's name"),
        ("ebook_url", "https://n.example/guide.epub", "http://n.example/{document}.epub",
         "must be a full https:// address; {document} stands for the document's name"),
        ("email", "hello@north.example", "hello@north", "must be an email address"),
        ("email", "a.b@c.d", "hello @north.example", "must be an email address"),
        ("color", "#0b5394", "#0B539", "must be a colour written #RRGGBB"),
        ("color", "#0B5394", "#0B5394FF", "must be a colour written #RRGGBB"),
        ("locale", "sr-Latn-RS", "en_GB", "must be a language tag such as en-US"),
        ("locale", "fil", "e", "must be a language tag such as en-US"),
        ("fontpackage", "fontpkg-noto-sans", "noto-sans", "must be a fontpkg-* package name"),
    ],
)
def test_a_value_is_refused_beside_its_nearest_accepted_neighbour(tmp_path, kind, accepted, refused, message):
    assert check_value(kind, accepted, tmp_path) == ""
    assert check_value(kind, refused, tmp_path) == message


def test_logo_and_font_files_must_be_of_their_type_inside_the_brand_folder(tmp_path):
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "logo.svg").write_bytes(LOGO)
    (brand / "Font-Regular.TTF").write_bytes(b"\0" * 10)
    (tmp_path / "outside.svg").write_bytes(LOGO)
    assert check_value("logo", "logo.svg", brand) == ""
    assert check_value("fontfile", "Font-Regular.TTF", brand) == ""  # the suffix in any case
    logo_message = "must name an .svg or .png file inside the brand folder"
    assert check_value("logo", "../outside.svg", brand) == logo_message
    assert check_value("logo", "missing.svg", brand) == logo_message
    assert check_value("logo", "Font-Regular.TTF", brand) == logo_message
    assert check_value("fontfile", "logo.svg", brand) == "must name a .ttf or .otf file inside the brand folder"


@pytest.mark.parametrize(("kind", "limit", "what"), [("logo", MAX_LOGO_BYTES, "a logo"), ("fontfile", MAX_FONT_BYTES, "a font file")])
def test_a_brand_file_is_refused_one_byte_over_its_limit_before_it_is_read(tmp_path, kind, limit, what):
    name = "logo.svg" if kind == "logo" else "font.ttf"
    path = tmp_path / name
    data = LOGO if kind == "logo" else b"\0"
    path.write_bytes(data + b" " * (limit - len(data)))  # at the limit: accepted (an SVG may end in spaces)
    assert file_problem(kind, tmp_path, name) == ""
    with path.open("ab") as file:
        file.write(b" ")
    assert file_problem(kind, tmp_path, name) == (
        f"file is {limit + 1:,} bytes, over the {limit:,}-byte limit for {what}; use a smaller file"
    )


def test_a_logo_is_checked_as_a_picture_by_its_suffix(tmp_path):
    (tmp_path / "logo.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>')
    (tmp_path / "logo.png").write_bytes(LOGO)  # SVG text under a PNG name
    assert file_problem("logo", tmp_path, "logo.svg").startswith("logo contains a <script> element")
    assert file_problem("logo", tmp_path, "logo.png").startswith("logo is not a readable image")


def test_examples_tables_and_lines_of_brand_toml():
    assert example("name") == 'name = "Northside Physiotherapy"'
    assert example("colors.primary") == '[colors] primary = "#0B5394"'
    assert flatten({"name": "N", "colors": {"primary": "#000000", "deep": {"x": 1}}}) == {
        "name": "N", "colors.primary": "#000000", "colors.deep.x": 1,
    }
    text = 'name = "N"\n\n[colors]\nprimary = "#000000"\n  text="#111111"\n[ font ]\nfile = "a.ttf"\nname = "again"\n'
    assert key_lines(text) == {
        "name": 1, "colors": 3, "colors.primary": 4, "colors.text": 5, "font": 6, "font.file": 7, "font.name": 8,
    }
