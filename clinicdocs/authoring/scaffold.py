"""`make_docs.py new brand`: ask for (or take as flags) a clinic's details and write a complete, commented brand folder."""

from __future__ import annotations

import datetime
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ..brands.contrast import REQUIREMENTS, contrast_ratio, passing_shade
from ..brands.fallbacks import fallback_fonts
from ..brands.fonts import package_faces
from ..brands.keys import DEFAULT_FONT, SCHEMA, check_value
from ..brands.schema import load_brand
from ..brands.wordmark import Face, text_wordmark
from ..errors import BuildError, ConfigError, raise_all
from ..reading.discover import BRAND_FILE
from ..reading.source import slugify

# Countries that print on US Letter (CLDR's supplemental measurementData, paperSize "US-Letter"); the rest use A4.
LETTER_TERRITORIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR", "SV", "NI", "BZ"}


class Field(NamedTuple):
    """One value `new brand` needs: its flag (the option's dest), its brand.toml key and the question asked."""

    dest: str
    key: str
    question: str


FIELDS = (
    Field("name", "name", "Clinic name, as printed"),
    Field("address", "address", "Street address (lines separated by ';', empty for none)"),
    Field("city", "city", "City (with postcode if you print one)"),
    Field("region", "region", "State, province or region (empty for none)"),
    Field("country", "country", "Country"),
    Field("phone", "phone", "Phone number, as printed (empty for none)"),
    Field("email", "email", "Email (empty for none)"),
    Field("website", "website", "Website, https://... (empty for none)"),
    Field("locale", "locale", "Language of the clinic's handouts"),
    Field("paper", "paper", "Paper sizes, comma-separated: letter, a4"),
    Field("primary", "colors.primary", "Primary colour #RRGGBB (headings, rules)"),
    Field("accent", "colors.accent", "Accent colour #RRGGBB (illustration highlights)"),
    Field("text", "colors.text", "Text colour #RRGGBB"),
    Field("font", "font.package", "Font package (fontpkg-*; see docs/brands-reference.md)"),
)
DEFAULTS = {"locale": "en-US", "primary": "#0B5394", "accent": "#B03A2E", "text": "#1F2933", "font": DEFAULT_FONT}


def default_for(dest: str, answers: dict[str, str]) -> str:
    """Return the value offered when the author gives none: fixed defaults, and the paper of the clinic's country."""
    if dest == "paper":
        territory = answers.get("locale", "en-US").replace("_", "-").split("-")[-1].upper()
        return "letter" if territory in LETTER_TERRITORIES else "a4"
    return DEFAULTS.get(dest, "")


def as_value(key: str, text: str) -> object:
    """Return a typed brand.toml value from an answer (lists for address and paper)."""
    if key == "address":
        return [line.strip() for line in text.split(";") if line.strip()]
    if key == "paper":
        return [size.strip().lower() for size in text.split(",") if size.strip()]
    return text.strip()


def problem(key: str, value: object) -> str:
    """Return what is wrong with one answer, including a colour too pale for its role, or ''."""
    if SCHEMA[key].required and value in ("", []):
        return "needed: every handout prints it"
    if key == "font.package" and value:
        try:
            package_faces(str(value))
        except ConfigError as error:
            return error.message.removeprefix("font.package: ")
    message = check_value(SCHEMA[key].kind, value, Path.cwd()) if value not in ("", []) else ""
    if not message and key in REQUIREMENTS and contrast_ratio(str(value)) < REQUIREMENTS[key][0]:
        minimum, role = REQUIREMENTS[key]
        shade = passing_shade(str(value), minimum)
        return (f"contrast {contrast_ratio(str(value)):.2f}:1 on white paper is below the {minimum}:1 {role} need; "
                f"the nearest shade of the same hue that passes is {shade} ({contrast_ratio(shade):.2f}:1)")
    return message


def gather(given: dict[str, str | None], ask: Callable[[str], str] | None) -> dict[str, object]:
    """Return every value: flags first, then answers to questions (only when `ask` is given), then defaults."""
    answers: dict[str, str] = {}
    values: dict[str, object] = {}
    problems = []
    for field in FIELDS:
        offered = default_for(field.dest, answers)
        text = given.get(field.dest)
        while text is None and ask is not None:
            reply = ask(f"{field.question}{f' [{offered}]' if offered else ''}: ").strip()
            candidate = reply or offered
            if not (found := problem(field.key, as_value(field.key, candidate))):
                text = candidate
            else:
                print(f"  {found}", file=sys.stderr)
                if field.key in REQUIREMENTS and "nearest shade" in found:
                    offered = found.split("passes is ")[1][:7]  # Enter takes the passing shade
        text = offered if text is None else text
        answers[field.dest] = text
        value = as_value(field.key, text)
        if (found := problem(field.key, value)):
            problems.append(f"--{field.dest.replace('_', '-')}: {found}" + ("" if "(got " in found else f" (got {text!r})"))
        values[field.key] = value
    if problems:
        raise_all([BuildError(f"new brand: {message}; nothing was written") for message in problems])
    return values


def brand_toml(values: dict[str, object], year: int) -> str:
    """Return a complete brand.toml: every key with a comment saying what it is; unset optional keys commented out."""
    lines = ["# A clinic brand, written by `make_docs.py new brand`. Every key: docs/brands-reference.md.", ""]
    values = {**values, "logo": "logo.svg", "copyright": f"© {year} {values['name']}"}
    table = ""
    for key, spec in SCHEMA.items():
        section, _, name = key.rpartition(".")
        if section != table:
            lines += ["", f"[{section}]"]
            table = section
        lines.append(f"# {spec.what}{'' if spec.required else ' (optional)'}")
        value = values.get(key)
        if value in (None, "", []):
            lines.append(f"# {name} = {spec.example}")
        else:
            lines.append(f"{name} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def new_brand(brands: Path, given: dict[str, str | None], brand_id: str | None, interactive: bool) -> Path:
    """Write layouts/brands/<id>/ (brand.toml and a wordmark logo), validated before it is moved into place."""
    values = gather(given, input if interactive else None)
    slug = brand_id or slugify(str(values["name"]))
    folder = brands / slug
    if folder.exists():
        raise BuildError(f"{folder} already exists; choose another --id or move the folder away (nothing was written)")
    # Written whole in a hidden folder, checked as a build would check it, then moved into place.
    staging = brands / f".{slug}.new"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / slug).mkdir(parents=True)
    try:
        logo = text_wordmark(str(values["name"]), wordmark_faces(str(values["font.package"])), str(values["colors.primary"]))
        (staging / slug / "logo.svg").write_text(logo, encoding="utf-8")
        (staging / slug / BRAND_FILE).write_text(brand_toml(values, datetime.date.today().year), encoding="utf-8")
        load_brand(staging / slug)
        (staging / slug).rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def wordmark_faces(package: str) -> list[Face]:
    """Return the faces a wordmark is drawn with: the brand font's boldest upright face, then the fallbacks."""
    upright = sorted((face for face in package_faces(package) if face.style == "normal"), key=lambda face: -face.weight)
    return [Face(upright[0].path), *(Face(faces[0].path) for faces in fallback_fonts())]
