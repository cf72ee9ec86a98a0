"""The exercise library: every exercise of every handout, with an id that stays put, listed and searched."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicdocs.authoring.library import closest_ids, load_library, name_slug, search
from clinicdocs.cli import main
from conftest import ROOT, write_project
from pictures import neck_tilt_png

FRONT = "---\ntitle: {title}\ndescription: D\nlanguage: {language}\ndate: 2025-01-01\nauthor: A\n---\n\n"


def handout(title: str, names: list[str], language: str = "en-GB") -> str:
    """Return a handout with one exercise per name, the first with a picture."""
    items = [f"{n}. **{name}:** Lie on your back. Breathe out slowly. Hold for 10 seconds." for n, name in enumerate(names, start=1)]
    items[0] += "\n\n    ![A person lying on a mat.](images/mat.png \"On the mat\")"
    return FRONT.format(title=title, language=language) + "## Exercises\n\n" + "\n\n".join(items) + "\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with an English handout (two exercises share a name), a French one and the Arabic neck handout."""
    return write_project(tmp_path, {
        "source/knee.md": handout("Knee Care", ["Heel Slides", "Bridging", "Straight Leg Raise", "Bridging"]),
        "source/dos.md": handout("Le dos", ["Étirement du dos", "Pont fessier"], "fr-FR"),
        "source/neck-ar.md": (ROOT / "tests" / "data" / "scripts" / "neck-ar.md").read_text(encoding="utf-8"),
        "source/images/mat.png": neck_tilt_png(),
        "source/images/neck-tilt.png": neck_tilt_png(),
    })


def test_every_exercise_has_a_readable_id_with_a_suffix_only_for_a_second_of_the_same_name(project):
    ids = [e.id for e in load_library(project / "source")]
    assert ids[:4] == ["dos/étirement-du-dos", "dos/pont-fessier", "knee/heel-slides", "knee/bridging"]
    assert ids[4:6] == ["knee/straight-leg-raise", "knee/bridging-2"]
    assert "neck-ar/إمالة-الرأس-إلى-الجانب" in ids
    assert len(ids) == len(set(ids)) == 9


def test_ids_stay_the_same_when_exercises_are_added_before_them(project):
    before = {e.id: e.stretch.name for e in load_library(project / "source")}
    (project / "source" / "knee.md").write_text(handout("Knee Care", ["Ankle Pumps", "Heel Slides", "Bridging", "Calf Stretch", "Straight Leg Raise", "Bridging"]), encoding="utf-8")
    after = {e.id: e.stretch.name for e in load_library(project / "source")}
    assert before.items() <= after.items()
    assert after["knee/ankle-pumps"] == "Ankle Pumps" and after["knee/calf-stretch"] == "Calf Stretch"


def test_names_become_ids_in_any_script():
    assert name_slug("Sit to Stand (From a Firm Chair)") == "sit-to-stand-from-a-firm-chair"
    assert name_slug("Übung: Brücke") == "übung-brücke"
    assert name_slug("***") == "exercise"


def test_search_matches_every_word_of_the_name_ignoring_case_and_accents(project):
    library = load_library(project / "source")
    assert [e.id for e in search(library, ["BRIDG"])] == ["knee/bridging", "knee/bridging-2"]
    assert [e.id for e in search(library, ["etirement", "dos"])] == ["dos/étirement-du-dos"]
    assert search(library, ["heel", "bridging"]) == []
    assert len(search(library, [])) == len(library)


def test_a_mistyped_id_finds_the_closest(project):
    library = load_library(project / "source")
    assert closest_ids(library, "knee/heel-slide")[0] == "knee/heel-slides"
    assert "knee/straight-leg-raise" in closest_ids(library, "knees/straight-leg")


def test_the_library_command_lists_name_handout_picture_and_language(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["library", "slides"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["id", "name", "handout", "picture", "language"]
    row = out[1]
    assert row.startswith("knee/heel-slides") and "Heel Slides" in row and "Knee Care" in row and "source/images/mat.png" in row and "en-GB" in row
    assert out[-1] == "1 exercise"
    assert main(["library"]) == 0 and capsys.readouterr().out.splitlines()[-1] == "9 exercises"


def test_a_broken_handout_is_reported_by_the_library_with_its_line(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    (project / "source" / "knee.md").write_text(FRONT.format(title="K", language="en") + "![](images/missing.png)\n", encoding="utf-8")
    assert main(["library"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("source/knee.md:") and "Traceback" not in err
