"""The Markdown source becomes the document model, word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clinicdocs.errors import BuildError
from clinicdocs.parse import parse_document
from clinicdocs.source import read_source

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).parent / "data" / "hip-flexors-article.txt"
# The seed's last lines are the clinic byline (from the brand now) and the web host's credit.
NOT_ARTICLE = ("Injury Prevention Guru", "St. Louis, MO, USA", "© 2025 Injury Prevention Guru.", "All rights reserved.", "Powered by", "Zipper")


@pytest.fixture(scope="module")
def document():
    return parse_document(read_source(ROOT / "source" / "hip-flexors.md"))


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
    assert words(model_text(document)) == words(article)


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
        ("![A thing](https://example.com/x.svg)\n", "must be a relative path"),
        ("![A thing](../outside.svg)\n", "outside the source folder"),
        ("[x](javascript:alert(1))\n", "is not allowed"),
        ("[x](http://example.com)\n", "is not allowed"),
        ("<script>alert(1)</script>\n", "raw HTML is not allowed"),
        ("## A\n\n#### B\n", "heading level skipped"),
        ("[x](missing.md)\n", "missing file"),
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
