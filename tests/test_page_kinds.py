"""Every kind of page, as a reader's browser sees it: 320, 390 and 1280 px, light and dark.

For each kind in KINDS, one page of the built fixture site is opened in each colour scheme
(prefers-color-scheme emulated) at 320 px, then widened to 390 and 1280 px: no sideways scroll (the document is no wider than the
window), no console errors, no failed request (a response outside 2xx, or a request that failed),
no request to another host; and axe-core's WCAG A and AA rules find nothing at 390 px in both
schemes. The site is served as GitHub Pages serves it: a missing path answers 404 with 404.html.

Adding a kind of page: add a row to KINDS. Its `pattern` matches the kind's site paths ('' is the
home page, 'stories/<id>/' a story, '404.html' the not-found page); the first match by name is
opened (the first whose HTML contains `prefer`, or passes `when`). test_every_page_has_a_kind fails
for a built page that no row's pattern matches, so a new kind of page is never left untested.

One browser (the session `browser` fixture), one built site (`built_site`); a fresh context per
load so no cache hides a request. Under CI a missing Chromium fails; elsewhere these tests skip.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from browser_support import AXE_TAGS, NOW, format_violations

from generator import routes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from pages_server import serving  # noqa: E402

WIDTHS = (320, 390, 1280)
AXE_WIDTH = 390
HEIGHT = 844
SCHEMES = ("light", "dark")
MISSING = "no-such-page/"  # where the not-found page is opened (any path that is not a page)


def _not(reserved: frozenset[str]) -> str:
    """A regex for one id segment that is none of the route table's fixed names beside it."""
    return "(?!(?:" + "|".join(sorted(map(re.escape, reserved))) + ")/)[a-z0-9-]+" if reserved else "[a-z0-9-]+"


def _event_dates(html: str) -> tuple[str, str] | None:
    """(start, end) of the page's schema.org Event (its JSON-LD), or None when it has none."""
    for script in lxml.html.fromstring(html).xpath("//script[@type='application/ld+json']/text()"):
        data = json.loads(script)
        for thing in data.get("@graph", [data]):
            if thing.get("@type") == "Event":
                start = thing["startDate"][:10]
                return start, thing.get("endDate", start)[:10]
    return None


def _upcoming(html: str) -> bool:
    dates = _event_dates(html)
    return dates is not None and dates[1] >= NOW[:10]


def _past(html: str) -> bool:
    dates = _event_dates(html)
    return dates is not None and dates[1] < NOW[:10]


@dataclass(frozen=True)
class Kind:
    name: str
    pattern: str                            # a regex matched against the whole site path
    prefer: str = ""                        # open the first page whose HTML contains this, if any
    when: Callable[[str], bool] | None = None  # open only a page whose HTML passes this
    visit: str | None = None                # open this path instead (the not-found page)
    status: int = 200                       # the page's own HTTP status


EVENT = rf"events/{_not(routes.RESERVED_EVENT_IDS)}/"
KINDS = (
    Kind("home", ""),
    Kind("stories list", r"stories/(\d{4}/)?(page/\d+/)?"),
    Kind("story", rf"stories/{_not(routes.RESERVED_STORY_IDS)}/", prefer="<figure"),
    Kind("schools list", r"schools/"),
    Kind("tags list", r"tags/"),
    Kind("school", rf"schools/{_not(routes.RESERVED_SCHOOL_IDS)}/(stories/(page/\d+/)?)?", prefer="<article"),
    Kind("tag", rf"tags/{_not(routes.RESERVED_TAGS)}/(page/\d+/)?"),
    Kind("key dates", r"events/"),
    Kind("category", r"events/(category|audience)/[a-z0-9-]+/", prefer="/category/"),
    Kind("event", EVENT, when=_upcoming),
    Kind("past event", EVENT, when=_past),
    Kind("month grid", r"events/calendar/(\d{4}-\d{2}/)?"),
    Kind("a school's key dates", r"events/school/[a-z0-9-]+/"),
    Kind("quick view", r"events/(today|this-week|this-month|next-month)/", prefer="key-date"),
    Kind("subscribe", r"subscribe/"),
    Kind("about", r"(about|accessibility|privacy)/", prefer="<h1"),
    Kind("submit", r"submit/"),
    Kind("planner", r"planner/(\d{4}-\d{2}/)?"),
    Kind("embed", r"embed/[a-z0-9-]+/"),
    Kind("404", r"404\.html", visit=MISSING, status=404),
)


def site_paths(site: Path) -> list[str]:
    """Every HTML page of the built site as a site path: '' (home), 'stories/x/', '404.html'."""
    found = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative == "index.html":
            found.append("")
        elif relative.endswith("/index.html"):
            found.append(relative.removesuffix("index.html"))
        else:
            found.append(relative)
    return found


def choose(site: Path, kind: Kind) -> str:
    """The site path of the page to open for kind: the first match, preferring `prefer`."""
    matches = [p for p in site_paths(site) if re.fullmatch(kind.pattern, p)]

    def html(path: str) -> str:
        return (site / (path if path.endswith(".html") else path + "index.html")).read_text("utf-8")

    if kind.when:
        matches = [p for p in matches if kind.when(html(p))]
    if not matches:
        pytest.fail(f"the fixture site has no page of kind {kind.name!r} (pattern {kind.pattern!r})")
    preferred = [p for p in matches if kind.prefer and kind.prefer in html(p)]
    return (preferred or matches)[0]


# ---- the site, served as GitHub Pages serves it

@pytest.fixture(scope="module")
def pages_url(built_site: Path):
    """The built site served as GitHub Pages serves it (tools/pages_server.py): 404.html for a missing path."""
    with serving(built_site) as url:
        yield url


# ---- one page load and what went wrong on it

def _axe(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


WIDEST = """() => {
    const limit = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > limit + 1 && e.offsetParent !== null)
      .filter(e => !e.closest('.md-sidebar, .md-search, .md-nav, .md-overlay'))
      .slice(0, 5).map(e => e.outerHTML.slice(0, 160));
}"""


def load(browser, url: str, kind: Kind, scheme: str) -> list[str]:
    """Open url in scheme at each of WIDTHS in turn; every problem found, each a line naming where.

    One load at the narrowest width, then the window is widened: what a wider window asks for (a
    larger photo, a stylesheet for a media query) is requested then and checked like the rest.
    """
    own = urlsplit(url).netloc
    problems: list[str] = []
    at = [f"{url} at {WIDTHS[0]} px, {scheme}"]  # where we are, for the messages
    in_flight: set = set()
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": HEIGHT}, color_scheme=scheme)
    try:
        page = context.new_page()

        def on_console(message) -> None:
            source = (message.location or {}).get("url", "")
            if message.type != "error":
                return
            if kind.status != 200 and source == url and "status of 404" in message.text:
                return  # the not-found page's own 404, which Chromium reports as a console error
            problems.append(f"{at[0]}: console error: {message.text} ({source})")

        def on_response(response) -> None:
            if response.url == url and response.request.is_navigation_request():
                if response.status != kind.status:
                    problems.append(f"{at[0]}: the page answered {response.status}, not {kind.status}")
            elif not 200 <= response.status < 300:
                problems.append(f"{at[0]}: {response.status} for {response.url}")

        def on_request(request) -> None:
            in_flight.add(request)
            parts = urlsplit(request.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != own:
                problems.append(f"{at[0]}: a request to another host: {request.url}")

        def on_failed(request) -> None:
            in_flight.discard(request)
            problems.append(f"{at[0]}: request failed ({request.failure}): {request.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"{at[0]}: script error: {error}"))
        page.on("response", on_response)
        page.on("request", on_request)
        page.on("requestfinished", lambda request: in_flight.discard(request))
        page.on("requestfailed", on_failed)
        page.goto(url, wait_until="networkidle")
        for width in WIDTHS:
            if width != WIDTHS[0]:
                at[0] = f"{url} at {width} px, {scheme}"
                page.set_viewport_size({"width": width, "height": HEIGHT})
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                for _ in range(100):  # what the wider window asked for, at most 5 s
                    if not in_flight:
                        break
                    page.wait_for_timeout(50)
            page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
            scroll, client = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if scroll > client:
                widest = "\n    ".join(page.evaluate(WIDEST))
                problems.append(f"{at[0]}: {scroll} px wide in a {client} px window; widest elements:\n    {widest}")
            if width == AXE_WIDTH:
                violations = _axe(page)
                if violations:
                    problems.append(format_violations(at[0], violations))
    finally:
        context.close()
    return problems


# ---- the tests

def test_every_page_has_a_kind(built_site: Path):
    """A built page that no row of KINDS matches is a kind nobody opens: add a row for it."""
    orphans = [p or "(home)" for p in site_paths(built_site) if not any(re.fullmatch(k.pattern, p) for k in KINDS)]
    assert not orphans, "pages of no kind in tests/test_page_kinds.py's KINDS (add a row):\n" + "\n".join(orphans)


def test_every_kind_has_a_page(built_site: Path):
    for kind in KINDS:
        choose(built_site, kind)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_page_kind_fits_loads_cleanly_and_passes_axe(browser, built_site, pages_url, kind, scheme):
    url = urljoin(pages_url, kind.visit if kind.visit is not None else choose(built_site, kind))
    problems = load(browser, url, kind, scheme)
    assert not problems, f"{kind.name} ({url}), {scheme}:\n" + "\n".join(problems)


def test_no_page_sends_material_looking_for_a_sitemap(built_site: Path):
    """Material's script takes every link[rel=alternate] (the attribute exactly "alternate") for
    another language of the site and fetches a sitemap.xml beside its href; feeds' links say
    rel="alternate feed" (overrides/main.html), so no page has one. No browser needed."""
    found = []
    for path in sorted(built_site.rglob("*.html")):
        for link in lxml.html.fromstring(path.read_bytes()).xpath("//link[@rel]"):
            if link.get("rel").lower() == "alternate":  # CSS matches rel's value case-insensitively
                found.append(f"{path.relative_to(built_site)}: <link rel=alternate href={link.get('href')}>")
    assert not found, "links Material would fetch a sitemap.xml beside:\n" + "\n".join(found[:10])
