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


def test_leftovers_of_a_killed_build_are_removed_in_every_folder_and_named(tmp_path):
    from clinicdocs.storage.atomic import remove_leftovers

    brand = tmp_path / "clinic"
    brand.mkdir()
    leftovers = [tmp_path / ".index.html.k3J_9xQa.tmp", brand / ".guide-letter.pdf.AbCd1234.tmp"]
    kept = [
        tmp_path / "guide.pdf", brand / ".guide.pdf.tmp",  # no random part: not a name mkstemp gives
        brand / ".guide.pdf.abc.tmp", brand / "notes.ABCDEFGH.tmp",  # too short; not hidden
    ]
    for path in leftovers + kept:
        path.write_bytes(b"x")
    assert sorted(remove_leftovers(tmp_path)) == sorted(leftovers)
    assert not any(path.exists() for path in leftovers) and all(path.exists() for path in kept)
    assert remove_leftovers(tmp_path) == []


def test_a_file_is_staged_hidden_beside_its_place_under_a_name_the_leftover_sweep_knows(tmp_path):
    from clinicdocs.storage.atomic import TEMP_NAME, stage, write_atomic

    path = tmp_path / "clinic" / "guide.pdf"
    temp = stage(path, b"%PDF")
    assert temp.parent == path.parent and not path.exists()
    assert temp.name.startswith(".guide.pdf.") and temp.name.endswith(".tmp") and TEMP_NAME.match(temp.name)
    assert temp.read_bytes() == b"%PDF" and temp.stat().st_mode & 0o777 == 0o644  # readable by the web server
    assert stage(path, b"x", 0o600).stat().st_mode & 0o777 == 0o600
    write_atomic(tmp_path / "index.html", b"<p>")
    assert (tmp_path / "index.html").stat().st_mode & 0o777 == 0o644


def test_a_write_that_fails_halfway_leaves_no_temporary_file(tmp_path):
    import pytest

    from clinicdocs.storage.atomic import stage

    with pytest.raises(TypeError):
        stage(tmp_path / "guide.pdf", "text, not bytes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_files_written_together_are_all_written_or_none_with_their_mode(tmp_path):
    import pytest

    from clinicdocs.storage.atomic import write_all, write_atomic

    with pytest.raises(TypeError):
        write_all([(tmp_path / "a.pdf", b"a"), (tmp_path / "b.pdf", "text, not bytes")])  # type: ignore[list-item]
    assert list(tmp_path.iterdir()) == []  # the first one's staged copy removed, nothing in place
    write_all([(tmp_path / "a.pdf", b"a"), (tmp_path / "b.pdf", b"b")])
    assert [p.stat().st_mode & 0o777 for p in sorted(tmp_path.iterdir())] == [0o644, 0o644]
    write_all([(tmp_path / "c.pdf", b"c")], 0o600)
    write_atomic(tmp_path / "d.pdf", b"d", 0o640)
    assert (tmp_path / "c.pdf").stat().st_mode & 0o777 == 0o600 and (tmp_path / "d.pdf").stat().st_mode & 0o777 == 0o640
