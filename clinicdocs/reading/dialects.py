"""Callouts as other tools write them, rewritten as admonitions before Python-Markdown parses the text.

GitHub alerts and Obsidian callouts (`> [!WARNING]`, `> [!tip]- Title`), pandoc and Docusaurus fenced
divs (`::: warning`, `::: {.tip}` ... `:::`), HTML `<details><summary>` and Notion's `<aside>` callouts become `!!! kind "title"`
with an indented body, so the admonition extension makes the same `div.admonition` of them that
`!!! warning` makes and the callout pass needs to know one shape. A second class names the syntax the
author used (`x-alert`, `x-div`, `x-details`, `x-aside`) so a warning can quote it. Every rewrite keeps the number
of lines, so what follows stays on its line.
"""

from __future__ import annotations

import re

from markdown.preprocessors import Preprocessor

from .nesting import interrupts

# An alert may stand in a list item, indented as lists.py wrote it (four spaces per level).
ALERT = re.compile(r"^((?:    )*) {0,3}>[ \t]?\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*(.*?)[ \t]*$")
QUOTED = re.compile(r"^ *>[ \t]?(.*)$")
DIV_OPEN = re.compile(r"^ {0,3}(:{3,})[ \t]*(?:\{[ \t]*\.?([\w-]+)[^}]*\}|([\w-]+))[ \t]*(.*?)[ \t]*:*[ \t]*$")
DIV_CLOSE = re.compile(r"^ {0,3}(:{3,})[ \t]*$")
# An HTML box that is a callout: <details> (its <summary> the title) and <aside>, as Notion exports its callouts.
CONTAINER_OPEN = re.compile(r"^ {0,3}<(details|aside)(?:\s[^>]*)?>[ \t]*(?:<summary>(.*?)</summary>)?[ \t]*(.*)$", re.IGNORECASE)
SUMMARY = re.compile(r"^[ \t]*<summary>(.*?)</summary>[ \t]*$", re.IGNORECASE)
CONTAINER_CLOSE = "^(.*?)[ \t]*</{}>[ \t]*$"
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
INDENT = "    "


def heading(kind: str, syntax: str, title: str) -> str:
    """Return the admonition line for a callout of `kind` written in `syntax`, with its title."""
    title = title.replace('"', "\u201d")  # the admonition's title ends at its last quote
    return f'!!! {kind.lower()} {syntax}' + (f' "{title}"' if title else "")


def rewrite_alerts(lines: list[str]) -> list[str]:
    """Turn each block quote that opens with '[!type]' into an admonition (lazy lines included, to the blank line)."""
    out: list[str] = []
    inside = False
    margin = ""
    for line in lines:
        match = ALERT.match(line) if not inside else None
        if match:
            margin = match.group(1)
            # Python-Markdown reads an admonition in a list item only as a block of its own.
            out.append(("\n" if margin else "") + margin + heading(match.group(2), "x-alert", match.group(4)))
            inside = True
        elif inside and line.strip() and (QUOTED.match(line) or not interrupts(line)):
            quoted = QUOTED.match(line)
            out.append(margin + INDENT + (quoted.group(1) if quoted else line.strip()))
        else:
            out.append("\n" + line if inside and line.strip() else line)
            inside = False
    return out


def rewrite_divs(lines: list[str]) -> list[str]:
    """Turn pandoc's fenced divs ('::: warning' ... ':::') into admonitions, nested ones indented once more."""
    out: list[str] = []
    open_fences: list[int] = []  # the number of colons of each open div
    for index, line in enumerate(lines):
        depth = INDENT * len(open_fences)
        opening, closing = DIV_OPEN.match(line), DIV_CLOSE.match(line)
        if closing and open_fences and len(closing.group(1)) >= open_fences[-1]:
            open_fences.pop()
            out.append("")
        elif opening and closes(lines[index + 1 :], len(opening.group(1))):  # one never closed prints as written, warned about
            out.append(depth + heading(opening.group(2) or opening.group(3), "x-div", opening.group(4)))
            open_fences.append(len(opening.group(1)))
        else:
            out.append(depth + line if line.strip() else line)
    return out


def closes(lines: list[str], colons: int) -> bool:
    """Tell whether a line of at least `colons` colons alone closes a fenced div among `lines`."""
    return any((match := DIV_CLOSE.match(line)) and len(match.group(1)) >= colons for line in lines)


def rewrite_details(lines: list[str]) -> list[str]:
    """Turn '<details><summary>Question</summary> ... </details>' into a note titled with its summary, printed open,
    and Notion's '<aside> ... </aside>' into a note."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        match = CONTAINER_OPEN.match(lines[index])
        if not match:
            out.append(lines[index])
            index += 1
            continue
        tag, summary, rest = match.group(1).lower(), match.group(2), match.group(3)
        index += 1
        if summary is None and index < len(lines) and SUMMARY.match(lines[index]):
            summary = SUMMARY.match(lines[index]).group(1)  # type: ignore[union-attr]
            lines_used = [""]
            index += 1
        else:
            lines_used = []
        out.append(heading("note", f"x-{tag}", re.sub(r"<[^>]+>", "", summary or "")))
        out.extend(lines_used)
        body, index = details_body(lines, index, rest, re.compile(CONTAINER_CLOSE.format(tag), re.IGNORECASE))
        out.extend(body)
    return out


def details_body(lines: list[str], index: int, first: str, closing_line: re.Pattern[str]) -> tuple[list[str], int]:
    """Return a box's body indented as an admonition's, and the index of the line after its closing tag."""
    body = [INDENT + first if first.strip() else ""] if first.strip() else []
    while index < len(lines):
        closing = closing_line.match(lines[index])
        text = closing.group(1) if closing else lines[index]
        body.append(INDENT + text if text.strip() else "")
        index += 1
        if closing:
            break
    return body, index


def outside_code(rewrite: object, lines: list[str]) -> list[str]:
    """Apply a rewrite to every stretch of lines outside fenced code, leaving the code as written."""
    out: list[str] = []
    chunk: list[str] = []
    fence = ""
    for line in lines:
        match = FENCE.match(line)
        if fence:
            out.append(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and not line.strip().strip(fence[0]):
                fence = ""
        elif match:
            out.extend(rewrite(chunk))  # type: ignore[operator]
            chunk = []
            out.append(line)
            fence = match.group(1)
        else:
            chunk.append(line)
    return out + rewrite(chunk)  # type: ignore[operator]


class CalloutDialects(Preprocessor):
    """Rewrite GitHub alerts, Obsidian callouts, fenced divs, <details> and <aside> as admonitions."""

    def run(self, lines: list[str]) -> list[str]:
        for rewrite in (rewrite_details, rewrite_divs, rewrite_alerts):
            lines = outside_code(rewrite, lines)
        return lines
