"""Runs of Indic scripts, Thai and Khmer carry their text as /ActualText in the PDF; every other run is drawn as before."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import pikepdf
import pytest
import weasyprint

from clinicdocs.building.build import BuildOptions, build
from conftest import DEFAULT_BRAND, write_project
from clinicdocs.rendering import actual_text, pdf
from clinicdocs.rendering.weasyload import weasyprint_text

BENGALI = """\
    ---
    title: হাঁটুর ব্যায়াম
    language: bn
    date: 2025-03-21
    ---

    # হাঁটুর ব্যায়াম

    ## কেন করবেন

    প্রতিদিন ধীরে ধীরে ব্যায়াম করলে হাঁটু শক্ত হয়। ব্যথা বাড়লে সঙ্গে সঙ্গে থামুন।
    """
ENGLISH = """\
    ---
    title: Knee exercises
    language: en
    date: 2025-03-21
    ---

    # Knee exercises

    ## Why

    Gentle daily exercise — about 10 minutes — keeps the knee strong. Stop if it hurts.
    """

@pytest.mark.parametrize("text", [
    "হাঁটুর ব্যায়াম", "कमर में दर्द", "ਕਮਰ ਵਿੱਚ", "કમરમાં દુખાવો", "முதுகு வலி", "నడుము నొప్పి", "ปวดหลัง", "ឈឺខ្នង",
    "ကျောနာ", "කොන්ද", "Hold 20 s: কম",  # Myanmar, Sinhala; a consonant with no sign, among Latin text
])
def test_runs_of_scripts_that_reorder_need_actual_text(text):
    assert actual_text.needs_actual_text(text)

@pytest.mark.parametrize("text", [
    "Hold for 30 seconds", "Gentle — about 10 minutes’ walk, 37 °C", "Giữ nguyên 30 giây", "Κρατήστε 10 δευτερόλεπτα",
    "Утримуйте 30 секунд", "保持20秒", "20초 동안 유지하십시오", "ストレッチ", "ገጽ ፩", "Պահեք", "გააჩერეთ",
    "صفحهٔ ۱", "עמוד 1", "ابدأ কম",  # digits alone; right to left (rtl_text marks those cluster by cluster)
])
def test_other_runs_do_not(text):
    assert not actual_text.needs_actual_text(text)

def test_no_character_before_devanagari_belongs_to_an_indic_script():
    """The quick test for English text (nothing from U+0900 on) never misses a character the Unicode data names."""
    pattern = actual_text.indic_letters()
    assert not [hex(code) for code in range(ord(actual_text.FIRST_INDIC)) if pattern.match(chr(code))]
    assert pattern.match(actual_text.FIRST_INDIC)

def marked_runs_of(path: Path) -> list[tuple[str, list[str]]]:
    """Return each /ActualText of the PDF's pages with the marked content around it, outermost first ("Span 3", "Artifact")."""
    found: list[tuple[str, list[str]]] = []
    with pikepdf.open(path) as document:
        for page in document.pages:
            stack: list[str] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("BDC", "BMC"):
                    properties = operands[1] if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) else {}
                    if "/ActualText" in properties:
                        found.append((str(properties["/ActualText"]), list(stack)))
                    stack.append(f"{str(operands[0])[1:]} {int(properties['/MCID'])}" if "/MCID" in properties else str(operands[0])[1:])
                elif str(operator) == "EMC":
                    stack.pop()
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a Bengali and an English guide; return the brand's build folder."""

    root = write_project(tmp_path_factory.mktemp("actual"), {"source/bn.md": BENGALI, "source/en.md": ENGLISH})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide",)))
    return root / "build" / DEFAULT_BRAND

def test_each_bengali_run_carries_its_text_inside_its_tag(built):
    runs = marked_runs_of(built / "bn-guide-letter.pdf")
    texts = [text for text, _ in runs]
    assert "হাঁটুর ব্যায়াম" in texts  # the title, as written: vowel signs after their consonants
    assert any(text.startswith("প্রতিদিন ধীরে ধীরে") for text in texts)
    outer = [around for _, around in runs]
    assert all(len(tags) == 1 and tags[0].startswith(("Span ", "Artifact")) for tags in outer), outer  # in its tagged run
    assert ["Artifact"] in outer  # the running head and the page number are artifacts, their text marked all the same
    text = subprocess.run(["pdftotext", str(built / "bn-guide-letter.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "প্রতিদিন ধীরে ধীরে ব্যায়াম করলে হাঁটু শক্ত হয়।" in text

def test_an_english_guide_is_drawn_as_before(built, tmp_path, monkeypatch):
    """No /ActualText, and the same bytes as a build without the marking."""
    assert marked_runs_of(built / "en-guide-letter.pdf") == []

    root = write_project(tmp_path, {"source/en.md": ENGLISH})
    monkeypatch.setattr(pdf, "marked_runs", contextlib.nullcontext)
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide",)))
    assert (root / "build" / DEFAULT_BRAND / "en-guide-letter.pdf").read_bytes() == (built / "en-guide-letter.pdf").read_bytes()

def test_pdfua_checker_finds_nothing_in_the_marked_guide(built):
    result = subprocess.run(["pdfua", "check", "-q", str(built / "bn-guide-letter.pdf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

def test_the_marking_is_in_place_only_while_pdfs_are_drawn():
    before = weasyprint_text.draw_first_line
    with actual_text.marked_runs() as outer:
        assert outer and getattr(weasyprint_text.draw_first_line, "marks_runs", False)
        with actual_text.marked_runs() as inner:  # a second PDF drawn meanwhile (the preview server's threads)
            assert inner
        assert getattr(weasyprint_text.draw_first_line, "marks_runs", False)  # the first is still drawing
    assert weasyprint_text.draw_first_line is before

def test_another_weasyprint_draws_text_as_before(tmp_path, monkeypatch):
    """A WeasyPrint this was not written for (another version, or other arguments) gets no marking, and builds as before."""
    before = weasyprint_text.draw_first_line
    assert not actual_text.fits(lambda stream, textbox, matrix: None, "70.0")
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with actual_text.marked_runs() as active:
        assert not active and weasyprint_text.draw_first_line is before

    root = write_project(tmp_path, {"source/bn.md": BENGALI})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide",)))
    assert marked_runs_of(root / "build" / DEFAULT_BRAND / "bn-guide-letter.pdf") == []
