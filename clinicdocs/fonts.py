"""Find a brand's font files: from a fontpkg-* package or from the brand folder."""

from __future__ import annotations

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
    """Return the static regular, italic and bold faces of an installed fontpkg-* package."""
    import fontpkg
    from fontpkg.errors import FontpkgError

    slug = package.removeprefix("fontpkg-")
    if not package.startswith("fontpkg-") or not slug:
        raise ConfigError(f"font.package: must be a fontpkg-* package name (got {package!r})")
    try:
        family = fontpkg.family(slug)
    except FontpkgError:
        raise ConfigError(
            f"font.package: font package not installed (got {package!r}); "
            f"run 'pip install {package}' and add it to pyproject.toml"
        ) from None
    wanted = {(400, "normal"), (400, "italic"), (700, "normal"), (700, "italic")}
    faces = sorted(
        (FontFace(family.name, f.path, f.weight, f.style) for f in family.files if (f.weight, f.style) in wanted or f.variable),
        key=lambda face: (face.style != "normal", face.weight),
    )
    if not faces:
        raise ConfigError(f"font.package: {package} has no regular or bold face")
    return tuple(faces)


def family_name(path: Path) -> str:
    """Return the family name stored in a font file."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            return str(font["name"].getDebugName(1) or path.stem)
    except (TTLibError, OSError, KeyError):
        raise ConfigError(f"font.file: not a readable TrueType/OpenType font (got {path.name!r})") from None
