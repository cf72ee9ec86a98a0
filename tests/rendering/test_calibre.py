"""The ebooks as calibre reads and converts them: one cover, and the same people behind every format."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest

BRANDS = {"injury-prevention-guru": "Injury Prevention Guru", "bjork-sondergaard-physio": "Bjørk & Søndergaard Fysioterapi"}
AUTHOR = "Injury Prevention Guru"  # the seed article's author, front matter `author`


def calibre() -> None:
    """Skip when calibre is missing on a developer's machine; CI installs it, so there it fails."""
    if shutil.which("ebook-convert") is None or shutil.which("ebook-meta") is None:
        if os.environ.get("CI"):
            pytest.fail("calibre (ebook-convert, ebook-meta) is not installed; .ci/run installs Debian's calibre")
        pytest.skip("calibre is not installed (apt-get install calibre)")


@pytest.fixture(scope="module")
def converted(shipped_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Convert every brand's EPUB with calibre's ebook-convert (EPUB to EPUB, its own import pipeline), in parallel."""
    calibre()
    out = tmp_path_factory.mktemp("calibre")
    jobs = {}
    for brand in BRANDS:
        target = out / f"{brand}.epub"
        command = ["ebook-convert", str(shipped_build / brand / "hip-flexors.epub"), str(target)]
        jobs[brand] = (target, subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    for brand, (target, job) in jobs.items():
        _, errors = job.communicate(timeout=300)
        assert job.returncode == 0, errors
    return {brand: target for brand, (target, _) in jobs.items()}


def spine_pages_showing(book: Path, image: str) -> list[str]:
    """Return the spine's XHTML files, in order, that draw an image whose file name is `image`."""
    with zipfile.ZipFile(book) as archive:
        opf_name = next(name for name in archive.namelist() if name.endswith(".opf"))
        opf = archive.read(opf_name).decode()
        folder = str(Path(opf_name).parent).replace(".", "")
        items = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
        spine = re.findall(r'<itemref idref="([^"]+)"', opf)
        pages = [str(Path(folder) / items[ref]) if folder else items[ref] for ref in spine]
        return [page for page in pages if re.search(rf'(src|href)="[^"]*{re.escape(image)}"', archive.read(page).decode())]


@pytest.mark.parametrize("brand", BRANDS)
def test_calibre_shows_the_cover_once(converted, brand):
    assert len(spine_pages_showing(converted[brand], "cover.png")) == 1


def test_cover_count_sees_a_second_cover(converted, tmp_path):
    """The check itself: a spine that shows the cover on two pages is counted as two."""
    book = tmp_path / "two-covers.epub"
    with zipfile.ZipFile(converted["injury-prevention-guru"]) as source, zipfile.ZipFile(book, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.endswith(".opf"):
                data = re.sub(rb'(<itemref idref="[^"]+"/>)', rb"\1\1", data, count=1)
            target.writestr(name, data)
    assert len(spine_pages_showing(book, "cover.png")) == 2


@pytest.mark.parametrize("brand", BRANDS)
def test_ebook_meta_shows_title_author_clinic_language_and_identifier(shipped_build, brand):
    calibre()
    result = subprocess.run(["ebook-meta", str(shipped_build / brand / "hip-flexors.epub")], capture_output=True, text=True, check=True)
    fields = dict(re.findall(r"^(\w[\w() ]*?)\s*: (.*)$", result.stdout, re.M))
    assert fields["Title"] == "Exploring the Connection Between Hip Flexors and Lower Back Pain"
    assert fields["Author(s)"] == AUTHOR
    assert fields["Publisher"] == BRANDS[brand]
    assert fields["Languages"] == "eng"
    assert fields["Identifiers"] == f"clinicdocs:{brand}/hip-flexors"


@pytest.mark.parametrize("brand", BRANDS)
def test_pdfs_name_the_same_author_and_publisher(shipped_build, brand):
    for path in sorted((shipped_build / brand).glob("*.pdf")):
        with pikepdf.open(path) as pdf:
            metadata = pdf.open_metadata()
            assert str(pdf.docinfo["/Author"]) == AUTHOR, path.name
            assert list(metadata["dc:creator"]) == [AUTHOR], path.name
            assert set(metadata["dc:publisher"]) == {BRANDS[brand]}, path.name
