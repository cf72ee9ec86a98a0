"""The words the layouts add, in the document's language: gettext catalogs, dates and numbers by Babel.

Catalogs are `.po` files in `layouts/locale/<language>/LC_MESSAGES/messages.po`, compiled in memory
the first time a build needs them (never committed as `.mo`). A tag such as `es-MX` uses `es_MX`
when the clinic ships one, else `es`; a language with no catalog prints the English source words.
"""

from __future__ import annotations

import datetime
import functools
import gettext
import io
import json
import re
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..storage.sealing import read_sealed, write_sealed
from .tags import candidates, related

if TYPE_CHECKING:
    from babel import Locale
    from babel.messages.catalog import Message

CATALOG = Path("LC_MESSAGES") / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)")
Translations = gettext.NullTranslations  # what a compiled catalog offers: gettext(), ngettext()
WORDS_CACHE = "words"  # compiled catalogs and written dates, in the build folder's cache
PENDING: dict[Path, dict[Path, bytes]] = {}  # cache folder -> files to write there with the build's outputs


def catalog_folder(layouts: Path) -> Path:
    """Return the folder holding one sub-folder per language."""
    return layouts / "locale"


def find_catalog(layouts: Path, language: str) -> Path | None:
    """Return the `.po` file for a language tag (its own, else a related one: pt -> pt_BR), or None when the clinic ships none."""
    for name in candidates(language):
        path = catalog_folder(layouts) / name / CATALOG
        if path.is_file():
            return path
    for name in related(language):
        path = catalog_folder(layouts) / name / CATALOG
        if path.is_file():
            return path
    return None


def list_catalogs(layouts: Path) -> list[Path]:
    """Return every shipped catalog, sorted (the manifest and the no-op check watch them)."""
    folder = catalog_folder(layouts)
    return sorted(folder.glob(f"*/{CATALOG}")) if folder.is_dir() else []


def translations(layouts: Path, language: str, cache: Path | None = None) -> Translations:
    """Return the compiled catalog for a language, or the English source words when there is none.

    With a cache folder, a catalog compiled once is read back from `<cache>/words/` by the next process
    while its `.po` file has the same bytes (about a tenth of a cold EPUB-only build otherwise).
    """
    path = find_catalog(layouts, language)
    if path is None:
        return gettext.NullTranslations()
    stat = path.stat()
    return load_catalog(path.resolve(), stat.st_mtime_ns, stat.st_size, cache)


def with_overrides(shipped: Translations, folder: Path, language: str, cache: Path | None = None) -> Translations:
    """Return a brand's own wording (`<brand folder>/locale/<name>/LC_MESSAGES/messages.po`, only the messages it
    changes) over the shipped catalog; the shipped catalog alone when the brand has none for the language."""
    import copy

    if find_catalog(folder, language) is None:
        return shipped
    layered = copy.copy(translations(folder, language, cache))  # the cached catalog itself never gets a fallback
    layered._fallback = None  # type: ignore[attr-defined]
    layered.add_fallback(shipped)
    return layered


@functools.lru_cache(maxsize=32)
def load_catalog(path: Path, mtime_ns: int, size: int, cache: Path | None) -> gettext.GNUTranslations:
    """Return a catalog's translations (kept per process until the file changes), compiled or from the cache folder."""
    if cache is None:
        return gettext.GNUTranslations(io.BytesIO(compile_catalog(path)))
    import hashlib

    source = path.read_bytes()
    # Named by the catalog's place, then its bytes: saving a new one replaces the catalog's older ones.
    place = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:16]
    compiled = cache / WORDS_CACHE / f"catalog-{place}-{hashlib.sha256(source).hexdigest()[:32]}-{code_stamp()}.mo"
    try:
        return gettext.GNUTranslations(io.BytesIO(read_sealed(compiled) or b""))
    except Exception:  # not cached yet, or damaged in any way (gettext raises OSError, struct.error, ...): compile it again
        data = compile_catalog(path, source)
        PENDING.setdefault(cache, {})[compiled] = data
        return gettext.GNUTranslations(io.BytesIO(data))


def compile_catalog(path: Path, source: bytes | None = None) -> bytes:
    """Compile a `.po` file (its bytes `source`, when already read) to `.mo` bytes, refusing what the layouts cannot use."""
    from babel.messages.mofile import write_mo  # imported on first use: a no-op or cached build never needs it
    from babel.messages.pofile import PoFileError, read_po

    try:
        with (io.BytesIO(source) if source is not None else path.open("rb")) as handle:
            catalog = read_po(handle, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise ConfigError(f"message catalog cannot be read ({error}); fix the entry or run 'pybabel compile' to see why", path, line) from None
    for message in catalog:
        if unknown := unknown_placeholders(message):
            raise ConfigError(
                f"the translation of '{message.id if isinstance(message.id, str) else message.id[0]}' uses the placeholder "
                f"%({unknown[0]})s, which the English words do not have; keep the placeholders as they are", path, message.lineno,
            )
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def unknown_placeholders(message: Message) -> list[str]:
    """Return the %(name)s placeholders a translation uses that its English words do not offer."""
    ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    offered = {name for text in ids for name in PLACEHOLDER.findall(text)}
    return sorted({name for text in strings if text for name in PLACEHOLDER.findall(text)} - offered)


def babel_locale(language: str) -> Locale:
    """Return Babel's locale for a language tag, falling back to its base language, then English."""
    from babel import Locale, UnknownLocaleError

    for name in candidates(language) + related(language):
        try:
            return Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def format_date(value: datetime.date, language: str, form: str = "long", cache: Path | None = None) -> str:
    """Return a date written the way readers of `language` write it: 1 de enero de 2025 ("month": enero de 2025).

    With a cache folder, dates written once are read back by the next process from `<cache>/words/`,
    which spares loading Babel's locale data (most of the cost of a date).
    """
    return cached_words(cache, f"{language}|{form}|{value.isoformat()}", lambda: babel_date(value, language, form))


def counter_digits(language: str, cache: Path | None = None) -> str:
    """Return the CSS counter style for page numbers and list markers in the language's default digits (kept with the
    written dates, so an English build does not load Babel for it)."""
    from .digits import counter_style

    return cached_words(cache, f"{language}|page digits", lambda: counter_style(language))


def cached_words(cache: Path | None, key: str, write: Callable[[], str]) -> str:
    """Return words Babel writes (by `write`), read back from `<cache>/words/` when an earlier process wrote them."""
    if cache is None:
        return write()
    path = cache / WORDS_CACHE / f"dates-{code_stamp()}.json"
    written = read_dates(path)
    if key not in written:
        written[key] = write()
        PENDING.setdefault(cache, {})[path] = json.dumps(written, indent=0, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return written[key]


def save_words(cache: Path) -> None:
    """Write the catalogs compiled and the dates written since the last save into `cache` (with the build's outputs)."""
    for path, data in sorted(PENDING.pop(cache, {}).items()):
        write_sealed(path, data)
        if path.name.startswith("catalog-"):  # a catalog edited and compiled again: its older compilations go
            place = path.name.split("-")[1]
            for older in path.parent.glob(f"catalog-{place}-*.mo"):
                if older != path:
                    older.unlink(missing_ok=True)


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """Return a name for the code that makes the cached words: the installed Babel (found without importing it) and
    this module. An upgrade of Babel or an edit of this module starts afresh."""
    import importlib.util

    from ..storage.rendercache import files_stamp

    spec = importlib.util.find_spec("babel")
    return files_stamp(Path(str(spec.origin if spec else "")), Path(__file__), Path(__file__).with_name("digits.py"))


@functools.lru_cache(maxsize=4)
def read_dates(path: Path) -> dict[str, str]:
    """Return the dates a cache file holds (read once per process; later dates are added to the same dict)."""
    try:
        written = json.loads((read_sealed(path) or b"{}").decode("utf-8"))
        return {str(k): v for k, v in written.items() if isinstance(v, str)} if isinstance(written, dict) else {}
    except (OSError, ValueError):
        return {}


def babel_date(value: datetime.date, language: str, form: str) -> str:
    """Return a date written by Babel for `language` in the given form ("long", "medium", ... or "month")."""
    from babel.dates import format_date as babel_format_date
    from babel.dates import format_skeleton

    from .digits import native_digits

    if form == "month":
        return native_digits(no_narrow_space(format_skeleton("yMMMM", value, locale=babel_locale(language))), language)
    return native_digits(no_narrow_space(babel_format_date(value, format=form, locale=babel_locale(language))), language)


def format_number(value: float, language: str) -> str:
    """Return a number with the decimal and grouping marks of `language`: 1.234,5 in German."""
    from babel.numbers import format_decimal

    from .digits import native_digits

    written = format_decimal(value, locale=babel_locale(language), numbering_system="default")
    return native_digits(no_narrow_space(written), language)


def no_narrow_space(text: str) -> str:
    """Return CLDR text with its narrow no-break spaces (U+202F, "2025 г.") as no-break spaces, which every font has."""
    return text.replace("\u202f", "\u00a0")


def css_string(text: str, **counters: str) -> str:
    """Return a CSS `content` value for translated text, turning %(name)s placeholders into counters.

    css_string("Seite %(page)s von %(pages)s", page="counter(page)", pages="counter(pages)")
    gives "Seite " counter(page) " von " counter(pages).
    """
    parts: list[str] = []
    rest = text
    while rest:
        found = [(rest.find(f"%({name})s"), name) for name in counters if f"%({name})s" in rest]
        if not found:
            parts.append(quote_css(rest))
            break
        index, name = min(found)
        if index:
            parts.append(quote_css(rest[:index]))
        parts.append(counters[name])
        rest = rest[index + len(f"%({name})s") :]
    return " ".join(parts) or '""'


def quote_css(text: str) -> str:
    """Return text as a double-quoted CSS string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def missing_catalogs(layouts: Path, documents: list[tuple[Path, str]]) -> list[tuple[Path, int | None, str]]:
    """Return one warning per language that has no catalog, at the first document written in it."""
    warned: set[str] = set()
    found = []
    for path, language in documents:
        base = language.split("-")[0].lower()
        if base in warned or find_catalog(layouts, language) is not None:
            continue
        warned.add(base)
        where = catalog_folder(layouts) / candidates(language)[-1] / CATALOG if candidates(language) else catalog_folder(layouts)
        message = (
            f"language '{language}' has no message catalog ({where} not found): the words the layouts add "
            "print in English; copy layouts/locale/en/LC_MESSAGES/messages.po there and translate it"
        )
        found.append((path, front_matter_line(path, "language"), message))
    return found


def front_matter_line(path: Path, key: str) -> int | None:
    """Return the line of a front matter key, for messages that point at it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, start=1) if line.startswith(f"{key}:")), None)
