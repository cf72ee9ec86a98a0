"""A brand as loaded: the fields its templates print, and `--brand` naming one that does not exist."""

from __future__ import annotations

import shutil

import pytest
from conftest import SHIPPED_ROOT

from clinicdocs.brands.schema import load_brand, resolve_brand_arg
from clinicdocs.errors import ConfigError

BRANDS = SHIPPED_ROOT / "layouts" / "brands"


def test_a_brand_prints_its_place_and_each_documents_download_address():
    brand = load_brand(BRANDS / "bjork-sondergaard-physio")
    parts = [brand.city, brand.region, brand.country]
    assert all(isinstance(part, str) for part in parts) and brand.city and brand.country
    assert brand.location == ", ".join(part for part in parts if part)
    assert brand.ebook_url_for("hip-flexors") == "https://bjork-sondergaard.example.dk/guides/hip-flexors.epub"


def test_an_unknown_brand_names_the_known_ones(tmp_path):
    with pytest.raises(ConfigError) as caught:
        resolve_brand_arg("northside", BRANDS)
    assert str(caught.value) == (
        "northside: unknown brand 'northside' (known: bjork-sondergaard-physio, injury-prevention-guru); "
        "or pass a folder holding brand.toml"
    )
    shutil.copytree(BRANDS / "injury-prevention-guru", tmp_path / "guru")
    assert resolve_brand_arg("guru", tmp_path) == tmp_path / "guru"
    assert resolve_brand_arg(str(tmp_path / "guru"), BRANDS) == tmp_path / "guru"
    (tmp_path / "guru" / "brand.toml").unlink()
    with pytest.raises(ConfigError) as none:
        resolve_brand_arg("guru", tmp_path)
    assert "(known: none)" in str(none.value)
