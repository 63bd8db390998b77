"""Parents first, in a real browser at 390 x 844 (issue 11): the next key date on the home page's
first screen with more before any story, and a past date's page that says it has passed.

The built fixture site at its frozen clock (23 November 2026), through Debian's Chromium and
Playwright (tests/conftest.py's session `browser`); under CI a missing browser fails.
"""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from browser_support import AXE_TAGS, format_violations

PHONE = {"width": 390, "height": 844}
PAST_EVENT = "events/autumn-half-term-2026/"      # ended on 30 October 2026
UPCOMING_EVENT = "events/gcse-results-2027/"


@contextmanager
def phone_page(browser, url: str, scheme: str = "light"):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url} answered {response and response.status}"
        page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
        yield page
    finally:
        context.close()


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None, "not displayed"
    return box


def test_the_next_key_date_is_on_the_first_screen_of_a_phone(browser, site_url):
    with phone_page(browser, site_url) as page:
        lead = page.locator(".next-dates .next-date").first
        assert lead.is_visible()
        assert "The next key date is" in lead.inner_text() or "The key date on now is" in lead.inner_text()
        box = _box(lead)
        assert box["y"] + box["height"] <= PHONE["height"], f"the next key date ends at {box['y'] + box['height']} px"
        more = page.locator(".next-dates .key-date")
        assert more.count() >= 2
        first_story = _box(page.locator(".story-card").first)
        for index in range(2):  # at least two more key dates before any story
            assert _box(more.nth(index))["y"] < first_story["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_past_date_says_so_and_offers_no_calendar_on_a_phone(browser, site_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    with phone_page(browser, site_url + PAST_EVENT, scheme) as page:
        notice = page.locator(".passed-notice")
        assert notice.is_visible() and notice.inner_text().startswith("This date has passed.")
        box = _box(notice)
        assert box["y"] + box["height"] <= PHONE["height"]
        assert page.locator(".add-to-calendar").count() == 0
        assert "Date to be confirmed" not in page.locator("article").inner_text()
        assert page.locator("details.comms-panel").evaluate("panel => panel.open") is False
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        violations = Axe().run(page, options=options).response["violations"]
        assert not violations, format_violations(f"{PAST_EVENT} (390 px, {scheme})", violations)


def test_an_upcoming_date_still_offers_its_calendar(browser, site_url):
    with phone_page(browser, site_url + UPCOMING_EVENT) as page:
        assert page.locator(".passed-notice").count() == 0
        assert page.locator(".add-to-calendar a").count() >= 4
