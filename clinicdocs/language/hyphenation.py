"""Pyphen's hyphenation dictionaries, kept parsed in the build folder's cache.

WeasyPrint hyphenates the handouts with pyphen, which reads and parses the language's hunspell
dictionary the first time a process hyphenates: 43 ms for English and about 0.25 s for German on the
development machine, in every cold build. The parsed patterns are kept as JSON in
`build/.cache/hyphenation/` (named by the versions of the dictionary file, pyphen and this module) and
put into pyphen's own dictionary cache before WeasyPrint asks for them, so the hyphenation is the
same, read back in a fraction of the time. Dictionaries with non-standard hyphenation (Hungarian's
`ssz/sz=sz`) are not kept: pyphen parses them as usual.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..storage.sealing import read_sealed, write_sealed
from ..storage.rendercache import files_stamp

HYPHENATION_CACHE = "hyphenation"


class Dictionaries:
    """Puts cached, parsed hyphenation dictionaries into pyphen; stages the ones it had to parse."""

    def __init__(self, cache: Path | None):
        self.folder = cache / HYPHENATION_CACHE if cache else None
        self.pending: dict[Path, bytes] = {}

    def preload(self, language: str) -> None:
        """Make pyphen's dictionary for `language` ready, from the cache folder when it is there."""
        if self.folder is None:
            return
        import pyphen

        name = pyphen.language_fallback(language.replace("-", "_"))
        if not name:
            return  # no dictionary: WeasyPrint does not hyphenate this language
        path = pyphen.LANGUAGES[name]
        # Named by the dictionary, pyphen and this module's way of keeping them: a change to any starts afresh.
        stored = self.folder / f"{name}-{files_stamp(path, Path(pyphen.__file__), Path(__file__))}.json"
        if path in pyphen.hdcache:  # parsed earlier in this process (watch, serve): a new build folder still gets it
            if not stored.is_file():
                self.stage(stored, pyphen.hdcache[path])
            return
        patterns = read_patterns(stored)
        if patterns is None:
            parsed = pyphen.HyphDict(path)
            pyphen.hdcache[path] = parsed
            self.stage(stored, parsed)
            return
        dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)  # what HyphDict.__init__ makes, from the parsed patterns
        dictionary.patterns, dictionary.cache, dictionary.maxlen = patterns, {}, max(len(key) for key in patterns)
        pyphen.hdcache[path] = dictionary

    def stage(self, stored: Path, parsed: object) -> None:
        """Stage a parsed dictionary for the cache, unless its patterns are non-standard (JSON would lose them)."""
        patterns = getattr(parsed, "patterns", {})
        if standard(patterns):
            self.pending[stored] = json.dumps({k: [start, list(values)] for k, (start, values) in patterns.items()},
                                              ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def save(self) -> None:
        """Write the dictionaries parsed since the last save (with the build's outputs)."""
        for path, data in sorted(self.pending.items()):
            write_sealed(path, data)
        self.pending.clear()


def standard(patterns: dict) -> bool:
    """Tell whether every pattern is plain numbers (no non-standard hyphenation, which JSON would lose)."""
    return all(getattr(value, "data", None) is None for _, values in patterns.values() for value in values)


def read_patterns(path: Path) -> dict[str, tuple[int, tuple[int, ...]]] | None:
    """Return the patterns kept in `path`, or None when there are none or they are damaged."""
    try:
        stored = json.loads(read_sealed(path) or b"{}")
        if not isinstance(stored, dict) or not all(type(start) is int and type(values) is list for start, values in stored.values()):
            return None
        if not all(type(value) is int for _, values in stored.values() for value in values):
            return None
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    return {key: (start, tuple(values)) for key, (start, values) in stored.items()} or None
