"""The package's layout holds: stages import only earlier stages, passes and classes stay small.

The rule is written once, here, as data. A module may import `model`, `errors` and the package's
`__version__`, its own stage and the stages before it; `model` and `errors` import nothing of ours;
only `cli` imports anything it likes. A new module in a new folder fails until its stage is placed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "clinicdocs"

# The stages in the order a handout's data passes through them (storage is the floor they all stand on).
STAGES = ("storage", "language", "reading", "brands", "planning", "rendering", "building", "authoring")
SHARED = {"model", "errors", ""}  # "" is the package itself: `from .. import __version__`
FREE = {"cli"}  # the command line starts any stage
LONGEST_CLASS = 150  # lines
LONGEST_PASS = 80  # lines, a parser pass module's function


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__").removesuffix("__init__")


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Return (line, module under clinicdocs) for every import of ours in a file, lazy ones included."""
    name = module_name(path)
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:  # `from . import x` may name a module
                candidate = f"{target}.{alias.name}".strip(".")
                found.append((node.lineno, candidate if (PACKAGE / (candidate.replace(".", "/") + ".py")).exists() else target))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [(node.lineno, n.removeprefix("clinicdocs").lstrip(".")) for n in names if n.split(".")[0] == "clinicdocs"]
    return found


def stage_of(name: str) -> str:
    """Return a module's stage: its folder, or the module's own name at the top."""
    return name.split(".")[0]


def test_every_module_is_in_a_known_stage():
    unplaced = [module_name(p) for p in modules() if stage_of(module_name(p)) not in (*STAGES, *SHARED, *FREE)]
    assert not unplaced, f"place these in a stage (tests/test_architecture.py STAGES): {unplaced}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: module_name(p) or "clinicdocs")
def test_no_module_imports_a_later_stage(path):
    name = module_name(path)
    stage = stage_of(name)
    wrong = []
    for line, target in imports_of(path):
        other = stage_of(target)
        if stage in FREE or (other in SHARED and target.split(".")[0] == other):
            allowed = stage not in ("model", "errors")
        else:
            allowed = stage in STAGES and other in STAGES and STAGES.index(other) <= STAGES.index(stage)
        if not allowed:
            wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name} ({stage}) imports {target} ({other})")
    assert not wrong, "\n".join(wrong)


def test_the_rule_catches_an_upward_import(tmp_path, monkeypatch):
    """The checker itself: a reading module importing the renderer is caught, one importing the language stage is not."""
    fake = tmp_path / "clinicdocs"
    (fake / "reading").mkdir(parents=True)
    (fake / "rendering").mkdir()
    (fake / "language").mkdir()
    (fake / "rendering" / "pdf.py").write_text("")
    (fake / "language" / "holds.py").write_text("")
    bad = fake / "reading" / "parse.py"
    bad.write_text("from ..language.holds import x\n\ndef f():\n    from ..rendering import pdf\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert [stage_of(t) for _, t in imports_of(bad)] == ["language", "rendering"]
    with pytest.raises(AssertionError, match=r"parse.py:4: reading.parse \(reading\) imports rendering.pdf"):
        test_no_module_imports_a_later_stage(bad)


@pytest.mark.parametrize("path", modules(), ids=lambda p: module_name(p) or "clinicdocs")
def test_classes_and_passes_stay_small(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [f"class {n.name}: {n.end_lineno - n.lineno + 1} lines" for n in ast.walk(tree)
            if isinstance(n, ast.ClassDef) and n.end_lineno - n.lineno + 1 > LONGEST_CLASS]  # type: ignore[operator]
    if "passes" in path.parts:
        long += [f"pass {n.name}: {n.end_lineno - n.lineno + 1} lines" for n in ast.walk(tree)
                 if isinstance(n, ast.FunctionDef) and n.end_lineno - n.lineno + 1 > LONGEST_PASS]  # type: ignore[operator]
    assert not long, long


@pytest.mark.parametrize("folder", sorted(p.parent for p in PACKAGE.glob("*/__init__.py")), ids=lambda p: p.name)
def test_each_stage_says_what_it_takes_and_hands_on(folder):
    tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree) or ""
    assert len(doc.split()) >= 25, f"{folder.name}/__init__.py: a paragraph saying what the stage takes in and hands on"
    assert not [n for n in tree.body if not isinstance(n, ast.Expr)], "a stage's __init__ imports nothing (the fast path stays fast)"


def test_no_two_test_modules_share_a_base_name():
    # The test folders have no __init__.py: pytest imports each module by its base name, so a second
    # tests/<stage>/test_x.py fails to import in a whole-suite run (alone, each passes).
    names = [path.name for path in Path(__file__).parent.rglob("test_*.py")]
    assert sorted({name for name in names if names.count(name) > 1}) == []
