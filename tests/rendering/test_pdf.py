"""The handouts as a screen reader, a PDF viewer and an office printer meet them."""

from __future__ import annotations

import pikepdf
import pytest
from pypdf import PdfReader

from helpers import margin_ink, structure

BRAND = "injury-prevention-guru"
GUIDE = f"{BRAND}/hip-flexors-guide-letter.pdf"
SECTIONS = [
    "Understanding the Relationship Between Hip Flexors and Lower Back Pain",
    "The Impact of Tight Hip Flexors on Lower Back",
    "How to Alleviate Lower Back Pain by Stretching Hip Flexors",
    "Other Lifestyle Changes to Support a Healthy Back",
    "Seeking Professional Guidance for Lower Back Pain",
]


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    with pdf.open_outline() as outline:
        titles, stack = [], list(reversed(outline.root))
        while stack:
            item = stack.pop()
            titles.append(item.title)
            stack += reversed(item.children)
    return titles


def all_pdfs(build):
    return sorted(build.rglob("*.pdf"))


def test_tagged_pdf_ua(shipped_build):
    for path in all_pdfs(shipped_build):
        with pikepdf.open(path) as pdf:
            assert pdf.Root.MarkInfo.Marked is True, path.name
            assert str(pdf.Root.Lang) == "en-US"
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
            assert pdf.open_metadata().get("pdfuaid:part") == "1"
            tags = [str(node.S) for node in structure(pdf)]
            assert tags.count("/H1") == 1 and "/H2" in tags and "/L" in tags


def test_every_figure_has_alt_text(shipped_build):
    with pikepdf.open(shipped_build / GUIDE) as pdf:
        figures = [node for node in structure(pdf) if node.S == "/Figure"]
    assert len(figures) == 3
    assert all(len(str(figure.get("/Alt", ""))) > 40 for figure in figures)


def test_checklist_is_tagged_as_a_list(shipped_build):
    with pikepdf.open(shipped_build / GUIDE) as pdf:
        lists = [node for node in structure(pdf) if node.S == "/L"]
        sizes = [sum(1 for kid in node.K if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/LI") for node in lists]
    assert 5 in sizes


def test_document_metadata(shipped_build):
    info = PdfReader(shipped_build / GUIDE).metadata
    assert info.title == "Exploring the Connection Between Hip Flexors and Lower Back Pain"
    assert info.author == "Injury Prevention Guru"
    assert info.subject.startswith("How tight hip flexors")
    assert "lower back pain" in info["/Keywords"]


def test_bookmarks_follow_the_headings(shipped_build):
    with pikepdf.open(shipped_build / GUIDE) as pdf:
        titles = [title.replace("\u00a0", " ") for title in outline_titles(pdf)]  # last two words kept together
    assert titles[0] == "Exploring the Connection Between Hip Flexors and Lower Back Pain"
    assert [t for t in titles if t in SECTIONS] == SECTIONS
    assert "1. Kneeling Hip Flexor Stretch" in titles


def test_pdf_structure_is_sound(shipped_build):
    for path in all_pdfs(shipped_build):
        with pikepdf.open(path) as pdf:
            assert pdf.check_pdf_syntax() == [], path.name


@pytest.mark.parametrize("path", ["injury-prevention-guru", "bjork-sondergaard-physio"])
def test_nothing_printed_within_a_quarter_inch_of_the_edge(shipped_build, path):
    for pdf_path in sorted((shipped_build / path).glob("*.pdf")):
        assert margin_ink(pdf_path) == []


def font_sizes(path) -> list[float]:
    """Return the effective font size of every text run in the body of a PDF."""
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(round(size * tm[3] * cm[3], 1) if tm[3] and cm[3] else round(size, 1))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print_body_is_at_least_18_points(shipped_build):
    sizes = font_sizes(shipped_build / BRAND / "hip-flexors-large-print-letter.pdf")
    body = max(set(sizes), key=sizes.count)
    assert body >= 18


def test_guide_body_is_at_least_12_points(shipped_build):
    sizes = font_sizes(shipped_build / GUIDE)
    assert max(set(sizes), key=sizes.count) >= 12


def ancestors(node: pikepdf.Dictionary) -> list[str]:
    """Return the structure types above an element, nearest first."""
    found = []
    while "/P" in node and "/S" in node.P:
        node = node.P
        found.append(str(node.S))
    return found


def test_fillable_checklist_is_a_tagged_list_of_form_fields(make_project, in_project):
    article = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n## Habits\n\n- [ ] Walk daily.\n- [x] Sit less.\n"
    root = in_project(make_project({"source/doc.md": article}))
    toml = root / "layouts" / "brands" / BRAND / "brand.toml"
    toml.write_text("fillable_checklist = true\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    from clinicdocs.cli import main

    assert main(["--only", "guide"]) == 0
    with pikepdf.open(root / "build" / BRAND / "doc-guide-letter.pdf") as pdf:
        fields = {str(field.TU): str(field.V) for field in pdf.Root.AcroForm.Fields}
        kinds = {str(field.FT) for field in pdf.Root.AcroForm.Fields}
        tags = [str(node.S) for node in structure(pdf)]
        # A screen reader announces a check box field by its type, state and /TU: in the list, one per item.
        forms = [node for node in structure(pdf) if node.S == "/Form"]
        assert all(node.K[0].Type == "/OBJR" and node.K[0].Obj.FT == "/Btn" for node in forms)
        assert all(ancestors(node)[1:3] == ["/LBody", "/LI"] for node in forms), [ancestors(n) for n in forms]
    assert fields == {"Walk daily.": "/Off", "Sit less.": "/on"}
    assert kinds == {"/Btn"}
    assert tags.count("/Form") == 2 and "/L" in tags
