"""The month view and the key-date finder in a real browser (Debian's Chromium through Playwright).

The fixture site is built at 2026-11-23 (tests/data/site). Month view: one bar per week row for a
longer date, drawn across its days (weekends included) on a wide screen; a day list with no sideways
scroll at 320 px; today marked; one month on A4. Finder on /events/: school, category and audience
together (a school's own dates plus every school's), the count announced, the choice kept in the
address, nothing shown without JavaScript; no console errors anywhere.
Under CI (CI set) a missing browser fails these tests; elsewhere they skip with a reason.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import urljoin

import pytest

MONTH = "events/calendar/2027-03/"  # British Science Week, Friday 5 to Sunday 14 March 2027
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@contextmanager
def opened(browser, url: str, viewport=DESKTOP, javascript: bool = True):
    """A fresh page at url; yields (page, console errors and failed requests so far)."""
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, url
        yield page, problems
    finally:
        context.close()


@pytest.mark.parametrize("path", [MONTH, "events/calendar/", "events/", "events/school/plymstock/", "events/this-month/"])
@pytest.mark.parametrize("width", [320, 390])
def test_no_sideways_scroll_on_a_phone(browser, site_url, path, width):
    with opened(browser, urljoin(site_url, path), {**PHONE, "width": width}) as (page, problems):
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"{path} is {scroll}px wide at {width}px"
        assert problems == []


def test_a_phone_gets_a_day_list(browser, site_url):
    with opened(browser, urljoin(site_url, "events/calendar/2027-01/"), PHONE) as (page, _):
        assert page.locator(".month-weekdays").is_hidden()
        assert page.locator(".day-name", has_text="Wednesday 20 January").is_visible()  # the careers evening
        assert page.locator(".day-name", has_text="Monday 18 January").is_hidden()  # nothing on
    with opened(browser, urljoin(site_url, MONTH), PHONE) as (page, _):
        assert page.locator(".bar-when").first.inner_text() == "Friday 5 March to Sunday 14 March 2027"
        assert page.locator(".week-label").first.is_visible()


def test_a_longer_date_is_one_bar_across_its_days_on_a_wide_screen(browser, site_url):
    with opened(browser, urljoin(site_url, MONTH)) as (page, problems):
        assert page.locator(".month-weekdays").is_visible()
        bars = page.locator(".bar", has=page.locator('a[href$="british-science-week-2027/"]'))
        assert bars.count() == 2  # Friday to Sunday of one week, then all of the next
        days = {int(text): box for text, box in page.evaluate("""() => [...document.querySelectorAll('.day')]
            .map(d => [d.querySelector('.day-number').textContent, d.getBoundingClientRect().toJSON()])""")}
        first, second = bars.nth(0).bounding_box(), bars.nth(1).bounding_box()
        assert first["x"] >= days[5]["x"] and first["x"] + first["width"] <= days[7]["x"] + days[7]["width"] + 1
        assert first["x"] + first["width"] > days[7]["x"]  # reaches Sunday
        assert second["x"] <= days[8]["x"] + 5 and second["x"] + second["width"] >= days[14]["x"] + days[14]["width"] - 5
        # The bar lies below the day numbers and above the days' own key dates, inside its week row.
        assert days[8]["y"] < second["y"] < days[8]["y"] + days[8]["height"]
        assert problems == []


def test_today_is_marked(browser, site_url):
    with opened(browser, urljoin(site_url, "events/calendar/")) as (page, _):
        today = page.locator('[aria-current="date"]')
        assert today.count() == 1
        assert today.locator(".today-mark").is_visible() and today.locator(".day-number").inner_text() == "23"


def test_a_month_prints_on_one_a4_page(browser, site_url):
    with opened(browser, urljoin(site_url, MONTH)) as (page, _):
        pdf = page.pdf(format="A4")
        page.emulate_media(media="print")
        assert page.locator(".month-weekdays").is_visible() and page.locator(".month-nav").is_hidden()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def _visible_ids(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('li.key-date')]
        .filter(li => li.offsetParent !== null)
        .map(li => li.querySelector('a').getAttribute('href').split('/').slice(-2)[0])""")


def test_the_finder_filters_by_school_category_and_audience_together(browser, site_url):
    with opened(browser, urljoin(site_url, "events/")) as (page, problems):
        everything = _visible_ids(page)
        assert page.get_by_label("School", exact=True).is_visible()
        page.get_by_label("School", exact=True).select_option(label="Plymstock School")
        shown = _visible_ids(page)
        assert "mock-exams-plymstock-2026" in shown and "gcse-results-2027" in shown  # its own and every school's
        assert "careers-evening-2027" not in shown and "winter-exhibition-2026" not in shown  # Hele's
        status = page.locator("[data-finder-status]")
        assert status.get_attribute("role") == "status"
        assert status.inner_text() == f"{len(shown)} key dates match."
        page.get_by_label("Category", exact=True).select_option("exams")
        assert _visible_ids(page) == ["mock-exams-plymstock-2026"]
        assert status.inner_text() == "1 key date matches."
        assert page.url.endswith("/events/?school=plymstock&category=exams")
        page.get_by_label("Who it is for", exact=True).select_option("staff")
        assert _visible_ids(page) == [] and status.inner_text().startswith("No key dates match.")
        # A month heading with nothing left under it goes too.
        assert page.locator("h3:visible").count() == 0
        page.get_by_role("button", name="Show every key date").click()
        assert _visible_ids(page) == everything and status.inner_text() == "Showing every key date."
        assert problems == []


def test_the_finder_reads_its_choice_from_the_address(browser, site_url):
    with opened(browser, urljoin(site_url, "events/?school=heles&audience=nobody")) as (page, problems):
        assert page.get_by_label("School", exact=True).input_value() == "heles"
        assert page.get_by_label("Who it is for", exact=True).input_value() == ""  # an unknown value is ignored
        assert "mock-exams-plymstock-2026" not in _visible_ids(page)
        assert problems == []


def test_without_javascript_the_list_is_whole_and_the_finder_stays_hidden(browser, site_url):
    with opened(browser, urljoin(site_url, "events/"), javascript=False) as (page, _):
        assert page.locator("[data-finder]").is_hidden()
        assert "mock-exams-plymstock-2026" in _visible_ids(page) and "careers-evening-2027" in _visible_ids(page)
        page.get_by_text("Show key dates for one school").click()  # the static page per school, folded away
        assert page.get_by_role("link", name="Plymstock School", exact=True).is_visible()
