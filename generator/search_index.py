"""The site's search: Pagefind indexes the story, key date and school pages, beside MkDocs.

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
swap. The index is the same byte for byte, but Pagefind reads 1,300 small pages (16 MB) instead
of 43 MB of built ones at 1,000 stories, on the other core. After `zensical build` index the
built site yourself (index_site):  python -m generator.search_index site
The bundle (index, Pagefind's UI script and stylesheet) goes to site/pagefind/ (routes.SEARCH_BUNDLE).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator import routes

PAGES = Path(".cache/search-pages")  # beside mkdocs.yml: the pages Pagefind reads, kept between builds
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
    """Pagefind indexing the generated pages in a process of its own while MkDocs builds the site.

    start() starts `python -m generator.search_pages` on the docs folder just written: it updates
    the pages Pagefind reads (generator/search_pages.py) in pages_dir, kept between builds, then
    becomes Pagefind, which writes the bundle and its log into a hidden folder beside the site
    (.site-search-…, like the staging folder .site-new-…). A process, not a thread: writing 1,300
    small files from a thread while MkDocs holds the GIL took seconds. So the build's own thread
    only starts it, and the work runs on the other core. finish(staging) waits
    for it and moves the bundle into the staging folder (MkDocs empties that folder as it starts,
    so the bundle waits outside); close() stops it and removes the folder, whatever happened. A
    failure raises SearchIndexFailed before the swap: the previous site stays. With no page to
    index, finish() indexes the built site instead, as Pagefind alone would.
    """

    def __init__(self, docs_dir: Path, site_dir: Path, pages_dir: Path):
        self._docs_dir = Path(docs_dir)
        self._pages_dir = Path(pages_dir)
        self._site_dir = Path(site_dir)
        self._folder: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._folder = folder = Path(tempfile.mkdtemp(prefix=f".{self._site_dir.name}-search-", dir=self._site_dir.parent))
        args = [sys.executable, "-m", "generator.search_pages", str(self._docs_dir), str(self._pages_dir), "--",
                *command(self._pages_dir, folder / "bundle")]
        package = str(Path(__file__).resolve().parent.parent)  # this generator, wherever the build runs from
        env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")]))}
        with (folder / "pagefind.log").open("wb") as log:
            try:
                self._process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env)
            except OSError as exc:
                raise SearchIndexFailed(f"the search index could not be started ({exc})") from exc

    def finish(self, site_dir: Path) -> None:
        """Wait for Pagefind and put its bundle into site_dir/pagefind/; raises SearchIndexFailed."""
        if self._process is None or self._folder is None:
            raise RuntimeError("finish() before start()")
        try:
            code = self._process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise SearchIndexFailed(f"Pagefind did not finish indexing the site in {TIMEOUT} seconds") from exc
        if code:
            output = (self._folder / "pagefind.log").read_text("utf-8", errors="replace").strip()
            raise SearchIndexFailed(f"Pagefind could not index the site (exit {code}): {output}")
        bundle = self._folder / "bundle"
        if not bundle.is_dir():
            index_site(site_dir)  # no generated page to index
            return
        bundle.rename(Path(site_dir) / routes.SEARCH_BUNDLE.rstrip("/"))

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
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
