"""Words on paper: titles that keep their last words together, addresses that never break at their own hyphen.

An email, phone number or web address printed across two lines must not break at a hyphen it
contains ("klinik@bjork-" / "sondergaard.dk"): a reader takes that hyphen for a hyphenation one.
Each address becomes a run of unbreakable pieces, cut after '@', '.' and '/'; the pieces are inline
blocks, so a line may end between them without any character added to the text a reader copies.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markupsafe import Markup

ADDRESS = re.compile(
    r"(?P<url>https?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"])"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<phone>\+?\(?\d[\d ().\u00a0-]{5,}\d)"
)
PIECE = re.compile(r"[^@./]*[@./]+|[^@./]+")
NOT_PROSE = frozenset({"code", "pre"})
LAST_WORDS_MAX = 24  # characters: two last words longer than this may go on separate lines


def keep_last_words(title: str) -> str:
    """Join a title's last two words with a no-break space, so a wrapped title never ends with one word alone."""
    words = title.split(" ")
    if len(words) < 3 or len(words[-2]) + len(words[-1]) + 1 > LAST_WORDS_MAX:
        return title
    return " ".join(words[:-2]) + " " + words[-2] + "\u00a0" + words[-1]


def is_phone(text: str) -> bool:
    """Tell whether a run of digits and separators is a phone number (seven digits or more, with separators)."""
    return len(re.sub(r"\D", "", text)) >= 7


def address_pieces(address: str) -> list[str]:
    """Return an email or web address cut after each '@', '.' and '/' (the only places it may wrap)."""
    return PIECE.findall(address)


def address_markup(address: str) -> Markup:
    """Return HTML for an address that wraps only after '@', '.' or '/' and never at its own hyphens."""
    match = ADDRESS.fullmatch(address)
    if match is not None and match.lastgroup == "phone" and is_phone(address):
        return Markup('<span class="address phone">{}</span>').format(address)
    pieces = Markup("").join(Markup('<span class="piece">{}</span>').format(piece) for piece in address_pieces(address))
    return Markup('<span class="address">{}</span>').format(pieces)


def address_element(address: str, kind: str) -> etree.Element:
    """Return the element form of `address_markup` for one address found in text."""
    span = etree.Element("span", {"class": "address phone" if kind == "phone" else "address"})
    if kind == "phone":
        span.text = address
        return span
    for piece in address_pieces(address):
        etree.SubElement(span, "span", {"class": "piece"}).text = piece
    return span


def protect_addresses(element: etree.Element) -> None:
    """Wrap every email, phone number and web address in an element's text (not in code) for print."""
    for node in list(element.iter()):
        if node.tag in NOT_PROSE or node.get("class", "").startswith(("address", "piece")):
            continue
        node.text = split_text(node, node.text, 0)
        for child in list(node):
            if child.tag in NOT_PROSE or child.get("class", "").startswith(("address", "piece")):
                continue
            child.tail = split_text(node, child.tail, list(node).index(child) + 1)


def split_text(parent: etree.Element, text: str | None, index: int) -> str | None:
    """Insert address spans for the addresses in `text` at child position `index`; return the text before them."""
    if not text:
        return text
    matches = [m for m in ADDRESS.finditer(text) if m.lastgroup != "phone" or is_phone(m.group())]
    if not matches:
        return text
    head = text[: matches[0].start()]
    for number, match in enumerate(matches):
        span = address_element(match.group(), match.lastgroup or "url")
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        span.tail = text[match.end() : end]
        parent.insert(index + number, span)
    return head


def print_links(element: etree.Element) -> None:
    """After each link whose words differ from its address, print the address (paper cannot be clicked)."""
    for parent in list(element.iter()):
        for link in [child for child in parent if child.tag == "a" and child.get("class") not in ("url", "footnote-ref")]:
            href = link.get("href", "")
            if not href.startswith(("https:", "mailto:")):
                continue
            shown = etree.Element("span", {"class": "link-address"})
            shown.text = " ("
            address = address_element(href.removeprefix("mailto:"), "email" if href.startswith("mailto:") else "url")
            address.tail = ")"
            shown.append(address)
            shown.tail, link.tail = link.tail, None  # the words after the link stay outside the smaller address
            parent.insert(list(parent).index(link) + 1, shown)
            link.set("class", "url")


# Languages whose lines break only between words, though UAX #14 (what Pango follows) allows a break
# between any two syllables: Korean is written with spaces, and "합니/다" across lines reads as two words.
# CSS says `word-break: keep-all`, which WeasyPrint does not implement.
KEEP_ALL = frozenset({"ko"})
MARKUP = re.compile(r"(<[^>]*>)")
HANGUL_WORD = re.compile(r"[^\s<>]*[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3][^\s<>]*")


def keep_words(language: str, page: str) -> str:
    """Return a page whose words of a keep-all language (Korean) are unbreakable spans; others as they are."""
    if language.replace("_", "-").split("-")[0].lower() not in KEEP_ALL or "<body" not in page:
        return page
    head, body = page.split("<body", 1)
    pieces = MARKUP.split(body)
    inside = ""  # the element whose text this is: <style> and <script> are not words
    for index, piece in enumerate(pieces):
        if index % 2:
            inside = piece[1:].split(None, 1)[0].rstrip(">").lower() if piece[1:2] not in "/!" else ""
        elif index and inside not in ("style", "script") and piece:
            pieces[index] = HANGUL_WORD.sub(lambda word: f'<span class="word">{word.group()}</span>', piece)
    return head + "<body" + "".join(pieces)
