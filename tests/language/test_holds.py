"""Hold lines in every shipped language, and the explicit [ ... ]{.hold} mark."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicdocs.reading.elements import split_sentences
from clinicdocs.language.catalogs import list_catalogs
from clinicdocs.language.holds import find_hold, hold_words
from clinicdocs.reading.parse import collect_document, parse_document
from clinicdocs.reading.source import read_source
from conftest import FRONT_MATTER, SHIPPED_ROOT

ROOT = Path(__file__).resolve().parents[2]

DATA = Path(__file__).parents[1] / "data" / "languages"


@pytest.mark.parametrize("language, sentence, seconds, sides", [
    ("en-US", "Hold for 30 seconds, then switch sides.", 30, True),
    ("en", "Hold for 2 minutes.", 120, False),
    ("es-MX", "Mantenga durante 20 segundos y cambie de lado.", 20, True),
    ("es", "Mantén la posición 30 segundos.", 30, False),
    ("es", "Quedese asi 15 segundos.", 15, False),  # typed without accents
    ("de-AT", "Halten Sie die Position 15 Sekunden lang.", 15, False),
    ("de", "Halten Sie 1 Minute und wechseln Sie dann die Seite.", 60, True),
    ("fr", "Tenez 30 secondes.", 30, False),
    ("fr-CA", "Maintenez la position 20 secondes de chaque côté.", 20, True),
    ("da", "Hold i 30 sekunder.", 30, False),
    ("da-DK", "Bliv i stillingen 1 minut, og skift side.", 60, True),
    ("ru", "Удерживайте 30 секунд.", 30, False),
    ("ru", "Задержитесь на 2 минуты, затем смените ногу.", 120, True),
    ("ar", "اثبت لمدة 30 ثانية.", 30, False),
    ("ar", "اثبت لمدة ٣٠ ثانيةً ثم كرر على الجانب الآخر.", 30, True),  # Arabic-Indic digits, vowel marks
    ("sw", "Hold for 20 seconds.", 20, False),  # no Swahili words: every language's are tried
    ("uk", "Утримуйте положення 30 секунд.", 30, False),
    ("el", "Κρατήστε τη θέση για 10 δευτερόλεπτα και αλλάξτε πλευρά.", 10, True),
    ("pt-BR", "Mantenha por 20 segundos e troque de lado.", 20, True),
    ("pl", "Przytrzymaj 15 sekund.", 15, False),
    ("it", "Mantieni la posizione per 30 secondi.", 30, False),
    ("nl", "Houd dit 20 seconden vast en wissel van kant.", 20, True),
    ("vi", "Giữ tư thế trong 20 giây rồi đổi bên.", 20, True),
    ("tr", "Bu pozisyonda 20 saniye bekleyin.", 20, False),  # the verb comes last
    ("hi", "इस स्थिति में 20 सेकंड तक रुकें।", 20, False),  # vowel signs are marks, not word breaks
    ("fa", "این حالت را ۲۰ ثانیه نگه دارید.", 20, False),  # Persian digits, a two-word verb
    ("zh-Hans", "保持20秒，然后换另一侧。", 20, True),  # no spaces
    ("zh-Hant", "維持這個姿勢30秒鐘。", 30, False),
    ("ja", "そのまま20秒間キープします。", 20, False),
    ("ko", "20초 동안 유지한 다음 반대쪽도 하십시오.", 20, True),
    ("am", "ለ20 ሰከንድ በዚህ ሁኔታ ይቆዩ።", 20, False),
    ("he", "החזיקו 15 שניות והחליפו צד.", 15, True),
    ("hy", "Պահեք այս դիրքը 20 վայրկյան։", 20, False),
    ("th", "ค้างไว้ 20 วินาที แล้วสลับข้าง", 20, True),
    ("ta", "இந்த நிலையில் 20 வினாடிகள் இருங்கள்.", 20, False),
])
def test_hold_lines_are_recognised_in_every_language(language, sentence, seconds, sides):
    steps, hold = find_hold(["First step.", sentence], language)
    assert steps == ["First step."]
    assert hold is not None and (hold.text, hold.seconds, hold.sides) == (sentence, seconds, sides)


@pytest.mark.parametrize("language, sentence", [
    ("en", "Hold the back of a chair."),  # a hold verb, but no time
    ("en", "Then hold for 30 seconds."),  # the verb must open the sentence
    ("en", "Rest for 30 seconds."),  # a time, but no hold verb
    ("es", "Mantenga la espalda recta."),
    ("de", "Halten Sie den Rücken gerade."),
    ("es", "Hold for 30 seconds."),  # a Spanish document is read with the Spanish words
    ("da", "Hold benet strakt i 30 grader."),  # Danish 'hold' with a number that is no time
])
def test_sentences_that_are_not_hold_lines(language, sentence):
    assert find_hold([sentence], language) == ([sentence], None)


def test_every_shipped_language_has_hold_words():
    catalogs = {path.parts[-3].split("_")[0] for path in list_catalogs(SHIPPED_ROOT / "layouts")}
    assert len(catalogs) >= 30 and set(hold_words()) >= catalogs
    assert all(words.verbs and words.seconds and words.minutes and words.sides for words in hold_words().values())


def test_sentences_split_in_scripts_without_ascii_capitals():
    assert split_sentences("Встаньте прямо. Удерживайте 30 секунд.") == ["Встаньте прямо.", "Удерживайте 30 секунд."]
    assert split_sentences("قف مستقيمًا. اثبت لمدة 30 ثانية.") == ["قف مستقيمًا.", "اثبت لمدة 30 ثانية."]
    assert split_sentences("Siéntese. ¿Le duele? Él descansa.") == ["Siéntese.", "¿Le duele?", "Él descansa."]
    assert split_sentences("Ca. drei Minuten. über den Kopf.") == ["Ca. drei Minuten. über den Kopf."]  # lower case goes on


@pytest.mark.parametrize("text, expected", [
    ("坐直，放松双肩。慢慢把头向右肩倾斜！保持20秒？", ["坐直，放松双肩。", "慢慢把头向右肩倾斜！", "保持20秒？"]),  # no spaces
    ("背筋を伸ばします。ゆっくり倒します。", ["背筋を伸ばします。", "ゆっくり倒します。"]),
    ("सीधे बैठें। धीरे से सिर झुकाएँ। 20 सेकंड रुकें।", ["सीधे बैठें।", "धीरे से सिर झुकाएँ।", "20 सेकंड रुकें।"]),  # danda
    ("ቀጥ ብለው ይቀመጡ። ለ20 ሰከንድ ይቆዩ።", ["ቀጥ ብለው ይቀመጡ።", "ለ20 ሰከንድ ይቆዩ።"]),  # Ethiopic full stop
    ("Նստեք ուղիղ։ Պահեք 20 վայրկյան։", ["Նստեք ուղիղ։", "Պահեք 20 վայրկյան։"]),  # Armenian full stop
    ("درد دارید؟ ۲۰ ثانیه نگه دارید.", ["درد دارید؟", "۲۰ ثانیه نگه دارید."]),
    ("Ngồi thẳng, e.g. trên ghế. Giữ 20 giây.", ["Ngồi thẳng, e.g. trên ghế.", "Giữ 20 giây."]),  # abbreviations still hold
    ("นอนหงายบนพื้น ค่อย ๆ ดึงเข่าเข้าหาอก ค้างไว้ 20 วินาที", ["นอนหงายบนพื้น", "ค่อย ๆ ดึงเข่าเข้าหาอก", "ค้างไว้ 20 วินาที"]),  # a space ends it
    ("Κάθεστε ίσια; Κρατήστε 20 δευτ. και χαλαρώστε.", ["Κάθεστε ίσια;", "Κρατήστε 20 δευτ. και χαλαρώστε."]),  # Greek ; asks
])
def test_sentences_end_at_each_scripts_full_stop(text, expected):
    assert split_sentences(text) == expected


def test_an_exercise_name_may_end_with_a_full_width_or_ethiopic_colon(tmp_path):
    body = "\n# 练习\n\n1. **直腿抬高：** 平躺。抬起一条腿。保持10秒。\n2. **侧抬腿**：侧躺。\n"
    first, second = parse_document(read_source(write(tmp_path, body, "zh-Hans"))).stretches
    assert (first.name, first.steps, first.hold, first.hold_seconds) == ("直腿抬高", ("平躺。", "抬起一条腿。"), "保持10秒。", 10)
    assert (second.name, second.steps) == ("侧抬腿", ("侧躺。",))
    body = "\n# ልምምድ\n\n1. **ጉልበትን ወደ ደረት፦** በጀርባዎ ይተኙ። ለ20 ሰከንድ ይቆዩ።\n"
    (stretch,) = parse_document(read_source(write(tmp_path, body, "am"))).stretches
    assert (stretch.name, stretch.steps, stretch.hold_seconds) == ("ጉልበትን ወደ ደረት", ("በጀርባዎ ይተኙ።",), 20)


def write(tmp_path: Path, body: str, language: str = "en-US") -> Path:
    path = tmp_path / "source" / "doc.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT_MATTER.replace("language: en-US", f"language: {language}") + body, encoding="utf-8")
    return path


def test_a_marked_hold_line_is_the_hold_whatever_its_wording(tmp_path):
    body = ("\n# T\n\n1. **Breathing Stretch:** Lie down. [Stay there. Breathe out slowly, twice, each side.]{.hold} Get up.\n"
            "2. **Wall Push:** Lean on the wall.\n\n    - Push.\n    - [Tel tot tien.]{.hold}\n")
    document = parse_document(read_source(write(tmp_path, body, "sw")))
    first, second = document.stretches
    assert first.steps == ("Lie down.", "Get up.")
    assert (first.hold, first.hold_seconds, first.sides) == ("Stay there. Breathe out slowly, twice, each side.", None, True)
    assert second.steps == ("Lean on the wall.", "Push.") and second.hold == "Tel tot tien."


def test_a_mark_outside_a_stretch_is_a_warning(tmp_path):
    path = write(tmp_path, "\n# T\n\nSome text.\n\nRest now. [Stay there.]{.hold}\n")
    _, problems, warnings = collect_document(read_source(path))
    assert not problems
    assert [(w.line, "marks a hold line only in a stretch" in w.message) for w in warnings] == [(13, True)]


@pytest.mark.parametrize("name, holds", [
    ("rodilla", [("Mantenga durante 20 segundos y cambie de lado.", 20, True), ("Mantenga la posición 30 segundos.", 30, False),
                 ("Repita diez veces con cada pierna, sin prisa.", None, True)]),
    ("ruecken", [("Halten Sie die Position 15 Sekunden lang und wechseln Sie dann die Seite.", 15, True),
                 ("Halten Sie 1 Minute und atmen Sie ruhig weiter.", 60, False)]),
])
def test_the_test_documents_hold_lines(name, holds):
    document = parse_document(read_source(DATA / f"{name}.md"))
    assert [(s.hold, s.hold_seconds, s.sides) for s in document.stretches] == holds
    assert not any("hold" in step.lower() or "{" in step for s in document.stretches for step in s.steps)
