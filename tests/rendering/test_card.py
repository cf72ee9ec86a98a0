"""The home exercise card: always made (one side, else front and back, else on more sheets with a warning), chosen by the front matter."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.errors import BuildError
from clinicdocs.reading.parse import parse_document
from clinicdocs.reading.source import read_source

from conftest import SHIPPED_ROOT, ROOT, write_project

BRANDS = ("injury-prevention-guru", "bjork-sondergaard-physio")
CARDS = ("injury-prevention-guru/{}-card-letter.pdf", "bjork-sondergaard-physio/{}-card-a4.pdf", "bjork-sondergaard-physio/{}-card-letter.pdf")
NAMES = ["Seated Knee Extension", "Heel Slides", "Quadriceps Setting on a Rolled Towel", "Straight Leg Raise", "Ankle Pumps",
         "Standing Hamstring Curl", "Mini Squats Holding the Kitchen Counter", "Step-Ups", "Bridging", "Side-Lying Hip Abduction",
         "Calf Raises", "Sit to Stand From a Firm Chair"]
STEPS = [
    "Sit on a firm chair with your feet flat on the floor. Slowly straighten one knee until the leg is level. Lower it again with control.",
    "Lie on your back with both legs straight. Slide one heel towards your bottom, bending the knee as far as is comfortable. Slide it back.",
    "Sit with your leg straight and a rolled towel under the knee. Press the back of the knee down into the towel, tightening the thigh.",
]


def picture(path: Path, index: int) -> None:
    """Draw a small stick-figure picture, PNG or JPEG by the file name, in one of three shapes."""
    width, height = [(240, 180), (180, 240), (300, 150)][index % 3]
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.4, height * 0.08, width * 0.6, height * 0.3), outline=(30, 60, 120), width=5)
    draw.line((width * 0.5, height * 0.3, width * 0.5, height * 0.65, width * 0.3, height * 0.92), fill=(30, 60, 120), width=5)
    draw.line((width * 0.5, height * 0.65, width * 0.72, height * 0.92), fill=(200, 80, 40), width=5)
    image.save(path, "PNG" if path.suffix == ".png" else "JPEG", quality=85)


def document(count: int, extra_front: str = "", checklist: int = 4) -> str:
    """Return a post-operative exercise handout with `count` exercises, each with a PNG or JPEG picture."""
    title = "Knee Replacement Rehabilitation Programme" if count >= 10 else f"After Your Knee Operation, {count} Home Exercises"
    front = ["---", f"title: {title}", "description: Exercises to do at home after knee surgery.", "language: en-GB", "date: 2025-04-01",
             "author: Test Physiotherapy", "card_note_from: When to Call Us", *([extra_front] if extra_front else []), "---"]
    body = ["# Title", "## Your Exercises", "Do each exercise slowly, three times a day."]
    for n in range(1, count + 1):
        hold = " Hold for 5 seconds, then relax." if n % 3 else ""
        body += [f"{n}. **{NAMES[(n - 1) % len(NAMES)]}:** {STEPS[(n - 1) % len(STEPS)]} Repeat exercise {n} ten times.{hold}",
                 f"    ![Drawing of exercise {n}](images/exercise-{n}.{'png' if n % 2 else 'jpg'} \"Exercise {n}\")"]
    body += ["## Everyday Habits", "\n".join(f"- [ ] Habit {k}: get up and walk around the house every hour." for k in range(1, checklist + 1))]
    body += ["## When to Call Us", "Call the clinic if your knee becomes hot, red or more swollen, or if you get a fever."]
    return "\n".join(front) + "\n\n" + "\n\n".join(body) + "\n"


def write_pictures(root: Path, count: int) -> None:
    """Write the pictures a document of `count` exercises uses."""
    (root / "source" / "images").mkdir(parents=True, exist_ok=True)
    for n in range(1, count + 1):
        picture(root / "source" / "images" / f"exercise-{n}.{'png' if n % 2 else 'jpg'}", n)


def make(root: Path, documents: dict[str, str], pictures: int) -> Path:
    """Write a project with both shipped brands, the given documents and `pictures` pictures."""
    write_project(root, {f"source/{name}.md": text for name, text in documents.items()})
    shutil.copytree(SHIPPED_ROOT / "layouts" / "brands" / BRANDS[1], root / "layouts" / "brands" / BRANDS[1])
    write_pictures(root, pictures)
    return root


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the cards of documents with 1, 6 and 12 exercises for both brands, and return the build folder."""
    root = make(tmp_path_factory.mktemp("cards"), {f"knee-{n}": document(n) for n in (1, 6, 12)}, 12)
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("card",)))
    return root / "build"


def page_texts(path: Path) -> list[str]:
    """Return the text of each page of a PDF, whitespace collapsed."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


@pytest.mark.parametrize("count", [1, 6, 12])
def test_every_card_is_one_sheet_and_says_turn_over_exactly_when_two_sided(cards, count):
    for card in CARDS:
        pages = page_texts(cards / card.format(f"knee-{count}"))
        assert 1 <= len(pages) <= (2 if count < 12 else 4), card  # twelve may continue on a second sheet (12 pt floor), with a warning
        assert ("Turn over" in pages[0]) == (len(pages) >= 2), card
        assert all("Turn over" not in page for page in pages[1:])
        text = " ".join(pages)
        assert all(NAMES[(n - 1) % len(NAMES)].split()[0] in text for n in range(1, count + 1))
        assert "Call the clinic if your knee becomes hot" in text
        if len(pages) == 2:
            assert f"Page 2 of {len(pages)}" in pages[1]


def test_small_cards_stay_one_sided_and_twelve_exercises_go_two_sided(cards):
    assert all(len(PdfReader(cards / card.format("knee-1")).pages) == 1 for card in CARDS)
    assert all(len(PdfReader(cards / card.format("knee-12")).pages) >= 2 for card in CARDS)


def test_a_two_sided_card_breaks_between_exercises(cards):
    for card in CARDS:
        pages = page_texts(cards / card.format("knee-12"))
        sides = [[n for n in range(1, 13) if f"Repeat exercise {n} ten times" in page] for page in pages]
        assert sorted(sum(sides, [])) == list(range(1, 13)) and sides[0] and sides[1], sides  # each exercise once, on both sides
        assert max(sides[0]) < min(sides[1])  # in order: the back goes on where the front stops
        for page, numbers in zip(pages, sides):  # each exercise's name is on the side of its steps
            assert all(f"{n}. {NAMES[n - 1].split()[0]}" in page for n in numbers), card


def parse(root: Path, name: str = "doc"):
    return parse_document(read_source(root / "source" / f"{name}.md"))


def problems(root: Path, front: str, count: int = 3) -> str:
    (root / "source").mkdir(parents=True, exist_ok=True)
    (root / "source" / "doc.md").write_text(document(count, front), encoding="utf-8")
    write_pictures(root, count)
    with pytest.raises(BuildError) as caught:
        parse(root)
    return str(caught.value)


@pytest.mark.parametrize("chosen, shown", [("[1]", [1]), ("[3]", [3]), ("[3, 1]", [1, 3]), ("[1, 2, 3]", [1, 2, 3])])
def test_card_exercises_accepts_numbers_from_one_to_the_last(tmp_path, chosen, shown):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "doc.md").write_text(document(3, f"card_exercises: {chosen}"), encoding="utf-8")
    write_pictures(tmp_path, 3)
    parsed = parse(tmp_path)
    on_card = [s.number for section in parsed.card_sections for block in section.blocks for s in block.stretches]
    assert on_card == shown
    assert [section.title for section in parsed.card_sections][-1] == "Everyday Habits"  # the checklist stays


@pytest.mark.parametrize("front, message", [
    ("card_exercises: [4]", "doc.md:8: front matter: card_exercises: 4: no exercise has this number (the exercises are numbered 1 to 3)"),
    ("card_exercises: [0]", "doc.md:8: front matter: card_exercises: must be a list of the exercises' numbers, such as [1, 3, 5]"),
    ("card_exercises: []", "doc.md:8: front matter: card_exercises: must be a list of the exercises' numbers"),
    ("card_exercises: 2", "doc.md:8: front matter: card_exercises: must be a list"),
    ("card_exercises: ['2']", "(got ['2'])"),
    ("card_exercises: [true]", "(got [True])"),
    ("card_exercises: [1.5]", "(got [1.5])"),
    ("card_exercises: [2, 1, 2]", "doc.md:8: front matter: card_exercises: 2 listed twice; name each exercise once"),
    ("card: 'no'", "doc.md:8: front matter: card: must be true or false (got 'no')"),
    ("card: false\ncard_exercises: [1]", "doc.md:9: front matter: card_exercises: the card is turned off (card: false); remove one of the two keys"),
])
def test_card_keys_are_refused_at_their_boundaries(tmp_path, front, message):
    assert message in problems(tmp_path, front)


def test_card_exercises_are_the_printed_numbers(tmp_path):
    (tmp_path / "source").mkdir()
    write_pictures(tmp_path, 3)
    starting_at_five = document(3).replace("1. **", "5. **", 1)
    (tmp_path / "source" / "doc.md").write_text(starting_at_five.replace("---\n\n", "card_exercises: [5, 7]\n---\n\n", 1), encoding="utf-8")
    assert [s.number for section in parse(tmp_path).card_sections for b in section.blocks for s in b.stretches] == [5, 7]
    (tmp_path / "source" / "doc.md").write_text(starting_at_five.replace("---\n\n", "card_exercises: [1, 8]\n---\n\n", 1), encoding="utf-8")
    with pytest.raises(BuildError, match=r"doc.md:8: front matter: card_exercises: 1, 8: no exercise has this number \(the exercises are numbered 5 to 7\)"):
        parse(tmp_path)


def test_card_exercises_in_a_document_without_exercises(tmp_path):
    (tmp_path / "source").mkdir()
    text = document(0, "card_exercises: [1]").replace("## Your Exercises", "## Notes")
    (tmp_path / "source" / "doc.md").write_text(text, encoding="utf-8")
    with pytest.raises(BuildError, match=r"card_exercises: 1: no exercise has this number \(the document has no exercises; remove card_exercises\)"):
        parse(tmp_path)


def test_card_false_leaves_the_card_out_and_removes_an_old_one(tmp_path, monkeypatch):
    root = make(tmp_path, {"doc": document(1)}, 1)
    options = BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", brands=(BRANDS[0],), only=("card", "catalog"))
    card, page = root / "build" / CARDS[0].format("doc"), root / "build" / BRANDS[0] / "index.html"
    build(options)
    assert card.is_file() and card.name in page.read_text()
    (root / "source" / "doc.md").write_text(document(1, "card: false"), encoding="utf-8")
    report = build(options)
    assert not card.exists() and [t.path for t in report.left_out] == [card]
    assert card.name not in page.read_text()  # the download page links only what is made
    entry = json.loads((root / "build" / ".manifest.json").read_text())[str(card)]
    assert entry["absent"] is True
    again = build(options)  # an unchanged repeat has nothing to do
    assert not again.left_out and not again.written and card in [t.path for t in again.skipped]
    (root / "source" / "doc.md").write_text(document(1, "card: true"), encoding="utf-8")
    assert card in [t.path for t, _ in build(options).written] and card.is_file() and card.name in page.read_text()


OVERFLOW = document(3, checklist=160)
SECTION_LINE = OVERFLOW.splitlines().index("## Your Exercises") + 1


def test_a_card_too_long_for_one_sheet_continues_with_a_warning_and_is_never_refused(tmp_path):
    root = make(tmp_path, {"doc": OVERFLOW}, 3)
    options = BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", brands=(BRANDS[0],), only=("card",))
    report = build(options)
    pages = page_texts(root / "build" / CARDS[0].format("doc"))
    assert len(pages) > 2 and "Habit 160:" in " ".join(pages)  # everything printed, on a second sheet
    assert "Turn over" in pages[0] and f"Page 2 of {len(pages)}" in pages[1]
    sheets = -(-len(pages) // 2)
    assert report.warnings == [
        f"{root / 'source' / 'doc.md'}:{SECTION_LINE}: warning: the letter card for brand '{BRANDS[0]}': its card continues on {sheets} sheets "
        "(too long for the front and back of one, even with 12 pt type and the smallest pictures); "
        "choose fewer exercises with 'card_exercises: [1, 2, 3]' in the front matter, or shorten them"
    ]
