"""Outline text in a font as SVG paths (fontTools pens), so a logo displays without the font installed."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

Box = tuple[float, float, float, float]


def num(value: float, places: int = 1) -> str:
    """Format a coordinate rounded to `places` decimals, without trailing zeros."""
    text = f"{round(value, places) + 0.0:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Face:
    """A TrueType/OpenType font that can lay out one line of text as an SVG path."""

    path: Path

    @cached_property
    def font(self) -> Any:
        """Return the parsed font file."""
        from fontTools.ttLib import TTFont

        return TTFont(self.path)

    @cached_property
    def cmap(self) -> dict[int, str]:
        """Return the font's best Unicode map: code point to glyph name."""
        return self.font.getBestCmap() or {}

    @cached_property
    def kern_subtables(self) -> list:
        """Return the GPOS pair-adjustment subtables used by the "kern" feature."""
        if "GPOS" not in self.font:
            return []
        gpos = self.font["GPOS"].table
        indices = sorted({index for record in gpos.FeatureList.FeatureRecord if record.FeatureTag == "kern"
                          for index in record.Feature.LookupListIndex})
        subtables = []
        for index in indices:
            for sub in gpos.LookupList.Lookup[index].SubTable:
                sub = getattr(sub, "ExtSubTable", sub)
                if sub.LookupType == 2:
                    subtables.append(sub)
        return subtables

    def kern(self, left: str, right: str) -> int:
        """Return the horizontal kerning in font units between two glyph names (0 if none)."""
        for sub in self.kern_subtables:
            glyphs = sub.Coverage.glyphs
            if left not in glyphs:
                continue
            if sub.Format == 1:
                for pair in sub.PairSet[glyphs.index(left)].PairValueRecord:
                    if pair.SecondGlyph == right:
                        return getattr(pair.Value1, "XAdvance", 0) or 0
                continue
            value = sub.Class1Record[sub.ClassDef1.classDefs.get(left, 0)].Class2Record[sub.ClassDef2.classDefs.get(right, 0)].Value1
            return (getattr(value, "XAdvance", 0) or 0) if value else 0
        return 0

    def cap_height(self, size: float) -> float:
        """Return the height of capital letters set at `size` units."""
        return float(getattr(self.font["OS/2"], "sCapHeight", 0) or 0.7 * self.font["head"].unitsPerEm) * size / self.font["head"].unitsPerEm

    def line(self, text: str, x: float, baseline: float, size: float) -> tuple[str, Box, float]:
        """Outline `text` at `size` units with its baseline at (x, baseline); return path data, bounds and advance."""
        from fontTools.pens.boundsPen import BoundsPen
        from fontTools.pens.svgPathPen import SVGPathPen
        from fontTools.pens.transformPen import TransformPen

        glyphs = self.font.getGlyphSet()
        scale = size / self.font["head"].unitsPerEm
        pen, bounds = SVGPathPen(glyphs, ntos=num), BoundsPen(glyphs)
        names = [self.cmap.get(ord(char), ".notdef") for char in text]
        cursor = 0.0
        for index, name in enumerate(names):
            matrix = (scale, 0, 0, -scale, x + cursor * scale, baseline)
            glyphs[name].draw(TransformPen(pen, matrix))
            glyphs[name].draw(TransformPen(bounds, matrix))
            cursor += self.font["hmtx"][name][0] + (self.kern(name, names[index + 1]) if index + 1 < len(names) else 0)
        box = bounds.bounds or (x, baseline, x, baseline)
        return pen.getCommands(), box, cursor * scale


@dataclass
class Logo:
    """An SVG document assembled from shapes, tracking the union of their bounds."""

    title: str
    elements: list[str] = field(default_factory=list)
    box: Box | None = None

    def grow(self, box: Box) -> None:
        """Extend the logo's bounds to cover `box`."""
        old = self.box or box
        self.box = (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3]))

    def text(self, faces: list[Face], text: str, x: float, baseline: float, size: float, fill: str) -> float:
        """Add an outlined line of text, each character from the first face that has it; return the x where it ends."""
        for face, run in runs(faces, text):
            data, box, advance = face.line(run, x, baseline, size)
            if data:
                self.path(data, box, fill=fill)
            x += advance
        return x

    def path(self, data: str, box: Box, **attrs: str) -> None:
        """Add a path with presentation attributes (underscores become hyphens)."""
        extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attrs.items())
        self.elements.append(f'<path d="{data}"{extra}/>')
        self.grow(box)

    def circle(self, cx: float, cy: float, r: float, fill: str) -> None:
        """Add a filled circle."""
        self.elements.append(f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" fill="{fill}"/>')
        self.grow((cx - r, cy - r, cx + r, cy + r))

    def rect(self, x: float, y: float, w: float, h: float, rx: float, fill: str) -> None:
        """Add a filled, rounded rectangle."""
        self.elements.append(f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="{num(rx)}" fill="{fill}"/>')
        self.grow((x, y, x + w, y + h))

    def svg(self, pad: float = 2.0) -> str:
        """Serialise the logo with a tight viewBox around everything drawn."""
        x0, y0, x1, y1 = self.box or (0.0, 0.0, 1.0, 1.0)
        view = " ".join(num(v) for v in (x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad))
        body = "\n".join(f"  {element}" for element in self.elements)
        title = html.escape(self.title)
        return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}" role="img" aria-label="{title}">\n  <title>{title}</title>\n{body}\n</svg>\n'


def runs(faces: list[Face], text: str) -> list[tuple[Face, str]]:
    """Split `text` into runs that one face draws: each character's first face that has it (else the first face)."""
    found: list[tuple[Face, str]] = []
    for char in text:
        face = next((f for f in faces if ord(char) in f.cmap), faces[0])
        if found and found[-1][0] is face:
            found[-1] = (face, found[-1][1] + char)
        else:
            found.append((face, char))
    return found


def split_name(name: str, longest: int = 22) -> list[str]:
    """Return the name on one line, or on two lines broken at the space nearest its middle when longer than `longest`."""
    words = name.split()
    if len(name) <= longest or len(words) < 2:
        return [name]
    cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return [" ".join(words[:cut]), " ".join(words[cut:])]


def text_wordmark(name: str, faces: list[Face], color: str) -> str:
    """Return an SVG wordmark: the clinic's name outlined in its font and colour, on one or two lines."""
    logo = Logo(name)
    size, leading = 100.0, 118.0
    baseline = faces[0].cap_height(size)  # line one's capitals start at y = 0
    for number, line in enumerate(split_name(name)):
        logo.text(faces, line, 0.0, baseline + number * leading, size, color)
    return logo.svg()
