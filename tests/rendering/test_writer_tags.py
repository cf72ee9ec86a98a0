"""The tag fixes made while WeasyPrint writes give the structure tree of the pikepdf post-processing, and the fallback still
gives a valid PDF/UA."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from conftest import ROOT, SHIPPED_ROOT, write_project
from documents import front_matter, german_document
from helpers import marked_content_problems, streams_of
from pictures import neck_tilt_png

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.rendering import tags as pdftags
from clinicdocs.rendering import writer_tags

TABLES_AND_LINKS = front_matter("Tables, Links and Boxes") + """\
# Tables, Links and Boxes

## Your week

Read the [exercise library](https://example.org/library) and write to [the front desk](mailto:desk@example.org).

| Day | Minutes | Sets |
|---|---|---|
| Monday | 10 | 2 |
| Thursday | 15 | 3 |

## Before you leave

- [ ] Book the next visit.
- [x] Take this handout home.
"""


def build_both(root: Path, only: tuple[str, ...] = ("guide", "card", "large-print")) -> tuple[Path, Path, list[int]]:
    """Build the project twice, written with the tag fixes inside WeasyPrint and with the pikepdf path; return both
    build folders and how many PDFs went through `finish_pdf` in each."""
    calls = [0, 0]
    finish = pdftags.finish_pdf
    for index, known in enumerate((True, False)):
        def counting(*args, index=index):
            calls[index] += 1
            return finish(*args)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pdftags, "finish_pdf", counting)
            patch.setattr(writer_tags, "known_weasyprint", lambda known=known: known)
            build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / ("writer", "pikepdf")[index],
                               brands=("injury-prevention-guru",), only=only))
    return root / "writer", root / "pikepdf", calls


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[int]]:
    """Return the two builds of a handout with header and footer, tables, check boxes, links and figures, a German one
    and an Arabic one (right to left: ActualText spans, and the reading-direction finisher chained after the fixes)."""
    root = tmp_path_factory.mktemp("writer-tags")
    files = {**german_document(), "source/tables.md": TABLES_AND_LINKS,
             "source/hip-flexors.md": (SHIPPED_ROOT / "source" / "hip-flexors.md").read_text(encoding="utf-8")}
    write_project(root, files)
    shutil.copytree(SHIPPED_ROOT / "source" / "images", root / "source" / "images", dirs_exist_ok=True)
    shutil.copy(ROOT / "tests" / "data" / "scripts" / "neck-ar.md", root / "source" / "neck-ar.md")
    (root / "source" / "images" / "neck-tilt.png").write_bytes(neck_tilt_png())
    return build_both(root)


def marked_contents(pdf: pikepdf.Pdf) -> tuple[dict[tuple[int, int], list[str]], list[list[str]]]:
    """Return what each (page, MCID) draws (text operands, XObject names) and, per page, what its pagination artifacts draw."""
    content: dict[tuple[int, int], list[str]] = {}
    artifacts: list[list[str]] = []
    for number, page in enumerate(pdf.pages):
        artifacts.append([])
        stack: list[object] = []
        for operands, operator in streams_of(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                properties = operands[1] if op == "BDC" else None
                if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                    stack.append((number, int(properties.MCID)))
                elif operands[0] == "/Artifact" and isinstance(properties, pikepdf.Dictionary) and properties.get("/Type") == "/Pagination":
                    stack.append(number)
                else:
                    stack.append(stack[-1] if stack else None)
            elif op == "EMC":
                stack.pop()
            elif op in ("Tj", "TJ", "Do") and stack and stack[-1] is not None:
                drawn = repr(operands[0].unparse() if hasattr(operands[0], "unparse") else operands[0]) if op != "Do" else "Do"
                owner = stack[-1]
                (artifacts[owner] if isinstance(owner, int) else content.setdefault(owner, [])).append(drawn)
    return content, artifacts


def structure_tree(path: Path) -> dict:
    """Return the structure tree as plain data: types, nesting, alt texts, attributes, each MCID with what it draws,
    the links' targets, the headers as paths instead of object numbers; and the artifacts and the publisher."""
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        content, artifacts = marked_contents(pdf)
        paths: dict[str, str] = {}

        def walk(node: pikepdf.Dictionary, where: str) -> dict:
            if "/ID" in node:
                paths[str(node.ID)] = where
            kids = node.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            out = []
            for index, kid in enumerate(kids):
                if isinstance(kid, int):
                    key = (pages[node.Pg.objgen], int(kid))
                    out.append({"page": key[0], "mcid": key[1], "draws": content.get(key)})
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    action = kid.Obj.get("/A", pikepdf.Dictionary())
                    out.append({"annotation": str(kid.Obj.Subtype), "uri": str(action.get("/URI", "")), "page": pages[kid.Pg.objgen]})
                elif isinstance(kid, pikepdf.Dictionary):
                    out.append(walk(kid, f"{where}/{index}"))
            attributes = node.get("/A")
            attributes = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes] if attributes is not None else []
            return {"S": str(node.S), "Alt": str(node.get("/Alt", "")), "A": [plain(attribute) for attribute in attributes],
                    "page": pages.get(node.Pg.objgen) if "/Pg" in node else None, "kids": out}

        tree = walk(pdf.Root.StructTreeRoot.K[0] if isinstance(pdf.Root.StructTreeRoot.K, pikepdf.Array) else pdf.Root.StructTreeRoot.K, "")
        links = [[str(annotation.get("/A", {}).get("/URI", "")) for annotation in page.obj.get("/Annots", [])] for page in pdf.pages]
        publisher = list(pdf.open_metadata().get("dc:publisher", []))
    return {"tree": resolve_headers(tree, paths), "artifacts": artifacts, "links": links, "publisher": publisher}


def plain(attribute: pikepdf.Object) -> dict[str, object]:
    """Return an attribute dictionary as plain data (numbers rounded, as both paths write the same layout)."""
    def value(item: object) -> object:
        if isinstance(item, pikepdf.Array):
            return [value(each) for each in item]
        return round(float(item), 2) if isinstance(item, (int, float)) or type(item).__name__ == "Decimal" else str(item)
    return {str(key): value(item) for key, item in attribute.items()}


def resolve_headers(node: dict, paths: dict[str, str]) -> dict:
    """Replace the /Headers ids (which carry WeasyPrint's object numbers) with the headers' paths in the tree."""
    for attribute in node.get("A", []):
        if "/Headers" in attribute:
            attribute["/Headers"] = [paths[header] for header in attribute["/Headers"]]
    for kid in node.get("kids", []):
        if "S" in kid:
            resolve_headers(kid, paths)
    return node


def test_the_writer_path_tags_what_the_pikepdf_path_tags(both):
    writer, old, calls = both
    pdfs = sorted(path.relative_to(writer) for path in writer.rglob("*.pdf"))
    assert len(pdfs) >= 8 and pdfs == sorted(path.relative_to(old) for path in old.rglob("*.pdf"))
    assert calls[0] == 0 and calls[1] == len(pdfs)  # the writer path never reopened a PDF; the other one did, each
    for name in pdfs:
        ours, theirs = structure_tree(writer / name), structure_tree(old / name)
        assert ours == theirs, name
    tables = structure_tree(writer / next(name for name in pdfs if name.name.startswith("tables-guide")))
    flat = str(tables)
    # the fixtures carry what is compared: artifacts from the header and footer, scoped headers, check boxes, links, figures
    assert all(page for page in tables["artifacts"]) and "'/Scope': '/Column'" in flat and "'/Role': '/cb'" in flat
    assert "https://example.org/library" in flat and "'/checked': '/on'" in flat and tables["publisher"]
    with pikepdf.open(writer / next(name for name in pdfs if name.name.startswith("neck-ar-guide"))) as arabic:
        assert arabic.Root.ViewerPreferences.Direction == "/R2L"
    assert "'S': '/Figure'" in str(structure_tree(writer / next(name for name in pdfs if name.name.startswith("hip-flexors-guide"))))


def test_both_paths_write_valid_pdf_ua(both):
    writer, old, _ = both
    paths = sorted(writer.rglob("*.pdf")) + sorted(old.rglob("*.pdf"))
    assert all(marked_content_problems(path) == [] for path in paths)
    result = subprocess.run(["pdfua", "check", "-q", *map(str, paths)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_another_weasyprint_takes_the_pikepdf_path(monkeypatch):
    import weasyprint

    assert writer_tags.known_weasyprint()
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert not writer_tags.known_weasyprint()


def test_a_tree_the_finisher_cannot_read_takes_the_pikepdf_path(tmp_path, monkeypatch):
    write_project(tmp_path, {"source/tables.md": TABLES_AND_LINKS})
    monkeypatch.setattr(writer_tags.WriterFixes, "add_publisher", lambda self: (_ for _ in ()).throw(writer_tags.Unexpected("test")))
    finished = []
    finish = pdftags.finish_pdf
    monkeypatch.setattr(pdftags, "finish_pdf", lambda *args: finished.append(args) or finish(*args))
    build(BuildOptions(source=tmp_path / "source", layouts=tmp_path / "layouts", out=tmp_path / "build", only=("guide",)))
    guide = next((tmp_path / "build").rglob("*.pdf"))
    assert len(finished) == 1 and marked_content_problems(guide) == []
    assert structure_tree(guide)["publisher"] == ["Injury Prevention Guru"]
