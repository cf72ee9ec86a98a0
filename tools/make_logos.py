"""Regenerate the clinic logo SVGs as outlined wordmarks (no fonts needed to display them)."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import fontpkg
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

BRANDS = Path(__file__).resolve().parents[1] / "layouts" / "brands"

Box = tuple[float, float, float, float]


def num(value: float, places: int = 1) -> str:
    """Format a coordinate rounded to `places` decimals, without trailing zeros."""
    text = f"{round(value, places) + 0.0:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Face:
    """A TrueType font that can lay out one line of text as an SVG path."""

    family: str
    weight: int = 700

    @cached_property
    def font(self) -> TTFont:
        """The parsed font file, found through fontpkg."""
        return TTFont(fontpkg.path(self.family, weight=self.weight))

    @cached_property
    def kern_subtables(self) -> list:
        """GPOS pair-adjustment subtables used by the "kern" feature."""
        if "GPOS" not in self.font:
            return []
        gpos = self.font["GPOS"].table
        indices = sorted({
            index
            for record in gpos.FeatureList.FeatureRecord
            if record.FeatureTag == "kern"
            for index in record.Feature.LookupListIndex
        })
        subtables = []
        for index in indices:
            for sub in gpos.LookupList.Lookup[index].SubTable:
                sub = getattr(sub, "ExtSubTable", sub)
                if sub.LookupType == 2:
                    subtables.append(sub)
        return subtables

    def kern(self, left: str, right: str) -> int:
        """Horizontal kerning in font units between two glyph names (0 if none)."""
        for sub in self.kern_subtables:
            glyphs = sub.Coverage.glyphs
            if left not in glyphs:
                continue
            if sub.Format == 1:
                for pair in sub.PairSet[glyphs.index(left)].PairValueRecord:
                    if pair.SecondGlyph == right:
                        return getattr(pair.Value1, "XAdvance", 0) or 0
                continue
            first = sub.ClassDef1.classDefs.get(left, 0)
            second = sub.ClassDef2.classDefs.get(right, 0)
            value = sub.Class1Record[first].Class2Record[second].Value1
            return (getattr(value, "XAdvance", 0) or 0) if value else 0
        return 0

    def cap_height(self, size: float) -> float:
        """Height of capital letters when set at `size` units."""
        return self.font["OS/2"].sCapHeight * size / self.font["head"].unitsPerEm

    def line(self, text: str, x: float, baseline: float, size: float) -> tuple[str, Box]:
        """Outline `text` at `size` units with its baseline at (x, baseline); return path data and bounds."""
        cmap = self.font.getBestCmap()
        glyphs = self.font.getGlyphSet()
        scale = size / self.font["head"].unitsPerEm
        pen = SVGPathPen(glyphs, ntos=num)
        bounds = BoundsPen(glyphs)
        names = [cmap[ord(char)] for char in text]
        cursor = 0.0
        for index, name in enumerate(names):
            matrix = (scale, 0, 0, -scale, x + cursor * scale, baseline)
            glyphs[name].draw(TransformPen(pen, matrix))
            glyphs[name].draw(TransformPen(bounds, matrix))
            cursor += self.font["hmtx"][name][0]
            if index + 1 < len(names):
                cursor += self.kern(name, names[index + 1])
        return pen.getCommands(), bounds.bounds

    def advance(self, text: str, size: float) -> float:
        """Advance width of `text` in units, kerning included."""
        cmap = self.font.getBestCmap()
        names = [cmap[ord(char)] for char in text]
        total = sum(self.font["hmtx"][name][0] for name in names)
        total += sum(self.kern(a, b) for a, b in zip(names, names[1:]))
        return total * size / self.font["head"].unitsPerEm


@dataclass
class Logo:
    """An SVG document assembled from shapes, tracking the union of their bounds."""

    title: str
    elements: list[str] = field(default_factory=list)
    box: Box | None = None

    def grow(self, box: Box) -> None:
        """Extend the logo bounds to cover `box`."""
        if self.box is None:
            self.box = box
        else:
            x0, y0, x1, y1 = self.box
            self.box = (min(x0, box[0]), min(y0, box[1]), max(x1, box[2]), max(y1, box[3]))

    def text(self, face: Face, text: str, x: float, baseline: float, size: float,
             fill: str) -> float:
        """Add an outlined line of text and return the x where it ends."""
        data, box = face.line(text, x, baseline, size)
        self.path(data, box, fill=fill)
        return x + face.advance(text, size)

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
        self.elements.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
            f'rx="{num(rx)}" fill="{fill}"/>'
        )
        self.grow((x, y, x + w, y + h))

    def svg(self, pad: float = 2.0) -> str:
        """Serialise the logo with a tight viewBox around everything drawn."""
        assert self.box is not None
        x0, y0, x1, y1 = self.box
        view = " ".join(num(v) for v in (x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad))
        body = "\n".join(f"  {element}" for element in self.elements)
        title = html.escape(self.title)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}" role="img" '
            f'aria-label="{title}">\n  <title>{title}</title>\n{body}\n</svg>\n'
        )


def leaf(cx: float, cy: float, length: float, width: float, angle: float) -> tuple[str, Box]:
    """A pointed leaf centred on (cx, cy), rotated `angle` degrees from vertical, as path data."""
    a = math.radians(angle)

    def at(u: float, v: float) -> tuple[float, float]:
        return cx + u * math.cos(a) + v * math.sin(a), cy + u * math.sin(a) - v * math.cos(a)

    half, bulge = length / 2, width * 0.66
    points = [at(0, -half), at(bulge, -half * 0.45), at(bulge, half * 0.35), at(0, half),
              at(-bulge, half * 0.35), at(-bulge, -half * 0.45), at(0, -half)]
    p = [f"{num(x)} {num(y)}" for x, y in points]
    data = f"M{p[0]}C{p[1]} {p[2]} {p[3]}C{p[4]} {p[5]} {p[6]}Z"
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return data, (min(xs), min(ys), max(xs), max(ys))


def shield(x: float, y: float, w: float, h: float) -> str:
    """Path data for a heater shield with a flat, round-cornered top."""
    def p(u: float, v: float) -> str:
        return f"{num(x + u * w)} {num(y + v * h)}"

    return (f"M{p(0, 0.08)}Q{p(0, 0)} {p(0.1, 0)}H{num(x + 0.9 * w)}Q{p(1, 0)} {p(1, 0.08)}"
            f"V{num(y + 0.5 * h)}C{p(1, 0.76)} {p(0.74, 0.9)} {p(0.5, 1)}"
            f"C{p(0.26, 0.9)} {p(0, 0.76)} {p(0, 0.5)}Z")


def injury_prevention_guru() -> str:
    """Blue shield holding a white, gently curved spine with one red lumbar vertebra."""
    blue, red, white = "#0B5394", "#B03A2E", "#FFFFFF"
    face = Face("atkinson-hyperlegible")
    logo = Logo("Injury Prevention Guru")
    first = face.cap_height(100)  # line one's capitals start at y = 0
    second = first + 112
    h = second
    w = h * 0.8
    logo.path(shield(0, 0, w, h), (0, 0, w, h), fill=blue)
    count, top, step, gap = 6, 0.14 * h, 0.68 * h / 6, 0.028 * h
    for i in range(count):
        t = i / (count - 1)
        width, height = w * (0.24 + 0.2 * t), step - gap
        x = w * (0.5 + 0.05 * math.sin(2 * math.pi * t)) - width / 2
        y = top + i * step
        logo.rect(x, y, width, height, height * 0.35, white)
        if i == count - 2:  # the lower back, outlined in white so it survives greyscale
            inset = 2.5
            logo.rect(x + inset, y + inset, width - 2 * inset, height - 2 * inset,
                      (height - 2 * inset) * 0.35, red)
    logo.text(face, "Injury Prevention", w + 34, first, 100, blue)
    logo.text(face, "Guru", w + 34, second, 100, blue)
    return logo.svg()


def bjork_sondergaard() -> str:
    """Teal disc holding a white birch leaf, beside the two-line name."""
    teal, amber, ink, white = "#1D6B57", "#8A4B08", "#222222", "#FFFFFF"
    face = Face("lato")
    logo = Logo("Bjørk & Søndergaard Fysioterapi")
    first = face.cap_height(100)  # line one's capitals start at y = 0
    second = first + 116
    r = (second + 21) / 2  # the disc reaches down to the descenders of "Fysioterapi"
    logo.circle(r, r, r, teal)
    angle = math.radians(40)

    def along(t: float) -> tuple[float, float]:
        """A point on the leaf's axis, `t` radii from the disc centre."""
        return r + t * r * math.sin(angle), r - t * r * math.cos(angle)

    (sx, sy), (bx, by), (tx, ty) = along(-0.76), along(-0.46), along(0.7)
    (ux, uy), (vx, vy) = along(-0.3), along(0.46)  # midrib ends, inside the blade
    data, box = leaf((bx + tx) / 2, (by + ty) / 2, 1.16 * r, 0.56 * r, 40)
    logo.path(data, box, fill=white)
    logo.path(f"M{num(sx)} {num(sy)}L{num(bx)} {num(by)}", box,
              stroke=white, stroke_width=num(0.08 * r), stroke_linecap="round")
    logo.path(f"M{num(ux)} {num(uy)}L{num(vx)} {num(vy)}", box,
              stroke=teal, stroke_width=num(0.05 * r), stroke_linecap="round")
    x = 2 * r + 34
    end = logo.text(face, "Bjørk ", x, first, 100, teal)
    end = logo.text(face, "&", end, first, 100, amber)
    logo.text(face, " Søndergaard", end, first, 100, teal)
    logo.text(face, "Fysioterapi", x, second, 100, ink)
    return logo.svg()


def main() -> None:
    """Write both logo files into their brand folders."""
    for slug, build in (("injury-prevention-guru", injury_prevention_guru),
                        ("bjork-sondergaard-physio", bjork_sondergaard)):
        target = BRANDS / slug / "logo.svg"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(build(), encoding="utf-8")
        print(f"{target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
