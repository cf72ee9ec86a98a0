"""The one place WeasyPrint is imported: its shared libraries are looked up from one `ldconfig -p` listing.

WeasyPrint 70 opens GObject, Pango, HarfBuzz, fontconfig and PangoFT2 by trying up to six names for
each through cffi, which calls `ctypes.util.find_library` for every name it cannot open directly. On
Linux each call runs `/sbin/ldconfig -p` in a subprocess, and when that finds nothing also `gcc` and
`ld`: 22 calls, 16 of them failing, 54 subprocesses. Measured on the 2-core development machine
(`python bench/weasyprint_import.py`): importing WeasyPrint takes 0.36 s idle, of which these look-ups
take 0.145 s (0.2-0.3 s when the machine is busy); answered from one listing they take about 0.005 s.

While WeasyPrint is imported, `find_library` answers from a single listing with the pattern CPython
itself tries first (`ctypes.util._findSoname_ldconfig`), so a name found there gives the same answer as
before. A name the listing lacks is reported as not found without asking gcc and ld, whose answers only
matter for libraries outside the loader's cache; WeasyPrint then tries its next name, and the
`lib*.so.N` names it ends with are opened by the dynamic loader directly. Anything unexpected takes the
normal path: not Linux, no `ldconfig`, library search paths set in the environment (`LD_LIBRARY_PATH`,
`LIBRARY_PATH`), a listing without the C library, or an import that fails (it is then retried as usual).
"""

from __future__ import annotations

import contextlib
import ctypes.util
import os
import re
import struct
import subprocess
import sys
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

LDCONFIG = "/sbin/ldconfig"
# The ABI tags of CPython's own look-up (ctypes/util.py, _findSoname_ldconfig), by machine and word size.
ABI_TYPES = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit", "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


def import_weasyprint() -> None:
    """Import WeasyPrint, with quick library look-ups when this system allows them."""
    if "weasyprint" in sys.modules:
        return
    lookup = listing_lookup()
    if lookup is not None:
        try:
            with replaced_find_library(lookup):
                import weasyprint  # noqa: F401
            return
        except Exception:  # anything unexpected: forget the half-done import and take the normal path
            for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
                del sys.modules[name]
    import weasyprint  # noqa: F401, F811


def listing_lookup() -> Callable[[str], str | None] | None:
    """Return a find_library answering from one `ldconfig -p` listing, or None when that would not be safe."""
    if not sys.platform.startswith("linux") or not hasattr(ctypes.util, "_findSoname_ldconfig"):
        return None
    if os.environ.get("LD_LIBRARY_PATH") or os.environ.get("LIBRARY_PATH") or not os.path.exists(LDCONFIG):
        return None
    try:
        listing = subprocess.run([LDCONFIG, "-p"], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 env={"LC_ALL": "C", "LANG": "C"}, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    abi = ABI_TYPES.get(f"{os.uname().machine}-{struct.calcsize('l') * 8}", "libc6")
    if not re.search(os.fsencode(rf"\s+libc\.so\.6\s+\({re.escape(abi)}"), listing):
        return None

    # Each line is "\tlibpango-1.0.so.0 (libc6,x86-64) => /lib/...": CPython's pattern matches the name
    # before the first "(" of this machine's ABI. Split once rather than compile a pattern per name.
    entries = [(fields[0], fields[1]) for fields in (os.fsdecode(line).split(None, 1) for line in listing.splitlines()) if len(fields) == 2]
    tag = "(" + abi

    def find(name: str) -> str | None:
        prefix = f"lib{name}."
        return next((soname for soname, rest in entries if soname.startswith(prefix) and len(soname) > len(prefix) and rest.startswith(tag)), None)

    return find


@contextlib.contextmanager
def replaced_find_library(lookup: Callable[[str], str | None]) -> Iterator[None]:
    """Answer `ctypes.util.find_library` with `lookup` inside the block, and restore it after."""
    original = ctypes.util.find_library
    ctypes.util.find_library = lookup  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = original


import_weasyprint()
import weasyprint.draw.text as weasyprint_text  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.formatting_structure import boxes  # noqa: E402
from weasyprint.text.ffi import FROM_UNITS, ffi, pango  # noqa: E402
from weasyprint.text import fonts as weasyprint_fonts  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

LIVE_FONT_CONFIGURATIONS: weakref.WeakSet = weakref.WeakSet()


FONT_FOLDER_PREFIX = "weasyprint-clinicdocs-"
OWNER_FILE = ".owner"


class FontConfiguration(weasyprint_fonts.FontConfiguration):
    """WeasyPrint's font configuration, remembered so that a quick exit (`cli.leave`) can still remove the
    temporary folder of fonts it fetched, which WeasyPrint removes when the object is collected.

    The folder is made here, named as ours and locked while this process lives, so that the next build
    can tell the folder of a killed build (its lock is free) from one in use, and remove it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.owner: Any = None
        LIVE_FONT_CONFIGURATIONS.add(self)

    def add_font_face(self, rule_descriptors: Any, url_fetcher: Any) -> Any:
        """Add a font face, in a temporary folder this process owns."""
        if getattr(self, "_folder", None) is None:
            folder, self.owner = owned_folder()
            setattr(self, "_folder", folder)  # WeasyPrint makes its folder only when it finds none
        return super().add_font_face(rule_descriptors, url_fetcher)


def owned_folder() -> tuple[Path, Any]:
    """Return a new temporary folder and the open, locked file that marks it as this process's."""
    import fcntl
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=FONT_FOLDER_PREFIX))
    owner = open(folder / OWNER_FILE, "wb")  # noqa: SIM115 (held open for the folder's life: the lock is the mark)
    fcntl.flock(owner, fcntl.LOCK_EX)
    return folder, owner


def remove_dead_font_folders() -> list[Path]:
    """Remove the temporary font folders of builds that were killed (their lock is free); return them."""
    import fcntl
    import shutil
    import tempfile

    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{FONT_FOLDER_PREFIX}*"):
        try:
            with open(folder / OWNER_FILE, "rb") as owner:
                fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while the process that made it lives
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def release_font_configurations() -> None:
    """Remove the temporary font folders of every font configuration still alive, as their collection would."""
    for configuration in list(LIVE_FONT_CONFIGURATIONS):
        configuration.__del__()
        LIVE_FONT_CONFIGURATIONS.discard(configuration)

__all__ = ["CSS", "FROM_UNITS", "HTML", "FontConfiguration", "URLFetcher", "URLFetcherResponse", "boxes", "ffi", "import_weasyprint",
           "pango", "weasyprint_text"]
