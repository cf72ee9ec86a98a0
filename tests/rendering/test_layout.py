"""Handouts other than the seed article, read back from the PDFs: tables, footnotes, numbering, words, pages.

The documents come from `documents.py` (6 exercises with PNG and JPEG pictures, a progression table
longer than a page, footnotes; a 15-page handout; a German one with long compound words). Each is
built once per module; the tests read the PDFs with poppler and MuPDF, as a reader's tools would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
import xml.etree.ElementTree as etree
from pathlib import Path

import pytest

import documents
from clinicdocs.building.build import BuildOptions, build
from clinicdocs.reading.parse import collect_document
from clinicdocs.reading.source import read_source
from conftest import write_project
from helpers import page_fill

# Page margins in points (layouts/pdf/handout.css.j2): top and bottom of the content area.
MARGINS = {"guide": (0.95 * 72, 1.2 * 72), "large-print": (72, 1.6 * 72)}
NOTES = ("1.Cool", "2.The", "1.Week", "2.Week", "3.Week", "4.Week", "5.Week", "6.Week")  # footnotes, as MuPDF spells them

BRAND = "injury-prevention-guru"
DANISH = "bjork-sondergaard-physio"


def build_project(root: Path, files: dict[str, str | bytes], brand: str, only: tuple[str, ...]) -> Path:
    """Write a project and build the given variants for one brand; return the brand's build folder."""
    write_project(root, files, brand)
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", brands=(brand,), only=only))
    return root / "build" / brand


@pytest.fixture(scope="module")
def six(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = documents.exercises_document(6, "Six Exercises After Knee Surgery to Ease Pain")
    return build_project(tmp_path_factory.mktemp("six"), files, BRAND, ("guide", "large-print", "epub"))


@pytest.fixture(scope="module")
def twelve(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = documents.exercises_document(12, "Twelve Exercises After Your Knee Operation", sections=3)
    return build_project(tmp_path_factory.mktemp("twelve"), files, BRAND, ("guide", "large-print"))


@pytest.fixture(scope="module")
def long(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("long"), documents.long_document(), BRAND, ("guide",))


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("german"), documents.german_document(), DANISH, ("guide",))


def pages_text(pdf: Path) -> list[str]:
    """Return the text of each page, in reading order (pdftotext)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def layout_lines(pdf: Path) -> list[str]:
    """Return every printed line (pdftotext -layout), with the columns of a table as separate lines."""
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [cell.strip() for line in text.splitlines() for cell in re.split(r"\s{3,}", line) if cell.strip()]


def layout_pages(pdf: Path) -> list[str]:
    """Return each page as pdftotext -layout prints it (a table row's cells side by side)."""
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def page_of(pages: list[str], words: str) -> int:
    """Return the number of the page that shows `words` (pages counted from 1)."""
    found = [number for number, text in enumerate(pages, start=1) if words in text]
    assert len(found) == 1, f"{words!r} is on pages {found}"
    return found[0]


def test_footnotes_sit_at_the_foot_of_the_page_of_their_reference(six):
    for pdf in (six / "handout-guide-letter.pdf", six / "handout-large-print-letter.pdf"):
        pages = pages_text(pdf)
        assert page_of(pages, "Cool the knee with a wrapped ice pack") == page_of(pages, "one long session in the evening")
        assert page_of(pages, "available on weekdays from 8 am") == page_of(pages, "before you start any new sport")
        assert "[^" not in " ".join(pages)


def test_table_rows_stay_whole_and_the_header_repeats(six):
    for pdf in (six / "handout-guide-letter.pdf", six / "handout-large-print-letter.pdf"):
        pages = pages_text(pdf)
        table_pages = {page_of(pages, f"Row {week}:") for week in range(1, 19)}
        assert len(table_pages) >= 2, "the test table must cross a page break"
        layout = layout_pages(pdf)
        for week in range(1, 19):  # the first line of every cell of a row is on one printed line
            line = next(line for line in layout[page_of(pages, f"Row {week}:") - 1].splitlines() if f"Row {week}:" in line)
            assert re.fullmatch(rf"\s*{week}\s+Row {week}:.*\s{5 + week}\s.*\s(?:Walk|Rest)\b.*", line), line
        for number in table_pages:
            assert "Week Goal" in pages[number - 1] and "Notes from your" in pages[number - 1]


def test_numbering_and_the_order_of_steps_follow_the_source(six):
    text = " ".join(pages_text(six / "handout-guide-letter.pdf"))
    assert "5. Do not kneel on the operated knee. 6. Do not twist on a planted foot. 7. Do not sit" in text
    assert [int(n) for n in re.findall(r"(\d+)\. (?:Heel Slides|Quadriceps Sets|Straight Leg Raise|Ankle Pumps|Bridging|Calf Stretch)\b", text)] == [1, 2, 3, 4, 5, 6]
    assert re.search(r"2\. Slide one heel [^.]*\. 3\. Hold for 10 seconds, then switch sides\. 4\. Relax and repeat ten times\.", text)  # one sequence


def test_german_text_is_hyphenated_and_no_word_breaks_without_a_hyphen(german):
    source = (german.parent.parent / "source" / "ruecken.md").read_text(encoding="utf-8")
    catalog = (Path(__file__).resolve().parents[2] / "layouts" / "locale" / "de" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    layout_words = " ".join(re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', catalog, re.MULTILINE))  # the layout's own words, in German
    brand = (german.parent.parent / "layouts" / "brands" / "bjork-sondergaard-physio" / "brand.toml").read_text(encoding="utf-8")
    quotes = "\"'„“”‘’«»"
    # the source's words, the layout's own words, and the clinic's details in the "Your clinic" block
    words = {word.strip(".,:;()*|" + quotes) for word in (source + " " + layout_words + " " + brand).split()}
    lines = layout_lines(german / "ruecken-guide-a4.pdf")
    footer = ("Fysioterapi", "Seite ", "@", "København", "Sundhedshus")
    body = [line for line in lines if not any(word in line for word in footer)]
    hyphenated = [line for line in body if line.endswith("-") and line[-2].isalpha()]
    assert len(hyphenated) >= 5, body
    for line in body:  # a line ends with a whole word, a hyphen, or the end of a word hyphenated on the line above
        last = line.split()[-1].strip(".,:;()" + quotes)
        whole = last in words or any(word.endswith(last) for word in words if len(line.split()) == 1)
        assert line.endswith("-") or whole or not last.isalpha(), f"word broken without a hyphen: {line!r}"


def test_addresses_never_break_at_their_own_hyphens(six, german):
    for pdf in (six / "handout-guide-letter.pdf", six / "handout-large-print-letter.pdf", german / "ruecken-guide-a4.pdf", german / "ruecken-guide-letter.pdf"):
        for line in layout_lines(pdf):
            assert not re.search(r"(?:recovery-|st-|olafs-|bjork-|\b555-|014-)$", line), f"an address breaks at its hyphen: {line!r}"


def test_footnote_problems_are_file_line_warnings(tmp_path):
    files = {"source/doc.md": documents.front_matter("Notes") + "Text[^1] and[^missing].\n\n[^1]: A note.\n[^spare]: Never used.\n"}
    write_project(tmp_path, files)
    parsed = collect_document(read_source(tmp_path / "source" / "doc.md"))
    assert parsed.problems == []
    assert [str(w).split(": ", 1)[0] for w in parsed.warnings] == [f"{tmp_path / 'source' / 'doc.md'}:9", f"{tmp_path / 'source' / 'doc.md'}:12"]
    assert "[^missing] is not defined" in str(parsed.warnings[0]) and "[^spare] is never referenced" in str(parsed.warnings[1])
    block = parsed.document.sections[0].blocks[0]
    assert '<span class="footnote">A note.</span>' in block.print_html and "[^missing]" in block.print_html
    assert 'epub:type="noteref"' in block.html and '<aside epub:type="footnote" id="note-1" role="doc-footnote"><p>A note.</p>' in block.html
    assert block.text == "Text and[^missing]."


@pytest.mark.parametrize("name, variant", [("six", "guide"), ("six", "large-print"), ("twelve", "guide"), ("twelve", "large-print"), ("long", "guide")])
def test_no_page_but_the_last_ends_above_its_middle(name, variant, request):
    folder = request.getfixturevalue(name)
    pdf = next(folder.glob(f"*-{variant}-letter.pdf"))
    fills = page_fill(pdf, *MARGINS[variant], skip=NOTES)
    assert len(fills) >= (15 if name == "long" else 5)
    assert all(fill >= 0.5 for fill in fills[:-1]), [round(fill, 2) for fill in fills]


def test_a_fifteen_page_handout_keeps_notes_and_table_rows_in_place(long):
    pages = pages_text(long / "long-guide-letter.pdf")
    assert len(pages) >= 15
    for week in (3, 6, 9, 12, 15, 18):
        reference = next(n for n, text in enumerate(pages, 1) if f"Week {week}: What to Expect" in text)
        note = page_of(pages, f"Week {week}: bring this guide")
        assert reference <= note <= reference + 1  # the note's paragraph may start at the foot of the heading's page
    layout = layout_pages(long / "long-guide-letter.pdf")
    for week in range(1, 31):
        line = next(line for line in layout[page_of(pages, f"Row {week}:") - 1].splitlines() if f"Row {week}:" in line)
        assert re.fullmatch(rf"\s*{week}\s+Row {week}:.*\s{5 + week}\s.*", line), line


def test_large_print_exercise_continues_on_the_next_page_with_a_label(twelve):
    pages = pages_text(twelve / "handout-large-print-letter.pdf")
    start = page_of(pages, "4. Ankle Pumps Ankle Pumps")  # the name, then the picture's caption
    assert "1. Lie or sit with your legs straight." in pages[start - 1], "name, picture and first step stay together"
    assert "4. Ankle Pumps (continued)" in pages[start] and "13. Variation 9" in pages[start]  # the hold line is step 4 of the one sequence
    labelled = [n for n, text in enumerate(pages, 1) if "(continued)" in text]
    assert labelled == [start + 1], "only a page that starts inside an exercise is labelled"


def test_notes_box_fills_the_last_page(six, twelve, long):
    for pdf, variant in ((six / "handout-guide-letter.pdf", "guide"), (twelve / "handout-large-print-letter.pdf", "large-print"),
                         (long / "long-guide-letter.pdf", "guide")):
        rows = dark_rows(pdf)
        top, bottom = MARGINS[variant]
        heading = next(y for y in rule_rows(rows) if y > 0)  # the box's top border
        lines = [y for y in rule_rows(rows) if heading < y < 792 - bottom + 2]
        gap = (792 - bottom) - lines[-1]
        assert len(lines) >= 5, lines  # four writing lines and the box's bottom border at least
        assert gap < (0.55 if variant == "large-print" else 0.36) * 72 + 14, f"{gap:.0f} pt left below the notes box"
        assert "Clinician’s notes" in pages_text(pdf)[-1]


def dark_rows(pdf: Path) -> list[float]:
    """Return, for each point of the last page's height, the share of its width drawn dark (1 dpi per point)."""
    import tempfile

    from PIL import Image

    count = len(pages_text(pdf))
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-gray", "-r", "72", "-png", "-singlefile", "-f", str(count), "-l", str(count), str(pdf), f"{folder}/last"], check=True)
        image = Image.open(f"{folder}/last.png").convert("L")
        image.load()
    width, height = image.size
    pixels = image.load()
    return [sum(1 for x in range(width) if pixels[x, y] < 160) / width for y in range(height)]


def rule_rows(rows: list[float]) -> list[int]:
    """Return the rows of horizontal rules across most of the text width (one per rule)."""
    found: list[int] = []
    for y, share in enumerate(rows):
        if share > 0.55 and (not found or y - found[-1] > 3):
            found.append(y)
    return found


PROBE = (
    '<script>document.documentElement.style.width = "390px"; var right = 0;'
    ' document.querySelectorAll("body *").forEach(function (e) { right = Math.max(right, e.getBoundingClientRect().right); });'
    ' document.body.setAttribute("data-right", String(Math.ceil(right)));</script></body>'
)


def test_epub_table_and_footnotes_fit_a_phone_screen(six, tmp_path):
    """Lay the EPUB's text out 390 px wide in headless Chromium: nothing may reach past the screen's edge."""
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("chromium is not installed")
    with zipfile.ZipFile(six / "handout.epub") as book:
        book.extractall(tmp_path)
    text = (tmp_path / "EPUB" / "text.xhtml").read_text(encoding="utf-8")
    assert "<table>" in text and 'epub:type="footnote"' in text
    probe = tmp_path / "EPUB" / "probe.xhtml"
    probe.write_text(text.replace("</body>", PROBE), encoding="utf-8")
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", probe.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    right = re.search(r'data-right="(\d+)"', dom)
    assert right and 300 < int(right.group(1)) <= 390, dom[-300:]


def test_notes_in_headings_steps_and_other_notes_keep_their_words(tmp_path):
    body = (
        "## Knee Care[^h]\n\nText[^p].\n\n1. **Wall Push:** Stand at a wall[^s]. Hold for 5 seconds.\n\n"
        "[^h]: After surgery.\n[^p]: See the note[^h] above.\n[^s]: Or a door.\n"
    )
    write_project(tmp_path, {"source/doc.md": documents.front_matter("Notes") + body})
    parsed = collect_document(read_source(tmp_path / "source" / "doc.md"))
    assert parsed.problems == [] and parsed.warnings == []
    section = parsed.document.sections[0]
    assert section.title == "Knee Care (After surgery.)"
    assert '<span class="footnote">See the note above.</span>' in section.blocks[0].print_html
    assert parsed.document.stretches[0].steps == ("Stand at a wall (Or a door.).",)


def test_a_table_too_wide_for_its_words_still_fits_the_page(tmp_path):
    cells = ["Oberschenkelmuskulaturkräftigung", "https://example.org/a-very-long-path/that-goes-on", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123"] * 4
    table = "| " + " | ".join(f"Spalte {n}" for n in range(12)) + " |\n|" + "---|" * 12 + "\n| " + " | ".join(cells) + " |\n"
    out = build_project(tmp_path, {"source/wide.md": documents.front_matter("Breite Tabelle", "de-DE") + table}, BRAND, ("guide",))
    text = " ".join(pages_text(out / "wide-guide-letter.pdf"))
    assert "Spal" in text and "Ober" in text  # built: nothing reached the printer margin (the build checks it)


def test_titles_wrap_in_even_lines_and_never_leave_a_word_alone(six):
    for pdf in (six / "handout-guide-letter.pdf", six / "handout-large-print-letter.pdf"):
        lines = [line.strip().replace("\u00a0", " ") for line in layout_pages(pdf)[0].splitlines() if line.strip()]
        # The title's lines are those above the first section, less the date line under the title.
        before = [line for line in lines[: lines.index("Before You Start")] if not line.startswith("Last updated")]
        title = next(before[n:] for n in range(len(before)) if " ".join(before[n:]) == "Six Exercises After Knee Surgery to Ease Pain")
        assert len(title) >= 2 and min(map(len, title)) >= 0.7 * max(map(len, title)), title


def test_last_two_words_of_a_title_are_kept_together_up_to_24_characters():
    from clinicdocs.language.typeset import keep_last_words

    assert keep_last_words("Care of the Knee Replacement Wound") == "Care of the Knee Replacement\u00a0Wound"  # 18 characters
    assert keep_last_words("Guide to Physiotherapist Recommendations") == "Guide to Physiotherapist Recommendations"  # 40
    assert keep_last_words("Twelve Weeks 12345678901 123456789012") == "Twelve Weeks 12345678901\u00a0123456789012"  # 24: joined
    assert keep_last_words("Twelve Weeks 123456789012 123456789012") == "Twelve Weeks 123456789012 123456789012"  # 25: left to wrap
    assert keep_last_words("Two Words") == "Two Words"
