"""Golden files: the HTML handed to WeasyPrint and the XHTML handed to ebooklib.

A change to the templates or the parser shows up here as a readable diff.
Regenerate on purpose with `UPDATE_GOLDEN=1 python -m pytest tests/rendering/test_golden.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clinicdocs.brands.schema import load_brand
from clinicdocs.reading.parse import parse_document
from clinicdocs.rendering.pdf import handout_html
from clinicdocs.reading.source import read_source
from clinicdocs.rendering.templates import make_environment, render
from conftest import SHIPPED_ROOT

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parents[1] / "golden"


@pytest.fixture(scope="module")
def context():
    document = parse_document(read_source(SHIPPED_ROOT / "source" / "hip-flexors.md"))
    brand = load_brand(SHIPPED_ROOT / "layouts" / "brands" / "injury-prevention-guru")
    return make_environment(SHIPPED_ROOT / "layouts"), document, brand


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("variant", ["guide", "card"])
def test_handout_html(context, variant):
    env, document, brand = context
    check_golden(f"hip-flexors-{variant}-letter.html", handout_html(env, document, brand, variant, "letter"))


def test_epub_text_xhtml(context):
    env, document, brand = context
    check_golden("hip-flexors-text.xhtml", render(env, "epub/text.xhtml.j2", document=document, brand=brand))
