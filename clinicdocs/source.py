"""Find Markdown documents, read them safely and split off their front matter."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import ErrorGroup, SourceError
from .model import Metadata

MAX_SOURCE_BYTES = 1_000_000
REQUIRED_KEYS = ("title", "description", "language", "date", "author")
KNOWN_KEYS = REQUIRED_KEYS + ("publisher", "keywords", "reading_grade", "card_note_from")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
ALLOWED_CONTROLS = {"\n", "\t", "\r"}


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file read from disk: its front matter and where its body starts."""

    path: Path
    slug: str
    metadata: Metadata
    body: str
    body_line: int


def find_documents(source: Path) -> list[Path]:
    """Return the Markdown files to build: `source` itself or the `*.md` files inside it."""
    if source.is_file():
        return [source]
    if not source.is_dir():
        raise SourceError("no such file or folder; pass a Markdown file or a folder of them", source)
    documents = sorted(p for p in source.glob("*.md") if not p.name.startswith(("_", ".")))
    if not documents:
        raise SourceError("no Markdown documents (*.md) found here", source)
    return documents


def read_source(path: Path) -> SourceFile:
    """Read, decode and split one Markdown file, checking its front matter."""
    text = decode(path, read_bytes(path))
    front, front_line, body, body_line = split_front_matter(path, text)
    metadata = parse_front_matter(path, front, front_line)
    return SourceFile(path, slugify(path.stem), metadata, body, body_line)


def read_bytes(path: Path) -> bytes:
    """Read a file, refusing the unreadable and the absurdly large."""
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(
                f"file is {size:,} bytes, over the {MAX_SOURCE_BYTES:,}-byte limit; split it", path
            )
        return path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read file: {error.strerror}", path) from None


def decode(path: Path, data: bytes) -> str:
    """Decode UTF-8, naming the byte offset and line of the first bad byte or control character."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            f"invalid UTF-8 at byte {error.start}; save the file as UTF-8", path, line
        ) from None
    for index, char in enumerate(text):
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs"):
            line = text.count("\n", 0, index) + 1
            raise SourceError(
                f"control character U+{ord(char):04X} in the text; delete it", path, line
            )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path: Path, text: str) -> tuple[str, int, str, int]:
    """Return the YAML front matter, its first line, the body and the body's first line."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError(
            "missing front matter; start the file with a '---' line, then title, description, "
            "language, date and author, then '---'",
            path,
            1,
        )
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2
    raise SourceError("front matter is not closed; add a '---' line after it", path, 1)


def parse_front_matter(path: Path, front: str, first_line: int) -> Metadata:
    """Validate the front matter, reporting every problem at once."""
    import yaml  # here, not at the top: a build with nothing to do never reads front matter

    try:
        data = yaml.safe_load(front) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise SourceError(f"front matter: {problem}", path, line) from None
    if not isinstance(data, dict):
        raise SourceError("front matter must be 'key: value' lines", path, first_line)
    lines = key_lines(front, first_line)
    problems = [
        SourceError(f"front matter: unknown key '{key}' (known: {', '.join(KNOWN_KEYS)})", path, lines.get(key, first_line))
        for key in data
        if key not in KNOWN_KEYS
    ]
    problems += [
        SourceError(f"front matter: missing required key '{key}'", path, first_line)
        for key in REQUIRED_KEYS
        if data.get(key) in (None, "")
    ]
    problems += check_values(path, data, lines, first_line)
    if problems:
        raise problems[0] if len(problems) == 1 else ErrorGroup(problems)
    return Metadata(
        title=str(data["title"]).strip(),
        description=str(data["description"]).strip(),
        language=str(data["language"]),
        date=data["date"],
        author=str(data["author"]).strip(),
        publisher=str(data.get("publisher") or data["author"]).strip(),
        keywords=tuple(str(k) for k in data.get("keywords") or ()),
        reading_grade=float(data.get("reading_grade", 8)),
        card_note_from=str(data.get("card_note_from") or "").strip(),
    )


def check_values(path: Path, data: dict, lines: dict[str, int], first_line: int) -> list[SourceError]:
    """Return a problem for each front matter value of the wrong shape."""
    problems = []

    def problem(key: str, message: str) -> None:
        problems.append(SourceError(f"front matter: {key}: {message} (got {data[key]!r})", path, lines.get(key, first_line)))

    for key in ("title", "description", "author", "publisher"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            problem(key, "must be text")
    if data.get("language") and not LANGUAGE_TAG.match(str(data["language"])):
        problem("language", "must be a language tag such as en-US")
    if data.get("date") and not isinstance(data["date"], datetime.date):
        problem("date", "must be a date written YYYY-MM-DD")
    if "keywords" in data and not isinstance(data["keywords"], list):
        problem("keywords", "must be a list, one '- keyword' per line")
    if "reading_grade" in data and not isinstance(data["reading_grade"], (int, float)):
        problem("reading_grade", "must be a number such as 8")
    return problems


def key_lines(front: str, first_line: int) -> dict[str, int]:
    """Map each top-level front matter key to its line number in the file."""
    found: dict[str, int] = {}
    for offset, line in enumerate(front.split("\n")):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match:
            found.setdefault(match.group(1), first_line + offset)
    return found


def slugify(text: str) -> str:
    """Return a lowercase ASCII slug usable in file names and ids."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "document"
