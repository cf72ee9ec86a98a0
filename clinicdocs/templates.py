"""The single Jinja2 environment over layouts/: autoescaped, strict about undefined names."""

from __future__ import annotations

from pathlib import Path

import jinja2

from . import typeset
from .errors import RenderError


def make_environment(layouts: Path) -> jinja2.Environment:
    """Return the template environment; every template is autoescaped, whatever its name."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(layouts)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["keep_last_words"] = typeset.keep_last_words
    env.filters["address"] = typeset.address_markup
    return env


def render(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template with the given context; a broken template is a build error, not a traceback."""
    folder = Path(getattr(env.loader, "searchpath", ["layouts"])[0])
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as error:
        raise RenderError(f"template '{error.name}' not found; is --layouts the right folder?", folder) from None
    except jinja2.TemplateSyntaxError as error:
        raise RenderError(f"template error: {error.message}", folder / (error.name or name), error.lineno) from None
    except jinja2.TemplateError as error:
        raise RenderError(f"template error: {error.message}", folder / name) from None
