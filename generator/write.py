"""The only writer: every file the generator writes goes through write_atomic.

write_generated brings the docs folder's generated files in line with one build's OutputSet:
it writes only bytes that changed and removes what is no longer made, as listed in the manifest
(itself written atomically: a torn manifest would read back as empty, and a withdrawn story's
page would then stay in the docs tree).
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from generator.outputs import OutputSet

MANIFEST = ".generated.json"


def write_atomic(path: Path, data: str | bytes | memoryview, durable: bool = False) -> None:
    """Write `data` to `path` so readers see the old file or the new one, never half of either.

    The bytes go to a temporary file beside `path` (same file system), then replace `path` in one
    rename. `durable` also flushes them to disk first, so even a power cut cannot leave an empty
    file: for the manifest, which decides what is removed. Generated pages are made again by the
    next build, so they skip the (slow, per-file) flush.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    write_atomic_with(path, lambda out: out.write(payload), durable)


def write_atomic_with(path: Path, write: Callable[[BinaryIO], object], durable: bool = False) -> None:
    """write_atomic for a file made by `write(out)` as it goes (a cache pickled straight to disk),
    so its bytes are never all held in memory at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a web server running as another user must read it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path | str, data: str | bytes, durable: bool = False) -> bool:
    """write_atomic unless `path` already holds exactly these bytes. True when it wrote."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if _holds(path, payload):
        return False
    write_atomic(Path(path), payload, durable)
    return True


def _holds(path: Path | str, payload: bytes) -> bool:
    """True when the file at `path` has exactly these bytes: read only when its size matches.

    Plain os calls on a str path: a build compares thousands of files, and pathlib's objects and
    a separate is_file() cost more than the comparison itself.
    """
    try:
        with open(path, "rb") as handle:
            return os.fstat(handle.fileno()).st_size == len(payload) and handle.read() == payload
    except OSError:  # missing, a folder, unreadable: write it
        return False


def copy_if_changed(path: Path, source: Path) -> bool:
    """Give `path` the bytes of `source` (a cached card: its name is the hash of its content, and
    it is only ever replaced whole). True when `path` had other bytes.

    `path` becomes a hard link to `source` where the file system allows, so the next build sees
    the same file without reading either (5,000 cards are some 380 MB); else a copy. Atomic like
    write_atomic: the link is made beside `path` and renamed over it.
    """
    try:
        if path.samefile(source):
            return False
    except OSError:
        pass
    data = source.read_bytes()
    try:
        changed = not (path.is_file() and path.read_bytes() == data)
    except OSError:
        changed = True
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.link")
    try:
        temporary.unlink(missing_ok=True)
        os.link(source, temporary)
        os.replace(temporary, path)
    except OSError:  # another file system, or links not allowed: a copy
        temporary.unlink(missing_ok=True)
        if changed:
            write_atomic(path, data)
    return changed


def write_generated(docs_dir: Path, files: Mapping[str, str | bytes] | OutputSet) -> tuple[int, int]:
    """Bring docs_dir's generated files in line with `files` (docs-relative path → content). Returns (written, removed).

    A file the OutputSet names by its path on disk (a cached card, a photo) is linked or copied
    by copy_if_changed, so no more than one such file is held at a time.
    """
    written = removed = 0
    manifest_path = docs_dir / MANIFEST
    previous = set(read_manifest(docs_dir))
    made = dict(files.sources() if isinstance(files, OutputSet) else files.items())
    docs = os.fspath(docs_dir)
    for relative, data in sorted(made.items()):
        if isinstance(data, Path):
            written += copy_if_changed(docs_dir / relative, data)
        else:
            written += write_if_changed(os.path.join(docs, relative), data)
    for relative in sorted(previous - set(made)):
        target = docs_dir / relative
        if target.is_file():
            target.unlink()
            removed += 1
            _remove_empty_parents(target.parent, docs_dir)
    write_if_changed(manifest_path, json.dumps(sorted(made), indent=0), durable=True)
    return written, removed


def read_manifest(docs_dir: Path) -> list[str]:
    """The generated files listed by the last write_generated into docs_dir (none if unreadable)."""
    try:
        data = json.loads((docs_dir / MANIFEST).read_text("utf-8"))
        return [item for item in data if isinstance(item, str) and ".." not in item]
    except (OSError, ValueError, TypeError):
        return []


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
