"""The site's search: Pagefind indexes the built site folder, after MkDocs (or Zensical).

Material's own search (lunr) sends every reader the whole index, 5.7 MB at 1,000 stories, on
every page load. Pagefind instead splits its index into small compressed chunks, and a search
fetches only the chunks and result fragments its words need (README.md, "Search").

What is indexed is decided by the pages themselves (overrides/main.html): a page whose front
matter carries `pagefind` (story, key date and school pages, see generator/render/search_meta.py)
wraps its content in `data-pagefind-body`, with its kind, date and sort key as Pagefind meta,
filter and sort attributes. Pagefind then indexes only those pages and, within them, skips the
parts below (share panels, "add to calendar", lists of other stories and dates), so the menus,
footers and list pages never turn up as hits.

`python -m generator build` does not wait for the built site: `BackgroundIndex` hands Pagefind
only those wrapped elements, taken from the generated pages (generator/search_pages.py), and runs
it in its own process while MkDocs builds; its bundle is moved into the staging folder before the
swap. The index is the same byte for byte, but Pagefind reads 1,300 small pages instead of 43 MB
of built ones at 1,000 stories, on the other core. After `zensical build` index the built site
yourself:  python -m generator.search_index site
The bundle (index, Pagefind's UI script and stylesheet) goes to site/pagefind/ (routes.SEARCH_BUNDLE).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from generator import routes
from generator.search_pages import search_pages

TIMEOUT = 1800  # seconds: far beyond 5,000 stories' index; a Pagefind that hangs fails the build

# Parts of an indexed page that are not its content: each is left out of the index. Class names
# are the renderers' (generator/render/*.py); tests/test_search.py checks that their text is not found.
EXCLUDE_SELECTORS = (
    ".comms-panel",        # "For press and school staff": share links and suggested posts
    ".add-to-calendar",    # a key date's calendar links
    ".event-links",        # "All key dates", "… on the calendar"
    ".event-facts dt",     # the labels "When", "Who it is for", …: their values stay
    ".school-facts dt",    # "Trust", "Website"
    ".more-from",          # a story's "More from <school>" list
    ".story-cards",        # a school's latest stories (each story has its own page)
    ".story-list",
    ".key-dates",          # a school's key dates (each date has its own page)
    ".more-link",
    ".more-links",         # "All key dates for <school>", …
    ".follow",             # a school's, category's or tag's "Follow" block: calendar and feed links
    ".follow-jump",
    ".story-rows",         # lists of other stories (a school page without stories lists none)
    ".story-pager",        # a story's newer and older story
    ".no-stories",         # "No stories yet: send one"
    ".pagination",
)


class SearchIndexFailed(OSError):
    """Pagefind could not index the site. An OSError, so the build reports it as it reports a site
    that could not be finished, and keeps the previous site in place."""


def command(site_dir: Path, output: Path | None = None) -> list[str]:
    """The Pagefind command line for a site folder: the bundle into its pagefind/, or into output."""
    where = ["--output-path", str(output)] if output else ["--output-subdir", routes.SEARCH_BUNDLE.rstrip("/")]
    args = [sys.executable, "-m", "pagefind", "--site", str(site_dir), *where, "--silent"]
    for selector in EXCLUDE_SELECTORS:
        args += ["--exclude-selectors", selector]
    return args


def index_site(site_dir: Path) -> None:
    """Write Pagefind's index and UI into site_dir/pagefind/; raises SearchIndexFailed."""
    try:
        result = subprocess.run(command(Path(site_dir)), capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexFailed(f"Pagefind could not run ({exc}): make deps installs it (pagefind[bin])") from exc
    if result.returncode:
        output = (result.stderr or result.stdout).strip()
        raise SearchIndexFailed(f"Pagefind could not index the site (exit {result.returncode}): {output}")


class BackgroundIndex:
    """Pagefind indexing the generated pages in its own process while MkDocs builds the site.

    start() hands a thread the work: write the pages Pagefind reads (generator/search_pages.py)
    into a hidden folder beside the site (.site-search-…, like the staging folder .site-new-…),
    then start Pagefind on them. Writing 1,300 small files can cost a second of system time on a
    slow disk, so the thread does it while MkDocs runs (a write releases the GIL). finish(staging)
    waits for both and moves the bundle into the staging folder (MkDocs empties that folder as it
    starts, so the bundle waits outside); close() stops them and removes the folder, whatever
    happened. A failure raises SearchIndexFailed from finish(), before the swap: the previous site
    stays. With no page to index, finish() indexes the built site instead, as Pagefind alone would.
    """

    def __init__(self, outputs: Iterable[tuple[str, bytes]], site_dir: Path):
        self._outputs = outputs
        self._site_dir = Path(site_dir)
        self._folder: Path | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopped = False
        self._process: subprocess.Popen[bytes] | None = None
        self._error: str | None = None  # what went wrong in the thread, for SearchIndexFailed

    def start(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix=f".{self._site_dir.name}-search-", dir=self._site_dir.parent))
        self._thread = threading.Thread(target=self._run, args=(self._folder,), name="search-index", daemon=True)
        self._thread.start()

    def _run(self, folder: Path) -> None:
        try:
            count = 0
            for path, text in search_pages(self._outputs):
                if self._stopped:
                    return
                target = folder / "pages" / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, "utf-8")
                count += 1
        except OSError as exc:
            self._error = f"the pages to index could not be written: {exc}"
            return
        if not count:
            return
        try:
            with self._lock, (folder / "pagefind.log").open("wb") as log:
                if not self._stopped:
                    self._process = subprocess.Popen(command(folder / "pages", folder / "bundle"),
                                                     stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        except OSError as exc:
            self._error = f"Pagefind could not run ({exc}): make deps installs it (pagefind[bin])"

    def finish(self, site_dir: Path) -> None:
        """Wait for Pagefind and put its bundle into site_dir/pagefind/; raises SearchIndexFailed."""
        if self._thread is None or self._folder is None:
            raise RuntimeError("finish() before start()")
        self._thread.join()
        if self._error is not None:
            raise SearchIndexFailed(self._error)
        if self._process is None:
            index_site(site_dir)  # no generated page to index
            return
        try:
            code = self._process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise SearchIndexFailed(f"Pagefind did not finish indexing the site in {TIMEOUT} seconds") from exc
        if code:
            output = (self._folder / "pagefind.log").read_text("utf-8", errors="replace").strip()
            raise SearchIndexFailed(f"Pagefind could not index the site (exit {code}): {output}")
        (self._folder / "bundle").rename(Path(site_dir) / routes.SEARCH_BUNDLE.rstrip("/"))

    def close(self) -> None:
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
                self._process.wait()
        if self._thread is not None:
            self._thread.join()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """`python -m generator.search_index SITE_DIR`: index a site built by `zensical build` (or mkdocs)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m generator.search_index SITE_DIR", file=sys.stderr)
        return 2
    try:
        index_site(Path(args[0]))
    except SearchIndexFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"search index written to {Path(args[0]) / routes.SEARCH_BUNDLE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
