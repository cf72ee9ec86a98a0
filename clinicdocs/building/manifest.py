"""The build manifest: what each output was made from, so unchanged outputs are skipped."""

from __future__ import annotations

import json
import os
from pathlib import Path

MANIFEST_NAME = ".manifest.json"


def file_hash(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, or '' when it is gone."""
    import hashlib  # only needed when a file's size or time has changed

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def unchanged(path: str, recorded: list) -> bool:
    """Tell whether a file still has the recorded content; size and mtime spare re-hashing it."""
    try:
        stat = os.stat(path)
    except OSError:
        return False
    if [stat.st_size, stat.st_mtime_ns] == recorded[1:]:
        return True
    return file_hash(Path(path)) == recorded[0]


class Manifest:
    """{output: {"tool": version, "inputs": {input path: [sha256, size, mtime_ns]}, "output": [sha256, size, mtime_ns]
    [, "absent": true]}}, kept in the build folder.

    The inputs are recorded as they were before the build read them, so an edit saved while a build runs
    makes the next build rebuild; the output as it was written, so a file changed or truncated since is noticed.
    """

    def __init__(self, out: Path, entries: dict[str, dict] | None = None):
        self.path = out / MANIFEST_NAME
        self.entries = entries or {}
        self.changes: dict[str, dict | None] = {}  # what this build recorded (None: forgotten), merged into the file on disk
        self.checked: dict[tuple[str, str], bool] = {}  # inputs shared by many outputs are looked at once
        self.hashes: dict[tuple[str, int, int], str] | None = None  # (path, size, mtime_ns) -> sha256, filled on first record

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """Read the manifest; a missing or damaged one means 'build everything'."""
        try:
            entries = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
            return cls(out, entries if isinstance(entries, dict) else {})
        except (OSError, ValueError):
            return cls(out)

    def is_fresh(self, output: Path, tool: str, extra_inputs: list[Path]) -> bool:
        """Tell whether `output` exists and nothing it was built from has changed since."""
        entry = self.entries.get(str(output))
        if not entry or entry.get("tool") != tool or output.is_file() == bool(entry.get("absent")):
            return False
        written = entry.get("output")
        if not entry.get("absent") and not (isinstance(written, list) and len(written) == 3 and unchanged(str(output), written)):
            return False
        recorded = entry.get("inputs", {})
        if any(str(path) not in recorded for path in extra_inputs):
            return False
        return all(isinstance(state, list) and len(state) == 3 and self.input_unchanged(path, state) for path, state in recorded.items())

    def input_unchanged(self, path: str, state: list) -> bool:
        """Tell whether one recorded input is unchanged, remembering the answer for this build."""
        key = (path, state[0])
        if key not in self.checked:
            self.checked[key] = unchanged(path, state)
        return self.checked[key]

    def record(
        self, output: Path, tool: str, inputs: list[Path], brand_folder: Path | None = None, absent: bool = False,
        before: dict[str, list] | None = None, written: Path | None = None, document: Path | None = None,
    ) -> None:
        """Remember what `output` was just built from, which brand folder and document made it, and (`absent`) whether it is not made.

        `before` holds the inputs' states taken before the build read them: those are recorded, never newer ones.
        `written` is the staged file that becomes `output` when renamed (a rename keeps its size and time).
        """
        before = before or {}
        entry: dict[str, object] = {"tool": tool, "inputs": {str(p): before.get(str(p)) or self.state(p) for p in sorted(set(inputs))}}
        if brand_folder is not None:
            entry["brand"] = str(brand_folder)
        if document is not None:
            entry["document"] = str(document.resolve())
        if absent:
            entry["absent"] = True
        else:
            entry["output"] = self.state(written or output)
        self.entries[str(output)] = self.changes[str(output)] = entry

    def snapshot(self, paths: list[Path]) -> dict[str, list]:
        """Return the state of each input now, before the build reads it."""
        return {str(path): self.state(path) for path in paths}

    def state(self, path: Path) -> list:
        """Return [sha256, size, mtime_ns] of an input, hashing it only when no entry knows it at this size and time.

        A build shares most inputs between its outputs, and a rebuild most with the last build: the
        same trust in size and time that `unchanged` gives spares hashing them again.
        """
        if self.hashes is None:
            self.hashes = {(p, s[1], s[2]): s[0] for e in self.entries.values() if isinstance(e, dict) and isinstance(e.get("inputs"), dict)
                           for p, s in e["inputs"].items() if isinstance(s, list) and len(s) == 3 and s[0]}
        try:
            stat = path.stat()
        except OSError:
            return ["", 0, 0]
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in self.hashes:
            digest = file_hash(path)
            if not digest:
                return ["", 0, 0]
            self.hashes[key] = digest
        return [self.hashes[key], stat.st_size, stat.st_mtime_ns]

    def document_of(self, output: str) -> Path | None:
        """Return the document an output was made from (entries written before it was recorded: their one Markdown input)."""
        entry = self.entries.get(output)
        if not isinstance(entry, dict):
            return None
        if isinstance(entry.get("document"), str):
            return Path(entry["document"])
        markdown = [p for p in entry.get("inputs", {}) if p.endswith(".md")] if isinstance(entry.get("inputs"), dict) else []
        return Path(markdown[0]) if len(markdown) == 1 and Path(output).suffix in (".pdf", ".epub", ".png") else None

    def forget(self, output: Path) -> None:
        """Drop what was recorded for `output`, so that the next build makes it again."""
        self.entries.pop(str(output), None)
        self.changes[str(output)] = None

    def merge_from_disk(self) -> None:
        """Take in what other builds recorded since this one loaded the manifest, keeping this build's own records.

        Called under the build lock just before writing, so two builds into one folder never drop each other's entries.
        """
        entries = Manifest.load(self.path.parent).entries
        for output, entry in self.changes.items():
            if entry is None:
                entries.pop(output, None)
            else:
                entries[output] = entry
        self.entries = entries

    def folder_owner(self, folder: Path) -> str | None:
        """Return the brand folder that made the outputs recorded in `folder`, if any.

        Entries written before the brand was recorded name it among their inputs, by its brand.toml.
        """
        for output, entry in self.entries.items():
            if Path(output).parent != folder or not isinstance(entry, dict):
                continue
            if isinstance(entry.get("brand"), str):
                return entry["brand"]
            toml = next((p for p in entry.get("inputs", {}) if Path(p).name == "brand.toml"), None)
            if toml is not None:
                return str(Path(toml).parent)
        return None

    def to_bytes(self) -> bytes:
        """Return the manifest as sorted JSON."""
        return json.dumps(self.entries, indent=1, sort_keys=True).encode("utf-8")
