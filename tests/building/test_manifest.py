"""The manifest and the no-op fast path decide what is rebuilt: each reason to rebuild is noticed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from clinicdocs.building.manifest import MANIFEST_NAME, Manifest
from clinicdocs.storage.atomic import write_atomic
from clinicdocs.building.uptodate import PLAN_KEY, plan_key, skipped_outputs

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


def test_the_plan_key_names_which_documents_brands_and_folders(tmp_path, monkeypatch):
    """Same number of documents or brands under other names, other folders, another shard: another plan."""
    source, layouts = project(tmp_path)
    out = tmp_path / "build"
    base = plan_key(source, layouts, out, (), ("guide",), (1, 2))
    assert plan_key(source, layouts, out, (), ("guide",), (2, 2)) != base
    (source / "a.md").rename(source / "c.md")
    renamed = plan_key(source, layouts, out, (), ("guide",), (1, 2))
    assert renamed != base
    (layouts / "brands" / "clinic").rename(layouts / "brands" / "other")
    assert plan_key(source, layouts, out, (), ("guide",), (1, 2)) != renamed
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "c.md").write_text("# A\n", encoding="utf-8")
    assert plan_key(copy, layouts, out, (), ("guide",), (1, 2)) != plan_key(source, layouts, out, (), ("guide",), (1, 2))
    assert plan_key(source / "c.md", layouts, out, (), ("guide",), (1, 2)) != plan_key(source, layouts, out, (), ("guide",), (1, 2))


def test_a_failed_write_removes_its_temp_file_and_reports_the_error(tmp_path, monkeypatch):
    """In-process twin of the file-size-limit test: the temp file sits beside the target, hidden, and goes when the write fails."""
    target = tmp_path / "guide.pdf"
    target.write_bytes(b"old")
    moves: list[tuple[str, str]] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (moves.append((str(src), str(dst))), real_replace(src, dst)))
    write_atomic(target, b"new")
    ((temp, final),) = moves
    assert Path(temp).parent == target.parent and Path(temp).name.startswith(".guide.pdf.") and temp.endswith(".tmp")
    assert final == str(target)

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"newer")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["guide.pdf"]


def test_the_sandbox_names_each_refused_address(tmp_path):
    from clinicdocs.rendering.sandbox import SandboxFetcher

    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "ok.css").write_text("p {}", encoding="utf-8")
    (tmp_path / "secret.css").write_text("p {}", encoding="utf-8")
    fetcher = SandboxFetcher(roots=[inside])
    response = fetcher.fetch((inside / "ok.css").as_uri())
    assert response.url == (inside / "ok.css").as_uri() and response.headers["Content-Type"] == "text/css"
    for url in [(tmp_path / "secret.css").as_uri(), "https://example.org/x.css"]:
        with pytest.raises(ValueError, match=f"refused to fetch {url}"):
            fetcher.fetch(url)
    assert fetcher.refused == [(tmp_path / "secret.css").as_uri(), "https://example.org/x.css"]
