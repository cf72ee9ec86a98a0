"""Say what a YAML error in front matter means for the author: which key, and the usual fix."""

from __future__ import annotations

import json
import re

KEY_LINE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:\s?(.*)$")
# Characters that make YAML read a plain value as something else; quoting the value fixes each of them.
SPECIAL_START = tuple("&*!|>%@`[]{}'\"#")


def explain(front: str, line_index: int, problem: str) -> str:
    """Return the message for a YAML problem found on `line_index` (0-based) of the front matter."""
    lines = front.split("\n")
    key, value = key_at(lines, line_index)
    if key is None:
        return f"front matter: {problem}; write plain 'key: value' lines"
    if "'\\t'" in problem:
        return f"front matter: {key}: a tab character; YAML indents with spaces only, so replace the tab with spaces"
    text = value.strip()
    if text[:1] in "\"'" and not text.endswith(text[0]):
        return f"front matter: {key}: the quote {text[0]} that opens the value is never closed; end the value with {text[0]}: {key}: {text}{text[0]}"
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar
    if "mapping values are not allowed" in problem or ": " in value:
        return (f"front matter: {key}: the value holds ': ', which YAML reads as the start of another key; "
                f"put the value in double quotes: {key}: {quoted}")
    if value.strip().startswith(SPECIAL_START) or " #" in value:
        return (f"front matter: {key}: {problem}; a value starting with one of & * ! | > % @ ` [ {{ ' \" or holding ' #' "
                f"must be in double quotes: {key}: {quoted}")
    return f"front matter: {key}: {problem}; if the value is text, put it in double quotes: {key}: {quoted}"


def key_at(lines: list[str], index: int) -> tuple[str | None, str]:
    """Return the key set on the line at `index` (or the nearest line above that sets one) and its value text."""
    for number in range(min(index, len(lines) - 1), -1, -1):
        if match := KEY_LINE.match(lines[number]):
            return match.group(1), match.group(2)
    return None, ""
