"""Nothing lost: an edit saved during a build, two builds into one folder, a full disk, a changed output."""

from __future__ import annotations

import errno
import hashlib
import json
from pathlib import Path

import pytest

import clinicdocs.storage.atomic as atomic
from clinicdocs.building.build import BuildOptions, build
from clinicdocs.building.manifest import MANIFEST_NAME, Manifest
from clinicdocs.building.uptodate import skipped_outputs
from clinicdocs.cli import main
from clinicdocs.errors import BuildError

DOCUMENT = "---\ntitle: Knee care\ndescription: Looking after a knee\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n## Start\n\n{}\n"
ONLY = ("guide", "epub")


def options(root: Path, **changes: object) -> BuildOptions:
    """Return the options of a guide + EPUB build of the project at `root`."""
    return BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=ONLY, **changes)  # type: ignore[arg-type]


def outputs(root: Path) -> dict[str, str]:
    """Return {output name: sha256} of every output file in the build folder."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((root / "build").rglob("*")) if p.suffix in (".pdf", ".epub")}


@pytest.fixture
def project(make_project) -> Path:
    """Return a one-document project, built once."""
    root = make_project({"source/knee.md": DOCUMENT.format("Bend the knee slowly.")})
    build(options(root))
    return root


def test_an_edit_saved_between_reading_and_writing_is_rebuilt_next_time(project):
    source = project / "source" / "knee.md"

    def edit(index: int, total: int, target: object) -> None:  # called after the document was read, before rendering
        if index == 1:
            source.write_text(DOCUMENT.format("Straighten the leg with care, then rest."), encoding="utf-8")

    first = build(options(project, force=True), progress=edit)
    assert first.written
    second = build(options(project))
    assert sorted(t.path.name for t, _ in second.written) == sorted(t.path.name for t, _ in first.written)
    assert skipped_outputs(project / "source", project / "layouts", project / "build", (), ONLY, (1, 1)) is not None
    assert build(options(project)).written == []


def test_two_manifests_written_into_one_folder_keep_both_records(tmp_path):
    out, source = tmp_path / "build", tmp_path / "doc.md"
    source.write_text("words\n", encoding="utf-8")
    first, second = Manifest.load(out), Manifest.load(out)  # two builds that started on an empty folder
    for manifest, name in ((first, "a.pdf"), (second, "b.pdf")):
        atomic.write_atomic(out / name, b"%PDF " + name.encode())
        manifest.record(out / name, "tool", [source])
        with atomic.build_lock(out):
            manifest.merge_from_disk()
            atomic.write_atomic(manifest.path, manifest.to_bytes())
    assert {str(out / "a.pdf"), str(out / "b.pdf")} <= set(json.loads((out / MANIFEST_NAME).read_text()))


@pytest.mark.parametrize("change", ["truncated", "replaced"])
def test_an_output_changed_since_it_was_written_is_rebuilt(project, change):
    pdf = next((project / "build").rglob("*.pdf"))
    before = pdf.read_bytes()
    pdf.write_bytes(before[: len(before) // 2] if change == "truncated" else before.replace(b"%PDF", b"%PDX", 1))
    assert skipped_outputs(project / "source", project / "layouts", project / "build", (), ONLY, (1, 1)) is None
    report = build(options(project))
    assert [t.path for t, _ in report.written] == [pdf]
    assert pdf.read_bytes() == before


def test_a_full_disk_leaves_every_previous_output_and_no_temporary_file(project, monkeypatch, capsys):
    (project / "source" / "knee.md").write_text(DOCUMENT.format("A new sentence to write."), encoding="utf-8")
    before, manifest = outputs(project), (project / "build" / MANIFEST_NAME).read_bytes()
    staged = atomic.stage

    def full(path: Path, data: bytes) -> Path:
        if path.suffix == ".epub":  # the second output of the document: the guide was staged already
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return staged(path, data)

    monkeypatch.setattr(atomic, "stage", full)
    monkeypatch.setattr("clinicdocs.building.build.stage", full)
    with pytest.raises(BuildError, match="no space left on the device"):
        build(options(project))
    assert main(["--source", str(project / "source"), "--layouts", str(project / "layouts"), "--out", str(project / "build"), "--only", "guide,epub"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert [line for line in lines if "no space left" in line] and not [line for line in lines if "Traceback" in line]
    assert outputs(project) == before and (project / "build" / MANIFEST_NAME).read_bytes() == manifest
    assert not [p for p in (project / "build").rglob("*.tmp")]
    monkeypatch.undo()
    assert len(build(options(project)).written) == 2


def test_a_temporary_file_left_by_a_killed_build_is_removed_by_the_next(project):
    pdf = next((project / "build").rglob("*.pdf"))
    left = pdf.parent / f".{pdf.name}.k1ll3d_x.tmp"
    left.write_bytes(b"%PDF half")
    (project / "source" / "knee.md").write_text(DOCUMENT.format("Another sentence."), encoding="utf-8")
    build(options(project))
    assert not left.exists()


def test_two_builds_of_different_brands_into_one_empty_folder_keep_every_record(tmp_path):
    import shutil
    import subprocess
    import sys

    from conftest import ROOT, SHIPPED_ROOT, write_project

    root = write_project(tmp_path, {"source/knee.md": DOCUMENT.format("Bend the knee slowly.")})
    shutil.copytree(SHIPPED_ROOT / "layouts" / "brands" / "bjork-sondergaard-physio", root / "layouts" / "brands" / "bjork-sondergaard-physio")
    args = [sys.executable, str(ROOT / "make_docs.py"), "--only", "guide,epub", "--out", str(root / "build")]
    runs = [subprocess.Popen([*args, "--brand", brand], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for brand in ("injury-prevention-guru", "bjork-sondergaard-physio")]
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]
    assert all(code == 0 for code, _ in results), results
    recorded = {str(Path(name).resolve()) for name in json.loads((root / "build" / MANIFEST_NAME).read_text()) if name != "__plan__"}
    made = {str(p.resolve()) for p in (root / "build").rglob("*") if p.suffix in (".pdf", ".epub")}
    assert len(made) == 5 and made <= recorded
