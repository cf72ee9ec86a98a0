"""Right-to-left text that reads back as written from the PDF: each cluster of glyphs marked with its text.

WeasyPrint maps each glyph to the text of the first cluster it drew the glyph for. Noto Sans Arabic
draws letters as a dotless base and dot marks that several letters share (one base for ب ت ث ن ي),
so the PDF's text, which screen readers, search and copy use, would name wrong letters and split
words. Marking the glyphs of every cluster with its own text (/ActualText on a /Span, PDF 32000-1
14.9.4) gives them the letters written, and each mark sits where its letters are drawn, so text
extraction still orders the words by their place on the line. Text boxes without right-to-left
letters are drawn by WeasyPrint as before.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pydyf

from ..reading.tree import RTL_LETTERS
from .weasyload import FROM_UNITS, ffi, pango, weasyprint_text

WEASYPRINT_DRAW_FIRST_LINE = weasyprint_text.draw_first_line


def install() -> None:
    """Make WeasyPrint mark the clusters of right-to-left text boxes with their text."""
    weasyprint_text.draw_first_line = draw_first_line


def draw_first_line(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: str, matrix: Any) -> list:
    """Draw one line of text like WeasyPrint, with an /ActualText span around each cluster of right-to-left text."""
    plain = text_overflow == "ellipsis" or block_ellipsis != "none" or textbox.style["font_size"] < 1e-6
    if plain or not textbox.text.strip() or not RTL_LETTERS.search(textbox.text):
        return WEASYPRINT_DRAW_FIRST_LINE(stream, textbox, text_overflow, block_ellipsis, matrix)
    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
    first_line, _ = textbox.pango_layout.get_first_line()
    items = glyph_items(first_line)
    fonts = [stream.add_font(item.item.analysis.font) for item in items]
    if any(font.bitmap or font.svg or font.png or font.colr for font, _ in fonts) or any(unknown_glyphs(item) for item in items):
        return WEASYPRINT_DRAW_FIRST_LINE(stream, textbox, text_overflow, block_ellipsis, matrix)
    stream.set_text_matrix(*matrix.values)
    utf8 = textbox.pango_layout.text.encode()
    for item, (font, font_size) in zip(items, fonts):
        if pango.pango_version() < 14802:  # WeasyPrint's workaround for Pango issue 530
            font_size = textbox.style["font_size"]
        stream.set_font_size(font.hash, font_size)
        for glyphs, text in clusters(item, utf8):
            stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
            draw_glyphs(stream, item, glyphs, font, font_size, text)
            stream.end_marked_content()
    return []


def glyph_items(line: Any) -> list:
    """Return the glyph runs of a Pango line, in visual order."""
    items, run = [], line.runs
    while run != ffi.NULL:
        items.append(run.data)
        run = run.next
    return items


def unknown_glyphs(item: Any) -> bool:
    """Tell whether a run has characters no font could draw (WeasyPrint reports those)."""
    glyphs = item.glyphs.glyphs[0 : item.glyphs.num_glyphs]
    return any(g.glyph != pango.PANGO_GLYPH_EMPTY and g.glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG for g in glyphs)


def clusters(item: Any, utf8: bytes) -> list[tuple[list[int], str]]:
    """Return the run's glyphs grouped by cluster, in visual order, each with the text it stands for.

    """
    count, starts = item.glyphs.num_glyphs, item.glyphs.log_clusters
    offsets = sorted({starts[i] for i in range(count)})
    groups: dict[int, list[int]] = {}
    for index in range(count):
        groups.setdefault(starts[index], []).append(index)
    texts = {}
    for start in offsets:
        end = next((offset for offset in offsets if offset > start), item.item.length)
        texts[start] = utf8[item.item.offset + start : item.item.offset + end].decode()
    return [(groups[start], texts[start]) for start in dict.fromkeys(starts[i] for i in range(count))]


def draw_glyphs(stream: Any, item: Any, indexes: list[int], font: Any, font_size: float, text: str) -> None:
    """Show the glyphs of one cluster placed as WeasyPrint places them, the cluster's text on its base glyph.

    Marks (dots, vowel signs) map to no text and stay outside the span: drawn raised or shifted, they
    would otherwise make the cluster look like a word of its own to text extraction.
    """
    infos = [item.glyphs.glyphs[index] for index in indexes]
    base = next((info for info in infos if info.geometry.width), None)
    if base is None and text and all(unicodedata.category(char) == "Mn" for char in text):
        # A vowel sign Pango set apart from its letter: drawn raised, its text would land on a line of
        # its own; an invisible copy on the baseline, where the letter ends, carries it instead.
        draw_glyphs(stream, item, indexes, font, font_size, "")
        draw_invisible(stream, infos[0].glyph, font, text)
        return
    base = base or infos[0]
    for info in infos:
        glyph, width = info.glyph, info.geometry.width
        if glyph == pango.PANGO_GLYPH_EMPTY:
            stream.show_text(f"{-width / font_size}")
            continue
        font.to_unicode.setdefault(glyph, text if info is base else "")
        if info is base and text:
            stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        offset = info.geometry.x_offset / font_size
        rise = info.geometry.y_offset / 1000
        if rise:
            stream.set_text_rise(-rise)
        if glyph not in font.widths:
            pango.pango_font_get_glyph_extents(item.item.analysis.font, glyph, stream.ink_rect, stream.logical_rect)
            font.widths[glyph] = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
        kerning = font.widths[glyph] + offset - width * 1000 * FROM_UNITS / font_size
        stream.show_text((f"{-offset}" if offset else "") + f"<{glyph:04x}>" + (f"{int(kerning)}" if kerning else ""))
        if rise:
            stream.set_text_rise(0)
        if info is base and text:
            stream.end_marked_content()


def draw_invisible(stream: Any, glyph: int, font: Any, text: str) -> None:
    """Show a glyph unpainted on the baseline, taking no room, marked with `text`."""
    stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
    stream.set_text_rendering(3)
    stream.show_text(f"<{glyph:04x}>{font.widths.get(glyph, 0)}")
    stream.set_text_rendering(0)
    stream.end_marked_content()
