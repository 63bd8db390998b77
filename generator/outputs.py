"""The set of files one build produces: each path written once, by one named producer.

Pelican's Writer refuses a second write of a path; so does this. A clash between two producers
is a bug in the site plan (two records' clashes are content errors found by `check` first), so
it names both producers instead of letting the second silently win.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping


class OutputClash(Exception):
    """Two producers would write the same path."""


class OutputSet:
    """Docs-relative path → bytes, remembering which producer wrote each path."""

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}
        self._producers: dict[str, str] = {}

    def add(self, path: str, content: str | bytes, producer: str) -> None:
        if path in self._data:
            raise OutputClash(f"{path} would be written twice: by {self._producers[path]} and by {producer}")
        self._data[path] = content.encode("utf-8") if isinstance(content, str) else content
        self._producers[path] = producer

    def add_all(self, files: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]], producer: str) -> None:
        for path, content in files.items() if isinstance(files, Mapping) else files:
            self.add(path, content, producer)

    def producer(self, path: str) -> str:
        return self._producers[path]

    def __getitem__(self, path: str) -> bytes:
        return self._data[path]

    def __contains__(self, path: object) -> bool:
        return path in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def items(self) -> Iterable[tuple[str, bytes]]:
        return self._data.items()

    def as_dict(self) -> dict[str, bytes]:
        return dict(self._data)
