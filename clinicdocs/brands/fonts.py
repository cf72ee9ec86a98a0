"""Find a brand's font files (from a fontpkg-* package or the brand folder) and the fallbacks for other scripts."""

from __future__ import annotations

import functools
import html
import importlib.util
import unicodedata
import json
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError


@dataclass(frozen=True)
class FontFace:
    """One font file and the weight and style it provides."""

    family: str
    path: Path
    weight: int
    style: str
    variable: bool = False  # a variable font, drawn at `weight` (WeasyPrint instantiates it; the EPUB gets a static copy)
    index: int = 0  # the face's number in a font collection (.ttc)

    @property
    def collection(self) -> bool:
        """Tell whether the face is one of a font collection's (loaded by its family name, not its file)."""
        return self.path.suffix.lower() == ".ttc"

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
        raise ConfigError(f"font.package: font package not installed (got {package!r}); {install_advice(package)}")
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


def install_advice(package: str) -> str:
    """Say how to make a font package importable: activate the project's inactive virtual environment, or install it."""
    import sys

    for name in (".venv", "venv"):
        folder = Path.cwd() / name
        if (folder / "pyvenv.cfg").is_file() and Path(sys.prefix).resolve() != folder.resolve():
            activate = f"source {name}/bin/activate" if os.name != "nt" else f"{name}\\Scripts\\activate"
            return (f"the project's virtual environment {name}/ exists but is not active; run '{activate}' and build again "
                    f"(or run '{name}/bin/python make_docs.py')")
    return f"run 'pip install {package}' and add it to pyproject.toml (the font packages one can name: docs/brands-reference.md)"


def family_name(path: Path) -> str:
    """Return the family name stored in a font file."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            return str(font["name"].getDebugName(1) or path.stem)
    except (TTLibError, OSError, KeyError):
        raise ConfigError(f"font.file: not a readable TrueType/OpenType font (got {path.name!r})") from None


@functools.lru_cache(maxsize=32)
def covered_characters(path: Path, index: int = 0) -> frozenset[int]:
    """Return the code points a font file (face `index` of a collection) has glyphs for (fontTools' getBestCmap)."""
    if path.suffix.lower() == ".ttc":
        from fontTools.ttLib import TTFont

        with TTFont(path, lazy=True, fontNumber=index) as collected:
            return frozenset(collected.getBestCmap() or {})
    try:
        covered = read_best_cmap(path)
    except (OSError, struct.error, IndexError, ValueError, MemoryError):
        covered = None
    if covered is not None:
        return covered
    from fontTools.ttLib import TTFont  # anything read_best_cmap does not know: collections, WOFF, rare formats

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


# The Unicode subtables in fontTools' (and HarfBuzz's) order of preference.
CMAP_PREFERENCES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def read_best_cmap(path: Path) -> frozenset[int] | None:
    """Return the code points mapped to a glyph other than .notdef by a TrueType/OpenType font's best Unicode cmap.

    Reads only the table directory and the cmap table, as fontTools 4 decodes them, without importing
    fontTools (an eighth of a cold EPUB-only build). Anything out of the ordinary (a collection, WOFF,
    another subtable format, a zero-length, truncated, unsorted or overlapping subtable) gives None,
    and fontTools decides as before.
    """
    with path.open("rb") as handle:
        head = handle.read(12)
        if head[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
            return None
        (count,) = struct.unpack(">H", head[4:6])
        directory = handle.read(16 * count)
        tables = {directory[i : i + 4]: struct.unpack(">LL", directory[i + 8 : i + 16]) for i in range(0, 16 * count, 16)}
        if b"cmap" not in tables:
            return None
        offset, length = tables[b"cmap"]
        handle.seek(offset)
        cmap = handle.read(length)
    (subtables,) = struct.unpack(">H", cmap[2:4])
    records = [struct.unpack(">HHL", cmap[4 + 8 * i : 12 + 8 * i]) for i in range(subtables)]
    if any(not subtable_length(cmap, start) for _, _, start in records):
        return None  # fontTools skips such a subtable, which changes which one comes first
    for platform, encoding in CMAP_PREFERENCES:
        found = next((start for p, e, start in records if (p, e) == (platform, encoding)), None)
        if found is not None:
            return subtable_codes(cmap, found)
    return frozenset()  # no Unicode subtable: nothing is covered, as getBestCmap's None says


def subtable_length(cmap: bytes, start: int) -> int:
    """Return the length a cmap subtable's header gives (32 bits for formats 8, 10, 12, 13; 16 bits otherwise)."""
    (form,) = struct.unpack(">H", cmap[start : start + 2])
    if form in (8, 10, 12, 13):
        return int(struct.unpack(">L", cmap[start + 4 : start + 8])[0])
    if form in (14, 15):
        return int(struct.unpack(">L", cmap[start + 2 : start + 6])[0])
    return int(struct.unpack(">H", cmap[start + 2 : start + 4])[0])


def subtable_codes(cmap: bytes, start: int) -> frozenset[int] | None:
    """Return the code points a cmap subtable (formats 0, 4, 6, 12, 13) maps to a real glyph; None for anything else."""
    (form,) = struct.unpack(">H", cmap[start : start + 2])
    if form == 0:
        return frozenset(code for code, glyph in enumerate(cmap[start + 6 : start + 262]) if glyph)
    if form == 6:
        first, count = struct.unpack(">HH", cmap[start + 6 : start + 10])
        glyphs = struct.unpack(f">{count}H", cmap[start + 10 : start + 10 + 2 * count])
        return frozenset(first + i for i, glyph in enumerate(glyphs) if glyph)
    if form == 4:
        length = subtable_length(cmap, start)
        segments = struct.unpack(">H", cmap[start + 6 : start + 8])[0] // 2
        words = struct.unpack(f">{(length - 14) // 2}H", cmap[start + 14 : start + 14 + (length - 14) // 2 * 2])
        ends, starts = words[:segments], words[segments + 1 : 2 * segments + 1]
        deltas, offsets = words[2 * segments + 1 : 3 * segments + 1], words[3 * segments + 1 : 4 * segments + 1]
        glyph_array = words[4 * segments + 1 :]
        covered: set[int] = set()  # a later segment's missing glyph does not erase an earlier mapping
        for i in range(segments - 1):  # the last segment closes the table at U+FFFF
            if offsets[i] == 0:
                covered.update(code for code in range(starts[i], ends[i] + 1) if (code + deltas[i]) & 0xFFFF)
                continue
            partial = offsets[i] // 2 - starts[i] + i - segments
            for code in range(starts[i], ends[i] + 1):
                index = code + partial
                if not 0 <= index < len(glyph_array):
                    return None  # damaged: fontTools decides
                if glyph_array[index] and (glyph_array[index] + deltas[i]) & 0xFFFF:
                    covered.add(code)
        return frozenset(covered)
    if form in (12, 13):
        (groups,) = struct.unpack(">L", cmap[start + 12 : start + 16])
        if subtable_length(cmap, start) != 16 + 12 * groups or len(cmap) < start + 16 + 12 * groups:
            return None
        covered = set()
        last_end = 0
        for g in range(groups):
            first, last, glyph = struct.unpack(">LLL", cmap[start + 16 + 12 * g : start + 28 + 12 * g])
            if last > 0x10FFFF or first > last or first < last_end:
                return None  # clamped, unsorted or overlapping groups: fontTools' own rules apply
            last_end = last
            if form == 13:
                if glyph:
                    covered.update(range(first, last + 1))
            else:
                covered.update(range(first + (glyph == 0), last + 1))
        return frozenset(covered)
    return None


def missing_characters(text: str, face: FontFace) -> list[str]:
    """Return, in order of appearance, the printable characters of `text` that `face` cannot draw."""
    covered = covered_characters(face.path, face.index)
    missing: dict[str, None] = {}
    for char in text:
        if ord(char) not in covered and not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Mn"):
            missing.setdefault(char, None)
    return list(missing)
