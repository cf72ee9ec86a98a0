"""`check`: every problem of every document and brand, as `file:line: severity: message`, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from clinicdocs.authoring.check import format_report, run_check
from conftest import SHIPPED_ROOT

ROOT = Path(__file__).resolve().parents[2]
FRONT = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
CLEAN = FRONT + "Sit down and rest.\n"


def check(make_project, in_project, text: str, strict: bool = False, files: dict | None = None):
    """Check a one-document project from inside it, so paths print relative."""
    root = in_project(make_project({"source/doc.md": text, "source/images/x.svg": SVG, **(files or {})}))
    report = run_check(Path("source"), Path("layouts"), (), strict)
    assert not (root / "build").exists()
    return report


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("![A thing](images/missing.svg)\n", "source/doc.md:11: error: image 'images/missing.svg' not found (looked in "),
        ("![](images/x.svg)\n", "source/doc.md:11: error: image 'images/x.svg' has no alt text; describe it"),
        ("## A\n\nText.\n\n#### B\n\nMore.\n", "source/doc.md:15: warning: heading level skipped: 'B' is h4 after h2; it prints as h3: write ###"),
        ("## A\n\n## B\n\nText.\n", "source/doc.md:11: warning: heading 'A' has nothing under it before the next heading"),
        ("## A\n\nText.\n\n### B\n\n## C\n\nText.\n", "source/doc.md:15: warning: heading 'B' has nothing under it"),
        ("Text.\n\n## Last\n", "source/doc.md:13: warning: heading 'Last' has nothing under it"),
        ("Rest well.\n\n## Rest\n\n## B\n\nText.\n", "source/doc.md:13: warning: heading 'Rest' has nothing under it"),
        ("See [the notes](notes.md).\n", "source/doc.md:11: warning: link 'notes.md' points to a missing file (looked for "),
        ("See [x](http://example.com).\n", "source/doc.md:11: warning: link 'http://example.com' is not encrypted; use 'https://example.com'"),
        ("[x](javascript:alert(1))\n", "source/doc.md:11: error: link 'javascript:alert(1)' is not allowed"),
    ],
)
def test_each_finding_names_file_line_and_severity(make_project, in_project, body, expected):
    report = check(make_project, in_project, FRONT + "Sit.\n\n" + body)
    assert [str(f) for f in report.findings if str(f).startswith(expected)], [str(f) for f in report.findings]


def test_every_problem_of_a_document_is_reported_in_line_order(make_project, in_project):
    text = FRONT.replace("author: A\n", "").replace("2025-01-01", "2025-02-30") + (
        "Sit.\n\n"                                  # 8
        "## Empty\n\n"                              # 10
        "## Pictures\n\n"                           # 12
        "![](images/x.svg)\n\n"                     # 14
        "![A thing](images/missing.svg)\n\n"        # 16
        "See [the notes](notes.md).\n\n"            # 18
        "#### Too deep\n\n"                         # 20
        "<div>one</div>\n\n"                        # 22
        "<div>two</div>\n"                          # 24
    )
    report = check(make_project, in_project, text)
    assert [(f.line, f.severity, f.message.split(" ")[0]) for f in report.findings] == [
        (5, "error", "front"), (10, "warning", "heading"), (14, "error", "image"), (16, "error", "image"),
        (18, "warning", "link"), (20, "warning", "heading"), (22, "warning", "raw"), (24, "warning", "raw"),
    ]
    assert str(report.findings[0]) == "source/doc.md:5: error: front matter: date: not a real date (got '2025-02-30')"
    assert report.exit_code == 1


def test_reading_grade_is_kept_when_other_front_matter_is_wrong(make_project, in_project):
    text = FRONT.replace("author: A\n", "reading_grade: 12\nauthor: [A]\n") + "Sit down and rest.\n"
    report = check(make_project, in_project, text)
    assert [f.message for f in report.findings] == ["front matter: author: must be text (got ['A'])"]
    assert report.readability[0].target == 12


def test_brand_problems_are_reported_with_their_line(make_project, in_project):
    brand = SHIPPED_ROOT / "layouts" / "brands" / "injury-prevention-guru" / "brand.toml"
    text = brand.read_text(encoding="utf-8").replace('primary = "#0B5394"', 'primary = "blue"')
    line = text.splitlines().index('primary = "blue"') + 1
    report = check(make_project, in_project, CLEAN, files={"layouts/brands/injury-prevention-guru/brand.toml": text})
    assert [str(f) for f in report.findings] == [
        f"layouts/brands/injury-prevention-guru/brand.toml:{line}: error: colors.primary: must be a colour written #RRGGBB (got 'blue'); e.g. [colors] primary = \"#0B5394\""
    ]


def test_missing_source_is_one_error(make_project, in_project):
    in_project(make_project({}))
    report = run_check(Path("nope"), Path("layouts"))
    assert [str(f) for f in report.findings] == ["nope: error: no such file or folder; pass a Markdown file or a folder of them"]


@pytest.mark.parametrize(
    ("text", "strict", "code"),
    [
        (CLEAN, False, 0),
        (CLEAN, True, 0),
        (FRONT + "## Empty\n\n## Full\n\nSit down and rest.\n", False, 0),
        (FRONT + "## Empty\n\n## Full\n\nSit down and rest.\n", True, 1),
        (FRONT + "![](images/x.svg)\n", False, 1),
    ],
)
def test_exit_code_fails_on_errors_and_on_warnings_when_strict(make_project, in_project, text, strict, code):
    assert check(make_project, in_project, text, strict).exit_code == code


def test_format_report_prints_findings_grades_and_totals(make_project, in_project):
    report = check(make_project, in_project, FRONT + "## Empty\n\n## Full\n\nSit down and rest.\n", strict=True)
    lines = format_report(report).splitlines()
    assert lines[0] == "source/doc.md:9: warning: heading 'Empty' has nothing under it before the next heading; add text or remove it"
    assert "source/doc.md: reading grade (target 8) in 'en-US' by Flesch-Kincaid and SMOG" in lines
    assert lines[-1] == "check fails: 0 error(s), 1 warning(s) (--strict: warnings fail too)"


def test_check_never_imports_the_renderers():
    code = (
        "import sys; from pathlib import Path; from clinicdocs.authoring.check import run_check; "
        "report = run_check(Path('source'), Path('layouts'), (), False); "
        "assert report.readability and not report.errors, report; "
        "assert not {'weasyprint', 'ebooklib'} & set(sys.modules), 'renderer imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=SHIPPED_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_local_file_link_and_a_missing_fragment_are_warnings(make_project, in_project):
    text = FRONT + "See [the hip guide](guides/hip.md) and [this](#nowhere).\n"  # line 9
    report = check(make_project, in_project, text, files={"source/guides/hip.md": "# Hip\n"})
    assert [str(f) for f in report.findings if "link" in f.message] == [
        "source/doc.md:9: warning: link 'guides/hip.md' cannot be followed in a PDF or EPUB; it prints as plain text",
        "source/doc.md:9: warning: link '#nowhere' points to nothing in this document; it prints as plain text (headings: #intro)",
    ]


@pytest.mark.parametrize("grade", [".nan", "true", "99", "*a"])
def test_a_bad_reading_grade_falls_back_to_the_default_target(make_project, in_project, grade):
    report = check(make_project, in_project, FRONT.replace("author: A\n", f"reading_grade: {grade}\n") + "Sit down and rest.\n")
    assert report.exit_code == 1 and report.readability[0].target == 8
