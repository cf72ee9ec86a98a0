"""A patient's home programme: the plan's exercises with their dosage, rendered in memory to card and large-print PDFs.

Nothing about the patient is kept: the renderer has no cache folder, nothing is logged, and the PDFs are
written only where the user asks (never under the build folder).
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

from ..brands.schema import Brand
from ..errors import BuildError, RenderError, display_path
from ..language.catalogs import Translations
from ..model import Block, Document, Metadata, Programme, Section, Stretch
from ..planning.targets import pdf_name
from ..reading.source import source_date_epoch
from ..rendering.renderer import Renderer
from ..rendering.templates import translations
from .plan import Dosage, Plan, Prescribed

VARIANTS = ("card", "large-print")


def dosage_line(words: Translations, dosage: Dosage, sides: bool) -> str:
    """Return the dosage as one line in the plan's language: '3 sets · 10 repetitions · hold 20 seconds · ...'."""
    parts = []
    if dosage.sets:
        parts.append(words.ngettext("%(num)d set", "%(num)d sets", dosage.sets) % {"num": dosage.sets})
    if dosage.repetitions:
        parts.append(words.ngettext("%(num)d repetition", "%(num)d repetitions", dosage.repetitions) % {"num": dosage.repetitions})
    if dosage.hold_seconds:
        parts.append(words.ngettext("hold %(num)d second", "hold %(num)d seconds", dosage.hold_seconds) % {"num": dosage.hold_seconds})
    if parts and sides:
        parts.append(words.gettext("each side"))
    if dosage.times_per_day:
        parts.append(words.ngettext("%(num)d time a day", "%(num)d times a day", dosage.times_per_day) % {"num": dosage.times_per_day})
    if dosage.days_per_week:
        parts.append(words.ngettext("%(num)d day a week", "%(num)d days a week", dosage.days_per_week) % {"num": dosage.days_per_week})
    line = " · ".join(parts)
    return line[:1].upper() + line[1:]  # a line of its own starts with a capital, as the hold line it replaces


def prescribed_stretch(words: Translations, chosen: Prescribed, number: int) -> Stretch:
    """Return the library's exercise as the programme prints it: renumbered, the dosage in place of its hold line, the note."""
    stretch = chosen.exercise.stretch
    dosage = dosage_line(words, chosen.dosage, stretch.sides)
    illustration = stretch.illustration
    if illustration:  # two handouts may both have an 'images/bridge.png': each picture gets its own name
        illustration = dataclasses.replace(illustration, name=f"programme/{number}/{illustration.name}")
    return dataclasses.replace(
        stretch, id=f"exercise-{number}", number=number, hold=dosage or stretch.hold, illustration=illustration, line=chosen.line, note=chosen.note,
    )


def plan_language(plan: Plan, brand: Brand) -> str:
    """Return the language the programme speaks: the plan's, else its exercises' when they share one, else the clinic's."""
    if plan.language:
        return plan.language
    languages = {chosen.exercise.language for chosen in plan.exercises}
    return languages.pop() if len(languages) == 1 and "" not in languages else brand.locale


def language_warnings(plan: Plan, language: str) -> list[str]:
    """Return a warning for each exercise written in another language than the programme's labels."""
    base = language.split("-")[0].lower()
    return [
        f"{display_path(plan.path)}:{chosen.line}: warning: '{chosen.exercise.id}' is written in {chosen.exercise.language}: "
        f"its steps print in that language, the programme's words in {language}"
        for chosen in plan.exercises
        if chosen.exercise.language and chosen.exercise.language.split("-")[0].lower() != base
    ]


def programme_document(plan: Plan, brand: Brand, words: Translations, language: str) -> tuple[Document, Programme]:
    """Return the document the programme prints (one section of the chosen exercises) and its patient's details."""
    stretches = tuple(prescribed_stretch(words, chosen, number) for number, chosen in enumerate(plan.exercises, start=1))
    title = plan.title or words.gettext("Your home exercises")
    metadata = Metadata(title=title, description=title, language=language, date=None, author=brand.name, publisher=brand.name, card=True)
    section = Section(id="programme", title="", blocks=(Block(kind="stretches", stretches=stretches),), line=1)
    images = tuple(s.illustration for s in stretches if s.illustration)
    document = Document(slug="programme", path=plan.path, metadata=metadata, sections=(section,), images=images)
    handouts = tuple(dict.fromkeys((c.exercise.document.metadata.title, c.exercise.document.slug) for c in plan.exercises))
    return document, Programme(plan.patient, plan.clinician, plan.date or today(), plan.note, handouts)


def today() -> datetime.date:
    """Return the date a programme is printed on: SOURCE_DATE_EPOCH's (for tests and reproducible runs), else today."""
    moment = source_date_epoch()
    return moment.date() if moment else datetime.date.today()


def render_programme(
    plan: Plan, brand: Brand, layouts: Path, paper: str, variants: tuple[str, ...] = VARIANTS, warnings: list[str] | None = None,
) -> dict[str, bytes]:
    """Render the programme's card and large print (or `variants`) in memory; return {variant: PDF bytes}.

    The renderer has no cache folder: no title width, compiled template or catalog is kept anywhere. A card
    too long for one sheet continues on the next (as a handout's does), with a warning added to `warnings`.
    """
    from ..rendering.pdf import render_pdf

    renderer = Renderer(layouts, cache=None)
    language = plan_language(plan, brand)
    document, programme = programme_document(plan, brand, translations(renderer.env, language), language)
    document = document.edition(brand.locale, brand.name)
    renderer.hyphenation.preload(language)
    made = {}
    for variant in variants:
        rendered = render_pdf(renderer.env, layouts, document, brand, variant, paper, renderer.font_config, None, programme)
        made[variant] = rendered.data
        if rendered.warnings and warnings is not None:
            warnings.append(f"{display_path(plan.path)}: warning: the {variant} does not fit the front and back of one sheet and continues "
                            "on the next; choose fewer exercises for this plan, or split it into two plans, to print one sheet")
    return made


def output_paths(plan: Plan, folder: Path, paper: str) -> dict[str, Path]:
    """Return where each PDF goes: `<plan name>-<variant>-<paper>.pdf` in `folder`."""
    return {variant: folder / pdf_name(plan.path.stem, variant, paper) for variant in VARIANTS}


def check_folder(folder: Path, build: Path) -> None:
    """Refuse a folder inside the build folder: a patient's programme is not a handout to publish."""
    resolved, out = folder.resolve(), build.resolve()
    if resolved == out or resolved.is_relative_to(out):
        raise BuildError(f"--to: a patient's programme is never written under the build folder {build} (it may be published); choose another folder", folder)


def write_private(path: Path, data: bytes) -> None:
    """Write a PDF readable by its owner only, whole or not at all (a temp file beside it, then a rename)."""
    from ..storage.atomic import write_atomic

    write_atomic(path, data, mode=0o600)
