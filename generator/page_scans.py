"""What MkDocs' fast path learnt about each generated page, kept between builds in .cache/.

generator/mkdocs_fast.py checks every generated page twice before trusting it: its front matter
is exactly what YAML would read (front_matter.get_data re-serialises each value to compare) and
its body is raw HTML blocks only (html_blocks.scan_html, one pass over every tag). Together
that was a quarter of the MkDocs phase at 1,000 stories, for pages that mostly have not changed
since the last build. So the answers are kept by the hash of the text they were found for: a
front matter found exact (the page is then read with json alone), and a body's anchor ids (or
that it is not plain HTML). The file is one JSON object under a salt made of the Python,
Markdown, PyYAML and MkDocs versions and the two checking modules' own source, so other code
starts it empty. It keeps what this build used and what earlier builds did, up to two answers for
each of two versions of every generated page (a build that renders a few pages, reusing the rest,
does not empty it; it never outgrows the content), and is rewritten only when that changed.
"""
from __future__ import annotations

import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.write import write_atomic

FILE = "page-scans.json"  # under the cache folder (.cache/ beside mkdocs.yml)
_CHECKERS = ("html_blocks.py", "front_matter.py")  # their answers are kept: part of the salt
_UNKNOWN = object()


class PageScans:
    """One build's view of the file: what it held, and what this build used or found."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known = _read(path) if path is not None else {}
        self.used: dict[str, Any] = {}
        self.hits = 0  # answers taken from the file in this build (for tests and profiles)

    def _get(self, key: str) -> Any:
        found = self.used.get(key, _UNKNOWN)
        if found is _UNKNOWN:
            found = self.known.get(key, _UNKNOWN)
            if found is not _UNKNOWN:
                self.used[key] = found
                self.hits += 1
        return found

    def exact_front_matter(self, doc: str) -> bool:
        """True when this page's front matter was found exact before (front_matter.get_data)."""
        return self._get(_key("front", doc)) is True

    def found_exact(self, doc: str) -> None:
        self.used[_key("front", doc)] = True

    def body(self, markdown: str) -> tuple[bool, list[str] | None]:
        """(known, anchor ids): known False when this body was never scanned; ids None when
        scan_html found it is not raw HTML blocks only."""
        found = self._get(_key("body", markdown))
        if found is _UNKNOWN or not (found is None or isinstance(found, list)):
            return False, None
        return True, found

    def scanned(self, markdown: str, anchor_ids: list[str] | None) -> None:
        self.used[_key("body", markdown)] = anchor_ids

    def save(self, limit: int) -> None:
        """Write what this build used, then older entries up to `limit` in all; only if it changed."""
        if self.path is None:
            return
        kept = dict(self.used)
        for key, value in self.known.items():
            if len(kept) >= limit:
                break
            kept.setdefault(key, value)
        if kept != self.known:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(self.path, json.dumps({"salt": _salt(), "pages": kept}, sort_keys=True))
            except OSError:
                pass  # a cache that cannot be kept costs the next build time, never this one its site


def _read(path: Path) -> dict[str, Any]:
    """The file's entries, or none when it is missing, unreadable or from other code."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("salt") != _salt() or not isinstance(data.get("pages"), dict):
        return {}
    return data["pages"]


def _key(kind: str, text: str) -> str:
    return hashlib.blake2b(f"{kind}\0{text}".encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


_SALT: str | None = None


def _salt() -> str:
    """What the kept answers depend on besides the text: the versions and the checkers' source."""
    global _SALT
    if _SALT is None:
        here = Path(__file__).parent
        parts = [sys.version, *(metadata.version(name) for name in ("markdown", "pyyaml", "mkdocs")),
                 *((here / name).read_text("utf-8") for name in _CHECKERS)]
        _SALT = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
    return _SALT
