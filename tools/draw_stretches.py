"""Draw the three hip-flexor stretch illustrations as small, self-contained SVG files."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

Point = tuple[float, float]
Chain = list[tuple[Point, float]]  # joint centres, each with the limb's radius there

OUT_DIR = Path(__file__).resolve().parent.parent / "source" / "images"
WIDTH, HEIGHT = 480, 300
FLOOR_Y = 272.0

# Palette. ACCENT is a placeholder the build replaces with the clinic's brand colour.
ACCENT = "#ACCE57"
INK = "#3C3C3C"  # outlines, hatching, arrow edge
NEAR_FILL = "#D3D3D3"  # limbs and torso on the side facing the viewer
FAR_FILL = "#A4A4A4"  # limbs on the far side of the body
FLOOR = "#8C8C8C"
LINE = 2.0  # outline width used for every shape

# Body dimensions in px: an adult about 290 px tall, using standard anthropometric ratios.
# Lengths run joint to joint; radii give each segment its thickness at that joint.
S = 1.3  # overall figure scale
TORSO = 64 * S  # hip joint to the base of the neck
NECK = 25 * S  # base of the neck to the centre of the head
HEAD_R = 14.5 * S
THIGH, SHIN = 55 * S, 53 * S
UPPER_ARM, FOREARM, HAND = 41 * S, 33 * S, 15 * S
FOOT, TOES = 25 * S, 9 * S  # heel to ball of the foot, ball to the tip of the toes
BULK = 1.12  # extra girth for the thigh and torso, so the figure reads as a sturdy adult
R_HIP, R_KNEE, R_CALF, R_ANKLE = 12.5 * S * BULK, 8.4 * S, 8.5 * S, 5 * S
R_HEEL, R_BALL, R_TOE = 5.5 * S, 4.5 * S, 3.5 * S
R_SHOULDER, R_ELBOW, R_WRIST, R_FINGERS = 7 * S, 5.5 * S, 4.2 * S, 4 * S
R_NECK = 8 * S


@dataclass(frozen=True)
class Side:
    """Absolute segment directions in degrees for one side (0 = forward/right, 90 = up)."""

    thigh: float
    shin: float
    foot: float  # heel-to-ball direction, 0 when standing flat
    toes: float
    upper_arm: float
    forearm: float
    hand: float


@dataclass(frozen=True)
class Arrow:
    """A thick arrow from start to tip (px from the hip joint, y up), curving by `bend` degrees."""

    start: Point
    tip: Point
    bend: float = 0.0  # sweep of the arc; positive curves counter-clockwise


@dataclass(frozen=True)
class Pose:
    """One side-view figure facing right, standing on the floor line, with its cues."""

    slug: str
    title: str
    hip_x: float  # the figure is lowered until its lowest point rests on the floor
    torso: float  # hip-to-shoulder direction
    neck: float  # neck-to-head direction
    near: Side  # the side facing the viewer (drawn in front)
    far: Side
    highlight: Point  # highlight centre from the hip: (along the spine, toward the front)
    highlight_tilt: float  # rotation of the highlight ellipse, degrees
    arrow: Arrow


POSES = (
    Pose(
        slug="kneeling-hip-flexor-stretch",
        title="Kneeling hip flexor stretch: push your hips forward",
        hip_x=238.0,
        torso=90.0,
        neck=85.0,
        # Back leg: knee and shin on the floor, top of the foot flat behind, hip ahead of the knee.
        near=Side(thigh=-112.0, shin=183.7, foot=196.5, toes=192.0,
                  upper_arm=-58.0, forearm=-29.0, hand=-70.0),
        # Front leg: foot flat, shin vertical, knee bent about 90 degrees.
        far=Side(thigh=4.3, shin=-90.0, foot=0.0, toes=0.0,
                 upper_arm=-50.0, forearm=-36.0, hand=-75.0),
        highlight=(-5.0, 10.0),
        highlight_tilt=-70.0,
        arrow=Arrow(start=(-95.0, 0.0), tip=(-32.0, 0.0)),
    ),
    Pose(
        slug="lunging-hip-flexor-stretch",
        title="Lunging hip flexor stretch: lower your back knee",
        hip_x=240.0,
        torso=90.0,
        neck=85.0,
        # Back leg: knee bent and hovering a hand's width above the floor, up on the toes.
        near=Side(thigh=-120.6, shin=180.0, foot=-70.0, toes=0.0,
                  upper_arm=-139.0, forearm=-20.0, hand=-40.0),
        # Front leg: foot flat, shin vertical, knee over the ankle.
        far=Side(thigh=-11.6, shin=-90.0, foot=0.0, toes=0.0,
                 upper_arm=-134.0, forearm=-14.0, hand=-40.0),
        highlight=(-5.0, 9.0),
        highlight_tilt=-60.0,
        arrow=Arrow(start=(-2.0, -46.0), tip=(-2.0, -94.0)),
    ),
    Pose(
        slug="supine-hip-flexor-stretch",
        title="Supine hip flexor stretch: pull your knee toward your chest",
        hip_x=228.0,
        torso=183.4,
        neck=181.0,
        # Extended leg resting on the floor; both hands clasp the bent shin just below the knee.
        near=Side(thigh=-8.7, shin=0.0, foot=75.0, toes=75.0,
                  upper_arm=62.1, forearm=9.4, hand=33.0),
        # Bent leg: thigh drawn toward the chest, shin hanging forward over the hips.
        far=Side(thigh=115.0, shin=-27.0, foot=38.0, toes=30.0,
                 upper_arm=51.4, forearm=11.2, hand=33.0),
        highlight=(-8.0, 5.0),
        highlight_tilt=0.0,
        arrow=Arrow(start=(10.0, 98.0), tip=(-62.0, 82.0), bend=50.0),
    ),
)


def polar(origin: Point, length: float, angle: float) -> Point:
    """Return the point `length` px from `origin` in direction `angle` (degrees, y up)."""
    rad = math.radians(angle)
    return origin[0] + length * math.cos(rad), origin[1] - length * math.sin(rad)


def local(origin: Point, angle: float, along: float, side: float) -> Point:
    """Return a point `along` px in direction `angle` and `side` px to the right of that direction."""
    return polar(polar(origin, along, angle), side, angle - 90.0)


def fmt(value: float) -> str:
    """Format a coordinate rounded to one decimal, without a trailing `.0`."""
    text = f"{round(value, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def pt(p: Point) -> str:
    """Format a point as `x y`."""
    return f"{fmt(p[0])} {fmt(p[1])}"


def capsule(a: Point, ra: float, b: Point, rb: float) -> str:
    """Path data for the convex hull of two circles: a tapered, round-ended limb segment."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    dist = math.hypot(dx, dy)
    if dist <= abs(ra - rb) + 0.01:
        c, r = (a, ra) if ra >= rb else (b, rb)
        return circle_path(c, r)
    ux, uy = dx / dist, dy / dist
    nx, ny = -uy, ux
    s = (ra - rb) / dist
    k = math.sqrt(1.0 - s * s)
    m1 = (k * nx + s * ux, k * ny + s * uy)
    m2 = (-k * nx + s * ux, -k * ny + s * uy)
    p1 = (a[0] + ra * m1[0], a[1] + ra * m1[1])
    p2 = (b[0] + rb * m1[0], b[1] + rb * m1[1])
    p3 = (b[0] + rb * m2[0], b[1] + rb * m2[1])
    p4 = (a[0] + ra * m2[0], a[1] + ra * m2[1])
    large_b, large_a = int(s < 0), int(s > 0)
    return (f"M{pt(p1)}L{pt(p2)}A{fmt(rb)} {fmt(rb)} 0 {large_b} 0 {pt(p3)}"
            f"L{pt(p4)}A{fmt(ra)} {fmt(ra)} 0 {large_a} 0 {pt(p1)}Z")


def circle_path(c: Point, r: float) -> str:
    """Path data for a circle."""
    return (f"M{pt((c[0] - r, c[1]))}A{fmt(r)} {fmt(r)} 0 1 0 {pt((c[0] + r, c[1]))}"
            f"A{fmt(r)} {fmt(r)} 0 1 0 {pt((c[0] - r, c[1]))}Z")


def hull(chain: Chain) -> str:
    """Path data for a chain of joints: one capsule per segment, overlapping at the joints."""
    if len(chain) == 1:
        return circle_path(*chain[0])
    return "".join(capsule(a, ra, b, rb) for (a, ra), (b, rb) in zip(chain, chain[1:]))


def leg(hip: Point, side: Side) -> list[Chain]:
    """Thigh and shin (with a calf bulge), then heel, sole and toes."""
    knee = polar(hip, THIGH, side.thigh)
    ankle = polar(knee, SHIN, side.shin)
    calf = local(knee, side.shin, SHIN * 0.3, 1.8 * S)  # bulges behind the shin
    heel = local(ankle, side.foot, -3 * S, 5 * S)
    ball = local(heel, side.foot, FOOT, 1 * S)
    tip = local(ball, side.toes, TOES, 1 * S)
    return [
        [(hip, R_HIP), (knee, R_KNEE), (calf, R_CALF), (ankle, R_ANKLE)],
        [(ankle, R_ANKLE), (heel, R_HEEL), (ball, R_BALL), (tip, R_TOE)],
    ]


def arm(shoulder: Point, side: Side) -> list[Chain]:
    """Upper arm, forearm and hand."""
    elbow = polar(shoulder, UPPER_ARM, side.upper_arm)
    wrist = polar(elbow, FOREARM, side.forearm)
    fingers = polar(wrist, HAND, side.hand)
    return [[(shoulder, R_SHOULDER), (elbow, R_ELBOW), (wrist, R_WRIST), (fingers, R_FINGERS)]]


def trunk(pose: Pose, hip: Point) -> list[Chain]:
    """Pelvis and chest along the spine, then neck and head with a small nose."""
    t, n = pose.torso, pose.neck
    neck = polar(hip, TORSO, t)  # base of the neck, on the spine
    head = polar(neck, NECK, n)
    return [
        [
            (local(hip, t, -3 * S, -3 * S), 14 * S * BULK),  # seat, behind the hip joint
            (local(hip, t, 22 * S, 0), 13.5 * S * BULK),  # waist
            (local(hip, t, 44 * S, 2 * S), 16 * S * BULK),  # chest, a little forward
            (local(hip, t, 58 * S, 0), 13 * S * BULK),  # top of the shoulders
        ],
        [(neck, R_NECK), (head, R_NECK)],
        [(head, HEAD_R), (local(head, n, 5 * S, -1 * S), HEAD_R - S)],  # skull, slightly long
        [(local(head, n, 0, HEAD_R - 4 * S), 3 * S), (local(head, n, 0, HEAD_R + 1.5 * S), 2 * S)],
    ]


def figure(pose: Pose, hip: Point) -> dict[str, list[Chain]]:
    """All body parts of a pose with the hip joint at `hip`, grouped by drawing layer."""
    shoulder = local(hip, pose.torso, TORSO, 3 * S)  # a little forward of the spine
    return {
        "far_leg": leg(hip, pose.far),
        "far_arm": arm(shoulder, pose.far),
        "body": trunk(pose, hip) + leg(hip, pose.near),
        "near_arm": arm(shoulder, pose.near),
    }


def grounded_hip(pose: Pose) -> Point:
    """Hip joint position that rests the lowest point of the figure on the floor line."""
    parts = figure(pose, (pose.hip_x, 0.0))
    lowest = max(p[1] + r for chains in parts.values() for chain in chains for p, r in chain)
    return pose.hip_x, FLOOR_Y - LINE - 0.5 - lowest


def silhouette(chains: list[Chain], fill: str) -> str:
    """Outline the union of the shapes once, then fill it, so joints merge seamlessly."""
    d = "".join(hull(c) for c in chains)
    return (f'<path d="{d}" fill="{INK}" stroke="{INK}" stroke-width="{fmt(2 * LINE)}" '
            f'stroke-linejoin="round"/>\n<path d="{d}" fill="{fill}"/>\n')


def highlight(pose: Pose, hip: Point) -> str:
    """Accent ellipse over the stretched hip, with dark hatching and a dashed edge for greyscale."""
    cx, cy = local(hip, pose.torso, pose.highlight[0] * S, pose.highlight[1] * S)
    rx, ry, tilt = 15 * S, 10.5 * S, pose.highlight_tilt
    ux, uy = math.cos(math.radians(tilt)), -math.sin(math.radians(tilt))  # major axis on screen
    hatch = []
    for step in range(-4, 5):  # 45-degree chords u - v = c across the ellipse, in its own frame
        c = step * 4.5 * S
        a, b, k = 1 / rx**2 + 1 / ry**2, -2 * c / ry**2, c * c / ry**2 - 1
        disc = b * b - 4 * a * k
        if disc <= 0:
            continue
        ends = []
        for u in ((-b - math.sqrt(disc)) / (2 * a), (-b + math.sqrt(disc)) / (2 * a)):
            v = u - c
            ends.append((cx + u * ux - v * uy, cy + u * uy + v * ux))
        hatch.append(f"M{pt(ends[0])}L{pt(ends[1])}")
    ellipse = (f'cx="{fmt(cx)}" cy="{fmt(cy)}" rx="{fmt(rx)}" ry="{fmt(ry)}" '
               f'transform="rotate({fmt(-tilt)} {fmt(cx)} {fmt(cy)})"')
    return (f'<ellipse {ellipse} fill="{ACCENT}" fill-opacity="0.65"/>\n'
            f'<path d="{"".join(hatch)}" stroke="{INK}" stroke-width="1.2"/>\n'
            f'<ellipse {ellipse} fill="none" stroke="{INK}" stroke-width="{fmt(LINE)}" '
            f'stroke-dasharray="5 3"/>\n')


def arc(start: Point, end: Point, bend: float) -> list[Point]:
    """Points along a circular arc from start to end sweeping `bend` degrees (a line if 0)."""
    if bend == 0:
        return [start, end]
    sweep = math.radians(bend)
    chord = math.hypot(end[0] - start[0], end[1] - start[1])
    radius = chord / (2 * math.sin(sweep / 2))  # negative for a clockwise sweep
    nx, ny = (start[1] - end[1]) / chord, (end[0] - start[0]) / chord  # unit normal of the chord
    offset = radius * math.cos(sweep / 2)
    cx, cy = (start[0] + end[0]) / 2 - nx * offset, (start[1] + end[1]) / 2 - ny * offset
    a0 = math.atan2(start[1] - cy, start[0] - cx)
    steps = max(2, round(abs(bend) / 6))
    angles = [a0 - sweep * i / steps for i in range(steps + 1)]
    return [(cx + abs(radius) * math.cos(a), cy + abs(radius) * math.sin(a)) for a in angles]


def arrow(spec: Arrow, hip: Point) -> str:
    """A thick accent arrow with a dark edge, drawn as a single polygon (no markers)."""
    half, head_len, head_half = 5.0, 20.0, 13.0
    tip = (hip[0] + spec.tip[0], hip[1] - spec.tip[1])
    line = arc((hip[0] + spec.start[0], hip[1] - spec.start[1]), tip, spec.bend)
    # End the shaft where the head begins, then offset the centre line to both sides.
    while len(line) > 2 and math.hypot(tip[0] - line[-2][0], tip[1] - line[-2][1]) < head_len:
        line.pop(-2)
    ang = math.atan2(tip[1] - line[-2][1], tip[0] - line[-2][0])
    line[-1] = base = (tip[0] - head_len * math.cos(ang), tip[1] - head_len * math.sin(ang))
    left, right = [], []
    for i, (x, y) in enumerate(line):
        q0, q1 = line[max(i - 1, 0)], line[min(i + 1, len(line) - 1)]
        a = math.atan2(q1[1] - q0[1], q1[0] - q0[0])
        left.append((x - half * math.sin(a), y + half * math.cos(a)))
        right.append((x + half * math.sin(a), y - half * math.cos(a)))
    nx, ny = -math.sin(ang), math.cos(ang)
    head = [(base[0] + head_half * nx, base[1] + head_half * ny), tip,
            (base[0] - head_half * nx, base[1] - head_half * ny)]
    points = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in [*left, *head, *reversed(right)])
    return (f'<polygon points="{points}" fill="{ACCENT}" stroke="{INK}" '
            f'stroke-width="{fmt(LINE)}" stroke-linejoin="round"/>\n')


def render(pose: Pose) -> str:
    """Return the complete SVG document for one pose."""
    hip = grounded_hip(pose)
    parts = figure(pose, hip)
    return "".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img">\n',
        f"<title>{pose.title}</title>\n",
        f'<path d="M20 {fmt(FLOOR_Y)}H{WIDTH - 20}" stroke="{FLOOR}" stroke-width="3" '
        f'stroke-linecap="round"/>\n',
        silhouette(parts["far_leg"], FAR_FILL),
        silhouette(parts["far_arm"], FAR_FILL),
        silhouette(parts["body"], NEAR_FILL),
        highlight(pose, hip),
        silhouette(parts["near_arm"], NEAR_FILL),
        arrow(pose.arrow, hip),
        "</svg>\n",
    ])


def main() -> None:
    """Write every illustration into source/images/."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for pose in POSES:
        path = OUT_DIR / f"{pose.slug}.svg"
        path.write_text(render(pose), encoding="utf-8", newline="\n")
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
