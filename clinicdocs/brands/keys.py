"""The keys of brand.toml, declared once (what each holds, an example, how it is checked), and their checks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, NamedTuple

from ..reading.policy import link_note, raster_problem, svg_problem

PAPERS = {"letter": "Letter", "a4": "A4"}
HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HTTPS = re.compile(r"^https://[^\s/$.?#][^\s<>\"]*$")
LOCALE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Checked with stat before a file is read: a logo or a font larger than this is a mistake or an attack.
MAX_LOGO_BYTES = 5_000_000
MAX_FONT_BYTES = 25_000_000
DEFAULT_FONT = "fontpkg-atkinson-hyperlegible"  # designed for low-vision readers; pinned in pyproject.toml


class Key(NamedTuple):
    """One brand.toml key: whether it must be there, its kind, what it is and a value to copy."""

    required: bool
    kind: str
    what: str
    example: str


# docs/brands-reference.md describes the same keys (a test compares them).
SCHEMA: dict[str, Key] = {
    "id": Key(False, "slug", "short name used in output paths; defaults to the folder name", '"northside-physio"'),
    "name": Key(True, "text", "clinic name as printed", '"Northside Physiotherapy"'),
    "address": Key(False, "lines", "street address lines, printed above city/region/country", '["12 High Street", "Unit 3"]'),
    "city": Key(True, "text", "city", '"Leeds"'),
    "region": Key(False, "text", "state, province or region", '"West Yorkshire"'),
    "country": Key(True, "text", "country", '"United Kingdom"'),
    "phone": Key(False, "text", "phone number as printed", '"+44 113 496 0000"'),
    "website": Key(False, "https", "clinic website, printed in full and linked", '"https://northside.example"'),
    "email": Key(False, "email", "contact email", '"hello@northside.example"'),
    "logo": Key(True, "logo", "SVG or PNG file in the brand folder", '"logo.svg"'),
    "locale": Key(True, "locale", "language tag for the clinic's outputs", '"en-GB"'),
    "copyright": Key(True, "text", "copyright line printed in every footer", '"© 2025 Northside Physiotherapy"'),
    "ebook_url": Key(False, "ebook_url", "where patients download the EPUB ({document} = the document's name); adds a QR code",
                     '"https://northside.example/guides/{document}.epub"'),
    "paper": Key(True, "papers", "list of paper sizes to print: letter, a4", '["a4", "letter"]'),
    "fillable_checklist": Key(False, "bool", "true: checklists in PDFs are real check boxes a patient can tick on screen", "true"),
    "colors.primary": Key(True, "color", "headings, rules and the logo band (#RRGGBB)", '"#0B5394"'),
    "colors.accent": Key(True, "color", "illustration highlights, arrows and boxes (#RRGGBB)", '"#B03A2E"'),
    "colors.text": Key(True, "color", "body text (#RRGGBB)", '"#1F2933"'),
    "font.package": Key(False, "fontpackage", f"a fontpkg-* PyPI package; default {DEFAULT_FONT}", f'"{DEFAULT_FONT}"'),
    "font.file": Key(False, "fontfile", "or a regular-weight TTF/OTF in the brand folder", '"MyFont-Regular.ttf"'),
    "font.bold_file": Key(False, "fontfile", "bold TTF/OTF in the brand folder (with font.file)", '"MyFont-Bold.ttf"'),
}


def example(key: str) -> str:
    """Return a line to copy into brand.toml for `key`, under its table when it has one."""
    table, _, name = key.rpartition(".")
    line = f"{name} = {SCHEMA[key].example}"
    return f"[{table}] {line}" if table else line


def check_value(kind: str, value: object, folder: Path) -> str:
    """Return what is wrong with one value of the given kind, or ''."""
    if kind == "lines":
        ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        return "" if ok else "must be a list of text lines"
    if kind == "bool":
        return "" if isinstance(value, bool) else "must be true or false"
    if kind == "papers":
        ok = isinstance(value, list) and bool(value) and all(isinstance(v, str) and v in PAPERS for v in value) and len(set(value)) == len(value)
        return "" if ok else f"must be a list of paper sizes from: {', '.join(PAPERS)}"
    if not isinstance(value, str) or not value.strip():
        return "must be non-empty text"
    checks: dict[str, tuple[Callable[[str], object], str]] = {
        "slug": (SLUG.match, "must be lowercase letters, digits and dashes"),
        "ebook_url": (lambda v: set(re.findall(r"\{[^}]*\}", v)) <= {"{document}"} and HTTPS.match(v.replace("{document}", "x")),
                      "must be a full https:// address; {document} stands for the document's name"),
        "https": (HTTPS.match, "must be a full https:// address"),
        "email": (re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$").match, "must be an email address"),
        "color": (HEX_COLOR.match, "must be a colour written #RRGGBB"),
        "locale": (LOCALE.match, "must be a language tag such as en-US"),
        "fontpackage": (re.compile(r"^fontpkg-[a-z0-9]+(-[a-z0-9]+)*$").match, "must be a fontpkg-* package name"),
        "logo": (lambda v: brand_file(folder, v, (".svg", ".png")), "must name an .svg or .png file inside the brand folder"),
        "fontfile": (lambda v: brand_file(folder, v, (".ttf", ".otf")), "must name a .ttf or .otf file inside the brand folder"),
    }
    test, message = checks.get(kind, (lambda v: True, ""))
    ok = test(value)
    if kind in ("logo", "fontfile"):
        return file_problem(kind, folder, value) if ok else message + link_note(folder / value, folder)
    return "" if ok else message


def file_problem(kind: str, folder: Path, name: str) -> str:
    """Return what is wrong with a logo or font file in the brand folder, checking its size before reading it."""
    path = folder / name
    limit = MAX_LOGO_BYTES if kind == "logo" else MAX_FONT_BYTES
    if (size := path.stat().st_size) > limit:
        what = "a logo" if kind == "logo" else "a font file"
        return f"file is {size:,} bytes, over the {limit:,}-byte limit for {what}; use a smaller file"
    if kind == "fontfile":
        return ""
    problem = svg_problem(path) if name.lower().endswith(".svg") else raster_problem(path)
    return f"logo {problem}" if problem else ""


def brand_file(folder: Path, name: str, suffixes: tuple[str, ...]) -> bool:
    """Tell whether `name` is an existing file of the given type inside the brand folder."""
    path = (folder / name).resolve()
    return path.is_relative_to(folder.resolve()) and path.suffix.lower() in suffixes and path.is_file()


def flatten(data: dict, prefix: str = "") -> dict[str, object]:
    """Flatten TOML tables into dotted keys ('colors.primary')."""
    flat: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def key_lines(text: str) -> dict[str, int]:
    """Map each dotted key of a simple TOML file to the line that sets it, and each table ('colors') to its header's line."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if header := re.match(r"^\s*\[([^\[\]]+)\]", line):
            table = header.group(1).strip()
            lines.setdefault(table, number)
            table += "."
        elif assignment := re.match(r"^\s*([A-Za-z0-9_.-]+)\s*=", line):
            lines.setdefault(table + assignment.group(1), number)
    return lines
