"""The printed link address: after the link's words, in its own smaller span, and the sentence goes on outside it."""

from __future__ import annotations

from clinicdocs.language.typeset import etree, print_links


def test_the_words_after_a_link_stay_outside_its_printed_address():
    paragraph = etree.fromstring('<p>See <a href="https://example.org/safe">the guide</a> before you start, then rest.</p>')
    print_links(paragraph)
    shown = paragraph.find("span")
    assert shown is not None and shown.get("class") == "link-address"
    assert "".join(shown.itertext()) == " (https://example.org/safe)"
    assert shown.tail == " before you start, then rest."
    assert "".join(paragraph.itertext()) == "See the guide (https://example.org/safe) before you start, then rest."
