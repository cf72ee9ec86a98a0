"""Shared fixtures: one full build of the shipped project, and tiny projects made on demand."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are derandomized by default, so CI passes or fails the same code the same way every
# time. `HYPOTHESIS_PROFILE=explore python -m pytest tests/test_markup.py tests/test_reliability.py`
# runs them with random seeds and ten times the examples; a failing input it finds becomes an
# `@example` on the test before the fix lands (see the README's "Testing").
settings.register_profile("ci", derandomize=True, database=None, max_examples=150)
settings.register_profile("explore", derandomize=False, max_examples=1500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from clinicdocs.build import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BRAND = "injury-prevention-guru"

FRONT_MATTER = """\
---
title: A Tiny Test Document
description: A document made by a test.
language: en-US
date: 2025-02-03
author: Test Author
---
"""


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the shipped source for every shipped brand once, and return the build folder."""
    out = tmp_path_factory.mktemp("build")
    build(BuildOptions(source=ROOT / "source", layouts=ROOT / "layouts", out=out))
    return out


def write_project(root: Path, files: dict[str, str | bytes], brand: str = DEFAULT_BRAND) -> Path:
    """Create a project under `root`: the shipped layouts, one brand, and the given files."""
    shutil.copytree(ROOT / "layouts", root / "layouts", ignore=shutil.ignore_patterns("brands"))
    shutil.copytree(ROOT / "layouts" / "brands" / brand, root / "layouts" / "brands" / brand)
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
