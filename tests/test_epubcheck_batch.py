"""The suite's EPUBCheck, one Java process for many EPUBs, gives each EPUB its own verdict, warnings failing as on the command line.

Every EPUB test trusts `helpers.run_epubcheck`; if the shared process lost warnings, or one EPUB's
errors leaked into the next one's verdict, those tests would pass or fail for the wrong book.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from clinicdocs.building.build import BuildOptions, build
from conftest import FRONT_MATTER
from helpers import run_epubcheck


def rewritten(book: Path, to: Path, name_part: str, old: str, new: str) -> Path:
    """Copy an EPUB, replacing `old` by `new` in the first file whose name contains `name_part`."""
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(to, "w") as target:
        done = False
        for item in source.infolist():
            data = source.read(item)
            if not done and name_part in item.filename and old.encode() in data:
                data, done = data.replace(old.encode(), new.encode(), 1), True
            target.writestr(item, data)
    assert done, (name_part, old)
    return to


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return a valid EPUB, one with only a warning (a date EPUBCheck does not recommend), and one with an error."""
    from conftest import write_project

    root = write_project(tmp_path_factory.mktemp("batch"), {"source/doc.md": FRONT_MATTER + "\n## Walk\n\nWalk every day.\n"})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("epub",)))
    good = next((root / "build").rglob("doc.epub"))
    return {
        "good": good,
        "warning": rewritten(good, root / "warning.epub", ".opf", "<dc:date>2025-02-03", "<dc:date>sometime"),
        "error": rewritten(good, root / "error.epub", "nav.xhtml", "</body>", "<blink>x</blink></body>"),
    }


def test_each_book_gets_its_own_verdict_warnings_failing(books):
    expected = {"good": (0, None), "warning": (1, "WARNING(OPF-053)"), "error": (1, "ERROR(RSC-005)")}
    for kind in ("good", "error", "good", "warning", "good"):  # a failure must not stick to the next book
        result = run_epubcheck(books[kind])
        code, message = expected[kind]
        assert result.returncode == code, (kind, result.stdout)
        assert (message in result.stdout) if message else result.stdout == "", (kind, result.stdout)
