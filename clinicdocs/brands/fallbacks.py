"""Fallback fonts for the scripts a brand font cannot draw, chosen per document language (fallbacks.toml).

Only the fonts' metadata is read until a document has a character its brand font cannot draw: an
English handout under a brand with Latin fonts never opens a fallback font.
"""

from __future__ import annotations

import functools
import html
import tomllib
import unicodedata
from pathlib import Path

from ..errors import ConfigError
from .fonts import FontFace, covered_characters, missing_characters, package_faces

TABLE = Path(__file__).with_name("fallbacks.toml")


@functools.lru_cache(maxsize=1)
def fallback_table() -> tuple[tuple[tuple[FontFace, ...], tuple[str, ...]], ...]:
    """Return every installed fallback font's faces and preferred languages, in the table's order."""
    with TABLE.open("rb") as handle:
        entries = tomllib.load(handle)["font"]
    found = []
    for entry in entries:
        faces = entry_faces(entry)
        if faces:  # not installed: the glyph check names the characters nobody can draw
            found.append((faces, tuple(tag.lower() for tag in entry.get("languages", ()))))
    return tuple(found)


def entry_faces(entry: dict) -> tuple[FontFace, ...]:
    """Return the faces of one table entry (a fontpkg package or a Debian package's files), or () when absent."""
    if "package" in entry:
        try:
            return package_faces(str(entry["package"]))
        except ConfigError:
            return ()
    paths = [Path(name) for name in entry["files"]]
    if not all(path.is_file() for path in paths):
        return ()
    index = int(entry.get("index", 0))
    return tuple(FontFace(str(entry["family"]), path, weight, "normal", index=index) for path, weight in zip(paths, (400, 700)))


def language_rank(tags: tuple[str, ...], language: str) -> int:
    """Return how closely a font's languages match a tag (the length of the longest matching prefix), 0 for none."""
    parts = language.lower().replace("_", "-").split("-")
    prefixes = ["-".join(parts[:count]) for count in range(len(parts), 0, -1)]
    return max((len(prefix) for prefix in prefixes if prefix in tags), default=0)


def fallback_fonts(language: str = "") -> tuple[tuple[FontFace, ...], ...]:
    """Return the fallback fonts in order of preference for a document language: its own fonts first."""
    table = fallback_table()
    ranked = sorted(range(len(table)), key=lambda i: (-language_rank(table[i][1], language), i))
    return tuple(table[i][0] for i in ranked)


def script_of(char: str) -> str:
    """Return the first word of a letter's Unicode name, which names its script (GREEK, HANGUL, CJK ...)."""
    return unicodedata.name(char, "").split(" ")[0]


def fallback_faces(text: str, regular: FontFace, language: str = "") -> tuple[tuple[FontFace, ...], tuple[FontFace, ...]]:
    """Return the fallback faces that draw the characters of `text` that `regular` cannot: those that lead, the others.

    A fallback leads (goes before the brand font) when the brand font draws only some of the letters
    of a script the text uses and the fallback draws them all: Atkinson Hyperlegible has a few Greek
    letters, and a Greek word would otherwise mix two typefaces.
    """
    missing = {ord(char) for char in missing_characters(text, regular)}
    if not missing:
        return (), ()
    letters: dict[str, set[int]] = {}
    for char in set(text):
        if char.isalpha():
            letters.setdefault(script_of(char), set()).add(ord(char))
    partial = [codes for codes in letters.values() if codes & missing and codes - missing]
    leading: list[FontFace] = []
    following: list[FontFace] = []
    for faces in fallback_fonts(language):
        if not missing:
            break
        covered = covered_characters(faces[0].path, faces[0].index)
        if missing & covered:
            (leading if any(codes <= covered for codes in partial) else following).extend(faces)
            missing -= covered
    return tuple(leading), tuple(following)


def faces_for(texts: list[str], fonts: tuple[FontFace, ...], language: str = "") -> tuple[FontFace, ...]:
    """Return the faces for the given HTML or CSS texts, in font-family order: leading fallbacks, the brand's, the others."""
    leading, following = fallback_faces("".join(html.unescape(text) for text in texts), fonts[0], language)
    return leading + fonts + following


def undrawable_characters(text: str, regular: FontFace) -> list[str]:
    """Return, in order of appearance, the characters of `text` that neither `regular` nor any fallback can draw."""
    missing = missing_characters(text, regular)
    if not missing:  # the usual case: the fallback fonts are never opened
        return []
    fallbacks = [covered_characters(faces[0].path, faces[0].index) for faces in fallback_fonts()]
    return [char for char in missing if not any(ord(char) in covered for covered in fallbacks)]


def fallback_names() -> str:
    """Return the fallback font families, for messages."""
    return ", ".join(faces[0].family for faces in fallback_fonts()) or "none installed"


def fallback_files() -> list[Path]:
    """Return every fallback font file, the inputs of any output that may use them."""
    return sorted({face.path for faces in fallback_fonts() for face in faces})
