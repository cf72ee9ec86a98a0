"""What a build asks for (`--only`, `--shard`) and the outputs it plans, checked without building anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHIPPED_ROOT

from clinicdocs.brands.schema import load_brand
from clinicdocs.errors import BuildError
from clinicdocs.planning.request import ALL_VARIANTS, parse_only, parse_shard
from clinicdocs.planning.targets import Target, in_shard, plan_targets, shard_of

BRANDS = SHIPPED_ROOT / "layouts" / "brands"


@pytest.mark.parametrize("value", [None, ""])
def test_only_asks_for_every_variant_by_default(value):
    assert parse_only(value) == ("guide", "card", "large-print", "epub", "catalog") == ALL_VARIANTS


def test_only_keeps_the_asked_order_and_drops_blanks_and_spaces():
    assert parse_only(" epub , card,,") == ("epub", "card")
    assert parse_only("large-print") == ("large-print",)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (",", "--only: name at least one variant (guide, card, large-print, epub, catalog)"),
        (" , ", "--only: name at least one variant (guide, card, large-print, epub, catalog)"),
        ("card,leaflet,poster", "--only: unknown variant 'leaflet' (choose from guide, card, large-print, epub, catalog)"),
        ("Card", "--only: unknown variant 'Card' (choose from guide, card, large-print, epub, catalog)"),
    ],
)
def test_only_refuses_an_empty_or_unknown_variant_naming_the_choices(value, message):
    with pytest.raises(BuildError) as caught:
        parse_only(value)
    assert str(caught.value) == message


def test_no_shard_is_the_whole_build():
    assert parse_shard(None) == (1, 1)


def test_the_whole_build_keeps_every_pair_and_a_shard_only_its_own():
    brand = load_brand(BRANDS / "injury-prevention-guru")
    target = Target(Path("a.md"), "hip-flexors", brand, "pdf", "guide", "letter", Path("out.pdf"))
    assert in_shard(target, (1, 1))
    for n in (2, 3, 8):
        for slug in ("hip-flexors", "knee", "ankle", "shoulder", "neck"):
            pair = Target(Path("a.md"), slug, brand, "pdf", "guide", "letter", Path("out.pdf"))
            # the shard is the brand's and the document's: each pair in exactly one of the n shards
            assert [k for k in range(1, n + 1) if in_shard(pair, (k, n))] == [shard_of(brand.id, slug, n)]


def test_targets_come_brand_by_brand_guide_first_and_the_shelf_last(tmp_path):
    brands = [load_brand(BRANDS / name) for name in ("injury-prevention-guru", "bjork-sondergaard-physio")]
    documents = [(Path("src/knee.md"), "knee"), (Path("src/hip.md"), "hip")]
    targets = plan_targets(documents, brands, tmp_path, ALL_VARIANTS)
    first = brands[0]
    mine = [t for t in targets if t.brand is first]
    assert targets[: len(mine)] == mine  # one brand's outputs together, in the brands' order
    papers = first.papers
    expected = [
        *[f"knee-{v}-{p}.pdf" for v in ("guide", "card", "large-print") for p in papers], "knee.epub", "knee-cover.png",
        *[f"hip-{v}-{p}.pdf" for v in ("guide", "card", "large-print") for p in papers], "hip.epub", "hip-cover.png",
        "index.html", "catalog.xml",
    ]
    assert [t.path for t in mine] == [tmp_path / first.id / name for name in expected]
    shelf = mine[-2:]
    assert [(t.kind, t.variant) for t in shelf] == [("index", "catalog"), ("opds", "catalog")]
    assert all(t.lists == (Path("src/knee.md"), Path("src/hip.md")) for t in shelf)
    # the shelf links the PDFs and EPUBs, sorted, never the cover pictures
    assert shelf[0].shows == tuple(sorted(n for n in expected[:-2] if not n.endswith(".png")))
    assert all(t.document == Path("src/knee.md") and t.slug == "knee" for t in mine[: len(expected) // 2 - 1])
    # what each output is: a PDF of a variant on a paper, the EPUB and cover on no paper, the shelf of no document
    assert [(t.kind, t.variant, t.paper) for t in mine[: len(papers) * 3 + 2]] == [
        *[("pdf", v, p) for v in ("guide", "card", "large-print") for p in papers], ("epub", "epub", ""), ("cover", "catalog", ""),
    ]
    assert all((t.document, t.slug, t.paper) == (Path(), "", "") for t in shelf)


def test_only_plans_the_asked_variants_and_a_shelf_of_what_was_built(tmp_path):
    brand = load_brand(BRANDS / "injury-prevention-guru")
    targets = plan_targets([(Path("src/knee.md"), "knee")], [brand], tmp_path, ("epub", "catalog"))
    # the cover picture belongs to the catalog: the shelf shows it
    assert [t.path.name for t in targets] == ["knee.epub", "knee-cover.png", "index.html", "catalog.xml"]
    assert targets[2].shows == targets[3].shows == ("knee.epub",)
    no_shelf = plan_targets([(Path("src/knee.md"), "knee")], [brand], tmp_path, ("card",))
    assert [t.variant for t in no_shelf] == ["card"] * len(brand.papers)
