"""The substitutions handed to Python-Markdown's smarty extension: its seven names, as character references."""

from __future__ import annotations

from clinicdocs.language.typography import smarty_substitutions


def test_smarty_gets_each_of_its_seven_names_as_character_references():
    assert smarty_substitutions("de") == {
        "left-double-quote": "&#8222;", "right-double-quote": "&#8220;",
        "left-single-quote": "&#8216;", "right-single-quote": "&#8217;",
        "ndash": "&#8211;", "mdash": "&#8212;", "ellipsis": "&#8230;",
    }
    assert smarty_substitutions("fr")["left-double-quote"] == "&#171;&#160;"  # « and a no-break space
