"""Content files as loaded and validated by the last run, kept in .cache/ so an unchanged file is not read again.

Reading a story (strict YAML with a position for every value) and validating it was most of
`check`, and a story rarely changes once published. The cache keeps, for each file, exactly what
loading it alone gave: its SourceDoc (values and positions, for later error reports), its record
and its own errors and warnings in order. Its key is a hash of the file's bytes, its path as given
and as displayed, and everything its validation reads besides: the settings as validated, the
files whose ids it may name (schools.yaml for events; schools.yaml and, of events.yaml, each event's id,
category and first day (fields.EventRef) for stories),
the generator's code, Python's and the installed packages' versions, and the working folder
(messages name files relative to it). What looks at more than one file or at photos (duplicates,
clashes, shared websites, unused or copied photos) is not cached: generator/load.py runs it on
every load.

One file (pickle: the records come back as they were, with no validation to run again),
stamped with FORMAT and the salt: a file from another version, or one that cannot be read,
is ignored and rewritten. It keeps only the entries the last load used, so it never outgrows
the content, and is rewritten (atomically) only when that set changed. The cache folder is as
trusted as the code that runs: it lives beside mkdocs.yml and only builds write it.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import zoneinfo
from pathlib import Path
from typing import Any

from generator.write import write_atomic

FILE = "records.pickle"  # under the cache folder (.cache/ beside mkdocs.yml)
FORMAT = b"plymouth-schools records 1\n"  # change it when what an entry holds changes shape
_CODE = Path(__file__).resolve().parent  # the generator package: its source decides every record


class RecordCache:
    """Key → loaded file for one load: what the cache file held, and what this load used or made."""

    def __init__(self, folder: Path | None, salt: str):
        self.path = folder / FILE if folder is not None else None
        self.salt = salt
        self.known: dict[str, Any] = _read(self.path, salt) if self.path is not None else {}
        self.used: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        found = self.known.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Write what this load used, if that is not what the file holds (a failed write only costs speed)."""
        if self.path is None or self.used.keys() == self.known.keys():
            return
        try:
            blob = pickle.dumps((self.salt, self.used), protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic(self.path, FORMAT + blob)
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            pass


def _read(path: Path, salt: str) -> dict[str, Any]:
    """The entries of the cache file, or none when it is missing, foreign, from another salt or damaged."""
    try:
        blob = path.read_bytes()
    except OSError:
        return {}
    if not blob.startswith(FORMAT):
        return {}
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes a hundred thousand objects, none of them garbage: no collection passes
    try:
        found_salt, entries = pickle.loads(memoryview(blob)[len(FORMAT):])  # noqa: S301 - our own cache folder
    except Exception:  # noqa: BLE001 - any damage: load the content afresh
        return {}
    finally:
        if collecting:
            gc.enable()
    return entries if found_salt == salt and isinstance(entries, dict) else {}


def key(*parts: str | bytes) -> str:
    """One hash of the parts (each kept apart from the next, so 'ab','c' is not 'a','bc')."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def salt(settings_text: str, zone: str) -> str:
    """What every entry depends on: the settings (as validated), the code, Python's and the packages'
    versions, the time zone's rules (clock changes decide which event times are refused) and the working folder."""
    from generator.inputs import _installed

    return key(FORMAT, settings_text, _code_digest(), sys.version, "\0".join(_installed()), _zone_stamp(zone),
               os.getcwd())


def _zone_stamp(zone: str) -> str:
    """The system's file of the zone's rules, by size and time (the tzdata package is among the packages)."""
    for folder in zoneinfo.TZPATH:
        try:
            stat = os.stat(os.path.join(folder, zone))
        except (OSError, ValueError):
            continue
        return f"{folder}\0{stat.st_size}\0{stat.st_mtime_ns}"
    return "no system zone file"


def _code_digest() -> str:
    """The generator package's source, by path and content (a hundred small files: a few milliseconds)."""
    digest = hashlib.sha256()
    for top, dirs, files in os.walk(_CODE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(top, name)
            with open(path, "rb") as handle:
                data = handle.read()
            digest.update(f"{os.path.relpath(path, _CODE)}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def code_digest() -> str:
    """The generator package's source as one hash: other caches of the generator's output salt with it too."""
    return _code_digest()


def zone_stamp(zone: str) -> str:
    """The system's file of the zone's rules, by size and time: other caches salt with it too."""
    return _zone_stamp(zone)
