"""The clinic brand schema: declared once, loaded from brand.toml, validated all at once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .contrast import contrast_problems
from ..reading.discover import BRAND_FILE, brand_folders
from ..errors import ConfigError, raise_all
from .fallbacks import fallback_files
from .fonts import FontFace, resolve_font
from ..model import text_direction
from ..reading.policy import link_note, raster_problem, svg_problem
from ..reading.source import slugify

PAPERS = {"letter": "Letter", "a4": "A4"}
HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HTTPS = re.compile(r"^https://[^\s/$.?#][^\s<>\"]*$")
LOCALE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Checked with stat before a file is read: a logo or a font larger than this is a mistake or an attack.
MAX_BRAND_FILE_BYTES = 100_000
MAX_LOGO_BYTES = 5_000_000
MAX_FONT_BYTES = 25_000_000

# key: (required, kind, what it is); the README's brand table describes the same keys.
SCHEMA: dict[str, tuple[bool, str, str]] = {
    "id": (False, "slug", "short name used in output paths; defaults to the folder name"),
    "name": (True, "text", "clinic name as printed"),
    "address": (False, "lines", "street address lines, printed above city/region/country"),
    "city": (True, "text", "city"),
    "region": (False, "text", "state, province or region"),
    "country": (True, "text", "country"),
    "phone": (False, "text", "phone number as printed"),
    "website": (True, "https", "clinic website, printed in full and linked"),
    "email": (False, "email", "contact email"),
    "logo": (True, "logo", "SVG or PNG file in the brand folder"),
    "locale": (True, "locale", "language tag for the clinic's outputs, e.g. en-US"),
    "copyright": (True, "text", "copyright line printed in every footer"),
    "ebook_url": (False, "ebook_url", "where patients download the EPUB ({document} = the document's name); adds a QR code"),
    "paper": (True, "papers", "list of paper sizes to print: letter, a4"),
    "fillable_checklist": (False, "bool", "true: checklists in PDFs are real check boxes a patient can tick on screen"),
    "colors.primary": (True, "color", "headings, rules and the logo band (#RRGGBB)"),
    "colors.accent": (True, "color", "illustration highlights, arrows and boxes (#RRGGBB)"),
    "colors.text": (True, "color", "body text (#RRGGBB)"),
    "font.package": (False, "text", "a fontpkg-* PyPI package, e.g. fontpkg-atkinson-hyperlegible"),
    "font.file": (False, "fontfile", "or a regular-weight TTF/OTF in the brand folder"),
    "font.bold_file": (False, "fontfile", "bold TTF/OTF in the brand folder (with font.file)"),
}


@dataclass(frozen=True)
class Colors:
    """The three brand colours as #RRGGBB."""

    primary: str
    accent: str
    text: str


@dataclass(frozen=True)
class Brand:
    """One clinic's identity, read from its folder under layouts/brands/."""

    id: str
    folder: Path
    name: str
    address: tuple[str, ...]
    city: str
    region: str
    country: str
    phone: str
    website: str
    email: str
    logo: Path
    locale: str
    copyright: str
    ebook_url: str
    papers: tuple[str, ...]
    fillable_checklist: bool
    colors: Colors
    fonts: tuple[FontFace, ...]

    @property
    def location(self) -> str:
        """Return 'City, Region, Country' with empty parts left out."""
        return ", ".join(part for part in (self.city, self.region, self.country) if part)

    @property
    def direction(self) -> str:
        """Return the writing direction of the clinic's own texts (name, address, copyright): 'rtl' or 'ltr'."""
        return text_direction(self.locale)

    @property
    def resource_folders(self) -> tuple[Path, ...]:
        """Return the folders rendering may read for this brand: its own, its fonts' and the fallback fonts'."""
        fonts = dict.fromkeys(path.parent for path in [*(face.path for face in self.fonts), *fallback_files()])
        return (self.folder, *fonts)

    def ebook_url_for(self, document_slug: str) -> str:
        """Return where patients download one document's EPUB ('' when the clinic has no download page)."""
        return self.ebook_url.replace("{document}", document_slug)

    @property
    def website_label(self) -> str:
        """Return the website as printed: without the scheme and trailing slash."""
        return re.sub(r"^https://", "", self.website).rstrip("/")


def find_brands(brands_dir: Path) -> list[Path]:
    """Return every brand folder (one with a brand.toml), sorted by name."""
    return brand_folders(brands_dir)


def resolve_brand_arg(value: str, brands_dir: Path) -> Path:
    """Return the brand folder named by `--brand`: an id under brands_dir or a path."""
    path = Path(value)
    if (path / BRAND_FILE).is_file():
        return path
    if (brands_dir / value / BRAND_FILE).is_file():
        return brands_dir / value
    known = ", ".join(p.name for p in find_brands(brands_dir)) or "none"
    raise ConfigError(f"unknown brand '{value}' (known: {known}); or pass a folder holding {BRAND_FILE}", path)


def load_brand(folder: Path) -> Brand:
    """Read and validate `folder/brand.toml`, reporting every problem at once."""
    path = folder / BRAND_FILE
    try:
        if (size := path.stat().st_size) > MAX_BRAND_FILE_BYTES:
            raise ConfigError(f"brand file is {size:,} bytes, over the {MAX_BRAND_FILE_BYTES:,}-byte limit; it holds only a few settings", path)
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text)
    except OSError as error:
        raise ConfigError(f"cannot read brand file: {error.strerror}", path) from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"invalid UTF-8 at byte {error.start}; save the brand file as UTF-8", path, raw[: error.start].count(b"\n") + 1) from None
    except tomllib.TOMLDecodeError as error:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(error))) else None
        raise ConfigError(f"not valid TOML: {error}", path, line) from None
    values = flatten(data)
    lines = key_lines(text)
    problems = [
        ConfigError(f"{key}: unknown key (known: {', '.join(SCHEMA)})", path, lines.get(key))
        for key in values
        if key not in SCHEMA
    ]
    for key, (required, kind, _) in SCHEMA.items():
        if key not in values:
            if required:
                problems.append(ConfigError(f"{key}: missing required key", path, None))
            continue
        message = check_value(kind, values[key], folder)
        if message:
            problems.append(ConfigError(f"{key}: {message} (got {values[key]!r})", path, lines.get(key)))
    if "id" not in values and not SLUG.match(folder.resolve().name):
        problems.append(ConfigError(
            f"id: the folder name {folder.resolve().name!r} is not usable in file names; set id = \"{slugify(folder.resolve().name)}\"", path, 1
        ))
    if "font.bold_file" in values and "font.file" not in values:
        problems.append(ConfigError("font.bold_file: needs font.file (the regular face) too", path, lines.get("font.bold_file")))
    fonts: tuple[FontFace, ...] = ()
    if not problems:
        colors = {key: str(values[key]) for key in SCHEMA if key.startswith("colors.")}
        problems += [ConfigError(f"{key}: {message}", path, lines.get(key)) for key, message in contrast_problems(colors)]
    if not problems:
        try:
            fonts = resolve_font(values, folder)
        except ConfigError as error:
            problems.append(ConfigError(error.message, path, lines.get("font.package") or lines.get("font.file")))
    raise_all(problems)
    return make_brand(values, folder, fonts)


def make_brand(values: dict, folder: Path, fonts: tuple[FontFace, ...]) -> Brand:
    """Build the Brand record from validated values."""
    return Brand(
        id=values.get("id", folder.resolve().name),
        folder=folder.resolve(),
        name=values["name"],
        address=tuple(values.get("address", ())),
        city=values["city"],
        region=values.get("region", ""),
        country=values["country"],
        phone=values.get("phone", ""),
        website=values["website"],
        email=values.get("email", ""),
        logo=(folder / values["logo"]).resolve(),
        locale=values["locale"],
        copyright=values["copyright"],
        ebook_url=values.get("ebook_url", ""),
        papers=tuple(values["paper"]),
        fillable_checklist=bool(values.get("fillable_checklist", False)),
        colors=Colors(values["colors.primary"].upper(), values["colors.accent"].upper(), values["colors.text"].upper()),
        fonts=fonts,
    )


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
    """Map each dotted key of a simple TOML file to the line that sets it."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if header := re.match(r"^\s*\[([^\[\]]+)\]", line):
            table = header.group(1).strip() + "."
        elif assignment := re.match(r"^\s*([A-Za-z0-9_.-]+)\s*=", line):
            lines.setdefault(table + assignment.group(1), number)
    return lines
