"""Python-Markdown, configured once, and its element tree made plain: placeholders filled, entities decoded.

Python-Markdown leaves its tree half-finished for its own serializer: text may hold character
references ('&amp;', '&#105;'), placeholders for pieces it set aside (entities, raw HTML, fenced
code) and '&' stand-ins in obfuscated e-mail links. After `make_plain` every text and attribute is
what a reader sees, so the walker can read it and `serialize` can escape it exactly once.
"""

from __future__ import annotations

import copy
import importlib
import html
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.smarty import SmartyExtension
from markdown.serializers import to_xhtml_string
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE

from ..language.typography import smarty_substitutions
from . import inline
from .dialects import CalloutDialects
from .nesting import CommonMarkLists
from .rawhtml import as_blocks, parse_fragment

# What Python-Markdown's serializer passes through as a reference rather than escaping.
REFERENCE = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.IGNORECASE)
CODE_BLOCK = re.compile(r'<code(?: class="language-([^"]*)")?[^>]*>(.*)</code>', re.DOTALL)
SHOWN_SCHEMES = ("https://", "mailto:", "tel:")
# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms).
RTL_LETTERS = re.compile("[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\U00010800-\U00010FFF\U0001E800-\U0001EFFF]")
# Stands for a piece of raw HTML in the text until it is put back (the source holds no control characters).
RAW_MARK = "\x02raw:{}\x03"
RAW_MARK_RE = re.compile("\x02raw:(\\d+)\x03")


class KeepTree(Treeprocessor):
    """Keep the finished element tree so the walker can read it instead of HTML."""

    def run(self, root: etree.Element) -> None:
        self.md.finished_tree = root  # type: ignore[attr-defined]


class FencedCode(FencedBlockPreprocessor):
    """Fenced code blocks that remember which stashed pieces are theirs: code, not raw HTML."""

    stored: range = range(0)

    def run(self, lines: list[str]) -> list[str]:
        start = self.md.htmlStash.html_counter
        lines = super().run(lines)
        self.stored = range(start, self.md.htmlStash.html_counter)
        return lines


def make_markdown(language: str = "en") -> markdown.Markdown:
    """Return the Markdown configuration documents in `language` are parsed with (quotes differ by language)."""
    smarty = SmartyExtension(substitutions=smarty_substitutions(language))
    names = ("tables", "sane_lists", "fenced_code", "footnotes", "admonition", "def_list", "abbr")
    md = markdown.Markdown(extensions=[*(builtin_extension(name) for name in names), smarty, *inline.pymdown_extensions()], output_format="xhtml")
    config = md.preprocessors["fenced_code_block"].config  # type: ignore[attr-defined]
    md.preprocessors.register(FencedCode(md, config), "fenced_code_block", 25)
    md.preprocessors.register(CommonMarkLists(md), "commonmark_lists", 28)
    md.preprocessors.register(CalloutDialects(md), "callout_dialects", 27)
    inline.register(md)
    md.treeprocessors.register(KeepTree(md), "keep_tree", 0)
    return md


def builtin_extension(name: str) -> markdown.extensions.Extension:
    """Return one of Python-Markdown's own extensions by name.

    Given a bare name, Python-Markdown first scans the entry points of every installed package (about
    20 ms of a cold start); the module it would find for a built-in name is imported here directly.
    """
    return importlib.import_module(f"markdown.extensions.{name}").makeExtension()  # type: ignore[no-any-return]


def make_plain(root: etree.Element, stash: list, replacements: dict[int, str], raw: dict[int, str], code: range) -> None:
    """Decode every text and attribute, put each stashed piece back, and rebuild fenced code blocks.

    `replacements` holds the text each stashed piece stands for ('' for a comment), `raw` the
    sanitized HTML of each piece of raw HTML; the pieces numbered in `code` are fenced code blocks.
    A raw piece alone in its paragraph becomes blocks in its place; an inline one (a single tag)
    becomes part of the element whose text holds it.
    """
    blocks = {index: code_block(str(stash[index])) for index in code if index < len(stash)}
    texts = replacements | {index: "".join(block.itertext()) for index, block in blocks.items()}
    texts |= {index: RAW_MARK.format(index) for index in raw}
    alone = [(parent, child, index) for parent in root.iter() for child in parent if (index := stashed_alone(child)) is not None]
    for element in root.iter():
        element.text, element.tail = fill(element.text, texts), fill(element.tail, texts)
        for name, value in list(element.attrib.items()):
            element.set(name, fill(value, texts) or "")
    for parent, child, index in alone:
        if index in blocks:
            replace(parent, child, blocks[index])
        elif index in raw:
            replace_many(parent, child, as_blocks(parse_fragment(raw[index])))
        elif texts.get(index) == "":
            replace(parent, child, None)  # a comment: no empty paragraph left behind
    if raw:
        put_back_inline_html(root, raw)


def put_back_inline_html(root: etree.Element, raw: dict[int, str]) -> None:
    """Rebuild each element whose text holds raw inline tags, innermost first, from its content as HTML."""
    owners = [element for element in root.iter() if has_mark(element.text) or any(has_mark(child.tail) for child in element)]
    for owner in reversed(owners):
        markup = RAW_MARK_RE.sub(lambda match: raw.get(int(match.group(1)), ""), inner_html(owner))
        fragment = parse_fragment(markup)
        owner.text = fragment.text
        owner[:] = list(fragment)


def has_mark(text: str | None) -> bool:
    """Tell whether a text holds a raw HTML mark."""
    return bool(text) and "\x02raw:" in text  # type: ignore[operator]


def replace_many(parent: etree.Element, child: etree.Element, new: list[etree.Element]) -> None:
    """Put the elements `new` where `child` was (or nothing), keeping the text that followed it."""
    if not new:
        replace(parent, child, None)
        return
    index = list(parent).index(child)
    replace(parent, child, new[-1])
    for offset, element in enumerate(new[:-1]):
        parent.insert(index + offset, element)


def mark_first_abbreviations(root: etree.Element) -> None:
    """Mark the first use of each abbreviation, where print spells it out (class 'abbr-first')."""
    seen: set[str] = set()
    for abbr in root.iter("abbr"):
        term = "".join(abbr.itertext()).strip()
        if abbr.get("title") and term not in seen:
            abbr.set("class", "abbr-first")
            seen.add(term)


def fill(text: str | None, replacements: dict[int, str]) -> str | None:
    """Return text with Python-Markdown's references decoded and stash placeholders replaced."""
    if not text:
        return text
    text = REFERENCE.sub(lambda match: html.unescape(match.group()), text.replace(AMP_SUBSTITUTE, "&"))
    return HTML_PLACEHOLDER_RE.sub(lambda match: replacements.get(int(match.group(1)), ""), text)


def stashed_alone(element: etree.Element) -> int | None:
    """Return the stash index of a paragraph that holds nothing but one placeholder."""
    match = HTML_PLACEHOLDER_RE.fullmatch((element.text or "").strip())
    return int(match.group(1)) if match and element.tag == "p" and not len(element) else None


def code_block(stashed: str) -> etree.Element:
    """Return a <pre><code> element for a fenced code block's stashed HTML, keeping only its language class."""
    match = CODE_BLOCK.search(stashed)
    pre = etree.Element("pre")
    code = etree.SubElement(pre, "code")
    if match and match.group(1):
        code.set("class", f"language-{html.unescape(match.group(1))}")
    code.text = html.unescape(match.group(2)) if match else ""
    return pre


def replace(parent: etree.Element, child: etree.Element, new: etree.Element | None) -> None:
    """Put `new` where `child` was (or nothing), keeping the text that followed it."""
    index = list(parent).index(child)
    parent.remove(child)
    if new is not None:
        new.tail = child.tail
        parent.insert(index, new)
    else:
        append_text(parent, index, child.tail)


def unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Replace `child` by its content: its text, its children and its tail stay where they were."""
    index = list(parent).index(child)
    parent.remove(child)
    append_text(parent, index, child.text)
    for offset, grandchild in enumerate(list(child)):
        parent.insert(index + offset, grandchild)
    append_text(parent, index + len(child), child.tail)


def append_text(parent: etree.Element, index: int, text: str | None) -> None:
    """Add text where child number `index` of `parent` starts: after the child before it, or in the parent."""
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text


def shows_its_address(link: etree.Element) -> bool:
    """Tell whether a link's text is its own address (so print need not add the address after it)."""
    href = link.get("href", "")
    text = "".join(link.itertext()).strip()
    shown = {href}
    shown.update(href[len(scheme) :] for scheme in SHOWN_SCHEMES if href.startswith(scheme))
    return bool(text) and text.rstrip("/") in {address.rstrip("/") for address in shown}


def reads_left_to_right(link: etree.Element) -> bool:
    """Tell whether a link is an address, email or phone number with no right-to-left letters in its text."""
    text = "".join(link.itertext())
    return link.get("href", "").startswith(SHOWN_SCHEMES) and bool(text.strip()) and not RTL_LETTERS.search(text)


def serialize(element: etree.Element) -> str:
    """Return the XHTML of an element whose text is plain, escaping every '&' once."""
    element = copy.deepcopy(element)
    for node in element.iter():
        # Python-Markdown's serializer leaves '&name;' alone: make every '&' a reference it keeps.
        node.text = node.text.replace("&", "&amp;") if node.text else node.text
        node.tail = node.tail.replace("&", "&amp;") if node.tail else node.tail
        for name, value in list(node.attrib.items()):
            node.set(name, value.replace("&", "&amp;"))
    return to_xhtml_string(element).strip()


def inner_html(element: etree.Element) -> str:
    """Return the XHTML of an element's content, without the element's own tags."""
    wrapper = etree.Element("div")
    wrapper.text, wrapper[:] = element.text, list(element)
    html_text = serialize(wrapper)
    return html_text[len("<div>") : -len("</div>")].strip() if html_text != "<div></div>" else ""


def smarten(text: str, md: markdown.Markdown) -> str:
    """Return plain text (front matter) with the typographic quotes, dashes and ellipses smarty gives the body."""
    if not text:
        return text
    md.htmlStash.reset()
    root = etree.Element("div")
    etree.SubElement(root, "p").text = text
    md.treeprocessors["smarty"].run(root)
    stash = md.htmlStash.rawHtmlBlocks
    return HTML_PLACEHOLDER_RE.sub(lambda match: html.unescape(str(stash[int(match.group(1))])), "".join(root.itertext()))
