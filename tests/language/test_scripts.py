"""Handouts in Russian and Arabic: fallback fonts for the scripts the brand fonts cannot draw, and a
right-to-left layout for Arabic, read back from every output of every brand.

The two documents in tests/data/scripts/ are written for these tests (stretches, a checklist, a
table, links); both are built once, for every shipped brand, by the module's fixture.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from weasyprint import CSS, HTML

from clinicdocs.rendering import assets
from clinicdocs.building.build import BuildOptions, build
from clinicdocs.brands.schema import load_brand
from clinicdocs.cli import main
from clinicdocs.errors import BuildError
from clinicdocs.model import text_direction
from clinicdocs.reading.parse import parse_document
from clinicdocs.rendering.pdf import handout_css, handout_html
from clinicdocs.rendering.sandbox import SandboxFetcher
from clinicdocs.reading.source import read_source
from clinicdocs.rendering.templates import isolate_ltr, make_environment
from conftest import SHIPPED_ROOT
from helpers import run_epubcheck
from pictures import neck_tilt_png
from helpers import ACE_CLI, ace_or_skip

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parents[1] / "data" / "scripts"
BRANDS = ("injury-prevention-guru", "bjork-sondergaard-physio")  # Atkinson Hyperlegible (Latin only), Lato (with Cyrillic)
DOCUMENTS = {"neck-ru": "ru-RU", "neck-ar": "ar"}
OPF = {"opf": "http://www.idpf.org/2007/opf", "x": "http://www.w3.org/1999/xhtml"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def write_sources(root: Path) -> Path:
    """Copy the test documents into a source folder beside the picture they share."""
    source = root / "source"
    (source / "images").mkdir(parents=True)
    for name in DOCUMENTS:
        shutil.copy(DATA / f"{name}.md", source / f"{name}.md")
    (source / "images" / "neck-tilt.png").write_bytes(neck_tilt_png())
    return source


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build both documents, every output, for every shipped brand; return the build folder."""
    root = tmp_path_factory.mktemp("scripts")
    out = root / "build"
    build(BuildOptions(source=write_sources(root), layouts=SHIPPED_ROOT / "layouts", out=out))
    return out


def pdftotext(path: Path, *options: str) -> str:
    """Return poppler's text of a PDF, without the bidi controls it adds around runs."""
    text = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return BIDI_CONTROLS.sub("", text)


def embedded_fonts(path: Path) -> dict[str, tuple[str, str]]:
    """Return {font name without subset tag: (embedded, subset)} as pdffonts reports them."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    fonts = {}
    for line in lines:
        name, *_, emb, sub, _uni, _obj, _gen = line.split()
        fonts[name.split("+", 1)[-1]] = (emb, sub)
    return fonts


def read_book(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def without_marks(text: str) -> str:
    """Return Arabic text without its optional vowel signs (harakat)."""
    return re.sub("[\u064b-\u0652]", "", text)


def words(text: str) -> str:
    """Return the words of a text in order, without punctuation. Poppler moves the space or full stop
    beside a left-to-right run (a number) in right-to-left text to the run's other side."""
    text = re.sub(r"(?<=\d)(?=[\u0600-\u06ff])|(?<=[\u0600-\u06ff])(?=\d)", " ", text)
    return " ".join(re.sub(r"[.,:;!?\u060C\u061B\u061F]", " ", text).split())


@pytest.mark.parametrize("text, direction", [
    ("ar", "rtl"), ("ar-EG", "rtl"), ("he-IL", "rtl"), ("fa", "rtl"), ("ur-PK", "rtl"), ("yi", "rtl"),
    ("az-Arab", "rtl"), ("ku-Arab-IQ", "rtl"), ("az-Latn", "ltr"), ("az", "ltr"), ("pa-Arab", "rtl"), ("pa", "ltr"),
    ("en-US", "ltr"), ("ru-RU", "ltr"), ("arn", "ltr"), ("he-Latn", "ltr"),
])
def test_the_language_tag_decides_the_direction(text, direction):
    assert text_direction(text) == direction


def test_every_output_of_every_brand_is_built(built):
    for brand in BRANDS:
        papers = load_brand(SHIPPED_ROOT / "layouts" / "brands" / brand).papers
        for name in DOCUMENTS:
            expected = [f"{name}-{variant}-{paper}.pdf" for variant in ("guide", "card", "large-print") for paper in papers]
            for file in [*expected, f"{name}.epub"]:
                assert (built / brand / file).is_file(), f"{brand}/{file}"
            with pikepdf.open(built / brand / f"{name}-card-{papers[0]}.pdf") as card:
                assert len(card.pages) == 1


def test_pdfs_carry_the_document_language_and_embed_every_font(built):
    for brand in BRANDS:
        for name, language in DOCUMENTS.items():
            for path in sorted((built / brand).glob(f"{name}-*.pdf")):
                with pikepdf.open(path) as pdf:
                    assert str(pdf.Root.Lang) == language, path.name
                    direction = str(pdf.Root.ViewerPreferences.get("/Direction", "/L2R"))
                    assert direction == ("/R2L" if text_direction(language) == "rtl" else "/L2R"), path.name
                fonts = embedded_fonts(path)
                assert fonts and all(flags == ("yes", "yes") for flags in fonts.values()), (path.name, fonts)


@pytest.mark.parametrize("brand, name, fallbacks", [
    ("injury-prevention-guru", "neck-ru", {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Italic"}),
    ("bjork-sondergaard-physio", "neck-ru", set()),  # Lato draws Cyrillic itself
    ("injury-prevention-guru", "neck-ar", {"Noto-Sans-Arabic", "Noto-Sans-Arabic-Bold"}),
    ("bjork-sondergaard-physio", "neck-ar", {"Noto-Sans-Arabic", "Noto-Sans-Arabic-Bold"}),
])
def test_fallback_fonts_draw_only_what_the_brand_font_cannot(built, brand, name, fallbacks):
    family = load_brand(SHIPPED_ROOT / "layouts" / "brands" / brand).fonts[0].family.replace(" ", "-")
    fonts = embedded_fonts(built / brand / f"{name}-guide-letter.pdf")
    assert {font for font in fonts if font.startswith("Noto")} == fallbacks
    assert family in fonts, "the brand font still draws digits, Latin and punctuation"


def test_arabic_text_extracts_from_the_pdf_in_reading_order(built):
    source = (DATA / "neck-ar.md").read_text(encoding="utf-8")
    for brand in BRANDS:
        text = words(pdftotext(built / brand / "neck-ar-guide-letter.pdf"))
        for sentence in ("الجلوس الطويل أمام الحاسوب يدفع الرأس إلى الأمام. تتوتر عضلات الرقبة والكتفين،",
                         "أما الألم الحاد فلا.", "قف في إطار الباب وضع ساعديك على جانبيه.", "نم على وسادة تسند رقبتك."):
            assert sentence in source and words(sentence) in text, (brand, sentence)
        # Vowel signs (harakat) come back after their letters.
        for sentence in ("اسحب ذقنك إلى الخلف كأنك تصنع ذقنًا مزدوجة.", "اجلس مستقيمًا وأرخِ كتفيك.", "اثبت 5 ثوانٍ، وكرر التمرين 10 مرات."):
            assert sentence in source and words(sentence) in text, (brand, sentence)
        headings = [text.index(words(title)) for title in ("لماذا تؤلمك رقبتك؟", "ثلاثة تمارين إطالة", "جدول التمارين الأسبوعي")]
        assert headings == sorted(headings)


def test_russian_text_extracts_from_the_pdf(built):
    for brand in BRANDS:
        text = " ".join(pdftotext(built / brand / "neck-ru-guide-letter.pdf").split())
        assert "Долгая работа за компьютером заставляет голову наклоняться вперёд." in text
        assert "Сядьте прямо и опустите плечи." in text  # a step of its own: sentences split in Cyrillic


def test_phone_numbers_and_addresses_read_left_to_right_in_arabic(built):
    words = ET.fromstring(pdftotext(built / BRANDS[0] / "neck-ar-guide-letter.pdf", "-bbox", "-f", "2", "-l", "2")
                          .replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    found = [(w.text, float(w.get("xMin"))) for w in words.iter("word")]
    phone = [x for word, x in found if word in ("+45", "33", "12", "34", "56")][:5]
    assert len(phone) == 5 and phone == sorted(phone), found
    assert any(word == "info@clinic.example" or word == "info@clinic.example،" for word, _ in found)


def layout(source: Path, name: str, brand_id: str, variant: str) -> list:
    """Return the laid-out boxes of the first page of one handout, as WeasyPrint placed them."""
    document = parse_document(read_source(source / f"{name}.md"))
    brand = load_brand(SHIPPED_ROOT / "layouts" / "brands" / brand_id)
    env = make_environment(SHIPPED_ROOT / "layouts")
    html = handout_html(env, document, brand, variant, "letter")
    base = source.resolve().as_uri() + "/"
    fetcher = SandboxFetcher(roots=[source, SHIPPED_ROOT / "layouts", *brand.resource_folders],
                             assets={base + n: data for n, data in assets.handout_images(document, brand).items()})
    css = CSS(string=handout_css(env, document, brand, variant, "letter", html), url_fetcher=fetcher)
    rendered = HTML(string=html, base_url=base, url_fetcher=fetcher).render(stylesheets=[css])
    return list(rendered.pages[0]._page_box.descendants())


def element_box(page: list, tag: str, class_name: str, index: int = 0):
    found = [b for b in page if getattr(b, "element_tag", "") == tag and class_name in (b.element.get("class") or "").split()]
    return found[index]


def test_an_arabic_guide_is_mirrored(built):
    page = layout(built.parent / "source", "neck-ar", BRANDS[0], "guide")
    stretch = element_box(page, "li", "stretch")
    assert stretch.style["direction"] == "rtl"
    assert stretch.border_right_width > stretch.border_left_width, "the heavy border is on the reading side"
    figure, body = element_box(page, "figure", "stretch-figure"), element_box(page, "div", "stretch-body")
    assert figure.position_x > body.position_x, "the picture stands at the start of the line, on the right"
    logo, title = element_box(page, "img", "header-logo"), element_box(page, "p", "header-title")
    assert logo.position_x + logo.width > title.position_x + title.width


def test_an_arabic_card_puts_the_first_stretch_and_the_boxes_on_the_right(built):
    page = layout(built.parent / "source", "neck-ar", BRANDS[0], "card")
    stretches = [element_box(page, "li", "stretch", i) for i in range(3)]
    # Right to left in reading order: the first stretch at the right, the second to its left (the card may
    # use two columns, and then the third starts the next row at the right again).
    assert stretches[0].position_x == max(s.position_x for s in stretches) > stretches[1].position_x
    box, text = element_box(page, "img", "box"), element_box(page, "span", "item-text")
    assert box.position_x > text.position_x


def test_the_epub_spine_and_pages_follow_the_language(built):
    for brand in BRANDS:
        for name, language in DOCUMENTS.items():
            book = read_book(built / brand / f"{name}.epub")
            opf = ET.fromstring(book["EPUB/content.opf"])
            direction = text_direction(language)
            assert opf.get(XML_LANG) == language and opf.findtext("opf:metadata/{http://purl.org/dc/elements/1.1/}language", namespaces=OPF) == language
            assert opf.find("opf:spine", OPF).get("page-progression-direction") == ("rtl" if direction == "rtl" else None)
            for item in opf.iterfind("opf:manifest/opf:item", OPF):
                if item.get("media-type") == "application/xhtml+xml":
                    page = ET.fromstring(book["EPUB/" + item.get("href")])
                    assert (page.get("lang"), page.get(XML_LANG), page.get("dir")) == (language, language, direction), item.get("href")


def test_the_epub_embeds_static_subset_fallback_fonts(built):
    book = read_book(built / BRANDS[0] / "neck-ar.epub")
    css = book["EPUB/style/book.css"].decode()
    assert re.search(r'font-family: "Atkinson Hyperlegible", "Noto Sans Arabic", sans-serif', css)
    text = without_marks("".join(ET.fromstring(book["EPUB/text.xhtml"]).itertext()))
    for weight in (400, 700):
        name = f"fonts/noto-sans-arabic-{weight}-normal.ttf"
        assert f'url("../{name}")' in css
        font = TTFont(io.BytesIO(book["EPUB/" + name]))
        assert "fvar" not in font and font["OS/2"].usWeightClass == weight
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in set(text) if "\u0600" <= c <= "\u06ff")
        assert len(cmap) < 400, "subset to the book's characters"
    assert not any(n.startswith("EPUB/fonts/noto-sans-4") for n in book), "no Cyrillic fallback in an Arabic book"


# The Russian book of the Lato brand needs no fallback font: it is made like the English books, checked elsewhere.
@pytest.mark.parametrize("brand, name", [(BRANDS[0], "neck-ru"), (BRANDS[0], "neck-ar"), (BRANDS[1], "neck-ar")])
def test_epubcheck_passes(built, brand, name):
    result = run_epubcheck(built / brand / f"{name}.epub")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", DOCUMENTS)
def test_daisy_ace_passes(built, name, tmp_path):
    env = ace_or_skip()
    result = subprocess.run(
        [str(ACE_CLI), "--silent", "--outdir", str(tmp_path), str(built / BRANDS[0] / f"{name}.epub")],
        capture_output=True, text=True, timeout=600, env=env,
    )
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    violations = [check["earl:test"]["dct:title"] for page in report["assertions"] for check in page.get("assertions", [])]
    assert violations == [] and report["earl:result"]["earl:outcome"] == "pass", violations


def test_a_script_without_a_fallback_builds_with_one_warning_and_says_how_to_add_a_font(make_project, in_project, capsys):
    in_project(make_project({"source/doc.md": """\
        ---
        title: Hieroglyphs
        description: A document no pinned font can draw all of.
        language: en
        date: 2025-02-03
        author: Test Author
        ---

        The sign 𓀀 is a seated man; 𓁐 a seated woman.
        """}))
    assert main(["--only", "guide"]) == 0
    err = capsys.readouterr().err
    assert err.count("warning:") == 1 and "source/doc.md:9: warning: 2 characters no font can draw" in err, err
    assert "'𓀀' (U+13000 EGYPTIAN HIEROGLYPH A001) on line 9; '𓁐' (U+13050 EGYPTIAN HIEROGLYPH B001) on line 9" in err
    assert "under [font] in brand.toml" in err
    assert Path("build/injury-prevention-guru/doc-guide-letter.pdf").is_file()
    assert main(["--only", "guide", "--strict"]) == 1


def test_addresses_in_right_to_left_text_are_isolated():
    text = "اتصل على +45 33 12 34 56 أو info@clinic.example أو https://clinic.example/neck."
    html = str(isolate_ltr(text, "rtl"))
    assert '<bdi dir="ltr">+45 33 12 34 56</bdi>' in html
    assert '<bdi dir="ltr">info@clinic.example</bdi>' in html
    assert '<bdi dir="ltr">https://clinic.example/neck</bdi>.' in html
    assert str(isolate_ltr("Call +45 33 12 34 56 <now>", "ltr")) == "Call +45 33 12 34 56 &lt;now&gt;"
    assert str(isolate_ltr("<b>", "rtl")) == "&lt;b&gt;"


@pytest.mark.parametrize("name, words_added", [
    ("neck-ru", ["Заметки специалиста", "Страница 1 из"]),
    ("neck-ar", ["ملاحظات المختص", "الصفحة 1 من"]),
])
def test_the_words_the_layouts_add_are_translated(built, name, words_added):
    for brand in BRANDS:
        text = words(pdftotext(built / brand / f"{name}-guide-letter.pdf"))
        for english in ("Clinician", "Page 1 of", "Scan to download"):
            assert english not in text, (brand, english)
        for word in words_added:
            assert words(word) in text, (brand, word)


def test_a_hebrew_guide_is_drawn_by_heebo_right_to_left(make_project):
    root = make_project({"source/knee.md": """\
        ---
        title: תרגילי ברך
        description: שלושה תרגילים לחיזוק הברך.
        language: he-IL
        date: 2025-02-03
        author: מרפאה
        ---

        ## תרגילים

        1. **הרמת רגל ישרה:** שכבו על הגב. הרימו רגל ישרה לאט.
        2. **כיפוף ברך:** שבו על כיסא. כופפו את הברך לאט.
        """})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide",)))
    guide = root / "build" / "injury-prevention-guru" / "knee-guide-letter.pdf"
    assert {"Heebo", "Heebo-Bold"} <= set(embedded_fonts(guide))
    with pikepdf.open(guide) as pdf:
        assert str(pdf.Root.Lang) == "he-IL" and str(pdf.Root.ViewerPreferences.Direction) == "/R2L"
    assert "שכבו על הגב" in words(pdftotext(guide)) and "הרימו רגל ישרה לאט" in words(pdftotext(guide))
