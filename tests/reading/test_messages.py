"""Messages that say how to fix: YAML front matter names the key and the fix; a misspelt picture gets the close name."""

from __future__ import annotations

import pytest

from clinicdocs.cli import main

BODY = "description: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n## Walking\n\nWalk every day.\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f65bc60000000049454e44ae426082")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("title: Calf stretches: a home guide",
         """doc.md:2: front matter: title: the value holds ': ', which YAML reads as the start of another key; put the value in double quotes: title: "Calf stretches: a home guide\""""),
        ("title: @home exercises", """doc.md:2: front matter: title: found character '@' that cannot start any token; a value starting with"""),
        ('title: "Knee care', """doc.md:2: front matter: title: the quote " that opens the value is never closed; end the value with ": title: "Knee care\""""),
        ("\ttitle: Knee care", "doc.md:2: front matter: title: a tab character; YAML indents with spaces only"),
    ],
)
def test_a_yaml_mistake_names_the_key_and_the_fix(make_project, in_project, capsys, line, expected):
    in_project(make_project({"source/doc.md": f"---\n{line}\n{BODY}"}))
    assert main(["--only", "epub"]) == 1
    assert f"source/{expected}" in capsys.readouterr().err


def test_the_quoted_title_the_message_suggests_builds(make_project, in_project, capsys):
    in_project(make_project({"source/doc.md": f'---\ntitle: "Calf stretches: a home guide"\n{BODY}'}))
    assert main(["--only", "epub"]) == 0


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("images/kneling.png", "; did you mean 'images/kneeling.png'?"),
        ("image/kneeling.png", "; did you mean 'images/kneeling.png'?"),
        ("images/Kneeling.PNG", "; did you mean 'images/kneeling.png'?"),
        ("images/standing-calf.png", "(looked in"),  # nothing close: no guess
    ],
)
def test_a_missing_picture_suggests_the_closest_file(make_project, in_project, capsys, written, suggested):
    files = {"source/doc.md": f"---\ntitle: T\n{BODY}\n![Kneeling]({written})\n", "source/images/kneeling.png": PNG, "source/images/wall.png": PNG}
    in_project(make_project(files))
    assert main(["--only", "epub"]) == 1
    err = capsys.readouterr().err
    assert f"image '{written}' not found" in err and suggested in err
    if "did you mean" not in suggested:
        assert "did you mean" not in err


@pytest.mark.parametrize(("arguments", "message"), [
    (["--brand", "nosuch"], "nosuch: unknown brand 'nosuch' (known: injury-prevention-guru)"),
    (["--source", "nosuch"], "error: --source: no such file or folder (got 'nosuch')"),
    (["--layouts", "nosuch"], "error: --layouts: no such folder (got 'nosuch')"),
])
def test_an_argument_error_in_check_is_the_last_thing_printed(make_project, in_project, capsys, arguments, message):
    in_project(make_project({"source/doc.md": f"---\ntitle: T\n{BODY}"}))
    assert main(["check", *arguments]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines()[-1].startswith(message)
