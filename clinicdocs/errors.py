"""The few errors the builder raises on bad input, caught in one place by the CLI."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

# A finding is one line: a newline or other control character quoted from the input (a link address
# spanning two lines, a file name) is shown escaped, so every line of the output starts with `file:line:`.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class BuildError(Exception):
    """A problem with the user's input: printed as `file:line: message`, no traceback."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.message)

    def __reduce__(self) -> tuple:
        # Keep path and line when the error crosses from a worker process to the CLI.
        return (type(self), (self.message, self.path, self.line))


class SourceError(BuildError):
    """The Markdown source or its front matter is wrong."""


class ConfigError(BuildError):
    """A brand folder or its brand.toml is wrong."""


class RenderError(BuildError):
    """WeasyPrint or ebooklib reported a problem while rendering an output."""


class RendererFailed(RenderError):
    """The PDF renderer itself raised on a layout, even with safer text (a bug inside WeasyPrint)."""


class ErrorGroup(BuildError):
    """Several problems found together, reported all at once."""

    def __init__(self, errors: Sequence[BuildError]):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = list(errors)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple:
        return (type(self), (self.errors,))


class OutputsFailed(ErrorGroup):
    """Some outputs could not be rendered; every other one was written, and `report` says which."""

    def __init__(self, errors: Sequence[BuildError], report: object = None):
        super().__init__(errors)
        self.report = report

    def __reduce__(self) -> tuple:
        return (type(self), (self.errors, self.report))


def raise_all(problems: Sequence[BuildError]) -> None:
    """Raise the problems found, one alone or several together; do nothing when there are none."""
    if problems:
        raise problems[0] if len(problems) == 1 else ErrorGroup(problems)


def format_location(path: Path | str | None, line: int | None, message: str) -> str:
    """Return `path:line: message` on one line, leaving out whatever is unknown."""
    if path is not None:
        where = display_path(path) if line is None else f"{display_path(path)}:{line}"
        message = f"{where}: {message}"
    return CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), message)


def display_path(path: Path | str) -> str:
    """Return `path` relative to the working directory when it lies inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
