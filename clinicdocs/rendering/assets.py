"""The bytes of every image an output embeds, in the brand's colours."""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..brands.schema import Brand
from ..model import Document, Programme
from ..reading.policy import read_picture

# Source illustrations paint their highlight and arrows in this colour; each brand's accent replaces it.
ACCENT_PLACEHOLDER = re.compile(rb"#ACCE57", re.IGNORECASE)


def document_images(document: Document, brand: Brand) -> dict[str, bytes]:
    """Return {output name: bytes} for every image of the document, recoloured for the brand."""
    return {image.name: recolour(read_picture(image.path), image.name, brand) for image in document.images}


def recolour(data: bytes, name: str, brand: Brand) -> bytes:
    """Replace the accent placeholder colour in an SVG by the brand's accent."""
    if not name.lower().endswith(".svg"):
        return data
    return ACCENT_PLACEHOLDER.sub(brand.colors.accent.encode("ascii"), data)


CALLOUT_KINDS = ("note", "tip", "warning", "danger")


def callout_icons(layouts: Path) -> dict[str, str]:
    """Return {callout kind: file URL of its icon in layouts/icons/}."""
    return {kind: (layouts / "icons" / f"{kind}.svg").resolve().as_uri() for kind in CALLOUT_KINDS}


def callout_images(document: Document, layouts: Path) -> dict[str, bytes]:
    """Return {output name: bytes} of the icon of each kind of callout the document uses."""
    kinds = sorted({block.callout for section in document.sections for block in section.blocks if block.kind == "callout"})
    return {f"clinic/callout-{kind}.svg": (layouts / "icons" / f"{kind}.svg").read_bytes() for kind in kinds}


def logo_name(brand: Brand) -> str:
    """Return the output name of the brand's logo."""
    return f"clinic/logo{brand.logo.suffix.lower()}"


def qr_name(brand: Brand) -> str:
    """Return the output name of the brand's ebook QR code."""
    return "clinic/ebook-qr.svg"


def qr_svg(url: str, color: str) -> bytes:
    """Return a vector QR code for `url`, drawn in `color` on a transparent ground."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, dark=color, xmldecl=False, svgclass=None, lineclass=None)
    return buffer.getvalue()


def handout_images(document: Document, brand: Brand, programme: Programme | None = None) -> dict[str, bytes]:
    """Return every image a handout embeds: the document's, the logo and the QR code (a programme's: one per handout)."""
    images = document_images(document, brand)
    images[logo_name(brand)] = read_picture(brand.logo)
    if brand.ebook_url and programme is None:
        images[qr_name(brand)] = qr_svg(brand.ebook_url_for(document.slug), "#000000")
    for _, slug in programme.handouts if programme and brand.ebook_url else ():
        images[handout_qr_name(slug)] = qr_svg(brand.ebook_url_for(slug), "#000000")
    return images


def handout_qr_name(slug: str) -> str:
    """Return the output name of the QR code to one handout on the shelf (a programme prints one per handout)."""
    return f"clinic/qr-{slug}.svg"


SVG_START = re.compile(rb"<svg\b[^>]*>")
SVG_TITLE = re.compile(rb"\s*<title\b[^>]*>.*?</title>", re.DOTALL)
VIEW_BOX = re.compile(rb'viewBox="\s*([-\d.eE]+)[\s,]+([-\d.eE]+)[\s,]+([-\d.eE]+)[\s,]+([-\d.eE]+)\s*"')
PLATE = "#FFFFFF"


def on_plate(data: bytes, name: str, margin: float = 0.0) -> bytes:
    """Return an SVG or PNG drawn on a white plate `margin` (a fraction of its height) wider on each side.

    Readers' dark and night modes put the page on black: dark outlines and logos drawn for paper vanish
    there, and a reader that overrides CSS backgrounds would drop a plate made in the stylesheet.
    Other formats (photos) are returned as they are.
    """
    suffix = name.lower().rsplit(".", 1)[-1]
    if suffix == "svg":
        return svg_on_plate(data, margin)
    if suffix == "png":
        return png_on_plate(data, margin)
    return data


def svg_on_plate(data: bytes, margin: float) -> bytes:
    """Put a white rectangle behind an SVG's drawing, after its title, widening its viewBox by `margin`."""
    start, box = SVG_START.search(data), VIEW_BOX.search(data)
    if start is None or box is None:
        return data
    x, y, width, height = (float(value) for value in box.groups())
    pad = height * margin
    x, y, width, height = x - pad, y - pad, width + 2 * pad, height + 2 * pad
    tag = VIEW_BOX.sub(f'viewBox="{x:g} {y:g} {width:g} {height:g}"'.encode(), start.group(), count=1)
    if margin:
        tag = re.sub(rb'\s(width|height)="[^"]*"', b"", tag)  # the widened viewBox gives the proportions
    rect = f'<rect x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" rx="{pad:g}" fill="{PLATE}"/>'.encode()
    title = SVG_TITLE.match(data, start.end())
    at = title.end() if title else start.end()
    return data[: start.start()] + tag + data[start.end() : at] + rect + data[at:]


def png_on_plate(data: bytes, margin: float) -> bytes:
    """Composite a PNG onto a white plate with `margin` of its height around it."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGBA")
    pad = round(image.height * margin)
    plate = Image.new("RGBA", (image.width + 2 * pad, image.height + 2 * pad), PLATE)
    plate.alpha_composite(image, (pad, pad))
    buffer = io.BytesIO()
    plate.convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
