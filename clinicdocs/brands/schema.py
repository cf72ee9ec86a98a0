"""The clinic brand schema: declared once, loaded from brand.toml, validated all at once."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .contrast import contrast_problems
from ..reading.discover import BRAND_FILE, brand_folders
from ..errors import ConfigError, raise_all
from .fallbacks import fallback_files
from .fonts import FontFace, resolve_font
from .keys import DEFAULT_FONT, MAX_FONT_BYTES, MAX_LOGO_BYTES, PAPERS, SCHEMA, SLUG, check_value, example, flatten, key_lines
from ..model import text_direction
from ..reading.source import slugify

__all__ = ["Brand", "Colors", "PAPERS", "MAX_FONT_BYTES", "MAX_LOGO_BYTES", "find_brands", "key_lines", "load_brand", "resolve_brand_arg"]

# Checked with stat before the file is read: a brand file holds only a few settings.
MAX_BRAND_FILE_BYTES = 100_000


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
    notes: tuple[tuple[int, str], ...] = ()  # (line of brand.toml, message): what was chosen for the clinic, not a problem

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
    problems = [*unknown_keys(values, path, lines), *value_problems(values, folder, lines)]
    bad = {error.message.split(":")[0] for error in problems}  # the keys whose own values are wrong
    colors = {key: str(values[key]) for key in SCHEMA if key.startswith("colors.") and key in values and key not in bad}
    problems += [ConfigError(f"{key}: {message}", path, lines.get(key)) for key, message in contrast_problems(colors)]
    fonts: tuple[FontFace, ...] = ()
    notes: tuple[tuple[int, str], ...] = ()
    if not bad & {"font.package", "font.file", "font.bold_file"}:
        if not any(key.startswith("font.") for key in values):
            values["font.package"] = DEFAULT_FONT
            notes = ((lines.get("font", 1), f"no [font] table; using the default accessible font {DEFAULT_FONT}"),)
        try:
            fonts = resolve_font(values, folder)
        except ConfigError as error:
            key = error.message.split(":")[0]
            problems.append(ConfigError(error.message, path, lines.get(key) or lines.get("font") or 1))
    raise_all(problems)
    return dataclasses.replace(make_brand(values, folder, fonts), notes=notes)


def unknown_keys(values: dict, path: Path, lines: dict[str, int]) -> list[ConfigError]:
    """Return a problem for each key the schema does not know, naming the known key it most resembles."""
    import difflib

    problems = []
    for key in (k for k in values if k not in SCHEMA):
        close = difflib.get_close_matches(key, list(SCHEMA), n=1) or difflib.get_close_matches(key.rpartition(".")[2], [k.rpartition(".")[2] for k in SCHEMA], n=1)
        guess = f"did you mean '{next(k for k in SCHEMA if k == close[0] or k.endswith('.' + close[0]))}'? " if close else ""
        problems.append(ConfigError(f"{key}: unknown key ({guess}known: {', '.join(SCHEMA)})", path, lines.get(key)))
    return problems


def value_problems(values: dict, folder: Path, lines: dict[str, int]) -> list[ConfigError]:
    """Return a problem, with its line and a value to copy, for each missing or malformed key."""
    path = folder / BRAND_FILE
    problems = []
    for key, spec in SCHEMA.items():
        if key not in values:
            if spec.required:
                table = key.rpartition(".")[0]
                problems.append(ConfigError(f"{key}: missing required key; add e.g. {example(key)}", path, lines.get(table, 1)))
            continue
        message = check_value(spec.kind, values[key], folder)
        if message:
            hint = "" if spec.kind in ("logo", "fontfile") else f"; e.g. {example(key)}"  # a file's message says what to fix
            problems.append(ConfigError(f"{key}: {message} (got {values[key]!r}){hint}", path, lines.get(key)))
    if "id" not in values and not SLUG.match(folder.resolve().name):
        problems.append(ConfigError(
            f"id: the folder name {folder.resolve().name!r} is not usable in file names; set id = \"{slugify(folder.resolve().name)}\"", path, 1
        ))
    if "font.bold_file" in values and "font.file" not in values:
        problems.append(ConfigError("font.bold_file: needs font.file (the regular face) too", path, lines.get("font.bold_file")))
    return problems


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
        website=values.get("website", ""),
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
