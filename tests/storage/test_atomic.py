"""Staged writes: files written beside their place and renamed into it, or removed when the build stops."""

from __future__ import annotations

from clinicdocs.storage.atomic import discard


def test_discarding_removes_the_staged_files_and_leaves_the_outputs(tmp_path):
    temp, output = tmp_path / ".guide.pdf.tmp", tmp_path / "guide.pdf"
    temp.write_bytes(b"new")
    output.write_bytes(b"old")
    gone = tmp_path / ".card.pdf.tmp"  # already removed (a second interrupt, a cleaner): not an error
    discard([(temp, output), (gone, tmp_path / "card.pdf")])
    assert not temp.exists() and output.read_bytes() == b"old"
