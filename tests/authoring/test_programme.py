"""`make_docs.py programme PLAN.toml`: a patient's home programme on one sheet, every plan mistake with its line."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from clinicdocs.authoring.library import load_library
from clinicdocs.authoring.plan import Dosage, read_plan
from clinicdocs.authoring.programme import dosage_line
from clinicdocs.language.catalogs import translations
from clinicdocs.cli import main
from clinicdocs.errors import BuildError
from conftest import ROOT, SHIPPED_ROOT, write_project
from documents import exercise as exercise_item
from documents import exercises_document, front_matter, picture
from helpers import margin_ink, structure
from pictures import neck_tilt_png

DANISH = "bjork-sondergaard-physio"
KNEE = ["heel-slides", "quadriceps-sets", "straight-leg-raise", "ankle-pumps", "bridging", "calf-stretch", "sit-to-stand",
        "side-lying-leg-lift", "mini-squats", "step-ups", "hamstring-stretch", "balance-on-one-leg"]
NECK = ["إمالة-الرأس-إلى-الجانب", "سحب-الذقن-إلى-الخلف", "إطالة-الصدر-عند-الباب"]


def exercise(exercise_id: str, **dosage: object) -> str:
    """Return one [[exercise]] table."""
    shown = {key: str(value).lower() if isinstance(value, bool) else repr(value).replace("'", '"') for key, value in dosage.items()}
    lines = ["[[exercise]]", f'id = "{exercise_id}"'] + [f"{key} = {value}" for key, value in shown.items()]
    return "\n".join(lines) + "\n\n"


def plan(*exercises: str, top: str = 'patient = "Pat Example"\nclinician = "Jo Smith, physiotherapist"\ndate = 2026-03-04\n') -> str:
    """Return a plan: the top keys, then the exercises."""
    return top + "\n" + "".join(exercises)


def knee_handout() -> dict[str, str | bytes]:
    """Return a handout of twelve everyday exercises, each with a PNG or JPEG picture."""
    files: dict[str, str | bytes] = {}
    text = front_matter("Knee Exercises After Surgery") + "## Exercises\n\n"
    for index in range(12):
        kind = "png" if index % 2 else "jpg"
        files[f"source/images/knee-{index + 1}.{kind}"] = picture(index, kind)
        text += exercise_item(index + 1, index, f"images/knee-{index + 1}.{kind}")
    return {**files, "source/handout.md": text}


def make(root: Path) -> Path:
    """A project with a twelve-exercise knee handout, a long one, the Arabic neck handout and both brands."""
    files = {**knee_handout(), **{k.replace("handout.md", "long.md"): v for k, v in exercises_document(12, "A Long Handout").items()}}
    steps = " ".join(f"Step {k}: move the leg slowly towards the ceiling, keeping the knee straight and the back flat on the mat." for k in range(1, 7))
    files["source/wordy.md"] = front_matter("Wordy") + f"## Exercises\n\n1. **Long Leg Lift:** {steps} Hold for 5 seconds.\n\n    ![A person lifting a leg.](images/knee-1.jpg)\n"
    files["source/neck-ar.md"] = (ROOT / "tests" / "data" / "scripts" / "neck-ar.md").read_text(encoding="utf-8")
    files["source/images/neck-tilt.png"] = neck_tilt_png()
    write_project(root, files)
    shutil.copytree(SHIPPED_ROOT / "layouts" / "brands" / DANISH, root / "layouts" / "brands" / DANISH)
    return root


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Print three programmes with the command line: one exercise, twelve, and the Arabic one; return the project."""
    root = make(tmp_path_factory.mktemp("programme"))
    plans = root / "plans"
    plans.mkdir()
    (plans / "one.toml").write_text(plan(exercise("handout/bridging", sets=3, repetitions=10, hold_seconds=20, times_per_day=2, days_per_week=5, note="Only on the left side for a week.")), encoding="utf-8")
    (plans / "twelve.toml").write_text(plan(*(exercise(f"handout/{name}", sets=2, repetitions=12, times_per_day=3) for name in reversed(KNEE)), top='patient = "Pat Example"\nnote = "Stop and call us if the pain gets worse."\n'), encoding="utf-8")
    (plans / "neck.toml").write_text(plan(*(exercise(f"neck-ar/{name}", sets=2, hold_seconds=20) for name in NECK), top='patient = "ليلى حداد"\n'), encoding="utf-8")
    for name, brand in (("one", "injury-prevention-guru"), ("twelve", DANISH), ("neck", DANISH)):
        args = ["programme", str(plans / f"{name}.toml"), "--brand", brand, "--source", str(root / "source"), "--layouts", str(root / "layouts"), "--out", str(root / "build"), "-q"]
        assert main(args) == 0
    return root


def text(path: Path) -> list[str]:
    """Return each page's text, whitespace collapsed."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def test_the_programmes_are_written_beside_the_plan_for_their_owner_only_and_nothing_under_build(printed):
    written = sorted(p.name for p in (printed / "plans").glob("*.pdf"))
    assert written == ["neck-card-a4.pdf", "neck-large-print-a4.pdf", "one-card-letter.pdf", "one-large-print-letter.pdf", "twelve-card-a4.pdf", "twelve-large-print-a4.pdf"]
    assert all(stat.S_IMODE((printed / "plans" / name).stat().st_mode) == 0o600 for name in written)
    assert not (printed / "build").exists()


def test_the_card_prints_the_dosage_in_place_of_the_hold_line_with_the_note_clinician_and_date(printed):
    pages = text(printed / "plans" / "one-card-letter.pdf")
    assert len(pages) == 1
    page = pages[0]
    assert "For Pat Example" in page and "Prescribed by Jo Smith, physiotherapist · March 4, 2026" in page
    assert "3 sets · 10 repetitions · Hold 20 seconds" not in page  # the line starts with a capital only
    assert "3 sets · 10 repetitions · hold 20 seconds · each side · 2 times a day · 5 days a week" in page  # the handout says: switch sides
    assert "Hold for 10 seconds" not in page and "Only on the left side for a week." in page
    assert "1. Bridging" in page and "Your clinic" in page and "Injury Prevention Guru" in page


@pytest.mark.parametrize("name", ["one-card-letter", "twelve-card-a4", "neck-card-a4"])
def test_a_programme_of_one_or_twelve_exercises_is_one_sheet(printed, name):
    pages = text(printed / "plans" / f"{name}.pdf")
    assert 1 <= len(pages) <= 2
    assert ("Turn over" in pages[0]) == (len(pages) == 2) or name.startswith("neck")


def test_twelve_exercises_keep_the_plans_order_and_link_to_their_handout(printed):
    pages = text(printed / "plans" / "twelve-card-a4.pdf")
    joined = " ".join(pages)
    assert joined.index("1. Balance on One Leg") < joined.index("12. Heel Slides")
    assert joined.count("2 sets · 12 repetitions") == 12 and "Stop and call us if the pain gets worse." in joined
    with pikepdf.open(printed / "plans" / "twelve-card-a4.pdf") as pdf:
        uris = {str(a.A.URI) for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link"}
    assert "https://bjork-sondergaard.example.dk/guides/handout.epub" in uris
    assert not any("programme" in uri or "twelve" in uri for uri in uris)


@pytest.mark.parametrize("name", ["one-card-letter", "one-large-print-letter", "twelve-card-a4", "neck-card-a4", "neck-large-print-a4"])
def test_the_programme_passes_the_cards_tag_font_and_margin_checks(printed, name):
    path = printed / "plans" / f"{name}.pdf"
    with pikepdf.open(path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True and pdf.open_metadata().get("pdfuaid:part") == "1"
        tags = [str(node.S) for node in structure(pdf)]
        assert tags.count("/H1") == 1 and "/H2" in tags and "/L" in tags and "/Figure" in tags
        assert pdf.check_pdf_syntax() == []
        assert "Pat" not in str(pdf.docinfo.get("/Title", "")) and "ليلى" not in str(pdf.docinfo.get("/Title", ""))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # every font embedded
    assert margin_ink(path) == [], name
    result = subprocess.run(["pdfua", "check", "-q", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_arabic_programme_reads_right_to_left_in_arabic(printed):
    path = printed / "plans" / "neck-card-a4.pdf"
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "ar" and pdf.Root.ViewerPreferences.Direction == "/R2L"
    page = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert page.count("مجموعتان") == 3 and page.count("ثانية") == 3 and "لكل" in page  # the first says: switch sides
    assert "ليلى حداد" in page and "برنامج التمارين المنزلية" in page
    words = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext's boxes hold each word's glyphs in drawing order: 'برنامج' is drawn 'جمانرب'
    kicker = [float(x) for x in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>جمانرب</word>', words)[0]]
    assert kicker[1] > 595 * 0.85, "the kicker starts at the right margin of the A4 page"


# Each mistake in a plan, the line it is reported on, and the words of the message.
MISTAKES = [
    (exercise("handout/bridging", sets=0), 7, "sets: must be a whole number from 1 to 20"),
    (exercise("handout/bridging", repetitions=-1), 7, "repetitions: must be a whole number from 1 to 100"),
    (exercise("handout/bridging", sets=21), 7, "sets: must be a whole number from 1 to 20"),
    (exercise("handout/bridging", days_per_week=8), 7, "days_per_week: must be a whole number from 1 to 7"),
    (exercise("handout/bridging", hold_seconds=601), 7, "hold_seconds: must be a whole number from 1 to 600"),
    (exercise("handout/bridging", times_per_day=True), 7, "times_per_day: must be a whole number"),
    (exercise("handout/bridging", hold_seconds=2.5), 7, "hold_seconds: must be a whole number"),
    (exercise("handout/bridgin"), 6, "no exercise 'handout/bridgin' in the library; did you mean 'handout/bridging'"),
    (exercise("handout/bridging", reps=10), 7, "unknown key 'reps'; did you mean 'repetitions'?"),
    ("[[exercise]]\nsets = 2\n", 5, "id is missing"),
    (exercise("handout/bridging") + "sets = \n", 8, "not valid TOML"),
]


@pytest.mark.parametrize(("exercises", "line", "message"), MISTAKES)
def test_each_mistake_is_reported_with_its_plan_line(printed, tmp_path, exercises, line, message):
    path = tmp_path / "plan.toml"
    path.write_text(plan(exercises), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        read_plan(path, load_library(printed / "source"))
    assert f"plan.toml:{line}: " in str(caught.value) and message in str(caught.value), str(caught.value)


def test_dosage_values_are_accepted_up_to_their_limits(printed, tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(plan(exercise("handout/bridging", sets=20, repetitions=100, hold_seconds=600, times_per_day=12, days_per_week=7),
                         exercise("handout/bridging", sets=1, repetitions=1, hold_seconds=1, times_per_day=1, days_per_week=1)), encoding="utf-8")
    read = read_plan(path, load_library(printed / "source"))
    assert [c.dosage.sets for c in read.exercises] == [20, 1]


def test_twelve_exercises_are_accepted_and_thirteen_refused_at_the_thirteenth(printed, tmp_path):
    path = tmp_path / "plan.toml"
    library = load_library(printed / "source")
    path.write_text(plan(*(exercise(f"handout/{name}") for name in KNEE)), encoding="utf-8")
    assert len(read_plan(path, library).exercises) == 12
    path.write_text(plan(*(exercise(f"handout/{name}") for name in KNEE + ["bridging"])), encoding="utf-8")
    with pytest.raises(BuildError, match=r"plan.toml:41: 13 exercises: one sheet holds at most 12"):
        read_plan(path, library)


def test_a_bad_plan_exits_1_with_every_mistake_and_writes_nothing(printed, tmp_path, capsys):
    path = tmp_path / "plan.toml"
    path.write_text(plan(exercise("handout/bridging", sets=0), exercise("handout/step-up", days_per_week=-2)), encoding="utf-8")
    args = ["programme", str(path), "--brand", "injury-prevention-guru", "--source", str(printed / "source"), "--layouts", str(printed / "layouts")]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "plan.toml:7: sets" in err and "plan.toml:10: id: no exercise 'handout/step-up'" in err and "'handout/step-ups'" in err
    assert "plan.toml:11: days_per_week" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]


def test_the_programme_is_never_written_under_the_build_folder(printed, tmp_path, capsys):
    path = tmp_path / "plan.toml"
    path.write_text(plan(exercise("handout/bridging")), encoding="utf-8")
    common = [str(path), "--brand", "injury-prevention-guru", "--source", str(printed / "source"), "--layouts", str(printed / "layouts")]
    assert main(["programme", *common, "--out", str(tmp_path / "build"), "--to", str(tmp_path / "build" / "x")]) == 1
    assert "never written under the build folder" in capsys.readouterr().err
    assert main(["programme", *common, "--out", str(tmp_path)]) == 1  # the plan's own folder is the build folder
    assert not (tmp_path / "build").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]


def test_a_programme_too_long_for_one_sheet_continues_and_says_how_to_shorten_it(printed, tmp_path, capsys):
    """Adapt, then warn: a plan too long for one sheet still prints (on the next sheet), with the advice to shorten it."""
    path = tmp_path / "plan.toml"
    path.write_text(plan(*(exercise("wordy/long-leg-lift") for _ in KNEE)), encoding="utf-8")  # six long steps, twelve times
    args = ["programme", str(path), "--brand", DANISH, "--source", str(printed / "source"), "--layouts", str(printed / "layouts")]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert re.search(r"\S*plan.toml: warning: the card does not fit the front and back of one sheet", err), err
    assert "choose fewer exercises for this plan, or split it into two plans" in err and "front matter" not in err
    assert len(text(tmp_path / "plan-card-a4.pdf")) > 2


@pytest.mark.parametrize(("language", "dosage", "sides", "line"), [
    ("en", Dosage(sets=1, repetitions=1, hold_seconds=1, times_per_day=1, days_per_week=1), False, "1 set · 1 repetition · hold 1 second · 1 time a day · 1 day a week"),
    ("en", Dosage(hold_seconds=30), True, "Hold 30 seconds · each side"),
    ("en", Dosage(times_per_day=2), True, "2 times a day"),  # "each side" belongs to a count or a hold, not to a day
    ("ru", Dosage(sets=2, repetitions=5), False, "2 подхода · 5 повторений"),
    ("ru", Dosage(sets=21), False, "21 подход"),
    ("de", Dosage(sets=3, days_per_week=1), False, "3 Sätze · an 1 Tag pro Woche"),
    ("ar", Dosage(sets=2, hold_seconds=3), False, "2 مجموعتان · ثبّت 3 ثوانٍ"),
])
def test_the_dosage_line_speaks_the_plans_language_with_its_plurals(language, dosage, sides, line):
    words = translations(SHIPPED_ROOT / "layouts", language)
    assert dosage_line(words, dosage, sides) == line


def test_the_large_print_programme_has_nothing_under_14_points(printed):
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(round(size * tm[3] * cm[3], 1) if tm[3] and cm[3] else round(size, 1))

    for page in PdfReader(printed / "plans" / "one-large-print-letter.pdf").pages:
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 14 and max(set(sizes), key=sizes.count) >= 18


def test_an_exercise_in_another_language_than_the_plan_is_a_warning_with_its_line(printed, tmp_path, capsys):
    path = tmp_path / "plan.toml"
    path.write_text(plan(exercise("neck-ar/" + NECK[0]), exercise("handout/bridging"), top='language = "ar"\n'), encoding="utf-8")
    args = ["programme", str(path), "--brand", DANISH, "--source", str(printed / "source"), "--layouts", str(printed / "layouts"), "-q"]
    assert main(args) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].endswith("plan.toml:7: warning: 'handout/bridging' is written in en-US: its steps print in that language, the programme's words in ar")
