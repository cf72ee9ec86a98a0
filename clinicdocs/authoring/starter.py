"""`make_docs.py new handout`: write a handout that shows every convention and builds as it is."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

from ..brands.keys import LOCALE
from ..errors import BuildError
from ..reading.source import slugify

STARTER = Path(__file__).resolve().parent / "starter"


def new_handout(source: Path, title: str, language: str) -> list[Path]:
    """Write source/<slug>.md and its pictures under source/images/<slug>/; refuse to overwrite anything."""
    if not LOCALE.match(language):
        raise BuildError(f"--language: must be a language tag such as en-US or da-DK (got {language!r}); nothing was written")
    if not title.strip():
        raise BuildError("--title: the handout needs a title; nothing was written")
    slug = slugify(title)
    document = source / f"{slug}.md"
    pictures = source / "images" / slug
    existing = [path for path in (document, pictures) if path.exists()]
    if existing:
        raise BuildError(f"{existing[0]} already exists; choose another --title (the file is named after it) or move the file away")
    text = (STARTER / "handout.md").read_text(encoding="utf-8").format(
        title=json.dumps(title, ensure_ascii=False), language=language, date=datetime.date.today().isoformat(), slug=slug,
    )
    staging = source / f".{slug}.new"  # written whole, then moved into place: an interrupted run leaves nothing half-made
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(STARTER / "images", staging / "images")
        (staging / "doc.md").write_text(text, encoding="utf-8")
        pictures.parent.mkdir(parents=True, exist_ok=True)
        (staging / "images").rename(pictures)
        (staging / "doc.md").rename(document)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [document, *sorted(pictures.iterdir())]
