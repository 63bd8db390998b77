"""Pieces made from one record, kept between builds in .cache/ so an unchanged record is not rendered again.

A story rarely changes once published, yet every build made its staff panel (a post fitted to each
channel, the share links) and every key date its VEVENT afresh: a third of the generator step. A
piece whose inputs are one record plus the site-wide settings and schools is kept here under a key
made of:
- the piece's kind and the repr of every argument it is made from (a frozen pydantic record's repr
  carries every field it renders from; the loader-only positions are left out, as no output reads them);
- the salt: the settings and every school (repr, as record_cache keys them), the generator's code,
  Python's and the installed packages' versions, and the system's rules for the site's time zone.
No piece kept here reads the clock (`now`): a piece that did would have to add its day to its arguments.

One pickle file, stamped with FORMAT and the salt: a file from another version, another salt, or
one that cannot be read is ignored (the pieces are made again) and rewritten. It keeps only the
pieces the last build used, so it never outgrows the content, and is rewritten (atomically) only
when that set changed. A piece may be made of pieces (a story's page holds its staff panel and its
head): the file notes which, and a build that finds the whole page carries its parts over unread, so
they are there, without being made again, when the page alone must be (a neighbour's new title).
Renderers stay pure: they call `fragment(kind, args, make)`, which is
`make()` when no build has the cache open (render/site.py opens it beside the Markdown cache).
"""
from __future__ import annotations

import gc
import hashlib
import pickle
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from pydantic import BaseModel

from generator.record_cache import code_digest, key, zone_stamp
from generator.write import write_atomic_with

FILE = "fragments.pickle"  # under the cache folder (.cache/ beside mkdocs.yml)
FORMAT = b"plymouth-schools fragments 3\n"  # change it when what a piece holds changes shape

T = TypeVar("T")


class FragmentMemo:
    """Key → piece for one build: what the cache file held, and what this build used or made."""

    def __init__(self, known: dict[str, Any], known_parts: dict[str, tuple[str, ...]] | None = None):
        self.known = known
        self.known_parts = known_parts or {}  # key → the keys of the pieces it was made of
        self.used: dict[str, Any] = {}
        self.parts: dict[str, tuple[str, ...]] = {}
        self.making: list[list[str]] = []  # for each piece being made (innermost last), the pieces it used
        self.shown: dict[int, tuple[BaseModel, str]] = {}

    def carry(self, name: str, held: Any) -> None:
        """Use a piece the file holds, and carry over the pieces it was made of (and theirs)."""
        self.used[name] = held
        parts = self.known_parts.get(name)
        if parts:
            self.parts[name] = parts
            for part in parts:
                if part not in self.used and part in self.known:
                    self.carry(part, self.known[part])

    def text(self, arg: object) -> str:
        """repr(arg); for a record, the hash of its repr, worked out once a build (frozen, and keyed
        by several pieces; the hash, not a story's whole text, is held for the build: peak memory).
        The record is held with it, so its id cannot be another object's meanwhile."""
        if not isinstance(arg, BaseModel):
            return repr(arg)
        found = self.shown.get(id(arg))
        if found is None or found[0] is not arg:
            found = self.shown[id(arg)] = (arg, hashlib.sha256(repr(arg).encode()).hexdigest())
        return found[1]


_memo: FragmentMemo | None = None
PACK_FROM = 2048  # characters: a longer text piece (a staff panel, some 8 KB) is held and kept compressed


class _Packed(bytes):
    """A long text piece as the cache holds it: zlib-compressed UTF-8 (at 5,000 stories the staff
    panels alone were 41 MB of the build's peak memory as text, a fifth of that packed)."""


def _pack(piece: Any) -> Any:
    return _Packed(zlib.compress(piece.encode(), 1)) if isinstance(piece, str) and len(piece) >= PACK_FROM else piece


def _unpack(held: Any) -> Any:
    return zlib.decompress(held).decode() if isinstance(held, _Packed) else held


def fragment(kind: str, args: Iterable[object], make: Callable[[], T]) -> T:
    """make(), or the piece an earlier build made for the same kind and arguments (under this build's salt)."""
    memo = _memo
    if memo is None:
        return make()
    name = key(kind, *map(memo.text, args))
    if memo.making:
        memo.making[-1].append(name)  # a part of the piece being made
    held = memo.used.get(name)
    if held is None:
        held = memo.known.get(name)
        if held is None:
            memo.making.append([])
            try:
                made = make()
            finally:
                parts = memo.making.pop()
            memo.used[name] = _pack(made)
            if parts:
                memo.parts[name] = tuple(dict.fromkeys(parts))
            return made
        memo.carry(name, held)
    return _unpack(held)


def keep(kind: str, args: Iterable[object]) -> None:
    """Carry a piece the cache holds over to the next build without using it now: a story's feed
    item, when every feed it is in came whole from the cache, is needed again once one of them changes."""
    memo = _memo
    if memo is None:
        return
    name = key(kind, *map(memo.text, args))
    if memo.making:
        memo.making[-1].append(name)
    if name not in memo.used and name in memo.known:
        memo.carry(name, memo.known[name])


def salt(settings: Any, schools: Iterable[object]) -> str:
    """What every piece depends on besides its own arguments (the zone's rules decide local times)."""
    from generator.inputs import _installed

    return key(FORMAT, repr(settings), "\0".join(map(repr, schools)), code_digest(), sys.version,
               "\0".join(_installed()), zone_stamp(settings.time_zone))


@contextmanager
def fragment_cache(folder: Path | None, settings: Any, schools: Iterable[object]) -> Iterator[None]:
    """Within the block, fragment() answers from `folder`'s cache; after it, the file holds exactly
    what the block used (written only if that changed). No folder: no cache, every piece is made."""
    global _memo
    if folder is None:
        yield
        return
    path = folder / FILE
    build_salt = salt(settings, schools)
    known, known_parts = _read(path, build_salt)
    _memo = memo = FragmentMemo(known, known_parts)
    try:
        yield
    finally:
        _memo = None
    changed = memo.used.keys() != known.keys()
    known.clear()  # what this build did not use goes before the file is written (peak memory)
    known_parts.clear()
    memo.shown.clear()
    if changed:
        def write(out: BinaryIO) -> None:  # pickled straight to the file: its bytes are never all in memory
            out.write(FORMAT)
            pickle.dump((build_salt, memo.used, memo.parts), out, protocol=pickle.HIGHEST_PROTOCOL)

        try:
            write_atomic_with(path, write)
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            pass  # a failed write only costs speed next time


def _read(path: Path, build_salt: str) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
    """The pieces of the cache file and what each was made of, or none when the file is missing,
    foreign, from another salt or damaged."""
    collecting = gc.isenabled()
    gc.disable()  # thousands of strings, none of them garbage: no collection passes
    try:
        with path.open("rb") as source:  # unpickled as read: the file's bytes are never all in memory
            if source.read(len(FORMAT)) != FORMAT:
                return {}, {}
            found_salt, pieces, parts = pickle.load(source)  # noqa: S301 - our own cache folder
    except Exception:  # noqa: BLE001 - any damage (or no file): make every piece afresh
        return {}, {}
    finally:
        if collecting:
            gc.enable()
    if found_salt != build_salt or not isinstance(pieces, dict) or not isinstance(parts, dict):
        return {}, {}
    return pieces, parts
