"""The build folder's caches (EPUB cover, compiled templates) and WeasyPrint's quick start never change a byte."""

from __future__ import annotations

import ctypes.util
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import SHIPPED_ROOT, ROOT, write_project

from clinicdocs.storage import rendercache
from clinicdocs.storage.sealing import read_sealed
from clinicdocs.rendering import weasyload
from clinicdocs.building.build import BuildOptions, build
from clinicdocs.rendering.renderer import Renderer

DOC = """\
---
title: Rückenschmerzen und Hüftbeuger – ein Überblick
description: Ein Testdokument.
language: de-DE
date: 2024-11-30
author: Test
---

## Übungen

1. **Kniende Dehnung:** Knien Sie sich hin. Halten Sie 30 Sekunden.

    ![Ein kleines Bild](images/photo.png)

| Woche | Minuten |
|---|---|
| 1 | 10 |

- [ ] Täglich gehen.
"""


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


def digests(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.rglob("*")) if p.suffix in (".pdf", ".epub")}


def cache_files(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in sorted((out / ".cache").rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cached")
    return write_project(root, {"source/doc.md": DOC, "source/images/photo.png": png_bytes()}, brand="bjork-sondergaard-physio")


def options(root: Path, out: str, **changes: object) -> BuildOptions:
    settings: dict = {"source": root / "source", "layouts": root / "layouts", "out": root / out, "only": ("card", "epub")}
    return BuildOptions(**(settings | changes))


def test_outputs_are_the_same_bytes_with_an_empty_a_full_and_no_cache(project):
    build(options(project, "a"))
    first, cached = digests(project / "a"), cache_files(project / "a")
    for kind in ("covers", "jinja2-", "titles", "words", "hyphenation"):  # cover, templates, title width, catalogs, dates, hyphenation
        assert any(name.startswith(f".cache/{kind}") for name in cached), kind
    build(options(project, "a", force=True))
    assert digests(project / "a") == first
    assert cache_files(project / "a") == cached, "a cache hit must not redraw or rewrite the cache"
    build(options(project, "b"), renderer=Renderer(project / "layouts", cache=None))
    assert digests(project / "b") == first and not (project / "b" / ".cache").exists()
    assert len(first) == 3  # card letter + a4, and the EPUB


def test_an_epub_with_a_cached_cover_catalog_and_date_never_imports_weasyprint_or_babels_compiler(project):
    out = project / "probe"
    probe = (
        "import sys; from clinicdocs.cli import main; code = main(['--only', 'epub', '--force', '--out', {out!r}]); "
        "print('HEAVY', [m for m in ('weasyprint', 'pypdfium2', 'babel.messages.pofile', 'babel.dates') if m in sys.modules]); sys.exit(code)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.run([sys.executable, "-c", probe.format(out=str(out))], cwd=project, env=env, capture_output=True, text=True, check=True) for _ in range(2)]
    assert "HEAVY ['weasyprint', 'pypdfium2', 'babel.messages.pofile', 'babel.dates']" in runs[0].stdout  # the first build draws the cover
    assert "HEAVY []" in runs[1].stdout, runs[1].stdout


def test_a_changed_logo_redraws_the_cover_and_matches_an_uncached_build(project, tmp_path):
    root = write_project(tmp_path / "p", {"source/doc.md": DOC, "source/images/photo.png": png_bytes()}, brand="bjork-sondergaard-physio")
    build(options(root, "a", only=("epub",)))
    before = digests(root / "a")
    logo = root / "layouts" / "brands" / "bjork-sondergaard-physio" / "logo.svg"
    logo.write_text(re.sub(r'fill="#[0-9A-Fa-f]{6}"', 'fill="#5A1E8C"', logo.read_text(encoding="utf-8")), encoding="utf-8")
    build(options(root, "a", only=("epub",), force=True))
    build(options(root, "b", only=("epub",)), renderer=Renderer(root / "layouts", cache=None))
    assert digests(root / "a") != before and digests(root / "a") == digests(root / "b")


def test_a_failed_output_leaves_no_half_written_cache(tmp_path, monkeypatch):
    from clinicdocs.rendering import pdf

    class Crashing(pdf.HTML):  # type: ignore[misc,valid-type]
        """WeasyPrint with a bug that b's card meets however its text is written (fault injection)."""

        def render(self, *args, **kwargs):
            if "Punkt 7" in "".join(self.wrapper_element.etree_element.itertext()):
                raise AssertionError("a renderer bug")
            return super().render(*args, **kwargs)

    crashing = DOC + "".join(f"- [ ] Punkt {n}: eine Zeile.\n" for n in range(10))
    root = write_project(tmp_path, {"source/a.md": DOC, "source/b.md": crashing, "source/images/photo.png": png_bytes()}, brand="bjork-sondergaard-physio")
    monkeypatch.setattr(pdf, "HTML", Crashing)
    with pytest.raises(Exception, match="the PDF renderer failed on this document"):
        build(options(root, "build"))  # a's outputs and b's EPUB render and are written; b's card fails
    assert (root / "build" / "bjork-sondergaard-physio" / "a.epub").is_file()
    assert not [p for p in (root / "build").rglob("*") if p.name.endswith(".tmp")]


def test_a_cache_entry_is_refused_when_anything_it_was_made_from_changes(tmp_path):
    resource, library = tmp_path / "font.ttf", tmp_path / "lib.so"
    resource.write_bytes(b"font")
    library.write_bytes(b"library")
    url = resource.as_uri()
    stat = library.stat()
    entry = rendercache.Entry("key", b"png", {url: str(rendercache.resource_digest(url, {})), "asset:logo": str(rendercache.resource_digest("asset:logo", {"asset:logo": b"logo"}))}, {str(library): [stat.st_size, stat.st_mtime_ns]})
    rendercache.store(tmp_path / "c", "cover", entry)
    assets = {"asset:logo": b"logo"}
    assert rendercache.lookup(tmp_path / "c", "cover", "key", assets) == b"png"
    assert rendercache.lookup(tmp_path / "c", "cover", "other key", assets) is None
    assert rendercache.lookup(tmp_path / "c", "cover", "key", {"asset:logo": b"new logo"}) is None
    resource.write_bytes(b"new font")
    assert rendercache.lookup(tmp_path / "c", "cover", "key", assets) is None
    resource.write_bytes(b"font")
    os.utime(library, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert rendercache.lookup(tmp_path / "c", "cover", "key", assets) is None
    os.utime(library, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    (tmp_path / "c" / "cover.bin").write_bytes(b"pnG")  # damaged: its hash no longer matches the record
    assert rendercache.lookup(tmp_path / "c", "cover", "key", assets) is None
    (tmp_path / "c" / "cover.bin").write_bytes(b"png")
    assert json.loads(read_sealed(tmp_path / "c" / "cover.json") or b"{}")["files"] and rendercache.lookup(tmp_path / "c", "cover", "key", assets) == b"png"


def weasyprint_library_names() -> list[str]:
    """Return every library name WeasyPrint's ffi module tries, read from its source."""
    source = (Path(str(sys.modules["weasyprint"].__file__)).parent / "text" / "ffi.py").read_text(encoding="utf-8")
    calls = re.findall(r"_dlopen\(\s*ffi,(.*?)\)", source, re.DOTALL)
    return [name for call in calls for name in re.findall(r"'([^']+)'", call)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick look-up is for Linux only")
def test_the_quick_library_lookup_answers_as_ctypes_does():
    lookup = weasyload.listing_lookup()
    assert lookup is not None
    names = weasyprint_library_names()
    assert len(names) >= 20 and "libpango-1.0.so.0" in names
    assert {name: lookup(name) for name in names} == {name: ctypes.util.find_library(name) for name in names}
    assert ctypes.util.find_library is not lookup  # restored after WeasyPrint's import


def test_the_quick_library_lookup_steps_aside_when_library_paths_are_set(monkeypatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/pango/lib")
    assert weasyload.listing_lookup() is None
    monkeypatch.delenv("LD_LIBRARY_PATH")
    monkeypatch.setattr(weasyload, "LDCONFIG", "/nonexistent/ldconfig")
    assert weasyload.listing_lookup() is None


def test_no_module_imports_weasyprint_around_the_quick_lookup():
    """Every module reaches WeasyPrint through clinicdocs.rendering.weasyload: a direct import would run the slow look-ups."""
    code = (
        "import ctypes.util, importlib, pkgutil, clinicdocs\n"
        "calls = []\n"
        "original = ctypes.util.find_library\n"
        "ctypes.util.find_library = lambda name: calls.append(name) or original(name)\n"
        "for module in sorted(m.name for m in pkgutil.walk_packages(clinicdocs.__path__, 'clinicdocs.')):\n"
        "    importlib.import_module(module)\n"
        "    assert not calls, f'{module} imported WeasyPrint without clinicdocs.rendering.weasyload: {calls}'\n"
        "import sys; assert 'weasyprint' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=SHIPPED_ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-2000:]


WORDS = ("Rückenschmerzen Hüftbeuger Oberschenkelmuskulatur physiotherapy hyphenation unbelievably fisioterapeuta estiramiento "
         "kinésithérapeute fysioterapeut физиотерапевт растяжение fizioterápia").split()


@pytest.mark.parametrize("language", ["en-US", "de-DE", "es", "fr", "ru", "da", "hu"])
def test_a_cached_hyphenation_dictionary_hyphenates_as_pyphen_does(tmp_path, language, monkeypatch):
    import pyphen

    from clinicdocs.language.hyphenation import Dictionaries

    monkeypatch.setattr(pyphen, "hdcache", {})
    parsed = Dictionaries(tmp_path)
    parsed.preload(language)
    parsed.save()
    expected = pyphen.Pyphen(lang=language.replace("-", "_"))
    kept = list((tmp_path / "hyphenation").glob("*.json"))
    assert len(kept) == (0 if language == "hu" else 1)  # Hungarian's non-standard hyphenation is not kept
    monkeypatch.setattr(pyphen, "hdcache", {})
    monkeypatch.setattr(pyphen.HyphDict, "__init__", lambda *a: pytest.fail("parsed again")) if kept else None
    Dictionaries(tmp_path).preload(language)
    cached = pyphen.Pyphen(lang=language.replace("-", "_"))
    assert [cached.inserted(w) for w in WORDS] == [expected.inserted(w) for w in WORDS]
    assert any("-" in expected.inserted(w) for w in WORDS)


def test_a_damaged_hyphenation_cache_is_parsed_again(tmp_path, monkeypatch):
    import pyphen

    from clinicdocs.language.hyphenation import Dictionaries

    monkeypatch.setattr(pyphen, "hdcache", {})
    first = Dictionaries(tmp_path)
    first.preload("en-US")
    first.save()
    (kept,) = (tmp_path / "hyphenation").glob("*.json")
    for damage in (b"{", b'{"ab": ["1", [1]]}', b"[]"):
        kept.write_bytes(damage)
        monkeypatch.setattr(pyphen, "hdcache", {})
        Dictionaries(tmp_path).preload("en-US")
        assert pyphen.Pyphen(lang="en_US").inserted("hyphenation") == "hy-phen-ation"


def test_a_new_process_reads_every_cache_and_writes_the_same_bytes(project):
    """Across processes (as authors and CI run it): a build with a full cache parses no hyphenation dictionary,
    probes no title, compiles no catalog and draws no cover, and writes the bytes of a build without a cache."""
    out = project / "processes"
    probe = (
        "import sys, pyphen, clinicdocs.rendering.titles as b; from clinicdocs.cli import main\n"
        "pyphen.HyphDict.__init__ = lambda *a: sys.exit('parsed a hyphenation dictionary')\n"
        "b.balanced_width = lambda *a: sys.exit('probed the title')\n"
        "code = main(['--only', 'card,epub', '--force', '--out', {out!r}])\n"
        "sys.exit(code or ('babel.messages.pofile' in sys.modules and 'compiled a catalog') or ('pypdfium2' in sys.modules and 'drew a cover'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(ROOT / "make_docs.py"), "--only", "card,epub", "--out", str(out)], cwd=project, env=env, capture_output=True, check=True)
    cached = subprocess.run([sys.executable, "-c", probe.format(out=str(out))], cwd=project, env=env, capture_output=True, text=True)
    assert cached.returncode == 0, cached.stderr[-2000:]
    build(options(project, "uncached", only=("card", "epub")), renderer=Renderer(project / "layouts", cache=None))
    assert digests(out) == digests(project / "uncached")


def test_an_edited_catalog_replaces_its_older_compilation_in_the_cache(tmp_path):
    root = write_project(tmp_path / "p", {"source/doc.md": DOC, "source/images/photo.png": png_bytes()}, brand="bjork-sondergaard-physio")
    catalog = root / "layouts" / "locale" / "de" / "LC_MESSAGES" / "messages.po"
    words = root / "build" / ".cache" / "words"
    for edit in range(3):
        build(options(root, "build", only=("epub",), force=True))
        assert len(list(words.glob("catalog-*.mo"))) == 1
        catalog.write_text(catalog.read_text(encoding="utf-8") + f"\n# edit {edit}\n", encoding="utf-8")


@pytest.mark.parametrize("damage", [b"", b"\x00" * 3, b"\xde\x12\x04\x95" + b"\xff" * 40])
def test_a_damaged_compiled_catalog_is_compiled_again(tmp_path, damage):
    root = write_project(tmp_path / "p", {"source/doc.md": DOC, "source/images/photo.png": png_bytes()}, brand="bjork-sondergaard-physio")
    build(options(root, "build", only=("epub",)))
    before = digests(root / "build")
    from clinicdocs.language import catalogs as i18n

    i18n.load_catalog.cache_clear()  # as a new process would, read the cache folder again
    for compiled in (root / "build" / ".cache" / "words").glob("catalog-*.mo"):
        compiled.write_bytes(damage)
    build(options(root, "build", only=("epub",), force=True))
    assert digests(root / "build") == before


def test_every_cached_title_and_cover_names_the_fonts_it_was_drawn_with(tmp_path):
    """WeasyPrint loads a font once per font configuration, so later renders fetch none: the fonts must be recorded anyway,
    or a font file changed in place would leave an old title width or cover in use."""
    root = write_project(tmp_path / "p", {"source/doc.md": DOC, "source/images/photo.png": png_bytes()}, brand="bjork-sondergaard-physio")
    build(options(root, "build", only=("guide", "card", "epub")))
    from clinicdocs.brands.schema import load_brand

    fonts = {face.url for face in load_brand(root / "layouts" / "brands" / "bjork-sondergaard-physio").fonts}
    records = [json.loads(read_sealed(p) or b"") for kind in ("titles", "covers") for p in (root / "build" / ".cache" / kind).glob("*.json")]
    assert len(records) >= 4
    for record in records:
        assert fonts <= set(record["fetched"]), sorted(record["fetched"])


def test_a_worker_pool_does_not_turn_the_caches_off():
    """A pool's semaphores stay mapped from /dev/shm after they are unlinked: not code, so caching goes on (it did not)."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        pool.map(abs, [1])
    assert rendercache.loaded_files() is not None
