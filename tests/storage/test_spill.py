"""The spill file: rendered bytes wait on disk, read back exactly; the cache's memory stays bounded."""

from __future__ import annotations

from clinicdocs.storage.rendercache import Store
from clinicdocs.storage.spill import Spill, Spilled


def test_spilled_bytes_read_back_exactly_in_any_order():
    spill = Spill()
    pieces = [bytes([n]) * (n * 1000 + 1) for n in range(5)]
    handles = [spill.put(piece) for piece in pieces]
    assert [handle.read() for handle in reversed(handles)] == list(reversed(pieces))
    assert [len(handle) for handle in handles] == [len(piece) for piece in pieces]
    spill.close()
    assert spill.put(b"again").read() == b"again"  # a closed spill starts a new file


def test_a_store_keeps_a_bounded_number_of_drawings_in_memory_and_saves_every_pending_one(tmp_path):
    store = Store(tmp_path / "cache")
    drawings = {f"brand-{n}": f"PNG {n}".encode() * 100 for n in range(Store.MEMORY_ENTRIES + 8)}
    for name, data in drawings.items():
        store.put(name, f"key-{name}", data, [], {}, "", "file:///")
    assert len(store.memory) == Store.MEMORY_ENTRIES
    assert all(isinstance(entry[1], Spilled) for entry in store.pending.values())
    store.save()
    fresh = Store(tmp_path / "cache")
    for name, data in drawings.items():
        assert store.get(name, f"key-{name}", {}) == data  # the oldest from the folder, the newest from memory
        assert fresh.get(name, f"key-{name}", {}) == data
