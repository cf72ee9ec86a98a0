"""Block quotes and whole documents for lists.py: each run of lines normalized, quotes inside their '>' marks, loose lists made loose.

CommonMark makes every item of a list paragraphs when a blank line stands anywhere between its items
or between two blocks of one item; Python-Markdown only the items next to a blank line. A blank line
put before each later item of such a list makes Python-Markdown agree.
"""

from __future__ import annotations

from markdown.preprocessors import Preprocessor

from .lists import ATX_HEADING, FENCE, MARKER, QUOTE, STEP, THEMATIC_BREAK, ListNormalizer, escape_marker, expand, indent_of


def normalize(lines: list[str]) -> list[str]:
    """Return the document's lines with every list indented as Python-Markdown reads CommonMark's nesting."""
    out: list[str] = []
    items: list[tuple[int, int, bool]] = []  # (output line, list, first of its list) of each item opened
    index = 0
    normalizer = ListNormalizer()
    while index < len(lines):
        quote = QUOTE.match(expand(lines[index]))
        if quote and not normalizer.open and not normalizer.code.fence:
            end = index
            while end < len(lines) and lines[end].strip() and (QUOTE.match(expand(lines[end])) or not interrupts(expand(lines[end]))):
                end += 1
            out.extend(quoted(lines[index:end]))
            fresh = ListNormalizer()
            fresh.lists, fresh.loose = normalizer.lists, normalizer.loose  # list ids stay unique
            normalizer = fresh
            index = end
            continue
        normalizer.opened = None
        out.append(normalizer.line(expand(lines[index])))
        if normalizer.opened:
            items.append((len(out) - 1, *normalizer.opened))
        index += 1
    return loosen(out, items, normalizer.loose)


def loosen(out: list[str], items: list[tuple[int, int, bool]], loose: set[int]) -> list[str]:
    """Put a blank line before every item but the first of each loose list, so Python-Markdown makes them all paragraphs.

    Python-Markdown makes only the items next to a blank line loose; CommonMark makes the whole list loose.
    """
    for index, list_id, first in items:
        if list_id in loose and not first and index and out[index - 1].strip() and not out[index].startswith("\n"):
            out[index] = "\n" + out[index]
    return out


def interrupts(line: str) -> bool:
    """Tell whether a line outside a block quote ends it rather than continuing its paragraph lazily."""
    return indent_of(line) < STEP and any(block.match(line) for block in (MARKER, THEMATIC_BREAK, ATX_HEADING, FENCE))


def quoted(lines: list[str]) -> list[str]:
    """Return a block quote's lines with their inside normalized, keeping each line's '>' mark."""
    marks, inside = [], []
    for line in lines:
        match = QUOTE.match(expand(line))
        marks.append(match.group(1) + " " if match else "")
        inside.append(match.group(3) if match else escape_marker(line.strip()))  # a lazy line is the paragraph's text
    return [mark + text if text else mark.rstrip() for mark, text in zip(marks, normalize(inside))]


class CommonMarkLists(Preprocessor):
    """Re-indent lists nested by CommonMark's content column to Python-Markdown's four spaces."""

    def run(self, lines: list[str]) -> list[str]:
        return "\n".join(normalize(lines)).split("\n")  # the blank lines put in become lines of their own
