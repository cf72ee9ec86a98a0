"""Handouts written for the layout tests: other lengths, languages, tables, footnotes and raster pictures.

Each function returns {relative path: content} for `write_project`. The words are a clinic's, not
lorem ipsum, so hyphenation and sentence splitting meet real text.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

EXERCISES = [
    ("Heel Slides", "Lie on your back with both legs straight. Slide one heel towards your bottom, bending the knee as far as is comfortable."),
    ("Quadriceps Sets", "Sit with your leg straight in front of you. Tighten the muscle on the front of your thigh, pressing the back of the knee down."),
    ("Straight Leg Raise", "Lie on your back with one knee bent. Keep the other leg straight and lift it to the height of the bent knee."),
    ("Ankle Pumps", "Lie or sit with your legs straight. Point your toes away from you, then pull them back towards you."),
    ("Bridging", "Lie on your back with both knees bent and feet flat. Squeeze your buttocks and lift your hips off the bed."),
    ("Calf Stretch", "Stand facing a wall with one foot behind the other. Keep the back heel down and lean towards the wall."),
    ("Sit to Stand", "Sit at the front of a firm chair. Lean forward and stand up without using your hands if you can."),
    ("Side-Lying Leg Lift", "Lie on your side with the lower knee bent. Lift the upper leg towards the ceiling, keeping it in line with your body."),
    ("Mini Squats", "Stand holding the back of a chair. Bend both knees a little, keeping your heels on the floor."),
    ("Step-Ups", "Stand in front of a low step. Step up with the operated leg, then bring the other foot up beside it."),
    ("Hamstring Stretch", "Sit on the edge of a chair with one leg straight in front. Lean forward from the hips with a straight back."),
    ("Balance on One Leg", "Stand beside a kitchen counter and hold it lightly. Lift one foot off the floor and keep your balance."),
]

PROSE = (
    "After an operation on the knee, the muscles around the joint lose strength quickly, and the joint itself "
    "becomes stiff when it is kept still for too long. Gentle, regular movement keeps the blood flowing, reduces "
    "swelling and helps the physiotherapist's plan to work. Most people find that short sessions spread across "
    "the day are easier to manage than one long session in the evening."
)


def picture(index: int, kind: str) -> bytes:
    """Return a small PNG or JPEG drawing (a figure on a mat) that differs from exercise to exercise."""
    image = Image.new("RGB", (360, 240), (246, 246, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 200, 340, 215), fill=(120, 160, 200))
    x = 60 + 20 * (index % 10)
    draw.ellipse((x, 60, x + 40, 100), outline=(30, 30, 30), width=4)
    draw.line((x + 20, 100, x + 80, 190), fill=(30, 30, 30), width=6)
    draw.line((x + 80, 190, x + 160 - 5 * index, 150), fill=(30, 30, 30), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "PNG" if kind == "png" else "JPEG", quality=85)
    return buffer.getvalue()


def front_matter(title: str, language: str = "en-US") -> str:
    """Return the front matter of a test handout."""
    return (
        f"---\ntitle: \"{title}\"\ndescription: A handout written for the layout tests.\nlanguage: {language}\n"
        "date: 2025-03-04\nauthor: Test Clinic\n---\n\n"
    )


def exercise(number: int, index: int, picture_name: str, hold_first: bool = False, more_steps: int = 0) -> str:
    """Return one exercise item: bold name, steps, a hold line, an indented picture, and `more_steps` nested steps."""
    name, steps = EXERCISES[index % len(EXERCISES)]
    hold = "Hold for 5 seconds." if index % 2 else "Hold for 10 seconds, then switch sides."
    body = f"{steps} {hold} Relax and repeat ten times." if hold_first else f"{steps} Relax slowly. {hold}"
    item = f"{number}. **{name}:** {body}\n\n    ![A person doing the {name.lower()} exercise on a mat.]({picture_name} \"{name}\")\n\n"
    for step in range(1, more_steps + 1):
        item += f"    - Variation {step}: repeat the movement with the knee turned {'in' if step % 2 else 'out'} a little, slowly and without pain.\n"
    return item + ("\n" if more_steps else "")


def exercises_document(count: int, title: str, sections: int = 2) -> dict[str, str | bytes]:
    """Return a handout with `count` exercises split over `sections` sections, PNG and JPEG pictures,
    a progression table, footnotes, a list starting at 5 and contact details."""
    files: dict[str, str | bytes] = {}
    text = front_matter(title) + f"# {title}\n\n## Before You Start\n\n{PROSE}[^ice]\n\n"
    text += "Call the ward on 555-014-2398 or write to recovery-team@st-olafs-hospital.example.org if anything worries you.\n\n"
    per_section = -(-count // sections)
    for section in range(sections):
        text += f"## Exercises, Part {section + 1}\n\nDo these exercises three times a day.\n\n"
        for index in range(section * per_section, min(count, (section + 1) * per_section)):
            kind = "png" if index % 2 else "jpg"
            name = f"images/exercise-{index + 1}.{kind}"
            files[name] = picture(index, kind)
            more = 9 if count > 6 and index == 3 else 0  # one long exercise, longer than what is left of a page
            text += exercise(1 + index - section * per_section, index, name, hold_first=index == 0, more_steps=more)
    text += "## Your Progression\n\n" + progression_table(18) + "\n"
    text += "## What to Avoid\n\nThe list continues the numbering of the leaflet you were given on the ward.\n\n"
    text += "5. Do not kneel on the operated knee.\n6. Do not twist on a planted foot.\n7. Do not sit in low chairs.\n\n"
    text += "Ask your physiotherapist[^team] before you start any new sport.\n\n"
    text += "[^ice]: Cool the knee with a wrapped ice pack for up to 15 minutes after exercising.\n"
    text += "[^team]: The physiotherapy team is available on weekdays from 8 am to 4 pm.\n"
    files["source/handout.md"] = text
    return {("source/" + k if not k.startswith("source/") else k): v for k, v in files.items()}


def progression_table(rows: int) -> str:
    """Return a Markdown table of weekly goals with some long cells, `rows` rows long."""
    lines = ["| Week | Goal | Repetitions | Notes from your physiotherapist |", "|---|---|---|---|"]
    for week in range(1, rows + 1):
        note = "Walk without crutches indoors if your physiotherapist's assessment allows it; keep the stick outdoors."
        lines.append(f"| {week} | Row {week}: bend to {80 + 3 * week} degrees | {5 + week} times | {note if week % 3 else 'Rest day twice a week.'} |")
    return "\n".join(lines) + "\n"


def long_document() -> dict[str, str | bytes]:
    """Return a handout of about fifteen letter pages: many sections of prose, a table, footnotes."""
    title = "Living Well After a Hip Replacement: Your Guide for the First Twelve Weeks"
    text = front_matter(title) + f"# {title}\n\n"
    for section in range(1, 19):
        text += f"## Week {section}: What to Expect and How to Progress\n\n"
        for paragraph in range(4):
            note = f"[^w{section}]" if paragraph == 1 and section % 3 == 0 else ""
            text += PROSE + note + " " + PROSE.split(". ")[paragraph % 3] + ".\n\n"
        if section % 3 == 0:
            text += f"[^w{section}]: Week {section}: bring this guide to your appointment so the team can record your progress.\n\n"
        if section == 6:
            text += progression_table(30) + "\n"
    return {"source/long.md": text}


def german_document() -> dict[str, str | bytes]:
    """Return a German handout with long compound words in the title, the text and a table."""
    title = "Rückenschmerzvorbeugungsübungen für Büroangestellte"
    words = (
        "Die Wirbelsäulenstabilisierungsübungen stärken die Rumpfmuskulatur. Bei Bandscheibenvorfallpatienten "
        "empfiehlt die Physiotherapeutin eine Belastungssteigerungsphase mit Oberschenkelmuskulaturkräftigung, "
        "Beckenbodenmuskulaturaktivierung und Schulterblattstabilisierungsübungen. Arbeitsplatzergonomieberatung "
        "und Krankenversicherungsleistungsübersichten erhalten Sie an der Anmeldung."
    )
    text = front_matter(title, "de-DE") + f"# {title}\n\n## Warum Bewegung am Arbeitsplatz wichtig ist\n\n"
    text += "\n\n".join([words] * 6) + "\n\n## Übungen\n\n"
    text += "1. **Beckenkippung im Sitzen:** Setzen Sie sich aufrecht hin. Kippen Sie das Becken langsam nach vorn und hinten. Halten Sie die Spannung fünf Sekunden.\n\n"
    text += "| Übung | Wiederholungen | Hinweis |\n|---|---|---|\n"
    text += "| Oberschenkelmuskulaturkräftigung | zehnmal | Kniegelenkschonende Ausführungsvariante wählen |\n\n"
    return {"source/ruecken.md": text}
