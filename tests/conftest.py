"""Shared fixtures: one full build of the shipped project, and tiny projects made on demand."""

from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests are derandomized by default, so CI passes or fails the same code the same way every
# time. `HYPOTHESIS_PROFILE=explore python -m pytest tests/reading/test_markup.py tests/building/test_reliability.py`
# runs them with random seeds and ten times the examples; a failing input it finds becomes an
# `@example` on the test before the fix lands (see the README's "Testing").
settings.register_profile("ci", derandomize=True, database=None, max_examples=150)
settings.register_profile("explore", derandomize=False, max_examples=1500)
# Mutation runs (bench/mutation.sh) trace every call on a loaded machine: the same examples as "ci",
# without the time limits that tracing alone would trip.
settings.register_profile(
    "mutation", derandomize=True, database=None, max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from clinicdocs.building.build import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BRAND = "injury-prevention-guru"
SHIPPED = Path(__file__).resolve().parent / "data" / "project"  # the shipped article and brands, as the tests know them


def make_shipped_root() -> Path:
    """Return a project folder of the tests' own: the repository's layouts with the tests' brands, and the tests' source.

    The suite never reads the repository's source/ or layouts/brands/: a clinic that adds its own
    handouts and brands (or edits the shipped ones) must not fail the README's test line.
    """
    root = Path(tempfile.mkdtemp(prefix="clinicdocs-tests-"))
    shutil.copytree(ROOT / "layouts", root / "layouts", ignore=shutil.ignore_patterns("brands"))
    shutil.copytree(SHIPPED / "brands", root / "layouts" / "brands")
    shutil.copytree(SHIPPED / "source", root / "source")
    shutil.copy(ROOT / "make_docs.py", root / "make_docs.py")
    atexit.register(shutil.rmtree, root, True)
    return root


SHIPPED_ROOT = make_shipped_root()

FRONT_MATTER = """\
---
title: A Tiny Test Document
description: A document made by a test.
language: en-US
date: 2025-02-03
author: Test Author
---
"""


def built_once(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """Return what `make(folder)` built into an empty folder, built once for the whole run.

    Under pytest-xdist (the README's test line) each worker process has its own session, so a session
    fixture would build once per worker: the first worker to ask builds into the run's shared temporary
    folder, under a lock, and the others wait for it and read the same files. Tests only read these builds.
    """
    if not hasattr(request.config, "workerinput"):  # not an xdist worker (the variable PYTEST_XDIST_WORKER reaches a nested pytest too)
        return make(tmp_path_factory.mktemp(name))
    folder = tmp_path_factory.getbasetemp().parent / name  # the run's folder, above each worker's own
    with open(folder.with_name(name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder.with_name(name + ".done")
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            done.write_text(make(folder).relative_to(folder).as_posix(), encoding="utf-8")
        return folder / done.read_text(encoding="utf-8")


def build_shipped(out: Path) -> Path:
    """Build the shipped source for every shipped brand into `out`; return `out`."""
    build(BuildOptions(source=SHIPPED_ROOT / "source", layouts=SHIPPED_ROOT / "layouts", out=out))
    return out


@pytest.fixture(scope="session")
def shipped_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the shipped source for every shipped brand once, and return the build folder."""
    return built_once(request, tmp_path_factory, "shipped-build", build_shipped)


NETWORK_DOCS = {
    "source/knee.md": "---\ntitle: Knee Care\ndescription: Resting a sore knee.\nlanguage: en-GB\ndate: 2025-01-01\nauthor: A\n---\n\n"
    "## Rest\n\n| Day | Minutes |\n|---|---|\n| 1 | 10 |\n| 2 | 15 |\n",
    "source/ruecken.md": "---\ntitle: Rücken stärken\ndescription: Übungen für den Rücken.\nlanguage: de-DE\ndate: 2025-03-04\nauthor: A\n"
    "keywords: [Rücken, Übungen]\n---\n\nGehen Sie täglich spazieren.[^1]\n\n[^1]: Mindestens zwanzig Minuten.\n",
    "source/hombro.md": "---\ntitle: El hombro & la espalda\ndescription: Cuidar el hombro.\nlanguage: es-ES\ndate: 2025-05-06\nauthor: A\n---\n\n"
    "- [ ] Caminar cada día.\n- [ ] Beber agua.\n",
}
NETWORK_ONLY = ("card", "epub", "catalog")


def write_network(root: Path) -> Path:
    """Create a project with three documents in three languages and both shipped brands."""
    write_project(root, NETWORK_DOCS)
    shutil.copytree(SHIPPED_ROOT / "layouts" / "brands" / "bjork-sondergaard-physio", root / "layouts" / "brands" / "bjork-sondergaard-physio")
    return root


def build_network(root: Path) -> Path:
    """Write the three-document, two-brand project into `root` and build its cards, EPUBs and shelves; return `root`."""
    write_network(root)
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=NETWORK_ONLY))
    return root


@pytest.fixture(scope="session")
def network_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the three-document, two-brand project once (cards, EPUBs, shelves); return the project root."""
    return built_once(request, tmp_path_factory, "network", build_network)


def write_project(root: Path, files: dict[str, str | bytes], brand: str = DEFAULT_BRAND) -> Path:
    """Create a project under `root`: the shipped layouts, one brand, and the given files."""
    shutil.copytree(ROOT / "layouts", root / "layouts", ignore=shutil.ignore_patterns("brands"))
    shutil.copytree(SHIPPED_ROOT / "layouts" / "brands" / brand, root / "layouts" / "brands" / brand)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path: Path):
    """Return a function that builds a tiny project in tmp_path from {relative path: content}."""

    def make(files: dict[str, str | bytes], brand: str = DEFAULT_BRAND) -> Path:
        return write_project(tmp_path, files, brand)

    return make


@pytest.fixture
def in_project(monkeypatch: pytest.MonkeyPatch):
    """Return a function that makes a project folder the working directory."""

    def enter(root: Path) -> Path:
        monkeypatch.chdir(root)
        return root

    return enter
