"""Find a brand's font files: from a fontpkg-* package or from the brand folder."""

from __future__ import annotations

import functools
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
        files = [(folder / f["path"], int(f["weight"]), str(f["style"])) for f in metadata["files"] if not f.get("variable")]
        family = str(metadata["family"])
    except (OSError, ValueError, KeyError, TypeError):
        raise ConfigError(f"font.package: {package} has no readable metadata.json") from None
    wanted = {(400, "normal"), (400, "italic"), (700, "normal"), (700, "italic")}
    faces = sorted((FontFace(family, path, weight, style) for path, weight, style in files if (weight, style) in wanted),
                   key=lambda face: (face.style != "normal", face.weight))
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
