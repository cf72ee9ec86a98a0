"""The single Jinja2 environment over layouts/: autoescaped, strict about undefined names, translated."""

from __future__ import annotations

import io
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..language import catalogs, typeset
from ..language.digits import written_in
from ..errors import RenderError
from ..storage.sealing import read_sealed, write_sealed


class StagedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in the build folder's cache, written only together with a build's outputs.

    Compiling the templates is a fifth of a cold EPUB build. A compiled template is code, so each entry
    is sealed (storage.sealing) and one whose seal is wrong is compiled afresh; Jinja2 then checks the
    template's source checksum and its own format and Python version before using it.
    """

    def __init__(self, folder: Path):
        super().__init__(str(folder), "%s.cache")
        self.folder = folder
        self.pending: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Load a compiled template if one is cached and sealed by this user's builds; otherwise compile afresh."""
        data = read_sealed(self.folder / (self.pattern % bucket.key))
        if data is None:
            bucket.reset()
            return
        bucket.load_bytecode(io.BytesIO(data))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a freshly compiled template in memory until `save`."""
        buffer = io.BytesIO()
        bucket.write_bytecode(buffer)
        self.pending[bucket.key] = buffer.getvalue()

    def save(self) -> None:
        """Write the templates compiled since the last save, sealed (none when no key can be kept)."""
        for key, data in sorted(self.pending.items()):
            write_sealed(self.folder / (self.pattern % key), data)
        self.pending.clear()


def make_environment(layouts: Path, cache: Path | None = None) -> jinja2.Environment:
    """Return the template environment; every template is autoescaped, whatever its name.

    With a cache folder, compiled templates are kept there for the next process.
    """
    env = jinja2.Environment(
        bytecode_cache=StagedBytecodeCache(cache / f"jinja2-{jinja2.__version__}") if cache else None,
        loader=jinja2.FileSystemLoader(str(layouts)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["keep_last_words"] = typeset.keep_last_words
    env.filters["address"] = typeset.address_markup
    env.filters["isolate_ltr"] = isolate_ltr
    return env


def isolate_ltr(text: str, direction: str) -> Markup:
    """Return plain text escaped; in right-to-left text, keep addresses, emails and phone numbers left to right.

    The bidi algorithm alone would print '+45 33 12 34 56' as '56 34 12 33 45+' in Arabic text.
    """
    if direction != "rtl":
        return escape(text)
    parts, last = [], 0
    for match in typeset.ADDRESS.finditer(text):
        if match.lastgroup == "phone" and not typeset.is_phone(match.group()):
            continue
        parts += [escape(text[last : match.start()]), Markup('<bdi dir="ltr">%s</bdi>') % match.group()]
        last = match.end()
    return Markup("").join([*parts, escape(text[last:])])


def layouts_folder(env: jinja2.Environment) -> Path:
    """Return the layouts folder the environment loads its templates from."""
    return Path(getattr(env.loader, "searchpath", ["layouts"])[0])


def cache_folder(env: jinja2.Environment) -> Path | None:
    """Return the build folder's cache the environment was made with, if any (catalogs and dates are kept there too)."""
    return env.bytecode_cache.folder.parent if isinstance(env.bytecode_cache, StagedBytecodeCache) else None


def translations(env: jinja2.Environment, language: str, brand: object = None) -> catalogs.Translations:
    """Return the words of `language` from the environment's layouts, with the brand's own wording over them."""
    shipped = catalogs.translations(layouts_folder(env), language, cache_folder(env))
    folder = getattr(brand, "folder", None)
    return catalogs.with_overrides(shipped, folder, language, cache_folder(env)) if isinstance(folder, Path) else shipped


def use_language(env: jinja2.Environment, language: str, brand: object = None) -> None:
    """Make {% trans %}, _(), format_date(), format_number(), digits(), css_string() and the counter style of its digits
    (`counter_digits`) speak `language` (in `brand`'s words)."""
    cache = cache_folder(env)
    counter_digits = catalogs.counter_digits(language, cache)
    env.install_gettext_translations(translations(env, language, brand), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        language=language,
        format_date=lambda value, form="long": catalogs.format_date(value, language, form, cache),
        format_number=lambda value: catalogs.format_number(value, language),
        counter_digits=counter_digits,
        digits=lambda value: written_in(str(value), counter_digits),
        css_string=lambda text, **counters: Markup(catalogs.css_string(str(text), **counters)),
    )


def counted_digits(env: jinja2.Environment, language: str) -> str:
    """Return the ten digits that page numbers and list markers count with in `language` ("0123456789" in most)."""
    return written_in("0123456789", catalogs.counter_digits(language, cache_folder(env)))


def context_language(context: dict[str, object]) -> str:
    """Return the language a page speaks: its document's, else (a clinic's download page) the brand's locale, else English."""
    metadata = getattr(context.get("document"), "metadata", None)
    if metadata is not None:
        return str(metadata.language)
    return str(getattr(context.get("brand"), "locale", "en"))


def render(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template in its document's language; a broken template is a build error, not a traceback."""
    folder = layouts_folder(env)
    use_language(env, context_language(context), context.get("brand"))
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as error:
        raise RenderError(f"template '{error.name}' not found; is --layouts the right folder?", folder) from None
    except jinja2.TemplateSyntaxError as error:
        raise RenderError(f"template error: {error.message}", folder / (error.name or name), error.lineno) from None
    except jinja2.TemplateError as error:
        raise RenderError(f"template error: {error.message}", folder / name) from None


def template_value(env: jinja2.Environment, name: str, key: str) -> object:
    """Return a value a template sets with `{% set key = ... %}`; a broken template is a build error."""
    folder = layouts_folder(env)
    try:
        return getattr(env.get_template(name).module, key)
    except jinja2.TemplateNotFound as error:
        raise RenderError(f"template '{error.name}' not found; is --layouts the right folder?", folder) from None
    except jinja2.TemplateSyntaxError as error:
        raise RenderError(f"template error: {error.message}", folder / (error.name or name), error.lineno) from None
    except (jinja2.TemplateError, AttributeError) as error:
        raise RenderError(f"template error: {error}", folder / name) from None
