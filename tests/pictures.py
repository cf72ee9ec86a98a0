"""Pictures drawn for the test documents, so the tests need no binary files in the repository."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw


def neck_tilt_png() -> bytes:
    """Return a PNG of a seated figure tilting its head to its right shoulder, in the accent placeholder colour."""
    image = Image.new("RGB", (480, 360), "white")
    draw = ImageDraw.Draw(image)
    ink, accent = (31, 41, 51), (0xAC, 0xCE, 0x57)
    draw.ellipse((196, 48, 268, 120), outline=ink, width=8)           # the head, tilted to the figure's right
    draw.line((240, 128, 240, 230), fill=ink, width=10)              # spine
    draw.line((170, 150, 310, 150), fill=ink, width=10)              # shoulders
    draw.line((240, 230, 320, 232, 322, 320), fill=ink, width=10)    # thigh and shin on a chair
    draw.line((150, 232, 330, 232), fill=(150, 150, 150), width=6)  # the seat
    draw.arc((250, 20, 330, 100), 200, 320, fill=accent, width=8)   # the direction of the tilt
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
