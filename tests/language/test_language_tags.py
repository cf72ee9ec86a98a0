"""Language tags to catalog names: the tag's own names first, then CLDR's relatives for a tag without a catalog."""

from __future__ import annotations

import pytest

from clinicdocs.language.tags import candidates, related


@pytest.mark.parametrize(
    ("tag", "names"),
    [
        ("es-MX", ["es_MX", "es"]),
        ("es_MX", ["es_MX", "es"]),  # a POSIX locale name is read the same
        ("ES", ["es"]),  # the language subtag is lower case in catalog names, once
        ("sr-Latn-RS", ["sr_Latn_RS", "sr_Latn", "sr"]),  # subtags dropped from the end, one by one
        ("", []),
        ("-", []),
    ],
)
def test_catalog_names_go_from_the_whole_tag_to_its_language(tag, names):
    assert candidates(tag) == names


@pytest.mark.parametrize(
    ("tag", "first"),
    [
        ("pt", ["pt_Latn", "pt_BR"]),  # CLDR's likely script and region
        ("zh", ["zh_Hans", "zh_CN"]),
        ("zh-TW", ["zh_Hant", "zh_TW"]),  # the tag's own likely script before its language's
        ("pt-AO", ["pt_PT"]),  # CLDR's parent locale first
        ("es-MX", ["es_419"]),
        ("nb", ["no"]),
    ],
)
def test_a_tag_without_a_catalog_is_led_to_its_relatives(tag, first):
    assert related(tag)[: len(first)] == first


@pytest.mark.parametrize(("tag", "alias"), [("iw", "he"), ("no", "nb"), ("fil", "tl")])
def test_an_old_or_macro_language_code_ends_with_the_language_readers_expect(tag, alias):
    assert related(tag)[-1] == alias


@pytest.mark.parametrize("tag", ["", "-", "en"])
def test_a_tag_with_nothing_further_leads_nowhere_else(tag):
    assert related(tag) == ([] if tag.strip("-") == "" else ["en_Latn", "en_US"])


def test_a_posix_name_and_a_lower_case_script_lead_to_the_same_relatives():
    assert related("es_MX") == related("es-MX")
    assert related("zh-hant")[:2] == ["zh_Hant", "zh_TW"]  # a script subtag in any case: Traditional, not Simplified


@pytest.mark.parametrize("tag, names", [
    ("zh-hant-tw", ["zh_Hant_TW", "zh_Hant", "zh"]),  # any case: a script is title case, a region upper case
    ("ZH-HANT-TW", ["zh_Hant_TW", "zh_Hant", "zh"]),
    ("pt-br", ["pt_BR", "pt"]),
    ("es-419", ["es_419", "es"]),
    ("sr_latn_rs", ["sr_Latn_RS", "sr_Latn", "sr"]),
])
def test_candidates_drop_subtags_from_the_end_in_the_catalogs_case(tag, names):
    assert candidates(tag) == names


@pytest.mark.parametrize("tag", ["zh-Hant-TW", "zh-hant-tw", "zh-HK", "zh-Hant"])
def test_traditional_chinese_in_any_form_finds_the_traditional_catalog(tag):
    from clinicdocs.language.catalogs import find_catalog
    from conftest import SHIPPED_ROOT

    found = find_catalog(SHIPPED_ROOT / "layouts", tag)
    assert found is not None and found.parent.parent.name == "zh_Hant"
