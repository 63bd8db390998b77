"""The set of files one build produces: each path written once, by one named producer.

Pelican's Writer refuses a second write of a path; so does this. A clash between two producers
is a bug in the site plan (two records' clashes are content errors found by `check` first), so
it names both producers instead of letting the second silently win.

A file the build already has on disk (a card or a photo's smaller size in the cache, a photo in
content/) is added by its path, not its bytes: at 5,000 stories the cards alone are some 380 MB,
which the set would otherwise hold at once. Reading a path gives its bytes as they are then.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path


class OutputClash(Exception):
    """Two producers would write the same path."""


class OutputSet:
    """Docs-relative path → bytes (or the file holding them), remembering which producer wrote each path."""

    def __init__(self) -> None:
        self._data: dict[str, bytes | Path] = {}
        self._producers: dict[str, str] = {}

    def add(self, path: str, content: str | bytes | Path, producer: str) -> None:
        """Add a file: its text, its bytes, or the file on disk that holds its bytes."""
        if path in self._data:
            raise OutputClash(f"{path} would be written twice: by {self._producers[path]} and by {producer}")
        self._data[path] = content.encode("utf-8") if isinstance(content, str) else content
        self._producers[path] = producer

    def add_all(self, files: Mapping[str, str | bytes | Path] | Iterable[tuple[str, str | bytes | Path]],
                producer: str) -> None:
        for path, content in files.items() if isinstance(files, Mapping) else files:
            self.add(path, content, producer)

    def producer(self, path: str) -> str:
        return self._producers[path]

    def __getitem__(self, path: str) -> bytes:
        return _bytes(self._data[path])

    def __contains__(self, path: object) -> bool:
        return path in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def items(self) -> Iterator[tuple[str, bytes]]:
        """(path, bytes), each file read only when its turn comes."""
        return ((path, _bytes(data)) for path, data in self._data.items())

    def sources(self) -> Iterable[tuple[str, bytes | Path]]:
        """(path, bytes or the file holding them): for the writer, which copies a file without holding it."""
        return self._data.items()

    def as_dict(self) -> dict[str, bytes]:
        return dict(self.items())

    def release(self) -> None:
        """Let go of every file once the writer has put them in the docs folder: the site build reads
        them there, and at 5,000 stories the pages alone are ~100 MB held through it for nothing."""
        self._data.clear()
        self._producers.clear()


def _bytes(data: bytes | Path) -> bytes:
    return data.read_bytes() if isinstance(data, Path) else data
