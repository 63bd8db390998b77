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

Run by `python -m generator build` on the staging folder before the swap; after `zensical build`
run it yourself:  python -m generator.search_index site
The bundle (index, Pagefind's UI script and stylesheet) goes to site/pagefind/ (routes.SEARCH_BUNDLE).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator import routes

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


def command(site_dir: Path) -> list[str]:
    """The Pagefind command line for a built site folder."""
    args = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
            "--output-subdir", routes.SEARCH_BUNDLE.rstrip("/"), "--silent"]
    for selector in EXCLUDE_SELECTORS:
        args += ["--exclude-selectors", selector]
    return args


def index_site(site_dir: Path) -> None:
    """Write Pagefind's index and UI into site_dir/pagefind/; raises SearchIndexFailed."""
    try:
        result = subprocess.run(command(Path(site_dir)), capture_output=True, text=True, timeout=1800, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexFailed(f"Pagefind could not run ({exc}): make deps installs it (pagefind[bin])") from exc
    if result.returncode:
        output = (result.stderr or result.stdout).strip()
        raise SearchIndexFailed(f"Pagefind could not index the site (exit {result.returncode}): {output}")


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
