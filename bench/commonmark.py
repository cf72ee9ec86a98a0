#!/usr/bin/env python3
"""Report the share of the CommonMark specification's examples the project's Markdown renders as the spec says.

    python bench/commonmark.py [--section "List items"] [--failures]

The examples are bench/data/commonmark-spec.json (CommonMark 0.31.2, by John MacFarlane, CC-BY-SA 4.0;
the copy markdown-it-py's sdist ships in tests/test_cmark_spec). Each is converted with
`clinicdocs.reading.tree.make_markdown()` (the configuration documents are read with, smarty
included) and compared with the spec's HTML after both are normalized as the spec's own test
runner does: whitespace between tags dropped, runs of whitespace made one space, attributes sorted,
'<br />' written '<br>'. tests/reading/test_dialects.py holds the floors this must not fall under.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

SPEC = Path(__file__).resolve().parent / "data" / "commonmark-spec.json"
BLOCK_TAGS = frozenset(
    "article header aside hgroup blockquote hr iframe body li map button object canvas ol caption output col p colgroup "
    "pre dd progress div section dl table td dt tbody embed textarea fieldset tfoot figcaption th figure thead footer tr "
    "form ul h1 h2 h3 h4 h5 h6 video script style".split()
)
# The typographic characters smarty writes for the ASCII the spec keeps.
SMARTY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "--", "\u2014": "---", "\u2026": "..."})


class Normalizer(HTMLParser):
    """Rewrite HTML in the spec's normal form."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_pre = self.in_pre or tag == "pre"
        attributes = "".join(f' {name}="{html.escape(value or "")}"' for name, value in sorted(attrs))
        self.out.append(f"<{tag}{attributes}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.in_pre = self.in_pre and tag != "pre"
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
        self.out.append(html.escape(data.translate(SMARTY), quote=False))


def normalize(markup: str) -> str:
    """Return HTML in the spec's normal form."""
    parser = Normalizer()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.out)
    tags = "|".join(sorted(BLOCK_TAGS))
    text = re.sub(rf"\s*(</?(?:{tags})(?:\s[^>]*)?>)\s*", r"\1", text)
    return text.strip()


def passes(md: object, example: dict) -> bool:
    """Tell whether one example renders as the spec says."""
    md.reset()  # type: ignore[attr-defined]
    try:
        got = md.convert(example["markdown"])  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001  # a crash counts as a failure of that example
        return False
    return normalize(got) == normalize(example["html"])


def shares(md: object, examples: list[dict]) -> dict[str, tuple[int, int]]:
    """Return, per section, how many examples pass out of how many."""
    passed, total = Counter(), Counter()
    for example in examples:
        total[example["section"]] += 1
        passed[example["section"]] += passes(md, example)
    return {section: (passed[section], total[section]) for section in total}


def main() -> int:
    """Print the share per section and in all."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from clinicdocs.reading.tree import make_markdown

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--section", help="only this section")
    parser.add_argument("--failures", action="store_true", help="print each failing example")
    args = parser.parse_args()
    examples = [e for e in json.loads(SPEC.read_text(encoding="utf-8")) if not args.section or e["section"] == args.section]
    md = make_markdown()
    if args.failures:
        for example in (e for e in examples if not passes(md, e)):
            md.reset()
            print(f"--- example {example['example']} ({example['section']})\n{example['markdown']}--- spec:\n{example['html']}--- got:\n{md.convert(example['markdown'])}\n")
    results = shares(md, examples)
    for section, (ok, total) in results.items():
        print(f"{section:40} {ok:4} / {total:<4} {100 * ok / total:5.1f} %")
    ok, total = sum(r[0] for r in results.values()), sum(r[1] for r in results.values())
    print(f"{'all':40} {ok:4} / {total:<4} {100 * ok / total:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
