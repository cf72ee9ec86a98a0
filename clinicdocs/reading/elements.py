"""Reading Python-Markdown's element tree: list shapes, text, and the source lines behind them."""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as etree

from ..language.holds import split_marked
from .source import slugify

# '[ ]' and '[x]'; '[]' too, which GitHub and Obsidian print as text, read as the box the author meant (with a warning).
TASK_MARK = re.compile(r"^\s*\[([ xX]?)\](?:\s+|$)")
# Elements that start a new block inside a list item: what follows a checklist label or a stretch's steps.
BLOCK_TAGS = frozenset({"p", "ul", "ol", "pre", "blockquote", "table", "hr", "div", "h1", "h2", "h3", "h4", "h5", "h6"})
# A sentence ends at . ! ? … (or the Arabic ؟) before a word that does not start in lower case: a capital,
# a digit, or a letter of a script without case (Arabic). The quotation marks are those of every language
# typography.py knows (smarty runs before this), French's no-break space included.
SENTENCE_BREAK = re.compile(r"[.!?؟…]+[\"'’”“»«)\]]*\s+(?=[\"'‘“„«»‚(\[¡¿]?\s?[^\W_])")
OPENERS = "\"'‘“„«»‚([¡¿"
ABBREVIATIONS = frozenset({"e.g", "i.e", "cf", "vs", "st", "mt", "dr", "mr", "mrs", "ms", "prof", "jr", "sr", "fig", "approx"})
SENTENCE_WORD = re.compile(r"[^\W_]")
# What ends an exercise's name, 'Name:': the colon, the full-width colon of Chinese, Japanese and Korean
# text (and its small form), and the Ethiopic colon and preface colon (፡ is Ethiopic's word space, and
# Armenian ։ a full stop, so neither is one).
NAME_COLONS = (":", "：", "﹕", "፥", "፦")
NAME_END = "".join(NAME_COLONS)

# Letters and marks of scripts after Latin (Greek onwards), but not the typographic punctuation and symbols
# (U+2000-U+2BFF) that English prose has too: only such text needs the Unicode sentence rules.
BEYOND_LATIN = re.compile("[\u0370-\u1fff\u2c00-\U0010ffff]")
# Greek asks with ";" (U+037E, which Unicode folds to the semicolon), which UAX #29 does not count as a
# sentence's end: before a capital Greek letter, it is one.
GREEK_QUESTION = re.compile(r"(?<=[;\u037e])(?=\s+[\u0386\u0388-\u038f\u0391-\u03ab])")
# Thai and Lao end a sentence with a space, not a mark (a space around the repetition mark ๆ is not one).
THAI_SPACE = re.compile(r"(?<=[\u0e01-\u0e45\u0e47-\u0e4e\u0e81-\u0ecd] )(?=[\u0e01-\u0e45\u0e47-\u0e4e\u0e81-\u0ecd])")
# Georgian's Mkhedruli letters are lower case to Unicode (Mtavruli capitals exist) but sentences never start
# with a capital: after a sentence's end, a Georgian letter starts the next sentence all the same.
GEORGIAN = "\u10d0-\u10ff"
ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not str.split(): it would turn no-break spaces into spaces


class Ids:
    """Hand out the ids of one document's sections, headings, stretches and checklist items, each once."""

    def __init__(self, reserved: frozenset[str] = frozenset()):
        self.taken = set(reserved)
        self.assigned: list[str] = []
        self.headings: list[str] = []

    def unique(self, text: str, heading: bool = False) -> str:
        """Return an id made from `text`, not used before; a heading's also keeps '<id>-heading' free."""
        base = slugify(text) or "part"
        candidate, counter = base, 2
        while candidate in self.taken or (heading and f"{candidate}-heading" in self.taken):
            candidate, counter = f"{base}-{counter}", counter + 1
        self.taken.update([candidate, f"{candidate}-heading"] if heading else [candidate])
        self.assigned.append(candidate)
        if heading:
            self.headings.append(candidate)
        return candidate


class LineFinder:
    """Find the line where a piece of source text appears.

    `next_line` and `heading_line` remember where each needle was last found and look past it,
    so the second of two equal headings or paragraphs gets its own line.
    """

    def __init__(self, body: str, first_line: int):
        self.body = body
        self.first_line = first_line
        self.found: dict[str, int] = {}
        self.line_ends: list[int] | None = None  # the offset of every line break, found on first use

    def line_of(self, needle: str, default: int | None = None) -> int:
        """Return the file line of `needle`'s first appearance, or `default` (the body's start) when absent."""
        index = self.body.find(needle) if needle else -1
        if index < 0:
            return default if default is not None else self.first_line
        return self.line_at(index)

    def next_line(self, *needles: str) -> int:
        """Return the line of the first of `needles` found after where it was found last; else the body's start."""
        for needle in needles:
            index = self.body.find(needle, self.found.get(needle, 0)) if needle else -1
            if index >= 0:
                self.found[needle] = index + len(needle)
                return self.line_at(index)
        return self.first_line

    def next_match(self, pattern: str) -> int | None:
        """Return the line of the next match of a multi-line regex after its previous match, or None."""
        match = re.compile(pattern, re.MULTILINE).search(self.body, self.found.get(pattern, 0))
        if match is None:
            return None
        self.found[pattern] = max(match.end(), match.start() + 1)
        return self.line_at(match.start())

    def next_text(self, text: str) -> int:
        """Return the line where rendered text next appears: as it reads, else its first words with markup between them.

        A paragraph's text loses its markup ('==soft==', '**bold**', '[link](x)') and gains typographic
        quotes, so its first 40 characters may not be in the source; its first six words are.
        """
        needle = text[:40]
        if needle and self.body.find(needle, self.found.get(needle, 0)) >= 0:
            return self.next_line(needle)
        words = re.findall(r"[^\W_]+", text)[:6]
        if not words:
            return self.next_line(needle)
        pattern = r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words))
        line = self.next_match(pattern)
        if line is None:  # found before, by another pass that looked for the same words: the first place they are
            first = re.search(pattern, self.body, re.MULTILINE)
            line = self.line_at(first.start()) if first else None
        return line if line is not None else self.next_line(needle)

    def heading_line(self, title: str) -> int:
        """Return the line of the next ATX or setext heading reading `title`, else where `title` next appears.

        Only the lines where `title` appears are looked at, each against the two heading forms, which
        gives what searching the rest of the body with `^ {0,3}#{1,6}[ \t]+TITLE[ \t#]*$` or
        `^TITLE[ \t]*\n[=-]+[ \t]*$` would (tests/reading/test_parse.py compares them), without compiling a
        pattern per heading or scanning a long body once per heading.
        """
        key = "\0heading\0" + title
        start = self.found.get(key, 0)
        index = self.body.find(title, start) if title else -1
        while index >= 0:
            line_start = self.body.rfind("\n", 0, index) + 1
            end = heading_end(self.body, line_start, title) if line_start >= start else None
            if end is not None:
                self.found[key] = max(end, line_start + 1)
                return self.line_at(line_start)
            index = self.body.find(title, index + 1)
        return self.next_line(title)
    def line_at(self, index: int) -> int:
        """Return the file line of a character offset in the body."""
        if self.line_ends is None:
            self.line_ends = [found.start() for found in re.finditer("\n", self.body)]
        return self.first_line + bisect.bisect_left(self.line_ends, index)


def heading_end(body: str, start: int, title: str) -> int | None:
    """Return where the heading reading `title` on the line at `start` ends (ATX or setext), or None if that line is none."""
    line_end = body.find("\n", start)
    line = body[start : line_end if line_end >= 0 else len(body)]
    spaces = len(line) - len(line.lstrip(" "))
    marks = line[spaces:]
    hashes = len(marks) - len(marks.lstrip("#"))
    if spaces <= 3 and 1 <= hashes <= 6:
        rest = marks[hashes:]
        text = rest.lstrip(" \t")
        if len(text) < len(rest) and text.startswith(title) and not text[len(title) :].strip(" \t#"):
            return start + len(line)
    if line.startswith(title) and not line[len(title) :].strip(" \t") and line_end >= 0:
        under_end = body.find("\n", line_end + 1)
        under = body[line_end + 1 : under_end if under_end >= 0 else len(body)]
        mark = under.rstrip(" \t")
        if mark and not mark.strip("=-"):
            return line_end + 1 + len(under)
    return None


def is_stretch_list(element: etree.Element) -> bool:
    """Tell whether every item of a numbered list starts with a bold name (its colon, when missing, is warned about)."""
    items = element.findall("li")
    for item in items:
        first = item_holder(item)
        strong = first.find("strong")
        if strong is None or (first.text or "").strip() or first[0] is not strong:
            return False
    return bool(items)


def name_has_colon(strong: etree.Element) -> bool:
    """Tell whether an exercise's bold name ends with its colon (or the full-width, Ethiopic... colons of NAME_COLONS), inside the bold or right after it."""
    return text_of(strong).rstrip().endswith(NAME_COLONS) or (strong.tail or "").startswith(NAME_COLONS)


def is_task_list(element: etree.Element) -> bool:
    """Tell whether every item of a bulleted list starts with '[ ]' or '[x]'."""
    items = element.findall("li")
    for item in items:
        if not TASK_MARK.match(item_holder(item).text or ""):
            return False
    return bool(items)


def text_of(element: etree.Element | None) -> str:
    """Return the text content of an element, white space collapsed (no-break spaces kept: they bind words)."""
    if element is None:
        return ""
    return ASCII_SPACE.sub(" ", "".join(element.itertext())).strip(" ")


def item_holder(item: etree.Element) -> etree.Element:
    """Return the element holding a list item's first words: its first <p> in a loose list, else itself."""
    if not (item.text or "").strip() and len(item) and item[0].tag == "p":
        return item[0]
    return item


def split_item(item: etree.Element) -> tuple[etree.Element, list[etree.Element]]:
    """Return a list item's first paragraph as one inline <span>, and the blocks after it (paragraphs, lists)."""
    holder = item_holder(item)
    children = list(holder)
    cut = next((index for index, child in enumerate(children) if child.tag in BLOCK_TAGS), len(children))
    inline = etree.Element("span")
    inline.text = holder.text
    inline.extend(children[:cut])
    blocks = children[cut:] if holder is item else list(item)[1:]
    return inline, blocks


def task_checked(holder: etree.Element) -> bool:
    """Tell whether a task list item is ticked ('[x]')."""
    match = TASK_MARK.match(holder.text or "")
    return bool(match) and match.group(1).lower() == "x"  # type: ignore[union-attr]


def sentences(text: str) -> list[str]:
    """Split running text into sentences."""
    return split_sentences(text.strip())


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, but not after abbreviations such as 'e.g.' or 'St.' or initials.

    Text in Latin letters alone goes through SENTENCE_BREAK; any other script through the Unicode
    sentence rules (UAX #29, by uniseg), where "。！？", "।", "؟", "።", "։" and their kin end sentences.
    """
    if BEYOND_LATIN.search(text):
        return unicode_sentences(text)
    sentences, start = [], 0
    for match in SENTENCE_BREAK.finditer(text):
        before = text[start : match.start()].split()
        last = before[-1].lstrip("(\"'‘“") if before else ""
        if text[match.end() :].lstrip(OPENERS + "\u00a0")[:1].islower():
            continue
        if text[match.start()] == "." and (last.lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]", last)):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if SENTENCE_WORD.search(sentence)]


def unicode_sentences(text: str) -> list[str]:
    """Split prose into sentences by UAX #29, joining back what ends in an abbreviation or runs on in lower case."""
    from uniseg.sentencebreak import sentences as uax29  # imported on first use: Latin text never needs it

    joined: list[str] = []
    for piece in (part for sentence in uax29(text) for greek in GREEK_QUESTION.split(sentence) for part in THAI_SPACE.split(greek)):
        if joined and runs_on(joined[-1], piece):
            joined[-1] += piece
        else:
            joined.append(piece)
    return [sentence.strip() for sentence in joined if SENTENCE_WORD.search(sentence)]


def runs_on(before: str, after: str) -> bool:
    """Tell whether a sentence boundary is false: after an abbreviation or an initial, or before a lower-case word."""
    first = after.lstrip(OPENERS + "\u00a0")[:1]
    if first.islower() and not re.match(f"[{GEORGIAN}]", first):
        return True
    words = before.strip().split()
    last = words[-1].lstrip("(\"'‘“").rstrip(".") if words and before.rstrip().endswith(".") else None
    return last is not None and (last.lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]", last) is not None)


def step_sentences(text: str) -> list[str]:
    """Split a stretch's text into steps, one per sentence, keeping a marked hold line [...]{.hold} whole."""
    return [step for piece, marked in split_marked(text) for step in ([piece.strip()] if marked else sentences(piece))]


def block_steps(block: etree.Element) -> list[str]:
    """Return the further steps in a block under a stretch: one per nested list item, else its sentences."""
    if block.tag in ("ul", "ol"):
        return [text for item in block.iter("li") if (text := text_of(split_item(item)[0]))]
    return step_sentences(text_of(block))
