"""A truncated or damaged picture is refused with its line, by check and by build."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from clinicdocs.cli import main
from clinicdocs.reading.policy import raster_problem

DOCUMENT = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n## Part\n\nText.\n\n![A photo](images/p.{})\n"


def photo(kind: str) -> bytes:
    """Return a 200 x 150 picture with detail in it (so that half of it is half the pixels)."""
    image = Image.effect_noise((200, 150), 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=kind)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_a_picture_cut_short_is_refused_and_the_whole_one_passes(tmp_path, kind):
    import weasyprint  # noqa: F401  (it makes Pillow accept truncated files for the whole process)

    data, path = photo(kind), tmp_path / f"p.{kind.lower()}"
    path.write_bytes(data)
    assert raster_problem(path) == ""
    path.write_bytes(data[: len(data) // 2])
    assert "is not a readable image" in raster_problem(path)
    path.write_bytes(data[:-4] if kind == "JPEG" else data[:-12])  # only the last bytes missing
    assert raster_problem(path) != "" or kind == "JPEG"  # a JPEG missing only its end marker still decodes every pixel


def test_check_and_build_refuse_a_truncated_jpeg_with_its_line(make_project, in_project, capsys):
    data = photo("JPEG")
    root = in_project(make_project({"source/doc.md": DOCUMENT.format("jpg"), "source/images/p.jpg": data[: len(data) // 2]}))
    assert main(["check"]) == 1
    assert "source/doc.md:13: error: image 'images/p.jpg' is not a readable image" in "".join(capsys.readouterr())
    assert main(["--only", "guide,epub"]) == 1
    assert "source/doc.md:13: image 'images/p.jpg' is not a readable image" in "".join(capsys.readouterr())
    assert not list((root / "build").rglob("*.pdf"))
