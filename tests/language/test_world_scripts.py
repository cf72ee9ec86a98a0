"""One handout per script, written natively for these tests (tests/data/scripts/world/), built for both
shipped brands and read back: every glyph drawn, the furniture in the document's language, the text in
logical order, the language declared, Korean words kept whole, Chinese punctuation rules, EPUBCheck and Ace.

The documents are short (a paragraph, two stretches, a checklist) so that building 21 of them for two
brands stays within a minute; the Danish brand prints on A4 alone here, which changes nothing the tests read.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.language.catalogs import find_catalog
from helpers import ACE_CLI, ace_or_skip, run_epubcheck
from conftest import SHIPPED_ROOT

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parents[1] / "data" / "scripts" / "world"
BRANDS = ("injury-prevention-guru", "bjork-sondergaard-physio")
PAPER = {"injury-prevention-guru": "letter", "bjork-sondergaard-physio": "a4"}
# name: (language tag, the script's fallback font as pdffonts names it, or None where the brand font may draw it)
SCRIPTS = {
    "vi": ("vi", None), "uk": ("uk", None), "el": ("el", None), "fa": ("fa", "Noto-Sans-Arabic"),
    "ur": ("ur", "Noto-Sans-Arabic"), "he": ("he", "Heebo"), "hi": ("hi", "Noto-Sans-Devanagari"),
    "bn": ("bn", "Noto-Sans-Bengali"), "pa": ("pa", "Noto-Sans-Gurmukhi"), "gu": ("gu", "Noto-Sans-Gujarati"),
    "ta": ("ta", "Noto-Sans-Tamil"), "te": ("te", "Noto-Sans-Telugu"), "th": ("th", "Noto-Sans-Thai"),
    "km": ("km", "Noto-Sans-Khmer"), "am": ("am", "Noto-Sans-Ethiopic"), "hy": ("hy", "Noto-Sans-Armenian"),
    "ka": ("ka", "Noto-Sans-Georgian"), "zh-hans": ("zh-Hans", "Noto-Sans-CJK-SC"), "zh-hant": ("zh-Hant", "Noto-Sans-CJK-TC"),
    "ja": ("ja", "Noto-Sans-CJK-JP"), "ko": ("ko", "Noto-Sans-CJK-KR"),
}
# The page furniture each catalog prints, as the guide's footer says it ("Page 1 of 1").
PAGE_ONE = {
    "vi": "Trang 1/", "uk": "Сторінка 1 з", "el": "Σελίδα 1 από", "fa": "صفحهٔ ۱ از", "ur": "صفحہ 1 از", "he": "עמוד 1 מתוך",
    "hi": "पृष्ठ 1 /", "bn": "পৃষ্ঠা ১ /", "pa": "ਪੰਨਾ 1 /", "am": "ገጽ 1 ከ", "zh-hans": "第 1 页", "zh-hant": "第 1 頁",
    "ja": "1 / ", "ko": "쪽 중 1쪽",
}
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the guide and the EPUB of every document for both brands; return the build folder."""
    root = tmp_path_factory.mktemp("world")
    shutil.copytree(DATA, root / "source")
    for path in (root / "source").glob("*.md"):  # file names are the tests' names
        path.rename(path.with_name(path.name.lower()))
    shutil.copytree(SHIPPED_ROOT / "layouts", root / "layouts")
    brand = root / "layouts" / "brands" / "bjork-sondergaard-physio" / "brand.toml"
    brand.write_text(brand.read_text(encoding="utf-8").replace('paper = ["a4", "letter"]', 'paper = ["a4"]'), encoding="utf-8")
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide", "epub")))
    return root / "build"


def guide(built: Path, brand: str, name: str) -> Path:
    """Return one brand's guide of one document."""
    return built / brand / f"{name}-guide-{PAPER[brand]}.pdf"


def pdftotext(path: Path, *options: str) -> str:
    """Return poppler's text of a PDF, without the bidi controls it adds around runs."""
    text = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return BIDI_CONTROLS.sub("", text)


def fonts_of(path: Path) -> list[str]:
    """Return the embedded fonts' names without subset tags, checking each is embedded and subset."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    names = []
    for line in lines:
        name, *_, emb, sub, _uni, _obj, _gen = line.split()
        assert (emb, sub) == ("yes", "yes"), line
        names.append(name.split("+", 1)[-1])
    return names


def notdef_glyphs(path: Path) -> int:
    """Return how many glyphs the PDF's text draws with glyph 0, .notdef (WeasyPrint writes glyph ids, two bytes each)."""
    count = 0
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) not in ("Tj", "TJ"):
                    continue
                strings = [item for operand in operands for item in (operand if isinstance(operand, pikepdf.Array) else [operand])
                           if isinstance(item, pikepdf.String)]
                for string in strings:
                    data = bytes(string)
                    count += sum(1 for i in range(0, len(data) - 1, 2) if data[i : i + 2] == b"\x00\x00")
    return count


def source_words(name: str, count: int = 4) -> list[str]:
    """Return the first words of the document's first paragraph: what a reader sees first under the title."""
    text = source(name)
    paragraph = text.split("\n## ", 2)[1].split("\n\n")[1]
    return re.findall(r"[^\s\d.,;:!?()«»،؛۔।。，；：！？、]+", paragraph)[:count]


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_script_draws_from_a_pinned_font_with_no_missing_glyph(built, brand, name):
    path = guide(built, brand, name)
    fonts = fonts_of(path)
    _, fallback = SCRIPTS[name]
    if fallback:
        assert fallback in fonts, fonts
    allowed = ("Noto-Sans", "Heebo", "Atkinson-Hyperlegible", "Lato", "Symbola")
    assert all(font.startswith(allowed) for font in fonts), fonts  # never a system font picked by fontconfig
    assert notdef_glyphs(path) == 0


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_pdf_and_epub_declare_the_language(built, name):
    language, _ = SCRIPTS[name]
    for brand in BRANDS:
        with pikepdf.open(guide(built, brand, name)) as pdf:
            assert str(pdf.Root.Lang) == language
        with zipfile.ZipFile(built / brand / f"{name}.epub") as book:
            pages = [n for n in book.namelist() if n.endswith(".xhtml")]
            assert pages and all(f'xml:lang="{language}"' in book.read(n).decode("utf-8") for n in pages), name


def plain(text: str) -> str:
    """Return text as the order tests compare it: composed (NFC), without white space (poppler breaks CJK and Thai
    lines with spaces), zero-width joiners or bidi controls."""
    return re.sub(r"[\s\u200b-\u200d\u2066-\u2069\u200e\u200f\u202a-\u202e]", "", unicodedata.normalize("NFC", text))


def source(name: str) -> str:
    """Return a test document's Markdown by its lower-case name."""
    return next(p for p in DATA.iterdir() if p.stem.lower() == name).read_text(encoding="utf-8")


# Scripts whose shaping reorders or joins letters (vowel signs drawn before their consonant in Bengali, Tamil, Telugu,
# Khmer; Devanagari, Gujarati and Gurmukhi conjuncts; Thai marks stacked over a consonant): a glyph's one ToUnicode
# text cannot say what it stands for, so their runs carry /ActualText (clinicdocs/rendering/actual_text.py).
REORDERING = {"bn", "gu", "hi", "km", "pa", "ta", "te", "th"}
RIGHT_TO_LEFT = {"fa", "he", "ur"}


def pdfium_text(path: Path) -> str:
    """Return PDFium's text of a PDF (Chrome's and Edge's viewer), page after page, without the mark (U+0002)
    it puts for a hyphen that ends a line."""
    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_bounded() for page in document).replace("\x02", "")
    finally:
        document.close()


def mutool_text(path: Path) -> str:
    """Return MuPDF's text of a PDF."""
    return subprocess.run(["mutool", "draw", "-q", "-F", "text", "-o", "-", str(path)], capture_output=True, text=True, check=True).stdout


def in_order(name: str, count: int = 4) -> re.Pattern:
    """Return the pattern of the first `count` words of the document's first paragraph in order, at most punctuation between."""
    return re.compile(".{0,3}".join(re.escape(plain(word)) for word in source_words(name, count)))


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_text_extracts_in_logical_order(built, name):
    """Poppler (pdftotext, Evince, Okular) reads the first words as written in every script, PDFium in every left-to-right one."""
    for brand in BRANDS:
        path = guide(built, brand, name)
        assert in_order(name).search(plain(pdftotext(path))), (brand, source_words(name))
        if name not in RIGHT_TO_LEFT:  # PDFium orders right-to-left lines by themselves (see docs/languages.md)
            assert in_order(name).search(plain(pdfium_text(path))), (brand, source_words(name))


@pytest.mark.parametrize("name", sorted(REORDERING))
def test_reordering_scripts_extract_whole_paragraphs(built, name):
    """Every word of the first paragraph, in order, as poppler and PDFium read it: the runs' /ActualText, not their glyphs."""
    for brand in BRANDS:
        path = guide(built, brand, name)
        for text in (pdftotext(path), pdfium_text(path)):
            assert in_order(name, 100).search(plain(text)), (brand, text[:400])


@pytest.mark.parametrize("name", sorted(REORDERING - {"gu", "th"}))  # these two paragraphs happen to have no shared glyph
@pytest.mark.xfail(strict=True, reason="MuPDF 1.21 (Debian 12's mutool) reads the glyphs' ToUnicode and ignores /ActualText")
def test_mupdf_reads_the_actual_text(built, name):
    assert in_order(name, 100).search(plain(mutool_text(guide(built, BRANDS[0], name))))


@pytest.mark.parametrize("name", sorted(PAGE_ONE))
def test_the_furniture_speaks_the_language(built, name):
    assert find_catalog(SHIPPED_ROOT / "layouts", SCRIPTS[name][0]) is not None
    for brand in BRANDS:
        text = pdftotext(guide(built, brand, name))
        lines = [plain(line) for line in text.splitlines()]
        labels = [plain(word) for word in PAGE_ONE[name].split() if not re.fullmatch(r"[\d۰-۹০-৯/]+", word)]
        assert any(all(label in line for label in labels) for line in lines), (labels, text[-300:])
        assert not re.search(r"Page \d|Last updated|Clinician|Contents|Scan to download", text)
        with zipfile.ZipFile(built / brand / f"{name}.epub") as book:
            nav = book.read("EPUB/nav.xhtml").decode("utf-8")
            assert ">Contents<" not in nav and ">Landmarks<" not in nav


@pytest.mark.parametrize("name", ["zh-hans", "hi", "am", "ja", "fa", "hy"])
def test_steps_are_sentences_of_the_script(built, name):
    """Every stretch splits into its sentences ("。", "।", "።", "։" end them) and its hold line is found."""
    with zipfile.ZipFile(built / BRANDS[0] / f"{name}.epub") as book:
        page = next(book.read(n).decode("utf-8") for n in sorted(book.namelist()) if n.endswith(".xhtml") and "class=\"hold\"" in book.read(n).decode("utf-8"))
    assert page.count('class="hold"') == 2, name
    steps = re.findall(r"<li[^>]*>\s*(?:<p>)?([^<]+)", page.split('class="stretch', 1)[1])
    assert len([s for s in steps if s.strip()]) >= 2, steps


def test_korean_lines_break_between_words_only(built):
    """Every Hangul word that starts or ends a line of the PDF is a whole word of the source ("합니/다" would not be)."""
    punctuation = ".,:;()[]!?\"'*#-"
    written = DATA.joinpath("ko.md").read_text(encoding="utf-8") + (SHIPPED_ROOT / "layouts" / "locale" / "ko" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    words = {word.strip(punctuation) for word in written.split()}
    checked = 0
    for brand in BRANDS:
        for line in pdftotext(guide(built, brand, "ko")).splitlines():
            pieces = [piece.strip(punctuation) for piece in line.split()]
            for piece in {*pieces[:1], *pieces[-1:]}:
                if re.search("[\uac00-\ud7a3]", piece) and not re.search("[0-9/]", piece):
                    assert piece in words, (piece, line)
                    checked += 1
    assert checked > 20


def test_chinese_lines_follow_line_start_and_end_rules(built):
    for brand in BRANDS:
        for line in pdftotext(guide(built, brand, "zh-hans")).splitlines():
            line = line.strip()
            assert not line[:1] or line[0] not in "。，、；：！？）」』】", line
            assert not line[-1:] or line[-1] not in "（「『【", line


def test_a_cjk_guide_stays_small(built):
    for brand in BRANDS:
        assert guide(built, brand, "zh-hans").stat().st_size < 1_000_000
        assert (built / brand / "zh-hans.epub").stat().st_size < 1_000_000


@pytest.mark.parametrize("name", ["fa", "he", "zh-hant", "ko", "hi", "am", "th", "km"])
def test_epubcheck_passes(built, name):
    for brand in BRANDS:
        result = run_epubcheck(built / brand / f"{name}.epub")
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["fa", "zh-hans", "hi"])
def test_daisy_ace_passes(built, name, tmp_path):
    env = ace_or_skip()
    subprocess.run([str(ACE_CLI), "--silent", "--outdir", str(tmp_path), str(built / BRANDS[0] / f"{name}.epub")],
                   capture_output=True, text=True, timeout=600, env=env)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    violations = [check["earl:test"]["dct:title"] for page in report["assertions"] for check in page.get("assertions", [])]
    assert violations == [] and report["earl:result"]["earl:outcome"] == "pass", violations
