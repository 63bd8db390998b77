"""The site search: Pagefind over the built site (generator/search_index.py), in our own header
partial and dialog (overrides/partials/search.html, docs/javascripts/search.js).

File checks: the index holds the story, key date and school pages and nothing else, without
menus, footers, share panels or calendar links; every result carries what it is and its date;
Material's lunr index is neither filled nor fetched; the dialog has an accessible name.
Browser checks (fixture site, clock 2026-11-23): a query typed at 390 px finds a key date and a
story with their kind and date, upcoming dates first; axe on the open search in both schemes;
keyboard use; bench/search_bytes.py measures a query.
"""
from __future__ import annotations

import gzip
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import lxml.html
import pytest
from browser_support import AXE_TAGS, CHROMIUM, format_violations, missing, site_search

from generator import routes
from generator.render.search_meta import KEY_DATE, SCHOOL, STORY

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Text of menus, footers, share panels and calendar links: on indexed pages, never in the index.
NOT_CONTENT = ["Skip to content", "Accessibility statement", "Privacy and cookies", "Send a story or date",
               "For press and school staff", "Share on Facebook", "Add to your calendar", "All key dates",
               "Plymouth Schools News and Key Dates", "Subscribe"]


def fragments(site: Path) -> dict[str, dict]:
    """Pagefind's result fragments (one per indexed page) by URL: content, meta and sort values."""
    found = {}
    for path in sorted((site / routes.SEARCH_BUNDLE / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        found[fragment["url"]] = fragment
    return found


def _pages(site: Path, section: str, skip: tuple[str, ...] = ()) -> set[str]:
    return {f"/{section}/{p.name}/" for p in (site / section).iterdir()
            if (p / "index.html").is_file() and p.name not in skip and not p.name.isdigit()}


def test_the_index_holds_stories_key_dates_and_schools_only(built_site: Path):
    indexed = fragments(built_site)
    stories = _pages(built_site, "stories", tuple(routes.RESERVED_STORY_IDS))
    events = _pages(built_site, "events", tuple(routes.RESERVED_EVENT_IDS))  # the lists, month and quick views
    schools = _pages(built_site, "schools")
    assert stories and events and schools
    assert set(indexed) == stories | events | schools
    entry = json.loads((built_site / routes.SEARCH_BUNDLE / "pagefind-entry.json").read_text("utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(indexed)


def test_the_index_holds_no_menu_footer_or_share_panel(built_site: Path):
    for url, fragment in fragments(built_site).items():
        found = [text for text in NOT_CONTENT if text.lower() in fragment["content"].lower()]
        assert found == [], f"{url}: indexed text that is not the page's content: {found}"


def test_every_result_says_what_it_is_and_when(built_site: Path):
    indexed = fragments(built_site)
    for url, fragment in indexed.items():
        meta = fragment["meta"]
        kind = {"stories": STORY, "events": KEY_DATE, "schools": SCHOOL}[url.split("/")[1]]
        assert meta["type"] == kind, url
        assert meta["title"], url
        if kind != SCHOOL:
            assert re.search(r"\b(January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d\b",
                             meta["date"]), url
    story = indexed["/stories/2026-11-20-robotics-final/"]
    assert story["meta"]["date"] == "Friday 20 November 2026"
    assert indexed["/events/gcse-results-2027/"]["meta"]["date"] == "Thursday 19 August 2027, all day"
    assert indexed["/events/autumn-half-term-2026/"]["meta"]["date"].endswith("2026 (past)")


def test_upcoming_key_dates_sort_before_stories_and_past_dates(built_site: Path):
    """The sort key Pagefind reads (data-pagefind-sort="rank[data-rank]") on each indexed page."""
    ranks = {}
    for url in fragments(built_site):
        body = lxml.html.fromstring((built_site / url.strip("/") / "index.html").read_bytes()).xpath("//*[@data-pagefind-body]")
        assert len(body) == 1 and body[0].get("data-pagefind-sort") == "rank[data-rank]", url
        ranks[url] = body[0].get("data-rank")
    order = sorted(ranks, key=ranks.get)
    assert order.index("/events/gcse-results-2027/") < order.index("/events/autumn-half-term-2026/")
    assert order.index("/events/gcse-results-2027/") < order.index("/stories/2026-11-20-robotics-final/")
    assert order.index("/stories/2026-11-20-robotics-final/") < order.index("/stories/2025-06-15-sports-festival/")
    assert order.index("/events/careers-evening-2027/") < order.index("/events/gcse-results-2027/")  # soonest first
    assert all(url.startswith("/schools/") for url in order[:len(_pages(built_site, "schools"))])


def test_materials_lunr_index_is_empty_of_generated_pages(built_site: Path):
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    generated = [doc["location"] for doc in index["docs"] if doc["location"].startswith(("stories/", "events/", "schools/"))]
    assert generated == []


def test_every_page_has_the_named_search_dialog_and_no_nameless_one(built_site: Path):
    themed = [p for p in sorted(built_site.glob("*/*/index.html")) if p.parts[-3] != routes.EMBED.strip("/")]
    for path in [built_site / "index.html", *themed[:40]]:
        tree = lxml.html.fromstring(path.read_bytes())
        dialogs = tree.xpath("//*[@role='dialog' or self::dialog]")
        assert [d.get("id") for d in dialogs] == ["psn-search"], path
        title = tree.get_element_by_id(dialogs[0].get("aria-labelledby"))
        assert title.text_content().strip() == "Search stories and key dates", path
        assert tree.xpath("//form[@name='search']") == [], f"{path}: Material's search form would fetch the lunr index"


# ---- in the browser

@pytest.fixture
def page_at(browser, site_url):
    """A fresh page in a given viewport and colour scheme, on the home page; closed afterwards."""
    contexts = []

    def open_at(viewport=PHONE, scheme="light", path=""):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(site_url + path, wait_until="load")
        return page, requested

    yield open_at
    for context in contexts:
        context.close()


def _results(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('.pagefind-ui__result')].map(r => ({
        title: r.querySelector('.pagefind-ui__result-title').textContent.trim(),
        href: r.querySelector('.pagefind-ui__result-link').getAttribute('href'),
        tags: [...r.querySelectorAll('.pagefind-ui__result-tag')].map(t => t.textContent.trim())}))""")


def test_a_search_on_a_phone_finds_a_key_date_and_a_story_with_kind_and_date(page_at):
    page, requested = page_at(PHONE)
    assert not [url for url in requested if "/pagefind/" in url or "search_index" in url], "search loaded before it was opened"
    site_search(page, "sports")
    results = _results(page)
    assert results[0]["title"] == "Sports day" and results[0]["href"].endswith("/events/sports-day-plymstock-2027/")
    assert results[0]["tags"] == ["Key date: Thursday 10 June 2027, all day"]
    story = next(r for r in results if r["href"].endswith("/stories/2025-06-15-sports-festival/"))
    assert story["tags"] == ["Story: Sunday 15 June 2025"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert not [url for url in requested if "search_index.json" in url], "Material's lunr index was fetched"


def test_upcoming_dates_come_before_past_ones_in_the_results(page_at):
    page, _ = page_at(PHONE)
    site_search(page, "all schools")
    tags = [r["tags"][0] for r in _results(page) if r["tags"] and r["tags"][0].startswith(KEY_DATE)]
    past = [i for i, tag in enumerate(tags) if tag.endswith("(past)")]
    upcoming = [i for i, tag in enumerate(tags) if not tag.endswith("(past)")]
    assert past and upcoming and max(upcoming) < min(past), tags


def _axe(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


@pytest.mark.parametrize(("viewport", "scheme"), [(PHONE, "light"), (PHONE, "dark"), (DESKTOP, "light"), (DESKTOP, "dark")],
                         ids=["390-light", "390-dark", "1280-light", "1280-dark"])
def test_the_open_search_with_results_passes_axe(page_at, viewport, scheme):
    page, _ = page_at(viewport, scheme)
    site_search(page, "school")
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
    violations = _axe(page)
    assert violations == [], format_violations(page.url, violations)


def test_the_search_dialog_has_an_accessible_name_and_works_by_keyboard(page_at):
    page, _ = page_at(DESKTOP)
    page.keyboard.press("/")
    dialog = page.get_by_role("dialog", name="Search stories and key dates")
    dialog.wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('.pagefind-ui__search-input')")
    page.keyboard.type("robotics")
    page.wait_for_selector(".pagefind-ui__result-link")
    page.keyboard.press("Escape")  # Pagefind's field clears on the first Escape; the dialog closes on the next
    if page.evaluate("() => document.getElementById('psn-search').open"):
        page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('psn-search').open")
    button = page.get_by_role("button", name="Search")
    button.focus()
    page.keyboard.press("Enter")
    dialog.wait_for()
    page.get_by_role("button", name="Close").click()
    assert not page.evaluate("() => document.getElementById('psn-search').open")


def test_search_bytes_measures_the_first_query_with_the_library(built_site: Path, browser):
    """bench/search_bytes.py (make bench uses it) in its own Playwright, on another thread."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from search_bytes import search_bytes  # type: ignore[import-not-found]

    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM}")
    with ThreadPoolExecutor(1) as thread:
        figures = thread.submit(search_bytes, built_site, ["sports", "robotics"]).result()
    library = sum(len(gzip.compress((built_site / routes.SEARCH_BUNDLE / name).read_bytes()))
                  for name in ("pagefind-ui.js", "pagefind.js"))
    assert len(figures) == 2 and figures[0] > library and 0 < figures[1] < figures[0], figures
