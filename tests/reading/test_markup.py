"""Markdown beyond the shipped article reaches both outputs intact: valid XHTML, unique ids, EPUBCheck-clean."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clinicdocs.cli import main
from clinicdocs.brands.schema import load_brand
from clinicdocs.errors import BuildError
from clinicdocs.reading.parse import parse_document
from clinicdocs.rendering.pdf import handout_html
from clinicdocs.reading.source import read_source
from clinicdocs.rendering.templates import make_environment, render
from conftest import write_project
from helpers import epub_file, pdf_text, run_epubcheck

BRAND = "injury-prevention-guru"
X = "{http://www.w3.org/1999/xhtml}"
DOCUMENT = """\
---
title: Knee Care
description: Everything a tester threw at the parser.
language: en-US
date: 2025-01-01
author: A
---

# Knee Care

Intro text&nbsp;here, &copy; 2025 &#169; &amp; more. Mail <info@example.com> or visit <https://example.org>.
Read [the hip guide](hip.md), jump to [the stretches](#stretch-1-2) or [the first task](#task-1).

## Intro

1. **Knee Bend:** Bend the knee. Hold for 30 seconds, then switch sides.
    - Keep the heel down.
    - Breathe out.

## Stretch 1

1. **Calf Raise:** Rise up. Lower down.

```python
if pain > 3 and rest < 2:
    print("<stop> & rest")
```

- [ ] Walk daily.

    Even a short walk helps.

    - around the block
    - to the shop

- [x] Drink *water*.

## Stretch 1

- [ ] Sleep well.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the guide and the EPUB of the document above, once."""
    root = write_project(tmp_path_factory.mktemp("markup"), {"source/doc.md": DOCUMENT, "source/hip.md": "# Hip\n"})
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert main(["--only", "guide,epub", "--source", "source/doc.md"]) == 0
    return root


def ids_of(markup: str) -> Counter[str]:
    """Count every id attribute in a page."""
    return Counter(re.findall(r'\sid="([^"]*)"', markup))


def handout(root: Path) -> str:
    """Return the guide's HTML as handed to WeasyPrint."""
    document = parse_document(read_source(root / "source" / "doc.md"))
    return handout_html(make_environment(root / "layouts"), document, load_brand(root / "layouts" / "brands" / BRAND), "guide", "letter")


def test_epub_passes_epubcheck(built):
    result = run_epubcheck(built / "build" / BRAND / "doc.epub")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ids_are_unique_in_both_outputs(built):
    xhtml = epub_file(built / "build" / BRAND / "doc.epub", "EPUB/text.xhtml")
    for markup in (xhtml, handout(built)):
        counts = ids_of(markup)
        assert counts and max(counts.values()) == 1, [i for i, n in counts.items() if n > 1]
        assert {"stretch-1", "stretch-1-2", "stretch-1-3", "task-1"} <= set(counts)


def test_xhtml_holds_the_markup_as_meant(built):
    page = ET.fromstring(epub_file(built / "build" / BRAND / "doc.epub", "EPUB/text.xhtml"))
    body_text = "".join(page.itertext())
    assert "Intro text\u00a0here, © 2025 © & more." in body_text
    links = {a.get("href"): a.get("class") for a in page.iter(f"{X}a")}
    assert links == {"mailto:info@example.com": "url", "https://example.org": "url", "#stretch-1-2": None, "#task-1": None}
    assert "Read the hip guide, jump to" in " ".join(body_text.split())
    (code,) = page.iter(f"{X}pre")
    assert code[0].tag == f"{X}code" and code[0].text == 'if pain > 3 and rest < 2:\n    print("<stop> & rest")\n'
    for label in page.iter(f"{X}label"):
        assert all(child.tag in (f"{X}em", f"{X}strong", f"{X}a", f"{X}code") for child in label), ET.tostring(label)
    walk = next(li for li in page.iter(f"{X}li") if li.find(f"{X}label") is not None)
    assert [e.tag.removeprefix(X) for e in walk] == ["input", "label", "div"]
    assert [li.text for li in walk.iter(f"{X}li") if li is not walk] == ["around the block", "to the shop"]


def test_pdf_prints_code_steps_and_local_links_as_text(built):
    html = handout(built)
    assert '<pre><code class="language-python">if pain &gt; 3 and rest &lt; 2:' in html
    assert 'href="hip.md"' not in html and 'class="url" dir="ltr" href="mailto:info@example.com"' in html
    text = pdf_text(built / "build" / BRAND / "doc-guide-letter.pdf")
    assert "Bend the knee. Hold for 30 seconds, then switch sides. Keep the heel down. Breathe out." in text  # source order
    assert "Read the hip guide, jump to" in text


PIECES = st.sampled_from([
    "# ", "## ", "### ", "- ", "- [ ] ", "- [x] ", "- [ ]\n", "1. ", "1. **Name:** ", "    ", "    - ", "\n", "\n\n", "*", "`",
    "```\n", "```python\n", "~~~\n", "[x](#intro)", "[x](#nope)", "<info@example.com>", "<https://example.org>", "[a](https://example.org)",
    "&nbsp;", "&copy;", "&#169;", "&#x1F;", "&amp;", "&amp;lt;", "&bogus;", "&", "<", ">", "\"", "'", "<!-- c -->", "<b>", "<div>\n",
    "<sub>", "</sub>", '<abbr title="a&amp;b">', "</abbr>", "<br>", "</em>", "<span>", "<table><tr><td>x</td></tr></table>\n",
    "<p>", "</p>\n", "<div><p>a</p>b</div>\n", '<a href="#intro">', "</a>",
    "Hold for 30 seconds.", "Step one. Step two.", "word", "Ünïcødé", "\\", "|", "---",
])
ENV = make_environment(Path(__file__).resolve().parents[2] / "layouts")
LOAD_BRAND = load_brand(Path(__file__).resolve().parents[2] / "layouts" / "brands" / BRAND)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PIECES | st.text(alphabet="ab .:#[]()*_-\n", max_size=8), max_size=80).map("".join))
@example("[](<div>\n:)")  # a link address spanning two lines once split its error message over two lines
@example("*_:_:a_[x](#intro)_:_")  # Python-Markdown 3.11's emphasis left its placeholder in the page
def test_any_markdown_gives_well_formed_xhtml_with_unique_ids_or_one_clean_error(tmp_path, body):
    path = tmp_path / "doc.md"
    path.write_text("---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n" + body, encoding="utf-8")
    try:
        document = parse_document(read_source(path))
    except BuildError as error:
        assert all(line.startswith(f"{path}:") for line in str(error).splitlines()), str(error)
        return
    xhtml = render(ENV, "epub/text.xhtml.j2", document=document, brand=LOAD_BRAND)
    ET.fromstring(xhtml.encode())  # well-formed XML: no stray entity, placeholder or control character
    assert max(ids_of(xhtml).values()) == 1, xhtml  # the <h1 id="title"> at least
    guide = handout_html(ENV, document, LOAD_BRAND, "guide", "letter")
    assert "\x02" not in guide and "\x03" not in guide and max(ids_of(guide).values(), default=1) == 1
