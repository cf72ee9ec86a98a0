"""Raw HTML that passed the sanitizer, read back into elements: what the tree holds is what was written."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import pytest

from clinicdocs.reading.rawhtml import parse_fragment


@pytest.mark.parametrize(
    ("markup", "tree"),
    [
        # a self-closed tag stays where it was written, with its attributes; a bare attribute is empty
        ('<p>One<br/>two <abbr title="x" lang/>three</p>', '<div><p>One<br />two <abbr title="x" lang="" />three</p></div>'),
        ("<p>a<br/><br/>b</p>c", "<div><p>a<br /><br />b</p>c</div>"),
        ("<p>a<b>b</p>c</b>d", "<div><p>a<b>b</b></p>cd</div>"),  # an unclosed element ends with its parent
        ("<p>&amp; &lt;x&gt;</p>", "<div><p>&amp; &lt;x&gt;</p></div>"),  # text decoded once
    ],
)
def test_a_fragment_is_read_into_the_elements_it_writes(markup, tree):
    assert etree.tostring(parse_fragment(markup), encoding="unicode") == tree
