"""Builds spread over machines: `--shard K/N` builds a stable share, and the shares add up to one build."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, write_project

from clinicdocs.build import BuildOptions, build
from clinicdocs.cli import main
from clinicdocs.errors import BuildError
from clinicdocs.plan import parse_shard, shard_of

DOCS = {
    "source/knee.md": "---\ntitle: Knee Care\ndescription: D\nlanguage: en-GB\ndate: 2025-01-01\nauthor: A\n---\n\n"
    "## Rest\n\n| Day | Minutes |\n|---|---|\n| 1 | 10 |\n| 2 | 15 |\n",
    "source/ruecken.md": "---\ntitle: Rücken stärken\ndescription: D\nlanguage: de-DE\ndate: 2025-03-04\nauthor: A\n---\n\n"
    "Gehen Sie täglich spazieren.[^1]\n\n[^1]: Mindestens zwanzig Minuten.\n",
    "source/hombro.md": "---\ntitle: El hombro\ndescription: D\nlanguage: es-ES\ndate: 2025-05-06\nauthor: A\n---\n\n"
    "- [ ] Caminar cada día.\n- [ ] Beber agua.\n",
}


def project(root: Path) -> Path:
    """Three documents in three languages, two brands."""
    write_project(root, DOCS)
    other = ROOT / "layouts" / "brands" / "bjork-sondergaard-physio"
    target = root / "layouts" / "brands" / other.name
    target.mkdir()
    for file in other.iterdir():
        (target / file.name).write_bytes(file.read_bytes())
    return root


def outputs(folder: Path) -> dict[str, bytes]:
    """Return {relative path: bytes} of every output, leaving out the build's own bookkeeping."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def test_shards_gathered_in_one_folder_are_byte_identical_to_one_build(tmp_path):
    root = project(tmp_path / "project")
    options = BuildOptions(source=root / "source", layouts=root / "layouts", only=("card", "epub"))
    build(BuildOptions(**{**options.__dict__, "out": tmp_path / "full"}))
    gathered: dict[str, bytes] = {}
    shares = []
    for k in (1, 2, 3, 4):
        out = tmp_path / f"shard-{k}"
        build(BuildOptions(**{**options.__dict__, "out": out, "shard": (k, 4)}))
        share = outputs(out) if out.exists() else {}
        assert not set(share) & set(gathered), "two shards built the same output"
        gathered.update(share)
        shares.append(len(share))
    full = outputs(tmp_path / "full")
    assert len(full) == 3 * (2 + 1) + 3 * (1 + 1)  # 3 documents x (card on one paper + EPUB, cards on two + EPUB)
    assert gathered == full
    assert shares == [7, 0, 3, 5]  # the pairs are spread over shards 1, 3 and 4; an empty shard is no error


def test_a_pair_keeps_its_shard_whatever_else_is_built():
    # sha256 of 'brand\0document', not Python's per-process salted hash(): the same on every machine and run.
    assert shard_of("injury-prevention-guru", "hip-flexors", 8) == 1
    assert shard_of("bjork-sondergaard-physio", "hip-flexors", 8) == 5
    assert {shard_of(f"clinic-{i}", "guide", 4) for i in range(40)} == {1, 2, 3, 4}
    assert shard_of("clinic-7", "guide", 1) == 1


@pytest.mark.parametrize(("value", "expected"), [("1/1", (1, 1)), ("1/3", (1, 3)), ("3/3", (3, 3)), (" 2 / 8 ", (2, 8))])
def test_shard_numbers_from_one_to_n_are_accepted(value, expected):
    assert parse_shard(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0/3", "K counts from 1 to N, so with N=3 choose K from 1 to 3 (got '0/3')"),
        ("4/3", "K counts from 1 to N, so with N=3 choose K from 1 to 3 (got '4/3')"),
        ("1/0", "N, the number of shards, must be at least 1 (got '1/0')"),
        ("2", "write it as K/N"),
        ("-1/3", "write it as K/N"),
        ("a/b", "write it as K/N"),
    ],
)
def test_shard_numbers_outside_one_to_n_are_refused(value, message):
    with pytest.raises(BuildError, match="^--shard: ") as caught:
        parse_shard(value)
    assert message in str(caught.value)


def test_cli_refuses_a_bad_shard_before_building(tmp_path, monkeypatch, capsys):
    root = project(tmp_path)
    monkeypatch.chdir(root)
    assert main(["--shard", "4/3"]) == 1
    assert "error: --shard: K counts from 1 to N" in capsys.readouterr().err
    assert not (root / "build").exists()
