"""generator/heap.py: the generator's freed memory goes back to the system before MkDocs (peak memory)."""
from __future__ import annotations

import platform

import pytest

from generator import heap


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_glibc_hands_the_free_heap_back():
    blocks = [bytearray(1000) for _ in range(40_000)]  # 40 MB in heap-sized blocks (below mmap's threshold)
    pinned = bytearray(1000)  # made after them: the heap's top stays in use, so free() alone keeps the pages
    del blocks
    heap._trim.cache_clear()
    assert heap.give_back() is True  # glibc released pages
    assert len(pinned) == 1000


def test_without_malloc_trim_nothing_is_done(monkeypatch):
    heap._trim.cache_clear()
    monkeypatch.setattr(heap.ctypes.util, "find_library", lambda name: None)
    try:
        assert heap.give_back() is False
    finally:
        heap._trim.cache_clear()
