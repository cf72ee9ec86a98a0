"""The clinic's exercise library: every exercise of every handout in the source folder, with a stable id."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError, display_path, raise_all
from ..model import Document, Stretch
from ..reading.parse import collect_document, make_markdown
from ..reading.source import find_documents, read_source


@dataclass(frozen=True)
class Exercise:
    """One exercise of the library: its id (`<document>/<exercise>`), the exercise and the handout it comes from."""

    id: str
    stretch: Stretch
    document: Document

    @property
    def language(self) -> str:
        """Return the language the exercise is written in ('' when its handout takes its clinic's)."""
        return self.document.metadata.language


def name_slug(name: str) -> str:
    """Return the id part of an exercise name: lowercase, Unicode letters kept, anything else a hyphen."""
    return re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", name).casefold()).strip("-") or "exercise"


def document_exercises(document: Document) -> list[Exercise]:
    """Return a document's exercises with their ids; a second exercise of the same name gets '-2', a third '-3'."""
    seen: dict[str, int] = {}
    found = []
    for stretch in document.stretches:
        base = f"{document.slug}/{name_slug(stretch.name)}"
        seen[base] = seen.get(base, 0) + 1
        found.append(Exercise(base if seen[base] == 1 else f"{base}-{seen[base]}", stretch, document))
    return found


def load_library(source: Path) -> list[Exercise]:
    """Parse every handout in `source` (all problems reported at once) and return their exercises in order."""
    documents, problems = [], list[BuildError]()
    markdowns: dict = {}
    for path in find_documents(source):
        try:
            read = read_source(path)
            language = read.metadata.language
            md = markdowns.setdefault(language, make_markdown(language))
            document, found, _ = collect_document(read, md)
            problems += found
            documents.append(document)
        except BuildError as error:
            problems += getattr(error, "errors", [error])
    raise_all(problems)
    slugs: dict[str, Path] = {}
    for document in documents:  # two files of one name in two folders would share ids
        if document.slug in slugs:
            problems.append(BuildError(f"another handout, {slugs[document.slug]}, has the same name: exercise ids would clash; rename one", document.path))
        slugs.setdefault(document.slug, document.path)
    raise_all(problems)
    return [exercise for document in documents for exercise in document_exercises(document)]


def fold(text: str) -> str:
    """Return text for matching: case and accents folded (so 'etirement' finds 'Étirement')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search(library: list[Exercise], words: list[str]) -> list[Exercise]:
    """Return the exercises whose name (or id) holds every one of `words`, in library order."""
    wanted = [fold(word) for word in words if word.strip()]
    return [e for e in library if all(w in fold(e.stretch.name) or w in fold(e.id) for w in wanted)]


def closest_ids(library: list[Exercise], wrong: str, count: int = 3) -> list[str]:
    """Return the ids nearest to a mistyped one: by the whole id, then by the exercise's part alone."""
    import difflib

    ids = [e.id for e in library]
    near = difflib.get_close_matches(wrong, ids, n=count, cutoff=0.5)
    tail = wrong.rsplit("/", 1)[-1]
    by_name = {e.id.rsplit("/", 1)[-1]: e.id for e in library}
    near += [by_name[n] for n in difflib.get_close_matches(tail, list(by_name), n=count, cutoff=0.5)]
    near += [e.id for e in search(library, re.split(r"[\W_]+", tail)) if tail]
    return list(dict.fromkeys(near))[:count]


def format_library(exercises: list[Exercise]) -> str:
    """Return the library as a table: id, name, handout, picture, language."""
    if not exercises:
        return "no exercises found"
    rows = [("id", "name", "handout", "picture", "language")]
    for e in exercises:
        picture = display_path(e.stretch.illustration.path) if e.stretch.illustration else "-"
        rows.append((e.id, e.stretch.name, e.document.metadata.title, picture, e.language or "(clinic's)"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(row)) for row in rows]
    return "\n".join([*lines, f"{len(exercises)} exercise{'s' if len(exercises) != 1 else ''}"])
