"""The Markdown source becomes the document model, word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from clinicdocs.reading.elements import LineFinder
from clinicdocs.errors import BuildError
from clinicdocs.model import Document
from clinicdocs.reading.parse import collect_document, parse_document
from clinicdocs.reading.source import read_source
from conftest import SHIPPED_ROOT, write_project

ROOT = Path(__file__).resolve().parents[2]
SEED = Path(__file__).parents[1] / "data" / "hip-flexors-article.txt"
# The seed's last lines are the clinic byline (from the brand now) and the web host's credit.
NOT_ARTICLE = ("Injury Prevention Guru", "St. Louis, MO, USA", "© 2025 Injury Prevention Guru.", "All rights reserved.", "Powered by", "Zipper")


@pytest.fixture(scope="module")
def document():
    return parse_document(read_source(SHIPPED_ROOT / "source" / "hip-flexors.md"))


def words(text: str) -> list[str]:
    """Return the words of a text, without list numbering."""
    return [w for w in text.split() if not re.fullmatch(r"\d+\.", w)]


def model_text(document) -> str:
    """Return the article's text as the model holds it, in reading order."""
    parts = [document.metadata.title]
    for section in document.sections:
        parts.append(section.title)
        for block in section.blocks:
            parts.append(block.text)
            parts += [f"{s.name}: {' '.join(s.steps)} {s.hold}" for s in block.stretches]
            parts += [item.text for item in block.items]
    return " ".join(parts)


def test_model_holds_the_article_word_for_word(document):
    seed_lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    article = " ".join(line for line in seed_lines if line and line not in NOT_ARTICLE)
    # Word for word: only the quotes and apostrophes are typographic (tests/language/test_typography.py).
    straight = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
    assert "you’re" in model_text(document)
    assert words(model_text(document).translate(straight)) == words(article)


def test_sections_are_the_articles_headings(document):
    assert [s.title for s in document.sections] == [
        "Understanding the Relationship Between Hip Flexors and Lower Back Pain",
        "The Impact of Tight Hip Flexors on Lower Back",
        "How to Alleviate Lower Back Pain by Stretching Hip Flexors",
        "Other Lifestyle Changes to Support a Healthy Back",
        "Seeking Professional Guidance for Lower Back Pain",
    ]


def test_three_stretches_are_structured(document):
    stretches = document.stretches
    assert [s.name for s in stretches] == ["Kneeling Hip Flexor Stretch", "Lunging Hip Flexor Stretch", "Supine Hip Flexor Stretch"]
    assert all(s.hold_seconds == 30 and s.sides for s in stretches)
    assert stretches[0].steps[0] == "Kneel on one knee with the opposite foot flat on the floor in front of you."
    assert len(stretches[1].steps) == 3
    assert all(s.illustration and s.illustration.alt and s.illustration.path.is_file() for s in stretches)


def test_checklist_has_five_unticked_items(document):
    items = document.checklist
    assert len(items) == 5 and not any(item.checked for item in items)
    assert items[4].text.startswith("If you have a sedentary job")


def test_metadata_from_front_matter(document):
    meta = document.metadata
    assert meta.language == "en-US" and meta.date.year == 2025
    assert "hip flexors" in meta.keywords
    assert document.card_note.startswith("Although stretches and lifestyle changes can be beneficial")


def test_image_names_are_generated_not_copied(make_project):
    root = make_project({
        "source/doc.md": "---\ntitle: T\ndescription: D\nlanguage: en\ndate: 2025-01-01\nauthor: A\n---\n\n![A red square](pics/My%20Pic.SVG)\n",
        "source/pics/My Pic.SVG": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    })
    document = parse_document(read_source(root / "source" / "doc.md"))
    assert document.images[0].name == "images/my-pic.svg"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("![](images/x.svg)\n", "has no alt text"),
        ("![A thing](images/missing.svg)\n", "not found"),
        ("![A thing](ftp://example.com/x.svg)\n", "must be a relative path"),  # a web picture is a warning (see below)
        ("![A thing](/srv/x.svg)\n", "must be a relative path"),
        ("![A thing](../outside.svg)\n", "outside the source folder"),
        ("[x](javascript:alert(1))\n", "is not allowed"),
        ("<script>alert(1)</script>\n", "raw HTML <script> is not allowed: it holds a script"),
        ('Hi <b onclick="x()">there</b>\n', "raw HTML <b onclick> is not allowed: it is an event handler"),
        ('<p>A <img src="file:///etc/passwd"></p>\n', "files and network addresses are never loaded"),
    ],
)
def test_bad_markdown_names_file_and_line(make_project, body, message):
    root = make_project({
        "source/doc.md": "---\ntitle: T\ndescription: D\nlanguage: en\ndate: 2025-01-01\nauthor: A\n---\n\nIntro.\n\n" + body,
        "source/images/x.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        "outside.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    })
    with pytest.raises(BuildError) as caught:
        parse_document(read_source(root / "source" / "doc.md"))
    text = str(caught.value)
    assert message in text
    line = 11 if not body.startswith("## ") else 13
    assert re.search(rf"doc\.md:{line}: ", text), text


def test_document_without_stretches_or_checklist_parses(make_project):
    root = make_project({"source/plain.md": "---\ntitle: T\ndescription: D\nlanguage: en\ndate: 2025-01-01\nauthor: A\n---\n\nJust *one* paragraph.\n"})
    document = parse_document(read_source(root / "source" / "plain.md"))
    assert document.stretches == () and document.checklist == ()
    assert document.sections[0].blocks[0].html == "<p>Just <em>one</em> paragraph.</p>"


FRONT = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n"  # the body starts on line 9
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'


def parse_body(tmp_path: Path, body: str, files: dict | None = None):
    """Parse a document made of the standard front matter and `body`, in a new project under tmp_path."""
    root = write_project(tmp_path / f"project-{len(list(tmp_path.iterdir()))}", {"source/doc.md": FRONT + body, "source/images/x.svg": SVG, **(files or {})})
    return parse_document(read_source(root / "source" / "doc.md"))


def errors_of(tmp_path: Path, body: str, files: dict | None = None) -> list[str]:
    """Return the error lines parsing `body` raises, as 'doc.md:LINE: message'."""
    with pytest.raises(BuildError) as caught:
        parse_body(tmp_path, body, files)
    return [re.sub(r"^.*/(doc\.md:)", r"\1", line) for line in str(caught.value).splitlines()]


def warnings_of(tmp_path: Path, body: str, files: dict | None = None, front: str = FRONT) -> tuple[Document, list[str]]:
    """Return the document a body parses to and its warnings, as 'doc.md:LINE: message'."""
    root = write_project(tmp_path / f"project-{len(list(tmp_path.iterdir()))}", {"source/doc.md": front + body, "source/images/x.svg": SVG, **(files or {})})
    document, problems, warnings = collect_document(read_source(root / "source" / "doc.md"))
    assert not problems, problems
    return document, [re.sub(r"^.*/(doc\.md:)", r"\1", str(w)) for w in warnings]


def test_only_a_leading_h1_is_the_title_line_and_a_second_one_is_a_section(tmp_path):
    document = parse_body(tmp_path, "# The Title\n\n## Knees\n\nText.\n")
    assert [s.title for s in document.sections] == ["Knees"]
    document, warnings = warnings_of(tmp_path, "# Introduction\n\n# Why knees hurt\n\nText.\n")
    assert [s.title for s in document.sections] == ["Why knees hurt"]
    assert warnings == ["doc.md:11: '# Why knees hurt' is a second '#' heading; it becomes a section: write '## Why knees hurt' to say so"]
    document, warnings = warnings_of(tmp_path, "Text first.\n\n# Late title\n\nMore.\n")
    assert [s.title for s in document.sections] == ["", "Late title"] and warnings[0].startswith("doc.md:11: '# Late title' is a second '#' heading")


def test_every_id_is_unique_in_the_document(tmp_path):
    body = (
        "Intro text.\n\n## Intro\n\n1. **A:** Do a.\n\n## Stretch 1\n\n1. **B:** Do b.\n\n### Tips\n\n"
        "- [ ] One.\n\n## Tips\n\n- [ ] Two.\n\n## Intro heading\n\nText.\n\n## Colophon\n\nText.\n"
    )
    document = parse_body(tmp_path, body)
    ids = [s.id for s in document.sections] + [s.id for s in document.stretches] + [i.id for i in document.checklist]
    ids += [m for s in document.sections for b in s.blocks for m in re.findall(r' id="([^"]+)"', b.html)]
    assert len(ids) == len(set(ids)), ids
    heading_ids = {f"{s.id}-heading" for s in document.sections if s.title}  # the EPUB's <h2> ids
    assert not heading_ids & set(ids) and "title" not in ids and "colophon" not in ids
    assert [s.id for s in document.sections][:3] == ["intro", "intro-2", "stretch-1-2"]
    assert [s.id for s in document.stretches] == ["stretch-1", "stretch-2"]  # numbers run on across sections


def test_loose_and_nested_checklist_items_keep_the_label_inline(tmp_path):
    body = "- [ ] Walk *daily*.\n\n    Even a short walk helps.\n\n- [x] Drink water.\n    - at breakfast\n    - at lunch\n"
    first, second = parse_body(tmp_path, body).checklist
    assert (first.html, first.extra_html) == ("Walk <em>daily</em>.", "<p>Even a short walk helps.</p>")
    assert second.html == "Drink water." and second.checked
    assert second.extra_html == "<ul>\n<li>at breakfast</li>\n<li>at lunch</li>\n</ul>"
    assert second.text == "Drink water. at breakfast at lunch"


def test_images_in_a_checklist_are_checked_and_renamed(tmp_path):
    document = parse_body(tmp_path, "- [ ] Stand like this: ![A person standing](pics/My%20Pic.svg)\n", {"source/pics/My Pic.svg": SVG})
    assert document.checklist[0].html == 'Stand like this: <img alt="A person standing" src="images/my-pic.svg" />'
    assert [image.name for image in document.images] == ["images/my-pic.svg"]
    assert errors_of(tmp_path, "- [ ] Stand: ![](images/x.svg)\n")[0].startswith("doc.md:9: image 'images/x.svg' has no alt text")


def test_task_item_without_text_is_left_out_with_a_warning(tmp_path):
    document, warnings = warnings_of(tmp_path, "- [ ] Walk.\n- [ ]\n")
    assert [item.text for item in document.checklist] == ["Walk."]
    assert warnings == ["doc.md:10: checklist item has no text, so it is left out; write the task after '- [ ]' or delete the line"]


def test_local_file_link_prints_as_text_and_fragment_links_are_checked(tmp_path):
    body = "See [the hip guide](hip.md) and [below](#knees).\n\n## Knees\n\nText.\n"
    document = parse_body(tmp_path, body, {"source/hip.md": "# Hip\n"})
    assert document.sections[0].blocks[0].html == '<p>See the hip guide and <a href="#knees">below</a>.</p>'
    document, warnings = warnings_of(tmp_path, "See [x](#nope) and [y](#knees).\n\n## Knees\n\nText.\n")
    assert warnings == ["doc.md:9: link '#nope' points to nothing in this document; it prints as plain text (headings: #intro, #knees)"]
    assert document.sections[0].blocks[0].html == '<p>See x and <a href="#knees">y</a>.</p>'  # a forward link to a later heading stays


def test_character_references_become_characters(tmp_path):
    html = parse_body(tmp_path, "A&nbsp;b &copy; &#169; &#xA9; &amp; &lt;p&gt; &amp;copy; &bogus;\n").sections[0].blocks[0].html
    assert html == "<p>A\u00a0b © © © &amp; &lt;p&gt; &amp;copy; &amp;bogus;</p>"
    for reference in ("&#1;", "&#129;", "&#xD;"):
        assert errors_of(tmp_path, f"Bad {reference} here.\n") == [f"doc.md:9: character reference '{reference}' is not a printable character; delete it"]


def test_email_autolink_is_a_plain_mailto_link(tmp_path):
    html = parse_body(tmp_path, "Mail <info@example.com>.\n").sections[0].blocks[0].html
    assert html == '<p>Mail <a class="url" dir="ltr" href="mailto:info@example.com">info@example.com</a>.</p>'


def test_fenced_code_is_a_code_block(tmp_path):
    blocks = parse_body(tmp_path, "Before:\n```python\nif a < b & c:\n    print('&amp;')\n```\nAfter.\n").sections[0].blocks
    assert [b.html for b in blocks] == [
        "<p>Before:</p>",
        '<pre><code class="language-python">if a &lt; b &amp; c:\n    print(\'&amp;amp;\')\n</code></pre>',
        "<p>After.</p>",
    ]


def test_raw_html_in_a_fence_is_code_and_outside_it_is_sanitized(tmp_path):
    assert parse_body(tmp_path, "```\n<script>x</script>\n```\n").sections[0].blocks[0].html.startswith("<pre><code>&lt;script&gt;")
    document, warnings = warnings_of(tmp_path, "```\ncode\n```\n\n<div>x</div>\n")
    assert warnings == ["doc.md:13: raw HTML '<div>x</div>': left out <div> (the text inside is kept); write Markdown instead"]
    assert document.sections[0].blocks[1].html == "<p>x</p>"


def test_nested_list_under_a_stretch_adds_steps(tmp_path):
    body = "1. **Bridge:** Lie down. Lift the hips.\n    - Squeeze *gently*.\n    - Breathe.\n\n    Hold for 10 seconds.\n"
    (stretch,) = parse_body(tmp_path, body).stretches
    assert stretch.steps == ("Lie down.", "Lift the hips.", "Squeeze gently.", "Breathe.")
    assert stretch.hold == "Hold for 10 seconds." and stretch.hold_seconds == 10


@pytest.mark.parametrize(
    ("link", "url_class"),
    [("<https://example.org>", True), ("[https://example.org](https://example.org)", True), ("[example.org](https://example.org/)", True), ("[our site](https://example.org)", False)],
)
def test_link_showing_its_address_is_marked(tmp_path, link, url_class):
    html = parse_body(tmp_path, f"Visit {link}.\n").sections[0].blocks[0].html
    assert ('class="url"' in html) is url_class, html


def test_repeated_heading_gets_its_own_line(tmp_path):
    document = parse_body(tmp_path, "## Rest\n\nText.\n\n## Rest\n\nMore.\n\n### Tip\n\nA.\n\n## Other\n\n### Tip\n\nB.\n")
    assert [(s.title, s.line) for s in document.sections] == [("Rest", 9), ("Rest", 13), ("Other", 21)]
    tips = [b.line for s in document.sections for b in s.blocks if b.html.startswith("<h3")]
    assert tips == [17, 23]


def test_too_many_brackets_has_its_own_message(tmp_path):
    (message,) = errors_of(tmp_path, "Text.\n\n" + ("[" * 70 + "\n") * 3)
    assert message.startswith("doc.md:11: more than 200 '[' in one paragraph;")


class SearchingLineFinder(LineFinder):
    """The heading search as it was first written: the heading pattern searched through the rest of the body."""

    def heading_line(self, title: str) -> int:
        text = re.escape(title)
        pattern = rf"^ {{0,3}}#{{1,6}}[ \t]+{text}[ \t#]*$|^{text}[ \t]*\n[=-]+[ \t]*$"
        line = self.next_match(pattern) if title else None
        return line if line is not None else self.next_line(title)

    def line_at(self, index: int) -> int:
        return self.first_line + self.body.count("\n", 0, index)


@settings(max_examples=300)
@given(
    body=st.lists(st.sampled_from(["a", "b", "ab", "# a", "## b", "   # ab #", "#a", "    # a", "a  ", "==", "--", "-", "", "\t# b",
                                   "####### a", "# a ##", "#\ta", "a #", "# a # b", "=-=", "= =", "a\t", " a", "# a #", "#", "# #"]), max_size=14).map("\n".join),
    titles=st.lists(st.sampled_from(["a", "b", "ab", "a b", "#", "", "a #", "# a", "="]), max_size=6),
)
@example(body="a\n# a\n", titles=["a"])
@example(body="# a\nb\n# a\n", titles=["a", "a", "a"])
@example(body="b a\na\n==\n", titles=["a"])
@example(body="a\n\n# a", titles=["a"])
def test_heading_lines_are_those_a_search_of_the_whole_body_finds(body, titles):
    quick, searching = LineFinder(body, 3), SearchingLineFinder(body, 3)
    assert [quick.heading_line(t) for t in titles] == [searching.heading_line(t) for t in titles]
    assert [quick.line_at(i) for i in range(len(body) + 1)] == [searching.line_at(i) for i in range(len(body) + 1)]


def test_pictures_on_the_web_print_as_their_description_with_a_warning(tmp_path):
    body = (
        "## Setup ![tools](https://example.org/t.svg) first\n\n"  # line 9
        "[![build passing](https://img.shields.io/b.svg)](https://example.org/ci) Text[^n].\n\n"  # line 11
        "![](//cdn.example.org/empty.png)\n\n"  # line 13: no description
        "1. **Bridge:** Lift ![hips](HTTPS://example.org/h.png) up. Hold for 10 seconds.\n\n"  # line 15
        "[^n]: See ![chart](http://example.org/c.png).\n"  # line 17
    )
    document, warnings = warnings_of(tmp_path, body)
    assert [w.split(": warning")[0] if ": warning" in w else w.split(": picture")[0] for w in warnings if "on the web" in w] == [
        "doc.md:9", "doc.md:11", "doc.md:13", "doc.md:15", "doc.md:17"]
    assert "doc.md:13: picture '//cdn.example.org/empty.png' is on the web, and handouts are built offline: it is left out (it has no description)" in " ".join(warnings)
    assert document.images == ()
    assert document.sections[0].title == "Setup tools first"
    html = " ".join(block.html for section in document.sections for block in section.blocks)
    assert "build passing" in html and "See chart." in html and "<img" not in html and "<p></p>" not in html
    (stretch,) = document.sections[0].blocks[-1].stretches
    assert stretch.steps == ("Lift hips up.",) and stretch.illustration is None


def test_a_picture_in_a_footnote_is_checked_and_packed_like_the_texts(tmp_path):
    document, _ = warnings_of(tmp_path, "Text[^n].\n\n[^n]: See ![a diagram](images/x.svg).\n")
    assert [image.src for image in document.images] == ["images/x.svg"]
    assert "missing.svg" in " ".join(errors_of(tmp_path, "Text[^n].\n\n[^n]: See ![a diagram](images/missing.svg).\n"))


def test_the_card_note_is_a_paragraph_never_a_table(tmp_path):
    """card_note_from takes the section's first paragraph; a table's cells run together are no closing line."""
    table = "| Week | Reps |\n|---|---|\n| 1 | 10 |\n| 2 | 12 |\n"
    front = "---\ntitle: T\ncard_note_from: Log\n---\n\n"
    root = write_project(tmp_path / "a", {"source/doc.md": front + f"## Log\n\n{table}\nWrite down how it went.\n"})
    document, problems, _ = collect_document(read_source(root / "source" / "doc.md"))
    assert not problems and document.card_note == "Write down how it went."
    root = write_project(tmp_path / "b", {"source/doc.md": front + f"## Log\n\n{table}"})
    _, problems, _ = collect_document(read_source(root / "source" / "doc.md"))
    assert [p.message for p in problems] == ["card_note_from: no section titled 'Log' with a paragraph of text (sections: Log)"]
