"""The picture rules of the content policy, called directly: what a build embeds, and the hints its refusals give."""

from __future__ import annotations

from pathlib import Path

import pytest
from pictures import neck_tilt_png

from clinicdocs.errors import SourceError
from clinicdocs.reading.policy import closest_picture, read_picture, resolve_image

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
SCRIPTED_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_a_checked_picture_is_embedded_byte_for_byte(tmp_path):
    (tmp_path / "figure.svg").write_bytes(SVG)
    (tmp_path / "figure.png").write_bytes(neck_tilt_png())
    assert read_picture(tmp_path / "figure.svg") == SVG
    assert read_picture(tmp_path / "figure.png") == neck_tilt_png()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        # an SVG is judged by its bytes as read for embedding, not by a name or an earlier look
        ("figure.svg", SCRIPTED_SVG, "image contains a <script> element; remove it"),
        ("figure.png", neck_tilt_png()[:300], "image is not a readable image"),
        ("figure.png", SVG, "image is not a readable image"),  # an SVG under a PNG's name is not read as SVG
    ],
)
def test_a_picture_that_fails_its_check_when_embedded_is_refused_naming_the_file(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SourceError) as caught:
        read_picture(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_a_picture_gone_before_embedding_is_an_error_not_a_traceback(tmp_path):
    with pytest.raises(SourceError) as caught:
        read_picture(tmp_path / "gone.png")
    assert str(caught.value) == f"{tmp_path / 'gone.png'}: cannot read image: No such file or directory"


def pictures(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(SVG)


def test_a_missing_picture_suggests_the_closest_name_in_any_folder(tmp_path):
    pictures(tmp_path, "images/knee-stretch.svg", "images/hip/hip-flexor.svg", "zz/knee-stretch.txt")
    assert closest_picture(tmp_path, "images/knee-strech.svg") == "; did you mean 'images/knee-stretch.svg'?"
    # found in a later folder of the walk, not only the last one looked in
    assert closest_picture(tmp_path, "hip-flexors.svg") == "; did you mean 'images/hip/hip-flexor.svg'?"
    assert closest_picture(tmp_path, "images/shoulder.svg") == ""  # nothing alike: no guess


def test_a_folder_holding_a_photo_library_is_searched_up_to_the_limit(tmp_path):
    pictures(tmp_path, "a/x.svg", "b/knee-stretch.svg")
    assert closest_picture(tmp_path, "knee-stretch.svg", limit=1) == ""  # stopped after the first folder's picture
    assert closest_picture(tmp_path, "knee-stretch.svg", limit=2) == "; did you mean 'b/knee-stretch.svg'?"


def test_a_hidden_folder_is_never_suggested(tmp_path):
    pictures(tmp_path, ".git/knee-stretch.svg", ".cache/knee-stretch.svg")
    assert closest_picture(tmp_path, "knee-stretch.svg") == ""
    pictures(tmp_path, "images/knee-strech.svg")
    assert closest_picture(tmp_path, "knee-stretch.svg") == "; did you mean 'images/knee-strech.svg'?"


def test_a_picture_reached_through_a_symbolic_link_out_of_the_folder_names_the_link(tmp_path):
    outside = tmp_path / "elsewhere"
    pictures(outside, "figure.svg")
    source = tmp_path / "source"
    (source / "images").mkdir(parents=True)
    (source / "images" / "shared").symlink_to(outside)
    document = source / "handout.md"
    with pytest.raises(SourceError) as caught:
        resolve_image(document, "images/shared/figure.svg", 7)
    message = str(caught.value)
    assert f"({source.resolve() / 'images' / 'shared'} is a symbolic link to {outside})" in message
    assert message.endswith("; move the file into it") and ":7:" in message
    # a plain path outside the folder has no note about links
    with pytest.raises(SourceError) as plain:
        resolve_image(document, "../elsewhere/figure.svg", 3)
    assert str(plain.value).endswith(f"points outside the source folder {source.resolve()}; move the file into it")


def header_only_png(width: int, height: int) -> bytes:
    """Return a PNG that claims a size in its header and holds no pixels: opening it reads the size alone."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def test_a_picture_of_40_megapixels_is_accepted_and_one_pixel_row_more_refused(tmp_path):
    from PIL import Image

    from clinicdocs.reading.policy import raster_problem

    Image.new("1", (8000, 5000)).save(tmp_path / "at.png")  # 40,000,000 pixels exactly
    Image.new("1", (8000, 5001)).save(tmp_path / "over.png")
    assert raster_problem(tmp_path / "at.png") == ""
    assert raster_problem(tmp_path / "over.png") == "is 8000 x 5001 pixels, too large to print; resize it below 40 megapixels"
    # a header claiming 400 megapixels is refused by Pillow's own bomb check, before anything is decoded
    (tmp_path / "bomb.png").write_bytes(header_only_png(20000, 20000))
    assert raster_problem(tmp_path / "bomb.png") == "is too large to print; resize it below 40 megapixels"


def test_a_truncated_picture_is_refused_whatever_pillow_was_told_before_and_the_setting_is_restored(tmp_path):
    from PIL import Image, ImageFile

    from clinicdocs.reading.policy import raster_problem

    Image.new("RGB", (64, 64), "red").save(tmp_path / "whole.jpg", quality=90)
    data = (tmp_path / "whole.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 2])
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint leaves it once imported
    try:
        assert raster_problem(tmp_path / "cut.jpg").startswith("is not a readable image")
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True
        assert raster_problem(tmp_path / "whole.jpg") == ""  # decoded in full, strictly
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
