"""The single Jinja2 environment over layouts/: autoescaped, strict about undefined names."""

from __future__ import annotations

from pathlib import Path

import jinja2


def make_environment(layouts: Path) -> jinja2.Environment:
    """Return the template environment; every template is autoescaped, whatever its name."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(layouts)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template with the given context."""
    return env.get_template(name).render(**context)
