"""What the document says about itself: its title, its description and the line that closes its card."""

from __future__ import annotations

from ...model import Block, Section
from ..elements import sentences
from .state import ParseState

DESCRIPTION_LENGTH = 300  # characters: what catalogues and ebook shelves show of a description


def title(state: ParseState) -> str:
    """Return the document's title: the front matter's, else the first '#' heading, else from the file name."""
    if state.source.metadata.title or state.heading_title:
        return state.source.metadata.title or state.heading_title
    fallback = state.source.path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"
    state.warn(f"no title: the document has no '# ' heading and no front matter title; it is called '{fallback}'", state.source.body_line)
    return fallback


def description(state: ParseState, sections: tuple[Section, ...]) -> str:
    """Return the front matter's description, else the first paragraph cut to whole sentences."""
    return state.source.metadata.description or first_paragraph(sections)


def first_paragraph(sections: tuple[Section, ...]) -> str:
    """Return the first paragraph's text, cut to whole sentences within DESCRIPTION_LENGTH characters."""
    text = next((b.text for s in sections for b in s.blocks if is_paragraph(b)), "")
    kept = ""
    for sentence in sentences(text):
        if len(kept) + len(sentence) + 1 > DESCRIPTION_LENGTH:
            break
        kept = f"{kept} {sentence}".strip()
    if kept or len(text) <= DESCRIPTION_LENGTH:
        return kept or text
    return text[: text.rfind(" ", 0, DESCRIPTION_LENGTH - 1)].rstrip(",;:") + "…"


def is_paragraph(block: Block) -> bool:
    """Tell whether a block is a paragraph of text (not a table, list, quote or code the same kind of block holds)."""
    return block.kind == "html" and block.html.startswith("<p>") and bool(block.text)


def card_note(state: ParseState, sections: tuple[Section, ...]) -> str:
    """Return the first paragraph, in full, of the section front matter names in card_note_from.

    Not its first sentence only: "Call us if ..." is often followed by "Go to the emergency department if ...".
    """
    wanted = state.source.metadata.card_note_from
    if not wanted:
        return ""
    for section in sections:
        paragraphs = [block.text for block in section.blocks if is_paragraph(block)]
        if section.title == wanted and paragraphs:
            return paragraphs[0]
    titles = "; ".join(s.title for s in sections if s.title)
    line = state.source.metadata.line_of("card_note_from") or state.source.body_line - 1
    state.problem(f"card_note_from: no section titled '{wanted}' with a paragraph of text (sections: {titles})", line)
    return ""


def check_card_exercises(state: ParseState, sections: tuple[Section, ...]) -> None:
    """Report card_exercises numbers that no exercise, or more than one, is printed with."""
    numbers = [stretch.number for section in sections for block in section.blocks for stretch in block.stretches]
    missing = [n for n in state.source.metadata.card_exercises if n not in numbers]
    twice = [n for n in state.source.metadata.card_exercises if numbers.count(n) > 1]
    line = state.source.metadata.line_of("card_exercises") or state.source.body_line
    if missing:
        have = f"the exercises are numbered {numbers_text(numbers)}" if numbers else "the document has no exercises; remove card_exercises"
        state.problem(f"front matter: card_exercises: {', '.join(map(str, missing))}: no exercise has this number ({have})", line)
    if twice:
        state.problem(f"front matter: card_exercises: {', '.join(map(str, twice))}: two exercises are numbered so; renumber one list", line)


def numbers_text(numbers: list[int]) -> str:
    """Return '1 to 12' for a run of numbers, else the numbers themselves: '1 to 3, 5, 7'."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{run[0]} to {run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)
