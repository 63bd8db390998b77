"""What a search costs a reader: bytes transferred per query on a built site (README.md, "Search").

    search_bytes(site_dir, queries) -> list[int]

serves site_dir on 127.0.0.1 compressed as GitHub Pages serves it (gzip for text files; Pagefind's
index files are compressed already), opens the home page in Chromium (Playwright, Debian's
/usr/bin/chromium), then for each query types it into the site's search and counts every byte
received (bodies as sent, plus headers) from the moment the search is opened or the query typed
until the results are shown and the network is quiet, counting only the search's own files (the
site's pagefind/ folder). The first figure includes the search library (Pagefind's UI, its
script, WebAssembly and index metadata); later ones are what each further query adds, with the
browser's cache as a reader's would be.

Run on its own it builds a synthetic site first (bench/benchmark.py's content: N stories over
the schools and tags, M events) and prints the figures:

    .venv/bin/python bench/search_bytes.py --stories 1000 [--events 300] [--keep DIR] [QUERY ...]

With --site DIR it measures an existing built site instead (e.g. `site/` after `make site`);
--keep DIR builds the synthetic site into DIR (DIR/site) and leaves it there.
A measurement, never a test: the figures are printed, and nothing is timed.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

from pages_server import serving  # noqa: E402  (the site served compressed, as GitHub Pages serves it)

from generator import routes  # noqa: E402

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUERIES = ["science", "careers evening", "story number 4321", "achievement"]
QUIET = 0.8  # seconds without a request in flight: the results are in


def search_bytes(site_dir: Path, queries: list[str]) -> list[int]:
    """Bytes transferred for each query, in order; the first includes the search library."""
    from playwright.sync_api import sync_playwright

    counted: list[int] = [0]
    in_flight: set = set()
    last = [time.monotonic()]

    def started(request) -> None:
        in_flight.add(request)
        last[0] = time.monotonic()

    def finished(request) -> None:
        in_flight.discard(request)
        last[0] = time.monotonic()
        if f"/{routes.SEARCH_BUNDLE}" not in request.url:
            return  # not the search's: e.g. Material fetching sitemap.xml late in the page's load
        try:
            sizes = request.sizes()
        except Exception:  # the page went away: nothing to count
            return
        counted[0] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    def failed(request) -> None:
        in_flight.discard(request)
        last[0] = time.monotonic()

    def settle(page) -> None:
        """Until the results (or "nothing found") are shown and no request has been in flight for QUIET s."""
        page.wait_for_function("() => { const m = document.querySelector('.pagefind-ui__message');"
                               " return m && !/Searching/.test(m.textContent); }", timeout=120_000)
        while in_flight or time.monotonic() - last[0] < QUIET:
            page.wait_for_timeout(100)

    figures = []
    with serving(Path(site_dir)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(url, wait_until="networkidle")
            page.on("request", started)
            page.on("requestfinished", finished)
            page.on("requestfailed", failed)
            for number, query in enumerate(queries):
                field = page.locator(".pagefind-ui__search-input")
                if number == 0:
                    counted[0] = 0
                    page.click("[data-psn-search-open]")
                    field.wait_for(timeout=120_000)
                else:
                    field.fill("")
                    page.wait_for_timeout(500)
                    counted[0] = 0
                field.fill(query)
                last[0] = time.monotonic()
                settle(page)
                figures.append(counted[0])
        finally:
            browser.close()
    return figures


def build_synthetic(root: Path, stories: int, events: int) -> Path:
    """bench/benchmark.py's synthetic content built into root/site (generator + MkDocs + Pagefind)."""
    sys.path.insert(0, str(REPO / "bench"))
    sys.path.insert(0, str(REPO / "tests"))
    from benchmark import make_content  # type: ignore[import-not-found]
    from browser_support import copy_project  # type: ignore[import-not-found]

    from generator.cli import main

    content = root / "content"
    make_content(content, stories, events)
    config = copy_project(root / "project")
    code = main(["build", "--config", str(config), "--content", str(content), "--site-dir", str(root / "site"),
                 "--now", "2026-11-23T12:00"])
    if code:
        raise SystemExit(f"the synthetic site did not build (exit {code})")
    return root / "site"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    parser.add_argument("--keep", type=Path, help="build the synthetic site into this folder and keep it")
    parser.add_argument("queries", nargs="*", default=QUERIES)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.site:
            site, label = args.site, str(args.site)
        else:
            root = args.keep or Path(tmp)
            site, label = build_synthetic(root, args.stories, args.events), f"{args.stories} stories, {args.events} events"
        bundle = site / "pagefind"
        index = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()) if bundle.is_dir() else 0
        figures = search_bytes(site, args.queries)
    print(f"search bytes per query ({label}; whole index on disk {index / 1024:.0f} KiB):")
    for number, (query, size) in enumerate(zip(args.queries, figures, strict=True)):
        print(f"  {'first' if number == 0 else 'later'} query {query!r}: {size / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
