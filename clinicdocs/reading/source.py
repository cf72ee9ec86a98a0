"""Find Markdown documents, read them safely and split off their front matter."""

from __future__ import annotations

import datetime
import math
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from .discover import markdown_files
from .review import check_review, review_dates, review_warning
from .yaml_hints import explain
from ..errors import SourceError, raise_all
from ..model import Metadata

MAX_SOURCE_BYTES = 1_000_000
# Every key is optional: see `defaults` in the README ("Writing a document").
KNOWN_KEYS = ("title", "description", "language", "date", "author", "publisher", "keywords", "reading_grade", "card_note_from", "card", "card_exercises", "reviewed_by", "reviewed_on", "review_due")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
ALLOWED_CONTROLS = {"\n", "\t", "\r"}
# Unicode's control characters (category Cc) and surrogates (Cs), but for ALLOWED_CONTROLS.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
MAX_FRONT_MATTER = 20_000
MAX_FRONT_MATTER_NESTING = 20
FLOW_BRACKET = re.compile(r"[\[\]{}]")
MIN_GRADE, MAX_GRADE = 1, 18  # reading_grade: first grade to a doctorate


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file read from disk: its front matter and where its body starts."""

    path: Path
    slug: str
    metadata: Metadata
    body: str
    body_line: int
    warnings: tuple[SourceError, ...] = ()


def find_documents(source: Path) -> list[Path]:
    """Return the Markdown files to build: `source` itself or the `*.md` files inside it."""
    if source.is_file():
        return [source]
    if not source.is_dir():
        raise SourceError("no such file or folder; pass a Markdown file or a folder of them", source)
    documents = markdown_files(source)
    if not documents:
        raise SourceError("no Markdown documents (*.md) found here", source)
    return documents


def read_source(path: Path) -> SourceFile:
    """Read, decode and split one Markdown file, checking its front matter."""
    text = decode(path, read_bytes(path))
    front, front_line, body, body_line = split_front_matter(path, text)
    metadata, warnings = read_front_matter(path, front, front_line)
    return SourceFile(path, document_slug(path), metadata, body, body_line, tuple(warnings))


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
    if found := CONTROL_CHARACTER.search(text):
        line = text.count("\n", 0, found.start()) + 1
        raise SourceError(
            f"control character U+{ord(found.group()):04X} in the text; delete it", path, line
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path: Path, text: str) -> tuple[str, int, str, int]:
    """Return the YAML front matter, its first line, the body and the body's first line.

    A file that does not start with a '---' line has no front matter: all of it is the body.
    """
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return "", 1, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2
    raise SourceError("front matter is not closed; add a '---' line after it", path, 1)


def parse_front_matter(path: Path, front: str, first_line: int) -> Metadata:
    """Validate the front matter, reporting every problem at once (its warnings are dropped)."""
    return read_front_matter(path, front, first_line)[0]


def read_front_matter(path: Path, front: str, first_line: int) -> tuple[Metadata, list[SourceError]]:
    """Validate the front matter, reporting every problem at once; return it and a warning per unknown key.

    Every key is optional. What is missing stays empty here and is filled later: the title and
    description from the text (parse), the language and author from each clinic's brand
    (`Document.edition`), the date from SOURCE_DATE_EPOCH or the file's last commit (`default_date`).
    """
    data, lines, problems = load_front_matter(path, front, first_line)
    warnings = [SourceError(unknown_key(key), path, lines[key]) for key in lines if key not in KNOWN_KEYS]
    problems += check_values(path, data, lines) + check_review(path, data, lines)
    raise_all(sorted(problems, key=lambda p: p.line or 0))
    reviewed_on, review_due = review_dates(data)
    warnings += review_warning(path, review_due, lines)
    date = data.get("date")
    author = text_value(data, "author")
    return Metadata(
        title=text_value(data, "title"),
        description=text_value(data, "description"),
        language="" if is_blank(data.get("language")) else str(data["language"]),
        date=(date.date() if isinstance(date, datetime.datetime) else date) if not is_blank(date) else default_date(path),
        author=author,
        publisher=text_value(data, "publisher") or author,
        keywords=tuple(str(k).strip() for k in data.get("keywords") or ()),
        reading_grade=float(data.get("reading_grade", 8)),
        card_note_from=text_value(data, "card_note_from"),
        card=data.get("card", True),
        card_exercises=tuple(data.get("card_exercises") or ()),
        reviewed_by=text_value(data, "reviewed_by"),
        reviewed_on=reviewed_on,
        review_due=review_due,
        lines=tuple(sorted(lines.items())),
    ), warnings


def text_value(data: dict[str, Any], key: str) -> str:
    """Return a text value of the front matter, stripped; '' when it is missing or blank."""
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def unknown_key(key: str) -> str:
    """Say that a front matter key is ignored, suggesting the nearest known key."""
    import difflib

    near = difflib.get_close_matches(key.lower(), KNOWN_KEYS, n=1, cutoff=0.6)
    hint = f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(KNOWN_KEYS)}"
    return f"front matter: unknown key '{key}' is ignored; {hint}"


def source_date_epoch() -> datetime.datetime | None:
    """Return the moment SOURCE_DATE_EPOCH names, in UTC without a time zone, or None when it is unset."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).replace(tzinfo=None)


def default_date(path: Path) -> datetime.date | None:
    """Return the date of a document without one: SOURCE_DATE_EPOCH, else its file's last commit, else None."""
    if (moment := source_date_epoch()) is not None:
        return moment.date()
    import subprocess  # only for an undated document: most builds never start a process

    try:
        found = subprocess.run(
            ["git", "log", "-1", "--format=%cI", "--", path.name],
            cwd=path.parent, capture_output=True, text=True, timeout=10, check=False,
        )
        return datetime.date.fromisoformat(found.stdout.strip()[:10]) if found.returncode == 0 and found.stdout.strip() else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None  # no git, not a repository, or never committed


def load_front_matter(path: Path, front: str, first_line: int) -> tuple[dict[str, Any], dict[str, int], list[SourceError]]:
    """Return the front matter's values and the line of each key, plus a problem for each value that cannot be read.

    Anchors and aliases are refused before anything is built: an alias may stand for a list of
    aliases, and a few hundred bytes of them expand into gigabytes (the "billion laughs").
    """
    import yaml  # here, not at the top: a build with nothing to do never reads front matter

    refuse_costly_yaml(path, front, first_line)
    loader = yaml.SafeLoader(front)
    try:
        for token in yaml.scan(front, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                what = f"anchor '&{token.value}'" if isinstance(token, yaml.AnchorToken) else f"alias '*{token.value}'"
                raise SourceError(
                    f"front matter: YAML {what} is not allowed (no anchors or aliases); "
                    "write each value out in full, and put text starting with '&' or '*' in quotes",
                    path,
                    first_line + token.start_mark.line,
                )
        root = loader.get_single_node()
        if root is None:
            return {}, {}, []
        if not isinstance(root, yaml.MappingNode):
            raise SourceError("front matter must be 'key: value' lines", path, first_line)
        return read_mapping(path, front, loader, root, first_line)
    except yaml.YAMLError as error:
        # An unclosed quote is found at the end of the text: the line where it opened (context_mark) is the one to fix.
        mark = getattr(error, "context_mark", None) if "end of stream" in str(getattr(error, "problem", "")) else None
        mark = mark or getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise SourceError(explain(front, mark.line if mark else 0, problem), path, line) from None
    except RecursionError:
        raise SourceError("front matter: values nest too deeply; write plain 'key: value' lines", path, first_line) from None
    finally:
        loader.dispose()


def refuse_costly_yaml(path: Path, front: str, first_line: int) -> None:
    """Refuse front matter too long or too deeply bracketed to read quickly (PyYAML is quadratic in bracket depth)."""
    if len(front) > MAX_FRONT_MATTER:
        raise SourceError(
            f"front matter is {len(front):,} characters, over the {MAX_FRONT_MATTER:,} limit; "
            "it holds only the title, description and the like",
            path,
            first_line,
        )
    depth = 0
    for match in FLOW_BRACKET.finditer(front):
        depth = max(depth + (1 if match.group() in "[{" else -1), 0)
        if depth > MAX_FRONT_MATTER_NESTING:
            line = first_line + front.count("\n", 0, match.start())
            raise SourceError(
                f"front matter: brackets nest deeper than {MAX_FRONT_MATTER_NESTING} levels; write plain 'key: value' lines",
                path,
                line,
            )


def read_mapping(path: Path, front: str, loader: Any, root: Any, first_line: int) -> tuple[dict[str, Any], dict[str, int], list[SourceError]]:
    """Build each top-level value on its own, so one unreadable value or repeated key is reported, not raised."""
    import yaml

    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    problems = []
    for key_node, value_node in root.value:
        line = first_line + key_node.start_mark.line
        raw = front[value_node.start_mark.index : value_node.end_mark.index]
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(SourceError("front matter: keys must be plain names such as 'title'", path, line))
        elif key_node.value in lines:
            message = f"front matter: key '{key_node.value}' appears twice (first on line {lines[key_node.value]}); keep one"
            problems.append(SourceError(message, path, line))
        else:
            lines[key_node.value] = line
            try:
                data[key_node.value] = loader.construct_object(value_node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
                if value_node.tag == "tag:yaml.org,2002:timestamp":
                    message = f"front matter: {key_node.value}: not a real date (got {raw!r})"
                else:
                    reason = getattr(error, "problem", None) or str(error)
                    message = f"front matter: {key_node.value}: cannot be read: {reason} (got {raw!r})"
                problems.append(SourceError(message, path, first_line + value_node.start_mark.line))
    return data, lines, problems


def check_values(path: Path, data: dict[str, Any], lines: dict[str, int]) -> list[SourceError]:
    """Return a problem for each front matter value of the wrong shape."""
    problems = []

    def problem(key: str, message: str) -> None:
        problems.append(SourceError(f"front matter: {key}: {message}{got(data[key])}", path, lines[key]))

    for key in ("title", "description", "author", "publisher", "card_note_from"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            problem(key, "must be text")
    if isinstance(data.get("language"), bool):
        problem("language", "must be a language tag; YAML reads no, yes, on and off as true or false, so quote it: 'no'")
    elif not is_blank(data.get("language")) and not LANGUAGE_TAG.match(str(data["language"])):
        problem("language", "must be a language tag such as en-US")
    if not is_blank(data.get("date")) and not isinstance(data["date"], datetime.date):
        problem("date", "must be a date written YYYY-MM-DD")
    if "keywords" in data and not isinstance(data["keywords"], list):
        problem("keywords", "must be a list, one '- keyword' per line")
    elif "keywords" in data and not all(is_keyword(keyword) for keyword in data["keywords"]):
        problem("keywords", "each keyword must be a word or phrase (or a number), not blank, a list or 'key: value'")
    if "reading_grade" in data and not valid_reading_grade(data["reading_grade"]):
        problem("reading_grade", "must be a school grade from 1 to 18, such as 8")
    problems += check_card_keys(path, data, lines)
    return problems


def check_card_keys(path: Path, data: dict[str, Any], lines: dict[str, int]) -> list[SourceError]:
    """Return a problem for each card key of the wrong shape (whether the exercises exist is the parser's to say)."""
    problems = []
    if "card" in data and not isinstance(data["card"], bool):
        problems.append(SourceError(f"front matter: card: must be true or false{got(data['card'])}", path, lines["card"]))
    chosen = data.get("card_exercises")
    if "card_exercises" not in data:
        return problems
    if not isinstance(chosen, list) or not chosen or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in chosen):
        message = "must be a list of the exercises' numbers, such as [1, 3, 5]; to leave the card out, write card: false"
        problems.append(SourceError(f"front matter: card_exercises: {message}{got(chosen)}", path, lines["card_exercises"]))
    elif len(set(chosen)) != len(chosen):
        twice = sorted({n for n in chosen if chosen.count(n) > 1})
        problems.append(SourceError(f"front matter: card_exercises: {', '.join(map(str, twice))} listed twice; name each exercise once{got(chosen)}", path, lines["card_exercises"]))
    elif data.get("card") is False:
        problems.append(SourceError("front matter: card_exercises: the card is turned off (card: false); remove one of the two keys", path, lines["card_exercises"]))
    return problems


def is_blank(value: object) -> bool:
    """Tell whether a front matter value is missing: empty, null or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def is_keyword(value: object) -> bool:
    """Tell whether a keywords item is plain text or a finite number."""
    if isinstance(value, str):
        return bool(value.strip())
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and math.isfinite(value))


def valid_reading_grade(value: object) -> TypeGuard[float]:
    """Tell whether a reading_grade is a real number of school years (not true, .nan or .inf)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and MIN_GRADE <= value <= MAX_GRADE


def got(value: object) -> str:
    """Return ' (got VALUE)' for a message, saying 'nothing' for an empty value."""
    shown = repr(value)
    return " (got nothing)" if value is None else f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"


def slugify(text: str) -> str:
    """Return a lowercase ASCII slug usable in file names and ids."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "document"


def document_slug(path: Path) -> str:
    """Return the name a document's outputs are called by: its file name, Unicode letters kept."""
    return re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", path.stem).lower()).strip("-") or "document"
