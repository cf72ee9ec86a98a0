"""Find a brand's font files (from a fontpkg-* package or the brand folder) and the fallbacks for other scripts."""

from __future__ import annotations

import functools
import html
import importlib.util
import unicodedata
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError


@dataclass(frozen=True)
class FontFace:
    """One font file and the weight and style it provides."""

    family: str
    path: Path
    weight: int
    style: str
    variable: bool = False  # a variable font, drawn at `weight` (WeasyPrint instantiates it; the EPUB gets a static copy)

    @property
    def url(self) -> str:
        """Return the file: URL a stylesheet loads this face from."""
        return self.path.as_uri()


def resolve_font(values: dict, folder: Path) -> tuple[FontFace, ...]:
    """Return the font faces a brand asks for, regular first."""
    if "font.package" in values:
        return package_faces(str(values["font.package"]))
    if "font.file" in values:
        regular = (folder / str(values["font.file"])).resolve()
        family = family_name(regular)
        faces = [FontFace(family, regular, 400, "normal")]
        if "font.bold_file" in values:
            faces.append(FontFace(family, (folder / str(values["font.bold_file"])).resolve(), 700, "normal"))
        return tuple(faces)
    raise ConfigError("font: set font.package (a fontpkg-* package) or font.file (a font in the brand folder)")


def package_faces(package: str) -> tuple[FontFace, ...]:
    """Return the static regular, italic and bold faces of an installed fontpkg-* package.

    Reads the package's metadata.json directly: the fontpkg registry scans every installed
    distribution's entry points, which costs more than a whole no-op build.
    """
    slug = package.removeprefix("fontpkg-")
    if not package.startswith("fontpkg-") or not re.fullmatch(r"[a-z0-9-]+", slug):
        raise ConfigError(f"font.package: must be a fontpkg-* package name (got {package!r})")
    spec = importlib.util.find_spec("fontpkg_" + slug.replace("-", "_"))
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            f"font.package: font package not installed (got {package!r}); "
            f"run 'pip install {package}' and add it to pyproject.toml"
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        family = str(metadata["family"])
        static = [FontFace(family, folder / f["path"], int(f["weight"]), str(f["style"]))
                  for f in metadata["files"] if not f.get("variable")]
        weights = next((a for a in metadata.get("axes", []) if a["tag"] == "wght"), {"min": 400, "max": 400})
        variable = [FontFace(family, folder / f["path"], weight, str(f["style"]), variable=True)
                    for f in metadata["files"] if f.get("variable")
                    for weight in (400, 700) if float(weights["min"]) <= weight <= float(weights["max"])]
    except (OSError, ValueError, KeyError, TypeError):
        raise ConfigError(f"font.package: {package} has no readable metadata.json") from None
    wanted = {(400, "normal"), (400, "italic"), (700, "normal"), (700, "italic")}
    faces = sorted((face for face in static if (face.weight, face.style) in wanted), key=lambda face: (face.style != "normal", face.weight))
    if not faces or faces[0].weight != 400 or faces[0].style != "normal":
        # Only variable files (as the Noto packages ship): their regular and bold instances.
        faces = sorted(variable, key=lambda face: (face.style != "normal", face.weight))
    if not faces or faces[0].weight != 400 or faces[0].style != "normal":
        raise ConfigError(f"font.package: {package} has no static regular (400) face; choose another font")
    return tuple(faces)


def family_name(path: Path) -> str:
    """Return the family name stored in a font file."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            return str(font["name"].getDebugName(1) or path.stem)
    except (TTLibError, OSError, KeyError):
        raise ConfigError(f"font.file: not a readable TrueType/OpenType font (got {path.name!r})") from None


@functools.lru_cache(maxsize=16)
def covered_characters(path: Path) -> frozenset[int]:
    """Return the code points a font file has glyphs for."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def missing_characters(text: str, face: FontFace) -> list[str]:
    """Return, in order of appearance, the printable characters of `text` that `face` cannot draw."""
    covered = covered_characters(face.path)
    missing: dict[str, None] = {}
    for char in text:
        if ord(char) not in covered and not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Mn"):
            missing.setdefault(char, None)
    return list(missing)


# The pinned fallbacks (see pyproject.toml), in order of preference: they draw only what the brand font cannot.
# Noto Sans covers Latin, Greek, Cyrillic and Vietnamese; Noto Sans Arabic the Arabic script; Heebo the
# Hebrew script (Noto Sans Hebrew is not published as a fontpkg package).
FALLBACK_PACKAGES = ("fontpkg-noto-sans", "fontpkg-noto-sans-arabic", "fontpkg-heebo")


@functools.lru_cache(maxsize=1)
def fallback_fonts() -> tuple[tuple[FontFace, ...], ...]:
    """Return the faces of every installed fallback package, in order of preference."""
    found = []
    for package in FALLBACK_PACKAGES:
        try:
            found.append(package_faces(package))
        except ConfigError:
            continue  # not installed: the glyph check names the characters nobody can draw
    return tuple(found)


def fallback_faces(text: str, regular: FontFace) -> tuple[FontFace, ...]:
    """Return the faces of the fallback fonts needed to draw the characters of `text` that `regular` cannot."""
    missing = {ord(char) for char in missing_characters(text, regular)}
    chosen: list[FontFace] = []
    for faces in fallback_fonts():
        if not missing:
            break
        covered = covered_characters(faces[0].path)
        if missing & covered:
            chosen += faces
            missing -= covered
    return tuple(chosen)


def undrawable_characters(text: str, regular: FontFace) -> list[str]:
    """Return, in order of appearance, the characters of `text` that neither `regular` nor any fallback can draw."""
    missing = missing_characters(text, regular)
    if not missing:  # the usual case: the fallback fonts are never opened
        return []
    fallbacks = [covered_characters(faces[0].path) for faces in fallback_fonts()]
    return [char for char in missing if not any(ord(char) in covered for covered in fallbacks)]


def faces_for(texts: list[str], fonts: tuple[FontFace, ...]) -> tuple[FontFace, ...]:
    """Return the brand's faces followed by the fallback faces the given HTML or CSS texts need."""
    return fonts + fallback_faces("".join(html.unescape(text) for text in texts), fonts[0])


def fallback_names() -> str:
    """Return the fallback font families, for messages."""
    return ", ".join(faces[0].family for faces in fallback_fonts()) or "none installed"


def fallback_files() -> list[Path]:
    """Return every fallback font file, the inputs of any output that may use them."""
    return sorted({face.path for faces in fallback_fonts() for face in faces})
