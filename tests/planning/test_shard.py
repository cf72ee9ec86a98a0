"""Builds spread over machines: `--shard K/N` builds a stable share, and the shares add up to one build."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NETWORK_ONLY, write_network

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.cli import main
from clinicdocs.errors import BuildError
from clinicdocs.planning.targets import parse_shard, shard_of

def outputs(folder: Path) -> dict[str, bytes]:
    """Return {relative path: bytes} of every output, leaving out the build's own bookkeeping."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)  # .manifest.json, .cache/
    }


def test_shards_gathered_in_one_folder_are_byte_identical_to_one_build(tmp_path, network_build):
    root = network_build
    options = BuildOptions(source=root / "source", layouts=root / "layouts", only=NETWORK_ONLY)
    gathered: dict[str, bytes] = {}
    shares = []
    for k in (1, 2, 3, 4):
        out = tmp_path / f"shard-{k}"
        build(BuildOptions(**{**options.__dict__, "out": out, "shard": (k, 4)}))
        share = outputs(out) if out.exists() else {}
        assert not set(share) & set(gathered), "two shards built the same output"
        gathered.update(share)
        shares.append(len(share))
    full = outputs(root / "build")
    # 3 documents x (card on one paper + EPUB + cover, cards on two papers + EPUB + cover), and 2 x (page, feed)
    # One of the three handouts has a card (the others have neither exercises nor a checklist): its card per
    # paper, every EPUB and cover, and each brand's page and feed.
    assert len(full) == (3 * 2 + 1) + (3 * 2 + 2) + 2 * 2
    assert gathered == full
    assert sum(shares) == len(full) and sum(1 for share in shares if share) >= 3  # spread over the shards


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
    root = write_network(tmp_path)
    monkeypatch.chdir(root)
    assert main(["--shard", "4/3"]) == 1
    assert "error: --shard: K counts from 1 to N" in capsys.readouterr().err
    assert not (root / "build").exists()
