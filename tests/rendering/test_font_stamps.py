"""A handout whose text needs a variable fallback font is byte-identical to itself whenever it is built."""

from __future__ import annotations

import types

import pytest
from fontTools.misc import timeTools

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.rendering import font_stamps
from conftest import write_project

PERSIAN = """\
    ---
    title: تمرین زانو
    language: fa
    date: 2025-03-21
    ---
    # تمرین زانو

    ## چرا

    ورزش روزانه و آرام زانو را قوی نگه می‌دارد. اگر درد بیشتر شد، دست نگه دارید.
    """


def build_at(root, out: str, seconds: float, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Build the guide with fontTools' clock reading `seconds`, and return its bytes."""
    monkeypatch.setattr(timeTools, "time", types.SimpleNamespace(time=lambda: seconds))
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / out, only=("guide",)))
    [guide] = sorted((root / out).rglob("*-guide-*.pdf"))[:1]
    return guide.read_bytes()


def test_a_persian_guide_built_a_day_later_is_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_project(tmp_path, {"source/zanu.md": PERSIAN})
    first = build_at(root, "a", 1_750_000_000, monkeypatch)
    second = build_at(root, "b", 1_750_086_400, monkeypatch)
    assert first == second


def test_the_stamp_is_fixed_only_while_pdfs_are_written():
    from fontTools.ttLib.tables import _h_e_a_d

    before = _h_e_a_d.timestampNow
    with font_stamps.fixed_font_stamps(), font_stamps.fixed_font_stamps():
        assert _h_e_a_d.timestampNow() == font_stamps.FONT_MODIFIED
    assert _h_e_a_d.timestampNow is before
