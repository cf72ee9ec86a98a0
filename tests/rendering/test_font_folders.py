"""WeasyPrint's temporary font folders: the folder of a killed build is removed by the next, one in use never."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from conftest import ROOT

KILLED = "from clinicdocs.rendering.weasyload import owned_folder; print(owned_folder()[0], flush=True); import os; os._exit(9)"


def test_the_folder_of_a_killed_build_is_removed_and_a_live_one_kept(tmp_path, monkeypatch):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}
    dead = subprocess.run([sys.executable, "-c", KILLED], env=env, capture_output=True, text=True, timeout=60).stdout.strip()
    assert os.path.isdir(dead)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    from clinicdocs.rendering.weasyload import owned_folder, remove_dead_font_folders

    live, owner = owned_folder()
    other = tmp_path / "weasyprint-abc123"  # another program's WeasyPrint folder: not ours to remove
    other.mkdir()
    try:
        assert [str(p) for p in remove_dead_font_folders()] == [dead]
        assert live.is_dir() and other.is_dir() and not os.path.exists(dead)
    finally:
        owner.close()
