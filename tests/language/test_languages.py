"""Handouts in the patient's language: catalogs, dates, furniture read back from every output.

A Spanish (es-MX) and a German (de-AT) document, written for these tests, are built once for every
shipped brand and every variant; the tests read the PDFs back with poppler's pdftotext and the EPUBs
as XHTML, and look for any English word the layouts add.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from clinicdocs.language import catalogs as i18n
from clinicdocs.building.build import BuildOptions, build
from clinicdocs.cli import main
from conftest import SHIPPED_ROOT
from conftest import FRONT_MATTER, ROOT
from helpers import SAME_AS_ENGLISH, SHARED_WORDS, run_epubcheck

DATA = Path(__file__).parents[1] / "data" / "languages"
LAYOUTS = SHIPPED_ROOT / "layouts"
SHIPPED = tuple(sorted(path.parts[-3] for path in (SHIPPED_ROOT / "layouts" / "locale").glob("*/LC_MESSAGES/messages.po")))
# The languages US and European clinics' patients read (the issue's list): each must have its catalog.
REQUIRED = ("en es zh_Hans zh_Hant vi ko tl ru ar ht fr pt_BR pt_PT pl ja it de hi fa ur bn so am uk pa el he tr nl da sv nb ro").split()
DOCUMENTS = {"rodilla": "es-MX", "ruecken": "de-AT"}
# What each language's furniture reads like, once per output kind.
EXPECTED = {
    "rodilla": {"pdf": ["Página 1 de", "Última actualización: 14 de marzo de 2025"], "card": ["Tarjeta de ejercicios en casa"],
                "epub": ["Índice", "Acerca de", "Última actualización: 14 de marzo de 2025", "Portada:",
                         '<li class="hold">Mantenga durante 20 segundos y cambie de lado.</li>',
                         '<li class="hold">Repita diez veces con cada pierna, sin prisa.</li>']},
    "ruecken": {"pdf": ["Seite 1 von", "Stand: 2. Oktober 2025"], "card": ["Übungskarte für zu Hause"],
                "epub": ["Inhalt", "Über ", "Stand: 2. Oktober 2025", "Umschlag:",
                         '<li class="hold">Halten Sie 1 Minute und atmen Sie ruhig weiter.</li>']},
}


def english_furniture(language: str) -> list[str]:
    """Return the English words the layouts add (every msgid, cut at its placeholders), but for the entries
    the reviewed allow-list lets the language write as English does (German says "Website:"). Never the
    words of the language's whole catalog: an entry left in English would hide itself."""
    with (LAYOUTS / "locale" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    pieces = set()
    for message in catalog:
        for msgid in message.id if isinstance(message.id, tuple) else [message.id]:
            if language.split("-")[0] not in SAME_AS_ENGLISH.get(msgid, ()):
                pieces.update(p.strip(" .:,") for p in re.split(r"%\(\w+\)[sd]", msgid))
    return sorted(p for p in pieces if len(p) > 3 and language.split("-")[0] not in SHARED_WORDS.get(p.lower(), ()))


def whole_word(needle: str, text: str) -> bool:
    """Tell whether `needle` appears in `text` as whole words, in any case (CSS may uppercase it)."""
    return bool(re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text, re.IGNORECASE))


def find_english(text: str, language: str) -> list[str]:
    """Return the English furniture found in a text."""
    return [p for p in english_furniture(language) if whole_word(p, text)]


def readable(markup: str) -> str:
    """Return what a reader meets in XHTML, OPF or NCX: the text and the alt, title and label attributes."""
    attributes = re.findall(r'\b(?:alt|title|aria-label)="([^"]*)"|name="description" content="([^"]*)"', markup)
    attributes = [" ".join(found) for found in attributes]
    text = re.sub(r"<style\b.*?</style>", " ", markup, flags=re.DOTALL)  # class names in a stylesheet are no words
    return " ".join([re.sub(r"<[^>]+>", " ", text), *attributes])


@pytest.fixture(scope="module")
def languages_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the Spanish and German documents for every shipped brand and variant, once."""
    root = tmp_path_factory.mktemp("languages")
    source = root / "source"
    shutil.copytree(DATA, source)  # the two documents and their PNG and JPEG pictures
    build(BuildOptions(source=source, layouts=LAYOUTS, out=root / "out"))
    return root / "out"


def outputs(out: Path, document: str, suffix: str) -> list[Path]:
    """Return every output of one document with the given suffix, for every brand."""
    found = sorted(out.glob(f"*/{document}*{suffix}"))
    assert found, f"no {suffix} built for {document}"
    return found


@pytest.mark.parametrize("document", DOCUMENTS)
def test_pdfs_print_only_the_documents_language(languages_build, document):
    pdfs = outputs(languages_build, document, ".pdf")
    assert len(pdfs) == 2 * 3 + 3  # bjork-sondergaard: three variants on two papers; injury-prevention-guru: letter only
    for path in pdfs:
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert find_english(text, DOCUMENTS[document]) == [], path.name
        assert "{.hold}" not in text  # the explicit hold mark never reaches the page
        kind = "card" if "-card-" in path.name else "pdf"
        for expected in EXPECTED[document][kind]:
            assert expected.casefold() in " ".join(text.split()).casefold(), (path.name, expected)
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == DOCUMENTS[document]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_epubs_speak_the_documents_language(languages_build, document):
    for path in outputs(languages_build, document, ".epub"):
        with zipfile.ZipFile(path) as book:
            pages = {name: book.read(name).decode() for name in book.namelist() if name.endswith((".xhtml", ".opf", ".ncx"))}
        for name, content in pages.items():
            assert find_english(readable(content), DOCUMENTS[document]) == [], (path, name)
            if name.endswith(".xhtml"):
                language = DOCUMENTS[document]
                assert f'lang="{language}" xml:lang="{language}"' in content, name
        everything = " ".join(pages.values())
        for expected in EXPECTED[document]["epub"]:
            assert expected in everything, (path, expected)


def test_a_spanish_book_passes_epubcheck(languages_build):
    book = languages_build / "bjork-sondergaard-physio" / "rodilla.epub"
    result = run_epubcheck(book)
    assert result.returncode == 0, result.stdout + result.stderr


def shipped_catalog(language: str):
    """Return one shipped catalog, parsed."""
    with (LAYOUTS / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


@functools.lru_cache(maxsize=1)
def extracted_messages() -> frozenset[str | tuple[str, ...]]:
    """Return the msgids `pybabel extract -F babel.cfg` finds in the code and the layouts."""
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map=[("clinicdocs/**.py", "python"), ("layouts/**.j2", "jinja2")],
                                                options_map={"layouts/**.j2": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}):
        found.add(message if isinstance(message, str) else tuple(message))
    return frozenset(found)


def test_every_required_language_has_a_catalog():
    assert len(SHIPPED) >= 30 and set(REQUIRED) <= set(SHIPPED)


@pytest.mark.parametrize("language", SHIPPED)
def test_every_shipped_catalog_is_complete(language):
    from babel.messages.plurals import get_plural

    catalog = shipped_catalog(language)
    plural = get_plural(language)  # CLDR's plural rule for the language, as gettext writes it
    assert (catalog.num_plurals, catalog.plural_expr) == (plural.num_plurals, plural.plural_expr), "copy Babel's Plural-Forms header"
    PLURALS = {language: plural.num_plurals}
    ids = {message.id if isinstance(message.id, str) else tuple(message.id) for message in catalog if message.id}
    assert ids == extracted_messages(), "run pybabel extract/update (README, 'Languages') and translate the new words"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(strings) == (PLURALS[language] if message.pluralizable else 1), message.id
        assert all(strings), f"{language}: '{message.id}' is not translated"
        wanted = set(re.findall(r"%\(\w+\)[sd]", message.id[0] if message.pluralizable else message.id))
        for text in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", text)) <= wanted
        if not message.pluralizable and language != "en":
            assert set(re.findall(r"%\(\w+\)[sd]", message.string)) == wanted, f"{language}: '{message.id}' lost a placeholder"
            assert message.string != message.id or language in SAME_AS_ENGLISH.get(message.id, ()), f"{language}: '{message.id}' is not translated"
        if message.pluralizable and language != "en":
            # The general form keeps the number; a form for one number alone may spell it out (Arabic's dual: رسمان).
            assert "%(num)d" in strings[-1], f"{language}: the last plural form of '{message.id[0]}' lost its number"
            assert strings[-1] != message.id[1], f"{language}: '{message.id[1]}' is not translated"


def test_plural_forms_follow_each_language():
    russian = i18n.translations(LAYOUTS, "ru")
    forms = [russian.ngettext("It has %(num)d illustration with a text description.", "x", n) % {"num": n} for n in (1, 3, 5, 21, 22, 11)]
    assert [f.split()[3].strip(",") for f in forms] == ["иллюстрация", "иллюстрации", "иллюстраций", "иллюстрация", "иллюстрации", "иллюстраций"]
    arabic = i18n.translations(LAYOUTS, "ar")
    assert "رسمين" in arabic.ngettext("It has %(num)d illustration with a text description.", "x", 2)
    french = i18n.translations(LAYOUTS, "fr")
    assert "illustrations" not in french.ngettext("It has %(num)d illustration with a text description.", "x", 0)  # 0 is singular in French


def test_language_tags_fall_back_to_their_base_language(tmp_path):
    assert i18n.candidates("es-MX") == ["es_MX", "es"]
    assert i18n.candidates("zh-Hant-TW") == ["zh_Hant_TW", "zh_Hant", "zh"]  # the script is kept before the bare language
    assert i18n.find_catalog(LAYOUTS, "de-AT") == LAYOUTS / "locale" / "de" / "LC_MESSAGES" / "messages.po"
    assert i18n.find_catalog(LAYOUTS, "sw") is None
    for tag, name in [("pt", "pt_BR"), ("pt-PT", "pt_PT"), ("pt-AO", "pt_PT"), ("zh", "zh_Hans"), ("zh-CN", "zh_Hans"), ("zh-TW", "zh_Hant"),
                      ("zh-HK", "zh_Hant"), ("zh-Hant", "zh_Hant"), ("es-MX", "es"), ("no", "nb"), ("nb-NO", "nb"), ("iw", "he"), ("fil", "tl")]:
        assert i18n.find_catalog(LAYOUTS, tag) == LAYOUTS / "locale" / name / "LC_MESSAGES" / "messages.po", tag
    regional = tmp_path / "locale" / "es_MX" / "LC_MESSAGES" / "messages.po"
    regional.parent.mkdir(parents=True)
    regional.write_text('msgid ""\nmsgstr ""\n"Language: es_MX\\n"\n\nmsgid "Cover"\nmsgstr "Carátula"\n', encoding="utf-8")
    assert i18n.translations(tmp_path, "es-MX").gettext("Cover") == "Carátula"
    assert i18n.translations(tmp_path, "es").gettext("Cover") == "Cover"


def test_dates_and_numbers_follow_the_language():
    import datetime

    day = datetime.date(2025, 3, 14)
    assert i18n.format_date(day, "es-MX") == "14 de marzo de 2025"
    assert i18n.format_date(day, "de-AT") == "14. März 2025"
    assert i18n.format_date(day, "da") == "14. marts 2025"
    assert i18n.format_date(day, "fr", "month") == "mars 2025"
    assert i18n.format_date(day, "xx-unknown") == "March 14, 2025"
    assert i18n.format_number(1234.5, "de") == "1.234,5"
    assert i18n.format_number(1234.5, "en-US") == "1,234.5"
    assert i18n.format_date(day, "ru") == "14 марта 2025\u00a0г."  # CLDR's narrow no-break space is missing from many fonts
    assert i18n.format_number(1234.5, "fr") == "1\u00a0234,5"


def test_page_furniture_in_css_keeps_the_counters():
    assert i18n.css_string("Seite %(page)s von %(pages)s", page="counter(page)", pages="counter(pages)") == (
        '"Seite " counter(page) " von " counter(pages)'
    )
    assert i18n.css_string("%(page)s/%(pages)s", page="counter(page)", pages="counter(pages)") == 'counter(page) "/" counter(pages)'
    assert i18n.css_string('Say "hi" \\', page="counter(page)") == '"Say \\"hi\\" \\\\"'


DUTCH = FRONT_MATTER.replace("language: en-US", "language: nl") + "\n# Rekken\n\nEen korte tekst.\n"
DUTCH_PO = """\
msgid ""
msgstr ""
"Language: nl\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#, python-format
msgid "Page %(page)s of %(pages)s"
msgstr "Pagina %(page)s van %(pages)s"
"""


def without_dutch(root: Path) -> None:
    """Remove the project's Dutch catalog: these tests stand for a clinic whose patients' language has none yet."""
    shutil.rmtree(root / "layouts" / "locale" / "nl")


def test_a_language_without_catalog_builds_in_english_with_one_warning_then_a_po_file_translates_it(make_project, in_project, capsys):
    root = in_project(make_project({
        "source/een.md": DUTCH,
        "source/twee.md": DUTCH.replace("language: nl", "language: nl-BE"),
    }))
    without_dutch(root)
    assert main(["--only", "guide"]) == 0
    err = capsys.readouterr().err
    assert err.count("warning:") == 1 and "language 'nl' has no message catalog" in err, err
    assert "source/een.md:4: warning:" in err
    text = subprocess.run(["pdftotext", "build/injury-prevention-guru/een-guide-letter.pdf", "-"], capture_output=True, text=True).stdout
    assert "Page 1 of 1" in text
    catalog = root / "layouts" / "locale" / "nl" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(DUTCH_PO, encoding="utf-8")
    assert main(["--only", "guide"]) == 0  # no --force: a new catalog is a changed input
    assert "warning" not in capsys.readouterr().err
    text = subprocess.run(["pdftotext", "build/injury-prevention-guru/een-guide-letter.pdf", "-"], capture_output=True, text=True).stdout
    assert "Pagina 1 van 1" in text and "Page 1" not in text


def test_a_broken_catalog_is_a_clear_error(make_project, in_project, capsys):
    root = in_project(make_project({"source/een.md": DUTCH}))
    without_dutch(root)
    catalog = root / "layouts" / "locale" / "nl" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(DUTCH_PO + '\nmsgid "Cover"\nOmslag\n', encoding="utf-8")
    assert main(["--only", "guide"]) == 1
    err = capsys.readouterr().err
    assert "layouts/locale/nl/LC_MESSAGES/messages.po:11: message catalog cannot be read" in err, err
    catalog.write_text(DUTCH_PO.replace("van %(pages)s", "van %(totaal)s"), encoding="utf-8")
    assert main(["--only", "guide"]) == 1
    err = capsys.readouterr().err
    assert "layouts/locale/nl/LC_MESSAGES/messages.po:8: the translation of 'Page %(page)s of %(pages)s' uses the placeholder %(totaal)s" in err, err


def test_check_warns_once_per_language_without_catalog(make_project):
    from clinicdocs.authoring.check import run_check

    root = make_project({"source/een.md": DUTCH, "source/twee.md": DUTCH.replace("language: nl", "language: nl-BE")})
    without_dutch(root)
    report = run_check(root / "source", root / "layouts")
    found = [f for f in report.warnings if "no message catalog" in f.message]
    assert [(f.path.name, f.line) for f in found] == [("een.md", 4)]
    assert "language 'nl' has no message catalog" in found[0].message


def test_a_clinics_download_page_and_catalog_speak_the_clinics_locale(make_project):
    root = make_project({"source/rodilla.md": (DATA / "rodilla.md").read_text(encoding="utf-8"),
                         "source/images/cuadriceps.png": (DATA / "images" / "cuadriceps.png").read_bytes()})
    brand = root / "layouts" / "brands" / "injury-prevention-guru" / "brand.toml"
    brand.write_text(brand.read_text(encoding="utf-8").replace('locale = "en-US"', 'locale = "es-US"'), encoding="utf-8")
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide", "catalog")))
    page = (root / "build" / "injury-prevention-guru" / "index.html").read_text(encoding="utf-8")
    feed = (root / "build" / "injury-prevention-guru" / "catalog.xml").read_text(encoding="utf-8")
    assert '<html lang="es-US">' in page and "<h1>Guías para pacientes de Injury Prevention Guru</h1>" in page
    assert "Guía para imprimir (PDF, Carta (EE. UU.))" in page and 'xml:lang="es-US"' in feed
    for text in (page, feed):
        assert find_english(readable(text), "es") == []


def test_a_brand_words_some_messages_its_own_way_and_keeps_the_rest(make_project):
    """A brand's locale/<name>/LC_MESSAGES/messages.po holds only the messages the clinic words differently."""
    root = make_project({"source/rodilla.md": (DATA / "rodilla.md").read_text(encoding="utf-8"),
                         "source/images/cuadriceps.png": (DATA / "images" / "cuadriceps.png").read_bytes()})
    own = root / "layouts" / "brands" / "injury-prevention-guru" / "locale" / "es" / "LC_MESSAGES" / "messages.po"
    own.parent.mkdir(parents=True)
    own.write_text('msgid ""\nmsgstr ""\n"Language: es\\n"\n\n#, python-format\nmsgid "Last updated: %(date)s"\n'
                   'msgstr "Revisado por la clínica: %(date)s"\n', encoding="utf-8")
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide",)))
    text = subprocess.run(["pdftotext", str(root / "build" / "injury-prevention-guru" / "rodilla-guide-letter.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Revisado por la clínica: 14 de marzo de 2025" in text and "Página 1 de" in text
    shipped = i18n.translations(root / "layouts", "es")  # the shipped catalog, as other brands read it, is unchanged
    assert shipped.gettext("Last updated: %(date)s") == "Última actualización: %(date)s"
