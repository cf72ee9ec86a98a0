"""Curly quotes, apostrophes, dashes and ellipses in the conventions of each document's language."""

from __future__ import annotations

import subprocess
import zipfile

import pytest

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.reading.parse import parse_document
from clinicdocs.reading.source import read_source
from clinicdocs.language.typography import quotes_for

BODY = """\
# {title}

## Why "it's" matters

She said "don't stop" -- twice --- and then 'rest'... Use `"raw" code` as is.

```
say "hello" -- it's code...
```

- [ ] Say "yes" to the 1990's habits.
"""


def document(tmp_path, language: str, title: str = 'The "Quiet" Knee'):
    front = f"---\ntitle: '{title.replace(chr(39), chr(39) * 2)}'\ndescription: It's short.\nlanguage: {language}\ndate: 2025-01-01\nauthor: A\n---\n"
    path = tmp_path / "source" / "doc.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front + BODY.format(title=title), encoding="utf-8")
    return parse_document(read_source(path))


@pytest.mark.parametrize(
    "language, opening, closing",
    [("en-US", "“", "”"), ("de-DE", "„", "“"), ("de-CH", "«", "»"), ("fr-FR", "«\u00a0", "\u00a0»"), ("es", "«", "»"),
     ("ru", "«", "»"), ("da-DK", "»", "«"), ("sv", "”", "”"), ("tr", "“", "”")],
)
def test_quotes_follow_the_language(tmp_path, language, opening, closing):
    doc = document(tmp_path, language)
    section = doc.sections[0]
    paragraph = section.blocks[0].text
    assert section.title == f"Why {opening}it’s{closing} matters"
    assert paragraph.startswith(f"She said {opening}don’t stop{closing} – twice — and then ‘rest’… Use ")
    assert doc.metadata.title == f"The {opening}Quiet{closing} Knee" and doc.metadata.description == "It’s short."
    assert doc.checklist[0].text == f"Say {opening}yes{closing} to the 1990’s habits."


def test_code_keeps_its_straight_quotes(tmp_path):
    doc = document(tmp_path, "de-DE")
    blocks = doc.sections[0].blocks
    assert '<code>"raw" code</code>' in blocks[0].html.replace("&quot;", '"')
    assert 'say "hello" -- it\'s code...' in blocks[1].text


def test_words_stay_as_written(tmp_path):
    """Only punctuation changes: mapping the typographic glyphs back gives the source's words."""
    doc = document(tmp_path, "fr-FR")
    back = str.maketrans({"«": '"', "»": '"', "‘": "'", "’": "'", "\u00a0": None})
    text = doc.sections[0].blocks[0].text.translate(back).replace("–", "--").replace("—", "---").replace("…", "...")
    assert text == "She said \"don't stop\" -- twice --- and then 'rest'... Use \"raw\" code as is."


def test_unknown_language_falls_back_to_its_relatives_then_its_primary_subtag():
    assert quotes_for("de-AT") == quotes_for("de")
    assert quotes_for("pt") == quotes_for("pt-BR") != quotes_for("pt-PT") == quotes_for("pt-AO")  # as the catalogs are found
    assert quotes_for("zh-TW") == quotes_for("zh-Hant-HK") == ("「", "」", "‘", "’") != quotes_for("zh-CN")
    assert quotes_for("iw") == quotes_for("he") and quotes_for("sw") == quotes_for("en")


def test_every_output_has_the_typographic_glyphs(make_project):
    root = make_project({"source/doc.md": "---\ntitle: T\ndescription: D\nlanguage: de-DE\ndate: 2025-01-01\nauthor: A\n---\n"
                         + BODY.format(title="T")})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide", "epub")))
    folder = root / "build" / "injury-prevention-guru"
    pdf = " ".join(subprocess.run(["pdftotext", str(folder / "doc-guide-letter.pdf"), "-"], capture_output=True, text=True).stdout.split())
    with zipfile.ZipFile(folder / "doc.epub") as book:
        epub = book.read("EPUB/text.xhtml").decode()
    for text in (pdf, epub):
        assert "Why „it’s“ matters" in text
        assert "„don’t stop“ – twice — and then ‘rest’…" in text
    assert "it's" not in pdf.replace('say "hello" -- it\'s code...', "")
