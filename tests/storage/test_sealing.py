"""Caches cannot run code: an entry not sealed by this user's builds for this build folder is ignored and made again."""

from __future__ import annotations

import marshal
import os
import shutil
from pathlib import Path

import jinja2

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.storage import sealing

DOC = "---\ntitle: Ankle\ndescription: An ankle\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n## Move\n\nCircle the foot.\n"


def planted_code(marker: Path) -> bytes:
    """Return a Jinja2 bytecode entry whose code writes `marker` when it is loaded and run."""
    code = compile(f"open({str(marker)!r}, 'w').write('ran')\ndef root(context, missing=None, environment=None):\n    yield ''\nblocks = {{}}\ndebug_info = ''\n", "<planted>", "exec")
    return jinja2.bccache.bc_magic + marshal.dumps(code)


def test_a_planted_compiled_template_is_ignored_and_compiled_again(make_project, tmp_path):
    root = make_project({"source/ankle.md": DOC})
    options = BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("epub",))
    build(options)
    entries = sorted((root / "build" / ".cache").glob("jinja2-*/*.cache"))
    assert entries, "the first build caches its compiled templates"
    marker = tmp_path / "ran"
    for entry in entries:  # what a restored CI cache or a shared folder could hold: raw bytecode, unsealed
        entry.write_bytes(planted_code(marker))
    build(BuildOptions(source=options.source, layouts=options.layouts, out=options.out, only=options.only, force=True))
    assert not marker.exists()
    assert all(sealing.read_sealed(entry) for entry in entries)  # compiled afresh and sealed again


def test_an_entry_sealed_for_another_build_folder_is_refused(tmp_path):
    first, second = tmp_path / "a" / ".cache", tmp_path / "b" / ".cache"
    sealing.write_sealed(first / "x.cache", b"data")
    assert sealing.read_sealed(first / "x.cache") == b"data"
    second.mkdir(parents=True)
    shutil.copy(first / "x.cache", second / "x.cache")
    assert sealing.read_sealed(second / "x.cache") is None
    stored = (first / "x.cache").read_bytes()
    (first / "x.cache").write_bytes(stored[:-1] + bytes([stored[-1] ^ 1]))  # one bit of the data changed
    assert sealing.read_sealed(first / "x.cache") is None
    (first / "x.cache").write_bytes(stored)
    (first / "x.cache").rename(first / "y.cache")  # another entry's name
    assert sealing.read_sealed(first / "y.cache") is None


def test_the_key_is_kept_outside_the_build_folder_readable_by_its_user_only(tmp_path, monkeypatch):
    monkeypatch.delenv(sealing.KEY_ENV, raising=False)
    key = tmp_path / "state" / "cache-key"
    sealing.cache_key.cache_clear()
    try:
        first = sealing.cache_key(key)
        assert first and len(first) == sealing.SEAL_BYTES and key.stat().st_mode & 0o777 == 0o600
        sealing.cache_key.cache_clear()
        assert sealing.cache_key(key) == first  # kept: the next process verifies what this one sealed
    finally:
        sealing.cache_key.cache_clear()


def test_the_key_is_where_the_security_page_says(tmp_path, monkeypatch):
    # docs/security.md: `$XDG_STATE_HOME/clinicdocs/cache-key`, by default `~/.local/state/clinicdocs/cache-key`
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert sealing.key_file() == tmp_path / "state" / "clinicdocs" / "cache-key"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert sealing.key_file() == tmp_path / "home" / ".local" / "state" / "clinicdocs" / "cache-key"
    monkeypatch.setenv("XDG_STATE_HOME", "")  # set but empty: the default, as the XDG specification asks
    assert sealing.key_file() == tmp_path / "home" / ".local" / "state" / "clinicdocs" / "cache-key"


def test_an_entry_in_a_folder_whose_name_is_not_utf8_is_sealed_and_read_back(tmp_path, monkeypatch):
    # Linux file names are bytes: a build folder named in Latin-1 reaches Python with surrogate escapes
    monkeypatch.setenv(sealing.KEY_ENV, "a key for this test only, long enough")
    folder = tmp_path / os.fsdecode(b"r\xe9sum\xe9")
    folder.mkdir()
    sealing.write_sealed(folder / "page.bin", b"cached")
    assert sealing.read_sealed(folder / "page.bin") == b"cached"
    assert sealing.unsealed(tmp_path, "page.bin", (folder / "page.bin").read_bytes()) is None  # another folder


def test_without_a_key_nothing_is_sealed_or_written(tmp_path, monkeypatch):
    monkeypatch.delenv(sealing.KEY_ENV, raising=False)
    (tmp_path / "a-file").write_bytes(b"")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "a-file"))  # the key's folder cannot be made
    sealing.cache_key.cache_clear()
    try:
        assert sealing.cache_key() is None
        assert sealing.sealed(tmp_path, "page.bin", b"cached") is None
        sealing.write_sealed(tmp_path / "page.bin", b"cached")
        assert not (tmp_path / "page.bin").exists()
    finally:
        sealing.cache_key.cache_clear()
