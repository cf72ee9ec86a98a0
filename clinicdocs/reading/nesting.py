"""Block quotes and whole documents for lists.py: each run of lines normalized, quotes inside their '>' marks, loose lists made loose.

CommonMark makes every item of a list paragraphs when a blank line stands anywhere between its items
or between two blocks of one item; Python-Markdown only the items next to a blank line. A blank line
put before each later item of such a list makes Python-Markdown agree.
"""

from __future__ import annotations

from markdown.preprocessors import Preprocessor

from .lists import ATX_HEADING, closes_fence, FENCE, MARKER, QUOTE, STEP, THEMATIC_BREAK, ListNormalizer, escape_marker, expand, indent_of

def normalize(lines: list[str]) -> list[str]:
    """Return the document's lines with every list indented as Python-Markdown reads CommonMark's nesting."""
    out: list[str] = []
    items: list[tuple[int, int, bool]] = []  # (output line, list, first of its list) of each item opened
    index = 0
    gap = False
    normalizer = ListNormalizer()
    while index < len(lines):
        quote = QUOTE.match(expand(lines[index]))
        if quote and not normalizer.open and not normalizer.code.fence:
            end = quote_end(lines, index)
            out.extend(quoted(lines[index:end]))
            gap = end < len(lines) and bool(lines[end].strip())  # Python-Markdown would take the next line into the quote
            fresh = ListNormalizer()
            fresh.lists, fresh.loose = normalizer.lists, normalizer.loose  # list ids stay unique
            normalizer = fresh
            index = end
            continue
        normalizer.opened = None
        out.append(("\n" if gap else "") + normalizer.line(expand(lines[index])))
        gap = False
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


def quote_end(lines: list[str], index: int) -> int:
    """Return the index of the line after the block quote starting at `index`.

    A line without '>' continues the quote only as a lazy line of its paragraph (CommonMark 5.1):
    not after a blank '>' line, indented code or an open fence, and never a block that interrupts a paragraph.
    """
    fence = ""
    end = index
    while end < len(lines) and lines[end].strip():
        match = QUOTE.match(expand(lines[end]))
        if match:
            inner = expand(match.group(3))
            opened = FENCE.match(inner) if indent_of(inner) < STEP else None
            if fence:
                fence = "" if opened and closes_fence(opened.group(1), inner, fence) else fence
            elif opened:
                fence = opened.group(1)
            paragraph = not fence and not opened and bool(inner.strip()) and indent_of(inner) < STEP and not ATX_HEADING.match(inner)
        elif fence or not paragraph or interrupts(expand(lines[end])):
            break
        end += 1
    return end


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
    return [mark + text if text else mark.rstrip() for mark, text in zip(marks, fences_as_code(normalize(inside)))]


def fences_as_code(lines: list[str]) -> list[str]:
    """Return a quote's inside with its fenced code written as indented code (Python-Markdown reads fences at the margin only).

    The fence lines become blank lines, so the code is a block of its own; its language is not kept.
    An unclosed fence runs to the end of the quote, as CommonMark closes it with its container.
    """
    out: list[str] = []
    fence, margin = "", 0
    for line in lines:
        match = FENCE.match(line) if "\n" not in line else None
        if fence and match and indent_of(line) < STEP and closes_fence(match.group(1), line, fence):
            fence = ""
            out.append("")
        elif fence:
            out.append(" " * STEP + line[min(margin, indent_of(line)) :] if line.strip() else "")
        elif match and indent_of(line) < STEP:
            fence, margin = match.group(1), indent_of(line)
            out.append("")
        else:
            out.append(line)
    return out


class CommonMarkLists(Preprocessor):
    """Re-indent lists nested by CommonMark's content column to Python-Markdown's four spaces."""

    def run(self, lines: list[str]) -> list[str]:
        return "\n".join(normalize(lines)).split("\n")  # the blank lines put in become lines of their own
