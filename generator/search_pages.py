"""The pages the site search indexes, made from the generated pages before MkDocs runs.

Pagefind indexes only what a page wraps in `data-pagefind-body`: overrides/main.html wraps a
story's, key date's or school's content (the page's HTML blocks as the generator wrote them) in
that element, with the page's kind, date and sort key from its front matter `pagefind`
(generator/render/search_meta.py). Handing Pagefind the same element as a small page of its own,
straight from the generated Markdown, gives the same index byte for byte (tests/test_search_pages.py
builds both and compares them), without Pagefind parsing Material's header, menus and footer on
every page (43 MB at 1,000 stories) and without waiting for MkDocs: generator/search_index.py
runs it beside the site build, as

    python -m generator.search_pages DOCS_DIR PAGES_DIR -- PAGEFIND_COMMAND…

which brings PAGES_DIR (kept between builds) in line with the pages made from DOCS_DIR's
generated pages (its manifest), then becomes the Pagefind command (so stopping the process stops
Pagefind). With no page to index it exits 0 and Pagefind is not run.

Only generated pages are read: a hand-written page in docs/ is never indexed (none carries
`pagefind`; `python -m generator.search_index SITE`, which reads a built site, would index one).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from html import escape
from pathlib import Path

from generator import routes
from generator.write import read_manifest

# mkdocs.yml's theme.language, which Material writes as <html lang>: Pagefind keeps one index per
# language, named after it (tests/test_search_pages.py checks the two agree).
LANGUAGE = "en-GB"

# overrides/main.html's wrapper, attribute for attribute.
_BODY = ('<div data-pagefind-body data-pagefind-meta="type[data-type], date[data-date]" '
         'data-pagefind-sort="rank[data-rank]" data-type="{type}" data-date="{date}" data-rank="{rank}">')
_PAGE = '<!doctype html><html lang="{language}"><head><meta charset="utf-8"></head><body>{body}\n{content}</div></body></html>\n'
_FENCE = b"---\n"
_HASHES = ".hashes.json"  # in the pages folder: each page's sha256 (write_search_pages)
_LOCK = ".lock"  # in the pages folder: one build at a time writes and indexes it
_KEY = b"pagefind: "


def search_pages(outputs: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, str]]:
    """(the page's file in the built site, a page holding only what Pagefind indexes) for each
    generated page whose front matter carries `pagefind`, from docs-relative paths and bytes."""
    for path, data in outputs:
        if not path.endswith(".md") or not data.startswith(_FENCE):
            continue
        end = data.find(b"\n" + _FENCE, len(_FENCE) - 1)
        if end < 0:
            continue
        found = _search_meta(data[len(_FENCE):end])
        if found is None:
            continue
        body = _BODY.format(type=escape(str(found.get("type") or "")), date=escape(str(found.get("date") or "")),
                            rank=escape(str(found.get("rank") or "")))
        content = data[end + 1 + len(_FENCE):].decode("utf-8")
        yield routes.built_page(path), _PAGE.format(language=LANGUAGE, body=body, content=content)


def _search_meta(head: bytes) -> dict | None:
    """The `pagefind` mapping of a generated page's front matter (one `key: JSON value` a line,
    generator/render/text.py's front_matter), or None."""
    for line in head.split(b"\n"):
        if line.startswith(_KEY):
            value = json.loads(line[len(_KEY):])
            return value if isinstance(value, dict) else None
    return None


def write_search_pages(docs_dir: Path, pages_dir: Path) -> int:
    """Bring pages_dir in line with the pages made from docs_dir's generated pages; how many."""
    generated = ((relative, (docs_dir / relative).read_bytes()) for relative in read_manifest(docs_dir)
                 if relative.endswith(".md"))
    return update_search_pages(search_pages(generated), pages_dir) or 0


def update_search_pages(pages: Iterable[tuple[str, str]], pages_dir: Path, most: int | None = None) -> int | None:
    """Bring pages_dir in line with these pages (search_pages' pairs); how many. With `most`: None,
    and pages_dir untouched, when more than that many pages would be written.

    pages_dir is kept between builds (.cache/search-pages) with each page's hash beside it, so a
    rebuild writes only the pages whose bytes changed and removes those no longer made: creating
    and deleting 1,300 files costs seconds on a slow disk, reading them does not. The record is
    removed while pages are written, so a run stopped half-way leaves a folder that the next one
    rewrites whole.
    """
    pages_dir.mkdir(parents=True, exist_ok=True)
    record = pages_dir / _HASHES
    try:
        known = json.loads(record.read_text("utf-8"))
        known = known if isinstance(known, dict) else None
    except (OSError, ValueError):
        known = None
    held: dict[str, bytes] | None = None  # with `most`, the changed pages, written once all are known
    if most is None:
        _begin(record, known, pages_dir)
    else:
        held = {}
    hashes: dict[str, str] = {}
    for path, text in pages:
        data = text.encode("utf-8")
        hashes[path] = hashlib.sha256(data).hexdigest()
        if (known or {}).get(path) == hashes[path]:
            continue
        if held is None:
            _write(pages_dir / path, data)
        else:  # only pages that changed are held, and no more than `most`
            held[path] = data
            if most is not None and len(held) > most:
                return None
    if held is not None:
        _begin(record, known, pages_dir)
        for path, data in held.items():
            _write(pages_dir / path, data)
    for path in sorted(set(known or {}) - set(hashes)):
        (pages_dir / path).unlink(missing_ok=True)
    record.write_text(json.dumps(hashes, sort_keys=True), "utf-8")
    return len(hashes)


def _begin(record: Path, known: dict | None, pages_dir: Path) -> None:
    """Before the first page is written: the record removed, and with no record every page too."""
    record.unlink(missing_ok=True)
    if known is None:
        for entry in pages_dir.iterdir():
            if entry.name != _LOCK:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    """`python -m generator.search_pages DOCS_DIR PAGES_DIR -- COMMAND…` (see above)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 4 or args[2] != "--":
        print("usage: python -m generator.search_pages DOCS_DIR PAGES_DIR -- PAGEFIND_COMMAND...", file=sys.stderr)
        return 2
    try:
        _lock(Path(args[1]))
        count = write_search_pages(Path(args[0]), Path(args[1]))
    except (OSError, ValueError) as exc:
        print(f"the pages to index could not be made: {exc}", file=sys.stderr)
        return 1
    if not count:
        return 0
    command = args[3:]
    sys.stdout.flush()
    try:
        if os.name == "posix":
            os.execv(command[0], command)  # Pagefind in this process's place: stopping it stops Pagefind
        return subprocess.call(command)
    except OSError as exc:
        print(f"Pagefind could not run ({exc}): make deps installs it (pagefind[bin])", file=sys.stderr)
        return 1


def _lock(pages_dir: Path) -> None:
    """Hold pages_dir for this process and the Pagefind it becomes, so two builds beside one
    mkdocs.yml never write it at once (the second waits)."""
    if os.name == "posix":
        fd = lock(pages_dir, wait=True)
        if fd is not None:
            os.set_inheritable(fd, True)  # kept open, and the lock held, across the exec into Pagefind


def lock(pages_dir: Path, *, wait: bool) -> int | None:
    """An open descriptor holding pages_dir's lock (posix only), or None when `wait` is False and
    another build holds it. The lock lasts while any process keeps the descriptor open: a build
    hands it to the Pagefind it starts (search_index.BackgroundIndex.start_from), then closes its own."""
    import fcntl

    pages_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(pages_dir / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


if __name__ == "__main__":
    raise SystemExit(main())
