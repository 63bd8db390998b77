"""No XSS payload runs in a real browser: every page of the XSS fixture site, opened in Chromium.

The site (session fixture xss_site) has each payload of tests/data/xss_payloads.txt in every
text field of a story, an event and a school. Each payload that ran would open a dialog
(alert), set window.__pwned or document.title = 'XSS', or push to window.__xss; a request to
any host but 127.0.0.1 counts too (a payload loading something). The tripwires are installed
before any of the page's own scripts run. Under CI (CI set) a missing Chromium fails this test.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browser_support import CHROMIUM, CHROMIUM_ARGS, REPO, missing, serve, site_search
from publish_support import xss_records

STORIES, _EVENTS = xss_records()

TRIPWIRE = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const original = window[name];
  window[name] = function (...args) { window.__xss.push(name + "(" + args.join(",") + ")"); return original.apply(this, args); };
}
"""
SITE_HOST = urlsplit(yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))["site_url"]).hostname
CHECK = "() => ({xss: window.__xss || [], pwned: window.__pwned || null, title: document.title})"


@pytest.fixture(scope="module")
def xss_url(xss_site: Path):
    with serve(xss_site) as url:
        yield url


@pytest.fixture(scope="module")
def in_browser():
    """Runs fn(browser) in a thread of its own and returns its result.

    Playwright's sync API allows one instance per thread, and tests/test_browser.py keeps its
    own open for the whole session: this module's Chromium lives in a separate thread.
    """
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed (make test-deps)")
    thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xss-browser")

    def start():
        playwright = sync_playwright().start()
        try:
            return playwright, playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                                          headless=True)
        except Error:
            playwright.stop()
            raise

    try:
        playwright, browser = thread.submit(start).result()
    except Error as exc:
        thread.shutdown()
        pytest.fail(f"Chromium at {CHROMIUM} would not start: {exc}")
    yield lambda fn: thread.submit(fn, browser).result()
    thread.submit(lambda: (browser.close(), playwright.stop())).result()
    thread.shutdown()


@contextmanager
def watched_page(browser, search: bool = True):
    """A page with the tripwires set; yields (page, dialogs, requests to other hosts).

    Without `search`, the search index is not fetched: Material's worker would read the whole
    index again on every page, which is most of a page's time and shows nothing of its own.
    """
    context = browser.new_context()
    context.add_init_script(TRIPWIRE)
    dialogs: list[str] = []
    elsewhere: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.type} {dialog.message}"), dialog.dismiss()))

    def route(route):
        url = route.request.url
        if not search and url.endswith("/search/search_index.json"):
            return route.abort()
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1":
            return route.continue_()
        if urlsplit(url).hostname != SITE_HOST:  # Material fetches sitemap.xml beside each <link rel=alternate>
            elsewhere.append(f"{page.url}: {url}")
        return route.abort()

    context.route("**/*", route)
    try:
        yield page, dialogs, elsewhere
    finally:
        context.close()


def _pages(site: Path) -> list[str]:
    """Every HTML page of the site as a URL path."""
    found = []
    for path in sorted(site.rglob("index.html")):
        relative = path.parent.relative_to(site).as_posix()
        found.append("" if relative == "." else f"{relative}/")
    return found


def _ran(page) -> dict | None:
    state = page.evaluate(CHECK)
    return state if state["xss"] or state["pwned"] or state["title"] == "XSS" else None


def test_no_payload_runs_on_any_page(xss_site, xss_url, in_browser):
    pages = _pages(xss_site)
    assert len(pages) > 80

    def sweep(browser):
        ran = []
        with watched_page(browser, search=False) as (page, dialogs, elsewhere):
            for path in pages:
                response = page.goto(xss_url + path, wait_until="load")
                assert response is not None and response.ok, path
                page.wait_for_timeout(10)  # for events queued as the page finished loading (a toggle, a focus)
                state = _ran(page)
                if state:
                    ran.append(f"{path}: {state}")
        return dialogs + ran + elsewhere

    problems = in_browser(sweep)
    assert problems == [], "\n".join(problems)


def test_search_results_show_payloads_as_text(xss_url, in_browser):
    """The search (Pagefind's UI) shows matches and excerpts as HTML: a payload found by search must not run either."""
    def search(browser):
        with watched_page(browser) as (page, dialogs, elsewhere):
            page.goto(xss_url, wait_until="load")
            ran = []
            for query in ("onerror", "javascript", "alert", "onmouseover"):
                site_search(page, query)
                page.wait_for_timeout(100)
                ran.append(_ran(page))
            # A result opens its page with ?h=…, and Material highlights the words in the page's text.
            page.goto(xss_url + f"stories/{STORIES[0]['id']}/?h=alert+script+onerror", wait_until="load")
            page.wait_for_timeout(200)
            ran.append(_ran(page))
            return [state for state in ran if state] + dialogs + elsewhere

    problems = in_browser(search)
    assert problems == [], problems


def test_the_tripwire_itself_sees_a_running_script(xss_url, in_browser):
    """The test of the test: a script that does run is caught, and so is its dialog."""
    def run(browser):
        with watched_page(browser, search=False) as (page, dialogs, _elsewhere):
            page.goto(xss_url, wait_until="load")
            page.evaluate("() => { alert('tripwire'); window.__pwned = 1; }")
            return _ran(page), list(dialogs)

    state, dialogs = in_browser(run)
    assert state["xss"] == ["alert(tripwire)"] and state["pwned"] == 1 and len(dialogs) == 1
