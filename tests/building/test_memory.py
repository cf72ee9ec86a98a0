"""A build keeps no finished output in memory while it renders the next: its peak memory does not grow with its outputs.

The figures are in docs/internals/sharding.md (`python bench/scale.py`); this guards the cause.
"""

from __future__ import annotations

import gc
from pathlib import Path

from clinicdocs.building.build import BuildOptions, build

DOCUMENT = ("---\ntitle: Care {n}\ndescription: Looking after a joint\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n"
            "## Start\n\nMove slowly, {n} times.\n\n1. **Bend:** Bend the knee. Hold for 5 seconds.\n\n- [ ] Walk every day.\n")
MAGIC = (b"%PDF-", b"PK\x03\x04")  # a PDF, an EPUB


def outputs_in_memory() -> int:
    """Count the PDFs and EPUBs that a container (a list, a tuple, a dict, an object) in this process holds."""
    gc.collect()
    seen, count = set(), 0
    for holder in gc.get_objects():
        for value in gc.get_referents(holder):
            if isinstance(value, (bytes, bytearray)) and len(value) > 1000 and value[:5].startswith(MAGIC) and id(value) not in seen:
                seen.add(id(value))
                count += 1
    return count


def test_no_finished_output_is_held_in_memory_while_the_next_renders(make_project):
    root = make_project({f"source/care-{n}.md": DOCUMENT.format(n=n) for n in range(3)})
    held: list[int] = []
    options = BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("guide", "card", "epub"))
    report = build(options, progress=lambda index, total, target: held.append(outputs_in_memory()))
    assert len(report.written) == 9 and len(held) == 9
    assert held == [0] * 9  # without the spill file: 0, 1, 2, ... 8 outputs waiting to be written
    assert all(path.read_bytes().startswith(MAGIC) for path in (root / "build").rglob("*") if path.suffix in (".pdf", ".epub"))
