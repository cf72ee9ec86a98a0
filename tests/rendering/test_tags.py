"""The tag post-processing's quick stream rewrite gives exactly the bytes of the instruction-by-instruction one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SHIPPED_ROOT, ROOT, write_project
from documents import german_document, long_document

from clinicdocs.rendering import tags as pdftags
from clinicdocs.rendering import writer_tags
from clinicdocs.building.build import BuildOptions, build


@pytest.fixture(scope="module")
def raw_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[bytes, str, dict[str, bool]]]:
    """Return WeasyPrint's PDFs before post-processing (written by the fallback path of writer_tags): a long guide with a table and footnotes, German,
    Arabic (right to left, with ActualText spans) and the shipped article, as guide, card and large print."""
    root = tmp_path_factory.mktemp("tags")
    files = {**long_document(), **german_document(), "source/hip-flexors.md": (SHIPPED_ROOT / "source" / "hip-flexors.md").read_text(encoding="utf-8")}
    write_project(root, files)
    shutil.copytree(SHIPPED_ROOT / "source" / "images", root / "source" / "images", dirs_exist_ok=True)
    shutil.copy(ROOT / "tests" / "data" / "scripts" / "neck-ar.md", root / "source" / "neck-ar.md")
    from pictures import neck_tilt_png

    (root / "source" / "images" / "neck-tilt.png").write_bytes(neck_tilt_png())
    captured = []
    finish = pdftags.finish_pdf

    def capture(data: bytes, publisher: str, box_states: dict[str, bool]) -> bytes:
        captured.append((data, publisher, box_states))
        return finish(data, publisher, box_states)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdftags, "finish_pdf", capture)
        patch.setattr(writer_tags, "known_weasyprint", lambda: False)
        build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", brands=("injury-prevention-guru",),
                           only=("guide", "card", "large-print")))
    return captured


def test_the_quick_rewrite_writes_the_bytes_of_the_instruction_rewrite(raw_pdfs, monkeypatch):
    assert len(raw_pdfs) >= 11  # four documents as guide, card and large print; one has no card (no exercises, no checklist)
    general = []
    monkeypatch.setattr(pdftags, "rewrite_instructions", lambda *args: general.append(args))
    quick = [pdftags.finish_pdf(*job) for job in raw_pdfs]
    assert not general  # every stream took the quick path
    monkeypatch.undo()
    monkeypatch.setattr(pdftags, "MARKED_CONTENT", pdftags.re.compile(rb"(?!)"))  # matches nothing: every stream takes the general path
    assert [pdftags.finish_pdf(*job) for job in raw_pdfs] == quick
