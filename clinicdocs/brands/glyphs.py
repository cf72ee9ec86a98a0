"""Refuse text that neither the brand font nor a pinned fallback can draw: it would print as empty boxes or in a system font."""

from __future__ import annotations

from collections.abc import Iterator

from .schema import Brand
from ..errors import ConfigError, RenderError
from .fonts import fallback_names, undrawable_characters
from ..model import Document


def check_glyphs(document: Document, brand: Brand) -> None:
    """Stop at the first document or brand text with characters neither the brand's regular face nor a fallback has."""
    face = brand.fonts[0]
    for line, text in visible_texts(document):
        if missing := undrawable_characters(text, face):
            raise RenderError(problem(missing, face.family, brand), document.path, line)
    clinic = " ".join([brand.name, *brand.address, brand.location, brand.phone, brand.email, brand.copyright])
    if missing := undrawable_characters(clinic, face):
        raise ConfigError(problem(missing, face.family, brand), brand.folder / "brand.toml")


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
