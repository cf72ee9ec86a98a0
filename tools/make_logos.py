"""Regenerate the clinic logo SVGs as outlined wordmarks (no fonts needed to display them)."""

from __future__ import annotations

import math
from pathlib import Path

import fontpkg

from clinicdocs.brands.wordmark import Box, Face, Logo, num

BRANDS = Path(__file__).resolve().parents[1] / "layouts" / "brands"


def face(family: str) -> list[Face]:
    """Return the bold face of an installed fontpkg family, found through fontpkg."""
    return [Face(Path(fontpkg.path(family, weight=700)))]


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
    faces = face("atkinson-hyperlegible")
    logo = Logo("Injury Prevention Guru")
    first = faces[0].cap_height(100)  # line one's capitals start at y = 0
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
    logo.text(faces, "Injury Prevention", w + 34, first, 100, blue)
    logo.text(faces, "Guru", w + 34, second, 100, blue)
    return logo.svg()


def bjork_sondergaard() -> str:
    """Teal disc holding a white birch leaf, beside the two-line name."""
    teal, amber, ink, white = "#1D6B57", "#8A4B08", "#222222", "#FFFFFF"
    faces = face("lato")
    logo = Logo("Bjørk & Søndergaard Fysioterapi")
    first = faces[0].cap_height(100)  # line one's capitals start at y = 0
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
    end = logo.text(faces, "Bjørk ", x, first, 100, teal)
    end = logo.text(faces, "&", end, first, 100, amber)
    logo.text(faces, " Søndergaard", end, first, 100, teal)
    logo.text(faces, "Fysioterapi", x, second, 100, ink)
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
