"""Pagefind's output folder seeded with hard links to the site's current bundle, so a build creates
only the index files that changed.

Why: Pagefind writes about 1,350 files a build at 1,000 stories (a fragment per page, index
chunks), and on the file systems the site is built on here and in CI (ext4 without a journal)
each create scans past every inode freed in the last minutes: its `open` calls took 3 to 7 s of
system time a one-story build, and deleting the bundle before last freed as many inodes again.
Pagefind (pinned in requirements/) names these files by their content's hash and does not write
one that already exists, so seed() links the current site's hashed files into the new output
folder first (a link creates no inode), Pagefind writes only the new ones and its dozen fixed-name
files (pagefind.js, pagefind-entry.json: never seeded, since it rewrites them in place), and
prune() removes the seeded links its new index no longer names (read from each language's
`pagefind.<hash>.pf_meta`, gzip'd CBOR). tests/test_incremental.py compares the result with a
clean build's, byte for byte; generator/search_index.py falls back to indexing the built site
when prune() cannot read the index.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import stat
import struct
from pathlib import Path

from generator import routes

HASHED = re.compile(r"[A-Za-z0-9-]+_[0-9a-f]+\.pf_[a-z]+")  # fragment/en-gb_05a5d60.pf_fragment, index/…, filter/…
SIGNATURE = b"pagefind_dcd"


def seed(current: Path, bundle: Path) -> set[str]:
    """Hard-link the hashed files of the current bundle (a site's pagefind/ folder) into bundle;
    returns what was linked (paths relative to bundle). Whatever cannot be linked is left to Pagefind."""
    seeded: set[str] = set()
    try:
        folders = [entry for entry in os.scandir(current) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return seeded  # no current bundle
    for folder in folders:
        try:
            (bundle / folder.name).mkdir(parents=True, exist_ok=True)
            with os.scandir(folder.path) as entries:
                for entry in entries:
                    if HASHED.fullmatch(entry.name) and stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                        os.link(entry.path, bundle / folder.name / entry.name)
                        seeded.add(f"{folder.name}/{entry.name}")
        except OSError:
            continue
    return seeded


def prune(bundle: Path, seeded: set[str]) -> int:
    """Remove the seeded files the new index does not name; returns how many. Raises ValueError
    (or OSError) when the index cannot be read: the bundle may then hold stale files."""
    names: set[str] = set()
    entry = json.loads((bundle / routes.SEARCH_ENTRY).read_text("utf-8"))
    for language in entry["languages"].values():
        raw = gzip.decompress((bundle / f"pagefind.{language['hash']}.pf_meta").read_bytes())
        if not raw.startswith(SIGNATURE):
            raise ValueError("not a Pagefind meta file")
        names |= _cbor_strings(raw[len(SIGNATURE):])
    removed = 0
    for path in seeded:
        if path.rpartition("/")[2].rpartition(".")[0] not in names:
            (bundle / path).unlink()
            removed += 1
    return removed


def _cbor_strings(data: bytes) -> set[str]:
    """Every text string in a CBOR document (RFC 8949; definite lengths, as Pagefind writes)."""
    found: set[str] = set()
    position = 0
    pending = 1  # items still to read at this level and below
    try:
        while pending:
            pending -= 1
            head = data[position]
            position += 1
            major, info = head >> 5, head & 31
            if info < 24:
                size = info
            elif info <= 27:
                width = 1 << (info - 24)
                size = int.from_bytes(data[position:position + width], "big")
                position += width
            else:
                raise ValueError("CBOR of indefinite length")
            if major == 3:
                found.add(data[position:position + size].decode("utf-8"))
            if major in (2, 3):
                position += size
                if position > len(data):
                    raise ValueError("CBOR cut short")
            elif major == 4:
                pending += size
            elif major == 5:
                pending += 2 * size
            elif major == 6:
                pending += 1
    except (IndexError, UnicodeDecodeError, struct.error) as exc:
        raise ValueError(f"unreadable CBOR: {exc}") from exc
    return found
