"""Every cache key, input by input: change one thing a cache was made from, and the cached build equals an uncached one.

Each case fills the build folder's caches (compiled templates and catalogs, written dates, title
widths, covers, hyphenation), changes one input, builds again with those caches and once without any
cache, and compares the bytes. A key that lost the input would hand back the old result.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Callable

import pytest

from conftest import write_project
from pictures import neck_tilt_png

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.rendering.renderer import Renderer

DOC = """\
---
title: Nackenübungen für den Schreibtisch
description: Ein Testdokument für die Caches.
language: de-DE
date: 2024-11-30
author: Test
---

## Übungen

1. **Kopfneigung:** Setzen Sie sich aufrecht hin. Neigen Sie den Kopf zur Seite. Halten Sie 20 Sekunden.

    ![Eine Person neigt den Kopf](images/neck.png)

- [ ] Jede Stunde aufstehen.
"""
ONLY = ("guide", "card", "epub", "catalog")
LATO = Path(__import__("fontpkg_lato").__file__).parent / "files"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def with_own_font(root: Path) -> None:
    """Give the brand its font as files in its folder, so a test can change them."""
    brand = root / "layouts" / "brands" / "bjork-sondergaard-physio"
    shutil.copy(LATO / "Lato-Regular.ttf", brand / "regular.ttf")
    shutil.copy(LATO / "Lato-Bold.ttf", brand / "bold.ttf")
    edit(brand / "brand.toml", 'package = "fontpkg-lato"', 'file = "regular.ttf"\nbold_file = "bold.ttf"')


BRAND = Path("layouts/brands/bjork-sondergaard-physio")
# What each cache declares it is made from, and a change to it that shows in the outputs.
CHANGES: dict[str, Callable[[Path], None]] = {
    "stylesheet": lambda root: edit(root / "layouts/pdf/handout.css.j2", "@page", "h1, h2 { letter-spacing: 0.04em; }\n@page"),
    "ebook stylesheet": lambda root: edit(root / "layouts/epub/book.css.j2", "body", "h2 { letter-spacing: 0.04em; }\nbody"),
    "regular font": lambda root: shutil.copy(LATO / "Lato-Light.ttf", root / BRAND / "regular.ttf"),
    "bold font": lambda root: shutil.copy(LATO / "Lato-Black.ttf", root / BRAND / "bold.ttf"),
    "logo": lambda root: recolour_logo(root / BRAND / "logo.svg"),
    "catalog": lambda root: edit(root / "layouts/locale/de/LC_MESSAGES/messages.po", 'msgstr "Seite %(page)s von %(pages)s"', 'msgstr "Blatt %(page)s von %(pages)s"'),
    "guide template": lambda root: edit(root / "layouts/pdf/handout.html.j2", "</body>", "<p>Geändert.</p></body>"),
    "cover template": lambda root: edit(root / "layouts/epub/cover-image.html.j2", ".accent { position: absolute; top: 1560px;", ".accent { position: absolute; top: 1400px;"),
    "picture": lambda root: (root / "source/images/neck.png").write_bytes(recoloured_png()),
}


def recolour_logo(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    colours = sorted(set(re.findall(r"#[0-9A-Fa-f]{6}", text)))
    assert colours, "the logo names a colour"
    path.write_text(text.replace(colours[0], "#123456"), encoding="utf-8")


def recoloured_png() -> bytes:
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(neck_tilt_png())).convert("RGB")
    image.paste((20, 90, 160), (0, 0, image.width // 3, image.height // 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def digests(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts and p.name != ".manifest.json"}


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project whose build folder holds every cache, made once; return (where it is built, a copy of it).

    Each case puts the copy back at the same place: the caches name the folders they were made in.
    """
    base = tmp_path_factory.mktemp("keys")
    root = write_project(base / "project", {"source/doc.md": DOC, "source/images/neck.png": neck_tilt_png()}, brand="bjork-sondergaard-physio")
    with_own_font(root)
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=ONLY))
    kinds = {p.name.split("-")[0] for p in (root / "build" / ".cache").iterdir()}
    assert {"covers", "titles", "words", "hyphenation"} <= kinds and any(k.startswith("jinja2") for k in kinds), kinds
    shutil.copytree(root, base / "warm")
    return root, base / "warm"


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_changed_input_gives_what_an_uncached_build_gives(warm, change):
    root, snapshot = warm
    shutil.rmtree(root)
    shutil.copytree(snapshot, root)
    before = digests(root / "build")
    CHANGES[change](root)
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=ONLY, force=True))
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "fresh", only=ONLY), renderer=Renderer(root / "layouts", cache=None))
    after, uncached = digests(root / "build"), digests(root / "fresh")
    assert after == uncached, f"{change}: the cached build differs from an uncached one in {sorted(k for k in after if after[k] != uncached.get(k))}"
    assert after != before, f"{change}: the change shows in no output, so this case tests nothing"


def test_an_unchanged_copy_is_answered_from_the_caches(warm):
    """The cases above start from caches that are really used: an unchanged rebuild draws nothing again."""
    root, snapshot = warm
    shutil.rmtree(root)
    shutil.copytree(snapshot, root)
    cache = root / "build" / ".cache"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=ONLY, force=True))
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()} == before
