"""Subscribe in context and stories worth browsing in a real browser (Chromium through Playwright):
the /subscribe/ chooser by keyboard, a link into a collapsed group opens it, and the new blocks
(a category's calendar, a tentative date's "subscribe to get changes", the story rows) pass axe
and fit a 320 and 390 px phone. The other page kinds are covered by tests/test_browser.py.
Under CI a missing browser fails these tests; elsewhere they skip with a reason.
"""
from __future__ import annotations

from urllib.parse import urljoin

import pytest
from browser_support import AXE_TAGS, format_violations

PHONE = {"width": 390, "height": 844}
PAGES = ["subscribe/", "events/category/results/", "events/british-science-week-2027/", "stories/",
         "schools/plymstock/", "tags/science/", "stories/2026-11-20-robotics-final/"]


def _open(browser, url: str, viewport=PHONE, scheme: str = "light"):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
    return context, page


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_new_blocks_pass_axe_on_a_phone(browser, site_url, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context, page = _open(browser, urljoin(site_url, path), scheme=scheme)
    try:
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")  # check inside too
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        violations = Axe().run(page, options=options).response["violations"]
    finally:
        context.close()
    assert not violations, format_violations(f"{path} ({scheme}, 390 px)", violations)


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_with_every_group_open(browser, site_url, path, width):
    context, page = _open(browser, urljoin(site_url, path), viewport={**PHONE, "width": width})
    try:
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        scroll, client = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    finally:
        context.close()
    assert scroll <= client, f"{path} is {scroll}px wide in a {client}px window"


def test_the_subscribe_chooser_works_by_keyboard(browser, site_url):
    context, page = _open(browser, urljoin(site_url, "subscribe/"))
    try:
        first = page.locator(".subscribe-chooser a").first
        first.focus()
        # Tab through the chooser: every answer is a link a keyboard reaches, in reading order.
        reached = []
        for _ in range(page.locator(".subscribe-chooser a").count()):
            reached.append(page.evaluate("() => document.activeElement.getAttribute('href')"))
            page.keyboard.press("Tab")
        assert reached == page.eval_on_selector_all(".subscribe-chooser a", "links => links.map(a => a.getAttribute('href'))")
        # "One school's dates" lands on the schools group and opens it; Enter on its summary closes and opens it.
        page.locator(".subscribe-chooser a[href='#calendars-by-school']").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.hash === '#calendars-by-school'")
        group = page.locator("#calendars-by-school")
        assert group.evaluate("d => d.open")
        assert group.locator("li.feed").first.is_visible()
        group.locator("summary").focus()
        page.keyboard.press("Enter")
        assert group.evaluate("d => !d.open")
        page.keyboard.press("Enter")
        assert group.evaluate("d => d.open")
        # "Android phone" lands on the Android help.
        page.locator(".subscribe-chooser a[href='#app-android']").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.hash === '#app-android'")
        box = page.locator("#app-android").bounding_box()
        assert box is not None and 0 <= box["y"] < PHONE["height"]
    finally:
        context.close()


def test_a_link_into_a_collapsed_group_opens_it(browser, site_url):
    """The Results days page links to the results calendar on /subscribe/, inside a closed group."""
    context, page = _open(browser, urljoin(site_url, "events/category/results/"))
    try:
        page.locator(".intro a", has_text="add them to your own calendar").click()
        page.wait_for_url("**/subscribe/#feed-calendar-results-ics")
        target = page.locator("#feed-calendar-results-ics")
        target.wait_for(state="visible")
        assert page.locator("#calendars-by-kind").evaluate("d => d.open")
        box = target.bounding_box()
        assert box is not None and 0 <= box["y"] < PHONE["height"]
    finally:
        context.close()


def test_story_rows_load_small_lazy_photos(browser, site_url):
    context, page = _open(browser, urljoin(site_url, "stories/"))
    try:
        images = page.eval_on_selector_all(".story-row-image", """imgs => imgs.map(i => ({
            src: i.getAttribute('src'), loading: i.loading, alt: i.alt, width: i.getAttribute('width'),
            height: i.getAttribute('height')}))""")
    finally:
        context.close()
    assert images
    for image in images:
        assert image["loading"] == "lazy" and image["alt"] and image["width"] and image["height"], image
