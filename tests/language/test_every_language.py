"""Every promise about languages, tested over every shipped language: direction, quotation marks,
translated furniture, hold lines, sentence ends and dates.

The languages are never a sample: they are read from the data that ships them (the catalogs folder,
the hold-lines table and the typography table), so a language added there is tested here, and a
language without a test sentence below fails until someone writes one. The references are CLDR's,
read through Babel (direction, dates, digits) or from CLDR's own delimiters data (quotation marks,
tests/data/cldr-quotes.json), never from the code under test. One tiny document per language is
built once, as an EPUB (without its cover picture and fonts, which no promise here is about), and the
right-to-left ones also as a PDF, for the whole module.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pikepdf
import pytest
from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.messages.pofile import read_po
from PIL import Image

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.language import catalogs
from clinicdocs.language.holds import find_hold, hold_words
from clinicdocs.language.typography import QUOTES
from clinicdocs.reading.elements import split_sentences
from clinicdocs.rendering import epub as epub_writer
from clinicdocs.rendering.cover import Covers
from conftest import SHIPPED_ROOT
from helpers import SAME_AS_ENGLISH, SHARED_WORDS

LAYOUTS = SHIPPED_ROOT / "layouts"
DATA = Path(__file__).parents[1] / "data"
BRAND = "injury-prevention-guru"
DAY = datetime.date(2025, 3, 14)
OPF = {"opf": "http://www.idpf.org/2007/opf"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tag(name: str) -> str:
    """Return a catalog or table name as a BCP 47 tag: zh_Hant -> zh-Hant, de-ch -> de-CH."""
    first, *rest = name.replace("_", "-").split("-")
    return "-".join([first.lower(), *(part.title() if len(part) == 4 else part.upper() for part in rest)])


def catalog_languages() -> list[str]:
    """Return the languages of the shipped catalogs, English left out."""
    return sorted(tag(path.parts[-3]) for path in catalogs.list_catalogs(LAYOUTS) if path.parts[-3] != "en")


def shipped_languages() -> list[str]:
    """Return every language the project ships data for: a catalog, hold-line words or quotation marks."""
    return sorted({tag(path.parts[-3]) for path in catalogs.list_catalogs(LAYOUTS)} | set(map(tag, hold_words())) | set(map(tag, QUOTES)))


LANGUAGES = shipped_languages()

# Two sentences in each language, written for these tests: "Sit up straight." and a hold line,
# "Hold this position for 30 seconds.", each ending as the language's script ends a sentence (Thai
# ends it with a space). By tag, else by primary language.
SAMPLES = {
    "am": ("ቀጥ ብለው ይቀመጡ።", "ለ30 ሰከንድ በዚህ ሁኔታ ይቆዩ።"),
    "ar": ("اجلس مستقيمًا.", "اثبت لمدة 30 ثانية."),
    "be": ("Сядзьце роўна.", "Утрымлівайце становішча 30 секунд."),
    "bg": ("Седнете изправени.", "Задръжте положението 30 секунди."),
    "bn": ("সোজা হয়ে বসুন।", "এই অবস্থায় ৩০ সেকেন্ড ধরে রাখুন।"),
    "ca": ("Seieu amb l’esquena recta.", "Mantingueu la posició 30 segons."),
    "cs": ("Posaďte se rovně.", "Vydržte v této poloze 30 sekund."),
    "da": ("Sæt dig ret op.", "Hold stillingen i 30 sekunder."),
    "de": ("Setzen Sie sich aufrecht hin.", "Halten Sie die Position 30 Sekunden."),
    "el": ("Καθίστε ίσια.", "Κρατήστε τη θέση για 30 δευτερόλεπτα."),
    "en": ("Sit up straight.", "Hold this position for 30 seconds."),
    "es": ("Siéntese derecho.", "Mantenga la posición 30 segundos."),
    "fa": ("صاف بنشینید.", "این حالت را ۳۰ ثانیه نگه دارید."),
    "fi": ("Istu suorassa.", "Pidä asento 30 sekuntia."),
    "fr": ("Asseyez-vous bien droit.", "Tenez la position 30 secondes."),
    "gu": ("ટટ્ટાર બેસો.", "આ સ્થિતિમાં 30 સેકન્ડ રહો."),
    "he": ("שבו זקוף.", "החזיקו את התנוחה 30 שניות."),
    "hi": ("सीधे बैठें।", "इस स्थिति में 30 सेकंड तक रुकें।"),
    "hr": ("Sjednite uspravno.", "Zadržite položaj 30 sekundi."),
    "ht": ("Chita dwat.", "Kenbe pozisyon an pandan 30 segonn."),
    "hu": ("Üljön egyenesen.", "Tartsa meg a helyzetet 30 másodpercig."),
    "hy": ("Նստեք ուղիղ։", "Պահեք այս դիրքը 30 վայրկյան։"),
    "it": ("Siediti con la schiena dritta.", "Mantieni la posizione per 30 secondi."),
    "ja": ("背筋を伸ばして座ります。", "そのまま30秒間キープします。"),
    "ka": ("გასწორდით და დაჯექით.", "შეინარჩუნეთ ეს პოზა 30 წამი."),
    "km": ("អង្គុយឱ្យត្រង់។", "រក្សាឥរិយាបថនេះ 30 វិនាទី។"),
    "ko": ("허리를 펴고 앉으십시오.", "30초 동안 자세를 유지하십시오."),
    "nb": ("Sitt rett opp.", "Hold stillingen i 30 sekunder."),
    "nl": ("Ga rechtop zitten.", "Houd deze houding 30 seconden vast."),
    "nn": ("Sit rett opp.", "Hald stillinga i 30 sekund."),
    "no": ("Sitt rett opp.", "Hold stillingen i 30 sekunder."),
    "pa": ("ਸਿੱਧੇ ਬੈਠੋ।", "ਇਸ ਸਥਿਤੀ ਵਿੱਚ 30 ਸਕਿੰਟ ਰੁਕੋ।"),
    "pl": ("Usiądź prosto.", "Przytrzymaj pozycję przez 30 sekund."),
    "pt": ("Sente-se com a coluna reta.", "Mantenha a posição por 30 segundos."),
    "ro": ("Stați drept pe scaun.", "Mențineți poziția timp de 30 de secunde."),
    "ru": ("Сядьте прямо.", "Удерживайте положение 30 секунд."),
    "sk": ("Sadnite si vzpriamene.", "Vydržte v tejto polohe 30 sekúnd."),
    "so": ("Si toos ah u fadhiiso.", "Ku hay booskan 30 ilbiriqsi."),
    "sv": ("Sitt rakt upp.", "Håll ställningen i 30 sekunder."),
    "ta": ("நேராக உட்காருங்கள்.", "இந்த நிலையில் 30 வினாடிகள் இருங்கள்."),
    "te": ("నిటారుగా కూర్చోండి.", "ఈ స్థితిలో 30 సెకన్లు ఉండండి."),
    "th": ("นั่งหลังตรง", "ค้างไว้ 30 วินาที"),
    "tl": ("Umupo nang tuwid.", "Manatili sa posisyong ito nang 30 segundo."),
    "tr": ("Dik oturun.", "Bu pozisyonda 30 saniye kalın."),
    "uk": ("Сядьте рівно.", "Утримуйте положення 30 секунд."),
    "ur": ("سیدھے بیٹھیں۔", "اس حالت میں 30 سیکنڈ رکیں۔"),
    "vi": ("Ngồi thẳng lưng.", "Giữ tư thế này trong 30 giây."),
    "zh": ("坐直。", "保持这个姿势30秒。"),
    "zh-Hant": ("坐直。", "維持這個姿勢30秒。"),
}

# Where the typography table departs from CLDR's quotationStart/quotationEnd, reviewed (typography.py says why).
NOT_CLDR_QUOTES = {"ar": ("«", "»"), "da": ("»", "«"), "de-CH": ("«", "»"), "es": ("«", "»"), "nl": ("“", "”")}
# CLDR's numbering systems by the Unicode name of their digits, to find each system's zero independently of the code.
DIGIT_NAMES = {"arab": "ARABIC-INDIC", "arabext": "EXTENDED ARABIC-INDIC", "beng": "BENGALI", "deva": "DEVANAGARI", "mymr": "MYANMAR",
               "gujr": "GUJARATI", "guru": "GURMUKHI", "khmr": "KHMER", "tamldec": "TAMIL", "telu": "TELUGU", "thai": "THAI"}


def sample(language: str) -> tuple[str, str]:
    """Return the two test sentences of a language (by its tag, else its primary language)."""
    return SAMPLES.get(language) or SAMPLES[language.split("-")[0]]


def cldr(language: str) -> Locale:
    """Return CLDR's locale for a tag, as Babel reads it (tl -> fil_PH)."""
    return Locale.parse(language, sep="-")


def cldr_quotes(language: str) -> tuple[str, str]:
    """Return CLDR's quotationStart and quotationEnd for a tag, from its most specific locale CLDR has."""
    table = json.loads((DATA / "cldr-quotes.json").read_text(encoding="utf-8"))["quotes"]
    locale = cldr(language)
    for name in (language, "-".join(filter(None, [locale.language, locale.script, locale.territory])),
                 "-".join(filter(None, [locale.language, locale.script])), locale.language):
        if name in table:
            return tuple(table[name])  # type: ignore[return-value]
    raise AssertionError(f"CLDR has no quotation marks for {language}")


def cldr_date(language: str) -> str:
    """Return 14 March 2025 as CLDR writes it for a tag (Babel's long date) in CLDR's default digits for it."""
    locale = cldr(language)
    written = babel_format_date(DAY, format="long", locale=locale).replace("\u202f", "\u00a0")
    system = locale.default_numbering_system
    if system == "latn":
        return written
    zero = ord(unicodedata.lookup(f"{DIGIT_NAMES[system]} DIGIT ZERO"))
    return "".join(chr(zero + int(char)) if char.isascii() and char.isdigit() else char for char in written)


def document(language: str) -> str:
    """Return a tiny handout in a language: a quoted word in its title and its two sentences."""
    first, hold = sample(language)
    return (f"---\ntitle: 'The \"Knee\" {language}'\ndescription: {first}\nlanguage: '{language}'\ndate: {DAY.isoformat()}\nauthor: A\n---\n\n"
            f"## {first}\n\n{first} {hold}\n")


def plain_cover(self: Covers, env: object, document: object, brand: object) -> bytes:
    """Return a one-colour cover picture: drawing each language's cover takes most of an EPUB's time and is no promise here."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 24), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build every shipped language's handout once for one brand: EPUBs for all, PDF guides for the right-to-left ones."""
    root = tmp_path_factory.mktemp("every-language")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Covers, "png", plain_cover)
        # Subsetting each script's fallback fonts is 97 % of these EPUBs' time (42 s of 43 s): the fonts are no promise
        # here, and test_world_scripts.py checks them per script. The package, pages and words are the real ones.
        patch.setattr(epub_writer, "add_fonts", lambda *args: None)
        for folder, languages, only in (("epub", LANGUAGES, ("epub",)), ("pdf", [l for l in LANGUAGES if rtl(l)] + ["en"], ("guide",))):
            source = root / folder / "source"
            source.mkdir(parents=True)
            for language in languages:
                (source / f"doc-{language.lower()}.md").write_text(document(language), encoding="utf-8")
            build(BuildOptions(source=source, layouts=LAYOUTS, out=root / "out", brands=(BRAND,), only=only))
    return root / "out" / BRAND


def rtl(language: str) -> bool:
    """Tell whether CLDR writes a language right to left."""
    return cldr(language).character_order == "right-to-left"


def read_book(path: Path) -> dict[str, str]:
    """Return every text file of an EPUB by name."""
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name).decode("utf-8") for name in book.namelist() if name.endswith((".opf", ".xhtml", ".ncx"))}


def readable(markup: str) -> str:
    """Return what a reader meets in XHTML, OPF or NCX: the text, and the alt, title, aria-label and description attributes."""
    attributes = [" ".join(found) for found in re.findall(r'\b(?:alt|title|aria-label)="([^"]*)"|name="description" content="([^"]*)"', markup)]
    return " ".join([re.sub(r"<[^>]+>", " ", re.sub(r"<style\b.*?</style>", " ", markup, flags=re.DOTALL)), *attributes])


def test_every_language_has_its_sentences():
    assert not [language for language in LANGUAGES if language not in SAMPLES and language.split("-")[0] not in SAMPLES]
    assert len(LANGUAGES) >= 40 and {"ar", "fa", "he", "ur"} <= {l for l in LANGUAGES if rtl(l)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_epub_package_spine_and_pages_follow_the_languages_direction(books, language):
    direction = "rtl" if rtl(language) else "ltr"
    book = read_book(books / f"doc-{language.lower()}.epub")
    package = ET.fromstring(book["EPUB/content.opf"])
    assert (package.get("dir"), package.get(XML_LANG)) == (direction if direction == "rtl" else None, language)
    assert package.find("opf:spine", OPF).get("page-progression-direction") == ("rtl" if direction == "rtl" else None)
    pages = [ET.fromstring(text) for name, text in book.items() if name.endswith(".xhtml")]
    assert pages and all((page.get("dir"), page.get("lang"), page.get(XML_LANG)) == (direction, language, language) for page in pages)


@pytest.mark.parametrize("language", [l for l in LANGUAGES if rtl(l)] + ["en"])
def test_the_pdf_turns_its_pages_in_the_languages_direction(books, language):
    with pikepdf.open(books / f"doc-{language.lower()}-guide-letter.pdf") as pdf:
        assert str(pdf.Root.Lang) == language
        preferences = pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())
        assert preferences.get("/Direction") == (pikepdf.Name.R2L if rtl(language) else None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_quotation_marks_are_cldrs(books, language):
    opening, closing = NOT_CLDR_QUOTES.get(language) or cldr_quotes(language)
    text = read_book(books / f"doc-{language.lower()}.epub")["EPUB/text.xhtml"].replace("\u00a0", "")
    assert f"The {opening}Knee{closing} {language}" in text


def test_the_reviewed_departures_from_cldrs_quotation_marks_are_few():
    assert len(NOT_CLDR_QUOTES) <= 5 and all(NOT_CLDR_QUOTES[language] != cldr_quotes(language) for language in NOT_CLDR_QUOTES)


@pytest.mark.parametrize("language", catalog_languages())
def test_no_catalog_entry_is_left_in_english(language):
    with (LAYOUTS / "locale" / language.replace("-", "_") / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    left = []
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = language in SAME_AS_ENGLISH.get(english[0], ())
        left += [text for text in strings if not allowed and text.strip() in english]
    assert not left, f"{language}: left in English: {left}"


@pytest.mark.parametrize("language", catalog_languages())
def test_the_furniture_of_every_catalogs_language_is_translated(books, language):
    """No English words the layouts add (each English entry, cut at its placeholders) in the EPUB, but a reviewed few."""
    with (LAYOUTS / "locale" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        english = read_po(handle)
    pieces = {piece.strip(" .:,") for message in english if message.id
              for msgid in (message.id if isinstance(message.id, tuple) else (message.id,))
              if language not in SAME_AS_ENGLISH.get(msgid, ())
              for piece in re.split(r"%\(\w+\)[sd]", msgid)}
    text = " ".join(readable(page) for page in read_book(books / f"doc-{language.lower()}.epub").values())
    pieces -= {word for word, languages in SHARED_WORDS.items() if language.split("-")[0] in languages}
    found = [piece for piece in sorted(pieces) if len(piece) > 3 and re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text, re.IGNORECASE)]
    assert not found, f"{language}: English furniture {found}"


@pytest.mark.parametrize("language", sorted(hold_words()))
def test_a_hold_line_in_every_hold_table_language_is_recognised(language):
    first, hold = sample(tag(language))
    steps, found = find_hold([first, hold], language)
    assert steps == [first] and found is not None and (found.text, found.seconds) == (hold, 30)


@pytest.mark.parametrize("language", LANGUAGES)
def test_two_sentences_split_at_the_scripts_sentence_end(language):
    first, second = sample(language)
    assert split_sentences(f"{first} {second}") == [first, second]


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_are_cldrs_in_cldrs_default_digits(language):
    assert catalogs.format_date(DAY, language) == cldr_date(language)


@pytest.mark.parametrize("language", catalog_languages())
def test_the_epub_says_when_it_was_updated_in_its_language(books, language):
    words = catalogs.translations(LAYOUTS, language).gettext("Last updated: %(date)s") % {"date": cldr_date(language)}
    text = re.sub(r"[\u2066-\u2069\u200e\u200f]", "", " ".join(read_book(books / f"doc-{language.lower()}.epub").values()))
    assert words in re.sub(r"<[^>]+>", "", text)
