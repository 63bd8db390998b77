"""The built fixture site in a real browser (Debian's Chromium through Playwright) and as files.

Browser checks: axe-core's WCAG 2.0/2.1/2.2 A and AA rules in both colour schemes with zero
violations; no sideways scrolling at 390 and 320 px; no request to any host but 127.0.0.1; no cookies;
search and the colour-scheme toggle work. File checks (no browser needed): every page is in
British English, links to the accessibility statement and privacy notice, lists the same six
sections in its menu, and names no resource on another host.
Under CI (CI set) a missing browser fails these tests; elsewhere they skip with a reason.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from browser_support import AXE_TAGS, first_page, format_violations, site_search

SECTIONS = ["Home", "Stories", "Schools", "Key dates", "Subscribe", "About"]
PAGE_NAMES = ["home", "story", "school", "key dates", "month grid", "event", "subscribe", "planner"]
# Also checked: the other generated lists, and the hand-written pages linked from every footer.
MORE_PAGES = ["stories archive", "schools", "tag", "accessibility statement", "privacy notice", "about",
              "not found"]
ALL_PAGES = PAGE_NAMES + MORE_PAGES
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def pages(built_site: Path) -> dict[str, str]:
    """URL paths of one page of each kind in the fixture site."""
    return {
        "home": "",
        "story": first_page(built_site, "stories", prefer="<figure"),  # one with a photo
        "school": first_page(built_site, "schools"),
        "key dates": "events/",
        "month grid": "events/calendar/",
        "event": first_page(built_site, "events", exclude=("calendar", "category", "audience")),
        "subscribe": "subscribe/",
        "planner": "planner/",
        "stories archive": "stories/",
        "schools": "schools/",
        "tag": first_page(built_site, "tags"),
        "accessibility statement": "accessibility/",
        "privacy notice": "privacy/",
        "about": "about/",
        "not found": "404.html",  # what the host serves for an unknown address (overrides/404.html)
    }


@contextmanager
def open_page(browser, url: str, viewport=DESKTOP, scheme: str = "light"):
    """A fresh context and page at url; yields (page, every URL the page requested)."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    requested: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url} answered {response and response.status}"
        settle(page)
        yield page, requested
    finally:
        context.close()


def settle(page) -> None:
    """Wait for the theme's entrance transitions (the tabs fade in) so colours are final."""
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")


def _axe(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ALL_PAGES)
def test_axe_finds_no_violations(browser, site_url, pages, name, scheme):
    url = urljoin(site_url, pages[name])
    with open_page(browser, url, scheme=scheme) as (page, _):
        expected = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == expected
        violations = _axe(page)
    assert not violations, format_violations(f"{url} ({scheme})", violations)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_axe_finds_no_violations_on_a_phone(browser, site_url, pages, name):
    url = urljoin(site_url, pages[name])
    with open_page(browser, url, viewport=PHONE) as (page, _):
        violations = _axe(page)
    assert not violations, format_violations(f"{url} (390 px)", violations)


@pytest.mark.parametrize("width", [390, 320])  # 320: WCAG 1.4.10 reflow (1280 px at 400% zoom)
@pytest.mark.parametrize("name", ALL_PAGES)
def test_no_sideways_scrolling_on_a_phone(browser, site_url, pages, name, width):
    url = urljoin(site_url, pages[name])
    with open_page(browser, url, viewport={**PHONE, "width": width}) as (page, _):
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        culprits = page.evaluate("""() => {
            const limit = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > limit + 1 && e.offsetParent !== null)
              .filter(e => !e.closest('.md-sidebar, .md-search, .md-nav, .md-overlay'))
              .slice(0, 5).map(e => e.outerHTML.slice(0, 160));
        }""")
    scroll_width, client_width = widths
    assert scroll_width <= client_width, (
        f"{url} is {scroll_width}px wide in a {client_width}px window; widest elements:\n" + "\n".join(culprits))


def test_requests_go_nowhere_but_this_site_and_set_no_cookies(browser, site_url, pages):
    requested: list[str] = []
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        for path in pages.values():
            page.goto(urljoin(site_url, path), wait_until="networkidle")
        _search(page, "school")  # the search library and index load only now
        cookies = context.cookies()
    finally:
        context.close()
    own = urlsplit(site_url).netloc
    elsewhere = sorted({url for url in requested if urlsplit(url).scheme in ("http", "https", "ws", "wss")
                        and urlsplit(url).netloc != own})
    assert requested and not elsewhere, "requests to other hosts:\n" + "\n".join(elsewhere)
    assert cookies == [], f"the site set cookies: {cookies}"


def _search(page, term: str):
    """Type into the site's search (Pagefind, tests/test_search.py) as a person would."""
    return site_search(page, term)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_search_finds_a_story(browser, site_url, pages, viewport):
    with open_page(browser, urljoin(site_url, pages["story"])) as (page, _):
        title = page.inner_text("article h1")
    word = max(re.findall(r"[A-Za-z]{4,}", title), key=len)
    with open_page(browser, site_url, viewport=viewport) as (page, _):
        results = _search(page, word)
        texts = results.all_inner_texts()
    assert any(title in text for text in texts), f"searching for {word!r} did not find {title!r}: {texts}"


def test_colour_scheme_toggle_switches_and_is_remembered_without_cookies(browser, site_url):
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    try:
        page = context.new_page()
        page.goto(site_url, wait_until="load")
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        page.click("label[title='Switch to dark mode']")
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        page.goto(urljoin(site_url, "about/"), wait_until="load")
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        assert context.cookies() == []
    finally:
        context.close()


# File checks: every built page, no browser needed.

def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _tree(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def test_every_page_is_british_english(built_site):
    wrong = [str(p.relative_to(built_site)) for p in _html_pages(built_site)
             if _tree(p).get("lang") != "en-GB"]
    assert not wrong, f"pages without <html lang=\"en-GB\">: {wrong}"


def test_every_page_links_the_accessibility_statement_and_privacy_notice(built_site):
    problems = []
    for path in _html_pages(built_site):
        if path.name == "404.html":
            continue  # served at any depth: its links are made absolute by MkDocs
        base = "/" + path.parent.relative_to(built_site).as_posix() + "/"
        links = {urljoin(base.replace("//", "/"), href) for href in _tree(path).xpath("//footer//a/@href")}
        for target in ("/accessibility/", "/privacy/"):
            if target not in links:
                problems.append(f"{path.relative_to(built_site)}: no footer link to {target}")
    assert not problems, "\n".join(problems)


def test_menu_lists_the_same_six_sections_on_every_page(built_site):
    problems = []
    for path in _html_pages(built_site):
        if path.relative_to(built_site).parts[0] == "embed":
            continue  # the iframe pages for school websites (tests/test_embed.py) have no menu by design
        tree = _tree(path)
        items = tree.xpath("//nav[contains(@class,'md-nav--primary')]/ul/li")
        labels = [" ".join(item.xpath("./*[contains(@class,'md-nav__link')]")[0].text_content().split()) for item in items]
        if labels != SECTIONS:
            problems.append(f"{path.relative_to(built_site)}: {labels}")
    assert not problems, "menus that are not exactly the sections:\n" + "\n".join(problems[:10])


RESOURCE_TAGS = {"script": "src", "img": "src", "source": "srcset", "iframe": "src", "video": "src",
                 "audio": "src", "object": "data", "embed": "src", "link": "href"}
PAGE_LINKS = {"canonical", "alternate", "prev", "next", "author", "license"}  # not fetched


def test_no_page_names_a_resource_on_another_host(built_site):
    problems = []
    for path in _html_pages(built_site):
        for element in _tree(path).iter(*RESOURCE_TAGS):
            url = (element.get(RESOURCE_TAGS[element.tag]) or "").strip()
            if element.tag == "link" and set((element.get("rel") or "").split()) <= PAGE_LINKS:
                continue
            if re.match(r"^(https?:)?//", url):
                problems.append(f"{path.relative_to(built_site)}: <{element.tag}> {url}")
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text("utf-8")):
            problems.append(f"{css.relative_to(built_site)}: {url}")
    assert not problems, "resources on other hosts:\n" + "\n".join(problems)


# ---- the staff panel on story and event pages: closed, accessible open and closed, never printed

@pytest.mark.parametrize("name", ["story", "event"])
def test_the_staff_panel_is_closed_accessible_and_not_printed(browser, site_url, pages, name):
    url = urljoin(site_url, pages[name])
    with open_page(browser, url, viewport=PHONE) as (page, _):
        panel = page.locator("details.comms-panel")
        assert panel.count() == 1 and panel.get_attribute("open") is None
        assert page.locator("details.comms-panel .share-panel").is_visible() is False
        closed = _axe(page)
        panel.locator("summary").click()
        assert panel.get_attribute("open") is not None
        assert page.locator("details.comms-panel a[download]").is_visible()
        assert page.locator("details.comms-panel .suggested-post").count() == 5
        opened = _axe(page)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{url}: the open panel scrolls sideways ({widths})"
        page.emulate_media(media="print")
        printed = panel.evaluate("e => getComputedStyle(e).display")
    assert not closed, format_violations(f"{url} (390 px, panel closed)", closed)
    assert not opened, format_violations(f"{url} (390 px, panel open)", opened)
    assert printed == "none"
