"""Story bodies' HTML kept between builds, by content hash, beside the card cache in .cache/.

Rendering Markdown and sanitising it (generator/render/text.py) was a quarter of the generator
step, and a body rarely changes once published. The cache is one JSON file (reading thousands of
small files would cost more than it saves): the hash of each text → its HTML, under a `salt`
made of Python-Markdown's and nh3's versions and text.py's own source, so a new library or a
change to the allowlist starts an empty cache (the deploy restores an older .cache by prefix).
It keeps what the last build used and the texts the content still holds that it did not need (a
page the fragment cache had whole renders no Markdown, yet its body is needed again the day a
neighbour's new title makes the page be assembled again): it never outgrows the content, and is
rewritten only when that changed. The HTML comes out byte for byte as rendering it again would: renderers call
markdown_html as before, which asks lookup() first; render/site.py opens the cache for a build.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from generator.write import write_atomic

FILE = "markdown.json"  # under the cache folder (.cache/ beside mkdocs.yml)
_TEXT_PY = Path(__file__).parent / "render" / "text.py"  # renders the HTML: part of the salt


class MarkdownMemo:
    """Text → HTML for one build: what the cache file held, and what this build used or made."""

    def __init__(self, known: dict[str, str]):
        self.known = known
        self.used: dict[str, str] = {}

    def get(self, source: str) -> str | None:
        key = _key(source)
        found = self.used.get(key)
        if found is None:
            found = self.known.get(key)
            if found is not None:
                self.used[key] = found
        return found

    def put(self, source: str, made: str) -> None:
        self.used[_key(source)] = made


_memo: MarkdownMemo | None = None


def lookup(source: str) -> str | None:
    """The HTML kept for this Markdown, when a build's cache is open and has it."""
    return _memo.get(source) if _memo is not None else None


def remember(source: str, made: str) -> None:
    """Keep the HTML just rendered for this Markdown, when a build's cache is open."""
    if _memo is not None:
        _memo.put(source, made)


@contextmanager
def markdown_cache(folder: Path | None, live: Iterable[str] = ()) -> Iterator[None]:
    """Within the block, markdown_html answers from `folder`'s cache; after it, the cache holds
    what the block used and what it held of the `live` texts (the content's), written only if that
    changed. No folder: no cache."""
    global _memo
    if folder is None:
        yield
        return
    path = folder / FILE
    known = _read(path)
    _memo = memo = MarkdownMemo(known)
    try:
        yield
    finally:
        _memo = None
    for text in live:
        key = _key(text)
        if key not in memo.used and key in known:
            memo.used[key] = known[key]
    if memo.used != known:
        write_atomic(path, json.dumps({"salt": _salt(), "html": memo.used}, ensure_ascii=False, sort_keys=True))


def _read(path: Path) -> dict[str, str]:
    """The cache file's entries, or none when it is missing, unreadable or from other code."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("salt") != _salt() or not isinstance(data.get("html"), dict):
        return {}
    return {key: value for key, value in data["html"].items() if isinstance(value, str)}


def _key(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()


_SALT: str | None = None


def _salt() -> str:
    """What the HTML depends on besides the text: the libraries' versions and text.py itself."""
    global _SALT
    if _SALT is None:
        parts = [metadata.version("markdown"), metadata.version("nh3"), _TEXT_PY.read_text("utf-8")]
        _SALT = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
    return _SALT
