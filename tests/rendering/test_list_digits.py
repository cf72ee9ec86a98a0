"""Numbered lists, steps and exercises count in the language's CLDR default digits, in the PDF and in the EPUB."""

from __future__ import annotations

import re
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.language.digits import written_in
from conftest import DEFAULT_BRAND, write_project

# name: (language, the three list items, the exercise's name, the CSS counter style CLDR's default digits make).
DOCUMENTS = {
    "fa": ("fa", ["کفش راحت بپوشید.", "یک صندلی محکم کنار خود بگذارید.", "آرام نفس بکشید."], "صاف کردن زانو", "persian"),
    "bn": ("bn", ["আরামদায়ক জুতা পরুন।", "পাশে একটি শক্ত চেয়ার রাখুন।", "ধীরে ধীরে শ্বাস নিন।"], "হাঁটু সোজা করা", "bengali"),
    "ar-eg": ("ar-EG", ["ارتدِ حذاءً مريحًا.", "ضع كرسيًا ثابتًا بجانبك.", "تنفّس ببطء."], "فرد الركبة", "arabic-indic"),
    # CLDR writes Arabic (ar) and Hindi with Latin digits: their lists keep them.
    "ar": ("ar", ["ارتدِ حذاءً مريحًا.", "ضع كرسيًا ثابتًا بجانبك.", "تنفّس ببطء."], "فرد الركبة", "decimal"),
    "hi": ("hi", ["आरामदायक जूते पहनें।", "पास में एक मज़बूत कुर्सी रखें।", "धीरे-धीरे साँस लें।"], "घुटना सीधा करना", "decimal"),
}
STEPS = {
    "fa": "روی صندلی بنشینید. پای خود را آرام صاف کنید.", "bn": "চেয়ারে বসুন। পা আস্তে আস্তে সোজা করুন।",
    "ar-eg": "اجلس على الكرسي. افرد ساقك ببطء.", "ar": "اجلس على الكرسي. افرد ساقك ببطء.",
    "hi": "कुर्सी पर बैठें। पैर को धीरे-धीरे सीधा करें।",
}
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def document(name: str) -> str:
    """Return a test document: a numbered list of three items (under a heading that is the first) and an exercise of two steps."""
    language, items, exercise, _ = DOCUMENTS[name]
    listed = "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))
    return f"---\ntitle: {exercise}\nlanguage: {language}\ndate: 2025-03-21\n---\n\n# {exercise}\n\n## {items[0]}\n\n{listed}\n\n## {exercise}\n\n1. **{exercise}:** {STEPS[name]}\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the guide and the EPUB of every document; return the brand's build folder."""
    root = write_project(tmp_path_factory.mktemp("digits"), {f"source/{name}.md": document(name) for name in DOCUMENTS})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide", "epub")))
    return root / "build" / DEFAULT_BRAND


def pdf_lines(path: Path) -> list[str]:
    """Return the PDF's lines as poppler reads them, without the bidi controls it puts around runs, no-break spaces as spaces."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [BIDI_CONTROLS.sub("", line).replace("\u00a0", " ").strip() for line in text.splitlines()]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_list_markers_in_the_pdf_are_the_languages_digits(built, name):
    language, items, exercise, style = DOCUMENTS[name]
    lines = pdf_lines(built / f"{name}-guide-letter.pdf")
    for number, item in enumerate(items, start=1):
        words = item.rstrip(".।")
        line = next(line for line in lines if words in line and line.strip(".।") != words)  # the item, not the heading
        marker = line.replace(words, "")  # what is left: the marker, in logical or visual order
        assert re.sub(r"[\s.।]", "", marker) == written_in(str(number), style), (line, style)
    heading = next(line for line in lines if exercise in line and line != exercise)  # the exercise's name, numbered
    assert written_in("1", style) in heading and ("1" not in heading or style == "decimal"), heading


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_epub_counts_lists_in_the_languages_digits_and_carries_them_in_its_fonts(built, name):
    _, _, exercise, style = DOCUMENTS[name]
    with zipfile.ZipFile(built / f"{name}.epub") as book:
        css = book.read("EPUB/style/book.css").decode("utf-8")
        text = book.read("EPUB/text.xhtml").decode("utf-8")
        fonts = [TTFont(BytesIO(book.read(n))) for n in book.namelist() if n.startswith("EPUB/fonts/") and "brand" not in n]
    if style == "decimal":
        assert "list-style-type" not in css
        return
    assert f"ol {{ list-style-type: {style}; }}" in css
    assert f'<span class="stretch-number">{written_in("1", style)}.</span>' in text
    digits = written_in("0123456789", style)  # the reader draws the markers ("۳.") from the book's own fonts
    assert fonts and all(all(ord(digit) in font.getBestCmap() for digit in digits) for font in fonts), style
