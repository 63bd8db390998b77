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

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator import routes, search_pages, search_seed
from generator.outputs import OutputSet

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
    args = [*pagefind_program(), "--site", str(site_dir), *where, "--silent"]
    for selector in EXCLUDE_SELECTORS:
        args += ["--exclude-selectors", selector]
    return args


def pagefind_program() -> list[str]:
    """The Pagefind binary, found as `python -m pagefind` finds it (pagefind/service: the
    PAGEFIND_BINARY_PATH variable, then the pagefind_bin_extended and pagefind_bin packages, then
    the PATH), without that second Python start-up before every index; `python -m pagefind` when
    none is found, which then explains what is missing."""
    found = os.environ.get("PAGEFIND_BINARY_PATH")
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        if found:
            break
        try:
            found = str(importlib.import_module(package).get_executable())
        except (ImportError, OSError):
            continue
    found = found or shutil.which("pagefind_extended") or shutil.which("pagefind")
    return [str(Path(found).resolve())] if found else [sys.executable, "-m", "pagefind"]


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

    start_from(outputs), called as soon as the pages are generated (before the docs folder is
    written), updates the pages Pagefind reads (generator/search_pages.py) in pages_dir, kept
    between builds, from the build's own bytes, and starts the Pagefind binary on them: Pagefind
    is the build's longest path after a small edit, and this saves it the docs folder's writing,
    two Python start-ups and a read of 1,300 pages. It writes only the pages that changed, so it
    costs the build's thread little; when many changed (a clean build, where MkDocs is the
    longest path) or another build holds pages_dir, it leaves the work to start().

    start(), once the docs folder is written, does the rest unless start_from did:
    `python -m generator.search_pages` on that folder writes the pages, then becomes Pagefind. A
    process, not a thread: writing 1,300 small files from a thread while MkDocs holds the GIL took
    seconds. Either way Pagefind writes the bundle and its log into a hidden folder beside the site
    (.site-search-…, like the staging folder .site-new-…) and holds pages_dir's lock while it reads
    it (two builds beside one mkdocs.yml take turns). finish(staging) waits for it and moves the
    bundle into the staging folder (MkDocs empties that folder as it starts, so the bundle waits
    outside); close() stops it and removes the folder, whatever happened. A failure raises
    SearchIndexFailed before the swap: the previous site stays. With no page to index, finish()
    indexes the built site instead, as Pagefind alone would.
    """

    MOST_WRITTEN = 200  # pages start_from writes itself; beyond, the process of start() writes them

    def __init__(self, docs_dir: Path, site_dir: Path, pages_dir: Path):
        self._docs_dir = Path(docs_dir)
        self._pages_dir = Path(pages_dir)
        self._site_dir = Path(site_dir)
        self._folder: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._started = False
        self._declined = False
        self._from: set[str] | None = None  # the generated pages start_from saw, when it started Pagefind
        self._seeded: set[str] = set()  # the current site's index files linked into the bundle (search_seed.py)

    def start_from(self, outputs: OutputSet) -> bool:
        """Start Pagefind on the pages made from the build's generated files, if this process may
        write them now (see above); True when it did. Raises SearchIndexFailed."""
        if self._started or self._declined or os.name != "posix":
            return self._started
        self._declined = True  # until Pagefind is started: start() does the work
        try:
            fd = search_pages.lock(self._pages_dir, wait=False)
        except OSError as exc:
            raise SearchIndexFailed(f"the pages to index could not be made: {exc}") from exc
        if fd is None:
            return False  # another build is indexing: start()'s process waits for it
        try:
            seen: set[str] = set()
            try:
                pages = search_pages.search_pages(_generated_pages(outputs, seen))
                count = search_pages.update_search_pages(pages, self._pages_dir, most=self.MOST_WRITTEN)
            except (OSError, ValueError) as exc:
                raise SearchIndexFailed(f"the pages to index could not be made: {exc}") from exc
            if count is None:
                return False  # many pages to write: start()'s process writes them beside MkDocs
            folder = self._make_folder()
            self._started, self._declined, self._from = True, False, seen
            if count:  # else finish() indexes the built site
                self._spawn(command(self._pages_dir, folder / "bundle"), "Pagefind could not run ({}): make deps installs it "
                            "(pagefind[bin])", pass_fds=(fd,))  # Pagefind holds the lock while it reads the pages
        finally:
            os.close(fd)
        return True

    def misses(self, outputs: OutputSet) -> bool:
        """True when start_from started Pagefind before `outputs` held every page to index (a
        renderer that runs after the pages made one): the build then starts a new index."""
        if self._from is None:
            return False
        seen = self._from
        return any(path not in seen and any(search_pages.search_pages([(path, data)]))
                   for path, data in _generated_pages(outputs))

    def start(self, docs_dir: Path | None = None) -> None:
        """Start indexing the generated pages of the docs folder (default: the one given to the
        constructor), unless start_from already did."""
        if self._started:
            return
        folder = self._make_folder()
        self._started = True
        docs_dir = Path(docs_dir) if docs_dir else self._docs_dir
        self._spawn([sys.executable, "-m", "generator.search_pages", str(docs_dir), str(self._pages_dir), "--",
                     *command(self._pages_dir, folder / "bundle")], "the search index could not be started ({})")

    def _make_folder(self) -> Path:
        self._site_dir.parent.mkdir(parents=True, exist_ok=True)
        self._folder = folder = Path(tempfile.mkdtemp(prefix=f".{self._site_dir.name}-search-", dir=self._site_dir.parent))
        # Pagefind writes only the index files the current site lacks (generator/search_seed.py).
        self._seeded = search_seed.seed(self._site_dir / routes.SEARCH_BUNDLE.rstrip("/"), folder / "bundle")
        return folder

    def _spawn(self, args: list[str], failure: str, pass_fds: tuple[int, ...] = ()) -> None:
        assert self._folder is not None
        package = str(Path(__file__).resolve().parent.parent)  # this generator, wherever the build runs from
        env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")]))}
        with (self._folder / "pagefind.log").open("wb") as log:
            try:
                self._process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                                 env=env, pass_fds=pass_fds)
            except OSError as exc:
                raise SearchIndexFailed(failure.format(exc)) from exc

    def finish(self, site_dir: Path) -> None:
        """Wait for Pagefind and put its bundle into site_dir/pagefind/; raises SearchIndexFailed."""
        if not self._started or self._folder is None:
            raise RuntimeError("finish() before start()")
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
        bundle = self._folder / "bundle"
        if self._seeded:
            try:
                search_seed.prune(bundle, self._seeded)
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                shutil.rmtree(bundle, ignore_errors=True)  # stale files may be left: index the built site instead
        if not (bundle / routes.SEARCH_ENTRY).is_file():
            index_site(site_dir)  # no generated page to index
            return
        bundle.rename(Path(site_dir) / routes.SEARCH_BUNDLE.rstrip("/"))

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)


def _generated_pages(outputs: OutputSet, seen: set[str] | None = None) -> Iterator[tuple[str, bytes]]:
    """The generated pages among a build's files, as (docs-relative path, bytes), each path also
    added to `seen`: the files it names by their path on disk (cards, photos) are not read."""
    for path, data in outputs.sources():
        if path.endswith(".md"):
            if seen is not None:
                seen.add(path)
            yield path, data.read_bytes() if isinstance(data, Path) else data


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
