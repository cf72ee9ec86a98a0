"""Find text that neither the brand font nor a pinned fallback can draw: it prints as the font's empty box, an emoji as its name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .schema import Brand
from ..errors import ConfigError, SourceError
from .fallbacks import fallback_faces, fallback_names, undrawable_characters
from .fonts import FontFace
from ..model import Document


def check_glyphs(document: Document, brand: Brand) -> list[SourceError]:
    """Return one warning naming every document character no font draws, with its lines; refuse brand text no font draws."""
    face = brand.fonts[0]
    clinic = " ".join([brand.name, *brand.address, brand.location, brand.phone, brand.email, brand.copyright])
    if missing := undrawable_characters(clinic, face):
        raise ConfigError(problem(missing, face.family, brand), brand.folder / "brand.toml")
    text = "\n".join(text for _, text in visible_texts(document))
    missing = undrawable_characters(text, face)
    if not missing:
        return []
    where = source_lines(document, missing)
    first = min((lines[0] for lines in where.values() if lines), default=1)
    spelled = [char for char in missing if is_emoji(char)]
    listed = "; ".join(f"{describe(char)} on line{'s' if len(where[char]) > 1 else ''} {', '.join(map(str, where[char]))}"
                       if where[char] else describe(char) for char in missing)
    message = (f"{len(missing)} character{'s' if len(missing) > 1 else ''} no font can draw (brand font {face.family}, "
               f"fallbacks {fallback_names()}) will print as empty boxes{', emoji as their names in brackets' if spelled else ''}: "
               f"{listed}; write them differently, or give the "
               "brand a font that covers them: put its TTF/OTF files in the brand folder and set file = \"...\" under [font] in brand.toml")
    return [SourceError(message, document.path, first)]


EMOJI_BLOCKS = re.compile("[\u2600-\u27bf\U0001f000-\U0001ffff]")


def is_emoji(char: str) -> bool:
    """Tell whether a character is a pictograph a reader would call an emoji (a symbol outside the BMP, or a dingbat)."""
    return unicodedata.category(char) == "So" and (ord(char) >= 0x1F000 or 0x2600 <= ord(char) <= 0x27BF)


def spell_out_emoji(text: str, face: FontFace) -> str:
    """Return text whose emoji no font can draw are written as their Unicode name in brackets: [MELTING FACE]."""
    if not EMOJI_BLOCKS.search(text):  # the usual case, found without a character loop in Python
        return text
    missing = [char for char in undrawable_characters(text, face) if is_emoji(char)]
    for char in missing:
        text = text.replace(char, f"[{unicodedata.name(char, f'U+{ord(char):04X}')}]")
    return text


def describe(char: str) -> str:
    """Return a character as the warning names it: 'ሀ' (U+1200 ETHIOPIC SYLLABLE HA)."""
    name = unicodedata.name(char, "")
    return f"'{char}' (U+{ord(char):04X}{' ' + name if name else ''})"


def source_lines(document: Document, characters: list[str]) -> dict[str, list[int]]:
    """Return the source lines each character appears on (none when it comes from elsewhere, a catalog say)."""
    try:
        lines = document.path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    return {char: [number for number, line in enumerate(lines, start=1) if char in line] for char in characters}


def fallback_inputs(document: Document, brand: Brand) -> list[Path]:
    """Return the fallback font files a document's text needs under a brand: the inputs of its outputs besides the
    brand's fonts (an English handout needs none, and a cold build never hashes the CJK collections for it)."""
    text = "\n".join(text for _, text in visible_texts(document))
    leading, following = fallback_faces(text, brand.fonts[0], document.metadata.language)
    return sorted({face.path for face in (*leading, *following)})


def problem(missing: list[str], family: str, brand: Brand) -> str:
    """Return the message naming the characters a font cannot draw."""
    shown = " ".join(f"'{char}' (U+{ord(char):04X})" for char in missing[:5]) + (" ..." if len(missing) > 5 else "")
    return (f"the font {family} of brand '{brand.id}' has no glyphs for {shown}, nor has any fallback font ({fallback_names()}); "
            "write them differently, or give the brand a font that covers them: put its TTF/OTF files in the brand folder "
            "and set file = \"...\" (and bold_file) under [font] in brand.toml")


def visible_texts(document: Document) -> Iterator[tuple[int, str]]:
    """Yield (line, text) for everything of the document that gets printed."""
    yield 1, document.metadata.title
    for section in document.sections:
        yield section.line, section.title
        for block in section.blocks:
            yield block.line, block.text
            for stretch in block.stretches:
                yield stretch.line, " ".join([stretch.name, *stretch.steps, stretch.hold])
            for item in block.items:
                yield item.line, item.text
            images = [block.image] if block.image else []
            images += [s.illustration for s in block.stretches if s.illustration]
            for image in images:
                yield image.line, image.caption
    yield 1, document.card_note
