"""The manifest and the no-op fast path decide what is rebuilt: each reason to rebuild is noticed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from clinicdocs.manifest import MANIFEST_NAME, Manifest
from clinicdocs.output import write_atomic
from clinicdocs.uptodate import PLAN_KEY, plan_key, skipped_outputs

TOOL = "clinicdocs test"


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Manifest, Path, Path]:
    """Return a manifest that recorded one output made from one input."""
    source, output = tmp_path / "doc.md", tmp_path / "out" / "doc.pdf"
    source.write_text("first words\n", encoding="utf-8")
    write_atomic(output, b"%PDF")
    manifest = Manifest(tmp_path / "out")
    manifest.record(output, TOOL, [source])
    return manifest, source, output


def reload(manifest: Manifest) -> Manifest:
    """Return the manifest as the next build reads it back."""
    write_atomic(manifest.path, manifest.to_bytes())
    return Manifest.load(manifest.path.parent)


def test_an_output_is_fresh_until_an_input_changes(recorded):
    manifest, source, output = recorded
    assert reload(manifest).is_fresh(output, TOOL, [source])
    source.write_text("other words\n", encoding="utf-8")  # same size, new content
    assert not reload(manifest).is_fresh(output, TOOL, [source])


def test_a_touched_input_with_the_same_content_keeps_the_output_fresh(recorded):
    manifest, source, output = recorded
    os.utime(source, ns=(1, 1))
    assert reload(manifest).is_fresh(output, TOOL, [source])


@pytest.mark.parametrize("reason", ["input gone", "output gone", "new tool", "new input", "no entry"])
def test_each_reason_to_rebuild_is_noticed(recorded, tmp_path, reason):
    manifest, source, output = recorded
    tool, inputs = TOOL, [source]
    if reason == "input gone":
        source.unlink()
    elif reason == "output gone":
        output.unlink()
    elif reason == "new tool":
        tool = "clinicdocs other"
    elif reason == "new input":
        inputs = [source, tmp_path / "image.png"]
    else:
        output = tmp_path / "out" / "card.pdf"
    assert not reload(manifest).is_fresh(output, tool, inputs)


def test_a_damaged_manifest_means_build_everything(tmp_path):
    (tmp_path / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert Manifest.load(tmp_path).entries == {}
    (tmp_path / MANIFEST_NAME).write_text("[1, 2]", encoding="utf-8")
    assert Manifest.load(tmp_path).entries == {}


def test_atomic_writes_make_missing_folders_and_readable_files(tmp_path):
    target = tmp_path / "a" / "b" / "guide.pdf"
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data" and stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["guide.pdf"]


def project(tmp_path: Path) -> tuple[Path, Path]:
    """Return (source folder, layouts folder) with one document and one brand."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "layouts" / "brands" / "clinic").mkdir(parents=True)
    (tmp_path / "layouts" / "brands" / "clinic" / "brand.toml").write_text("", encoding="utf-8")
    return tmp_path / "source", tmp_path / "layouts"


def test_the_plan_key_changes_with_each_part_of_the_request(tmp_path, monkeypatch):
    source, layouts = project(tmp_path)
    out = tmp_path / "build"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    base = plan_key(source, layouts, out, (), ("guide",), (1, 1))
    assert plan_key(source, layouts, out, (), ("guide",), (1, 1)) == base
    assert plan_key(source, layouts, out, (), ("card",), (1, 1)) != base
    assert plan_key(source, layouts, out, (), ("guide",), (1, 2)) != base
    assert plan_key(source, layouts, out, ("clinic",), ("guide",), (1, 1)) != base
    assert plan_key(source, layouts, tmp_path / "elsewhere", (), ("guide",), (1, 1)) != base
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert plan_key(source, layouts, out, (), ("guide",), (1, 1)) != base
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (source / "b.md").write_text("# B\n", encoding="utf-8")
    with_document = plan_key(source, layouts, out, (), ("guide",), (1, 1))
    assert with_document != base
    (layouts / "brands" / "second").mkdir()
    (layouts / "brands" / "second" / "brand.toml").write_text("", encoding="utf-8")
    assert plan_key(source, layouts, out, (), ("guide",), (1, 1)) != with_document


def test_the_fast_path_answers_only_an_unchanged_repeat(tmp_path, monkeypatch):
    source, layouts = project(tmp_path)
    out = tmp_path / "build"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    output = out / "clinic" / "a-guide-letter.pdf"
    write_atomic(output, b"%PDF")
    manifest = Manifest(out)
    manifest.record(output, TOOL, [source / "a.md"])
    manifest.entries[PLAN_KEY] = {"key": plan_key(source, layouts, out, (), ("guide",), (1, 1)), "outputs": [str(output)]}
    write_atomic(manifest.path, manifest.to_bytes())
    assert skipped_outputs(source, layouts, out, (), ("guide",), (1, 1)) == 1
    assert skipped_outputs(source, layouts, out, (), ("card",), (1, 1)) is None
    os.utime(source / "a.md", ns=(5, 5))
    assert skipped_outputs(source, layouts, out, (), ("guide",), (1, 1)) is None
    manifest.record(output, TOOL, [source / "a.md"])
    write_atomic(manifest.path, manifest.to_bytes())
    assert skipped_outputs(source, layouts, out, (), ("guide",), (1, 1)) == 1
    output.unlink()
    assert skipped_outputs(source, layouts, out, (), ("guide",), (1, 1)) is None
