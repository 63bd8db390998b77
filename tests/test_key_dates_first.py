"""Parents first (issue 11, points 1-3): the next key dates on the home page's first screen, every
school-specific date names its school, and past dates are past. The bundled content at the golden
clock (Sunday 29 November 2026), unless a test says otherwise."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import icalendar
import lxml.html
import pytest
import yaml
from conftest import REPO, published

from generator import pipeline
from generator.dates import nearness
from generator.plan import make_plan
from generator.render.ical import render_calendars
from generator.render.pages import render_pages

GOLDEN_NOW = "2026-11-29T09:00"


@pytest.fixture(scope="module")
def plan():
    return make_plan(published(REPO / "content", GOLDEN_NOW))


@pytest.fixture(scope="module")
def pages(plan) -> dict[str, str]:
    return render_pages(plan, {})


def tree(text: str):
    return lxml.html.fragment_fromstring(text.split("---\n", 2)[-1], create_parent="div")


def meta(text: str) -> dict:
    return yaml.safe_load(text.split("---\n", 2)[1])


def words(element) -> str:
    return " ".join(element.text_content().split())


# ---- the words for how near a date is

@pytest.mark.parametrize(("first", "last", "expected"), [
    (date(2026, 11, 29), date(2026, 11, 29), "today"),
    (date(2026, 11, 27), date(2026, 12, 2), "on now"),
    (date(2026, 11, 30), date(2026, 12, 11), "tomorrow"),
    (date(2026, 12, 1), date(2026, 12, 1), "next week"),      # today is a Sunday: weeks run Monday to Sunday
    (date(2026, 12, 6), date(2026, 12, 6), "next week"),
    (date(2026, 12, 7), date(2026, 12, 7), None),
    (date(2026, 11, 20), date(2026, 11, 20), None),           # ended
], ids=["today", "on-now", "tomorrow", "tuesday-next-week", "sunday-next-week", "monday-after", "past"])
def test_nearness_on_a_sunday(first, last, expected):
    assert nearness(first, last, date(2026, 11, 29)) == expected


def test_this_week_from_a_monday():
    monday = date(2026, 11, 30)
    assert nearness(date(2026, 12, 2), date(2026, 12, 2), monday) == "this week"
    assert nearness(date(2026, 12, 6), date(2026, 12, 6), monday) == "this week"
    assert nearness(date(2026, 12, 7), date(2026, 12, 7), monday) == "next week"


# ---- 1. the next key dates first

def test_home_leads_with_the_next_key_date_then_more_before_any_story(pages):
    home = tree(pages["index.md"])
    panel = home.find_class("next-dates")[0]
    lead = panel.find_class("next-date")[0]
    assert words(lead).startswith("The next key date is Year 11 mock exams (Plymstock School), tomorrow: "
                                  "Monday 30 November to Friday 11 December 2026.")
    assert lead.find(".//a").get("href") == "events/mock-exams-plymstock-2026/"
    after = [a.get("href") for a in panel.find_class("key-dates")[0].iter("a")]
    assert len(after) >= 2
    first_story = next(e for e in home.iter() if "story-card" in e.get("class", ""))
    everything = list(home.iter())
    assert everything.index(panel) < everything.index(first_story)


def test_the_next_results_day_is_one_tap_from_home(pages):
    panel = tree(pages["index.md"]).find_class("next-dates")[0]
    hrefs = {a.get("href"): words(a) for a in panel.iter("a")}
    assert hrefs["events/a-level-results-2027/"] == "A-level results day, Thursday 12 August 2027"
    assert "events/category/results/" in hrefs and "events/" in hrefs


def test_home_says_on_now_for_a_date_that_began_earlier():
    plan = make_plan(published(REPO / "content", "2026-12-02T09:00"))
    lead = tree(render_pages(plan, {})["index.md"]).find_class("next-date")[0]
    assert words(lead).startswith("The key date on now is Year 11 mock exams (Plymstock School), Monday 30 November")


# ---- 2. every school-specific date names its school(s)

@pytest.mark.parametrize("path", ["events/index.md", "events/category/exams.md", "events/audience/parents.md",
                                  "schools/plymstock.md"])
def test_key_date_lists_name_the_school(plan, pages, path):
    entries = {e.find(".//a").get("href").rstrip("/").rsplit("/", 1)[-1]: e
               for e in tree(pages[path]).find_class("key-date")}
    mocks = entries["mock-exams-plymstock-2026"]
    assert words(mocks.find_class("key-date-schools")[0]) == "Plymstock School only"
    for event in plan.events:
        if event.id in entries:  # a date for every school adds nothing
            assert bool(entries[event.id].find_class("key-date-schools")) == (event.schools != "all"), event.id


def test_two_schools_are_both_named(pages):
    entry = next(e for e in tree(pages["events/index.md"]).find_class("key-date")
                 if "mock-exams-devonport-high-2027" in e.find(".//a").get("href"))
    assert words(entry.find_class("key-date-schools")[0]) == (
        "Devonport High School for Boys and Devonport High School for Girls only")


def test_the_month_view_names_the_school(pages):
    for path in ("events/calendar.md", "events/calendar/2026-12.md"):  # a bar in each week row it covers
        grid = tree(pages[path])
        bars = [e for e in grid.find_class("bar") if "mock-exams-plymstock-2026" in e.find(".//a").get("href")]
        assert bars and all("(Plymstock School)" in words(bar) for bar in bars)


def test_an_event_page_names_its_school_in_its_title(pages):
    page = pages["events/mock-exams-plymstock-2026.md"]
    assert meta(page)["title"] == "Year 11 mock exams (Plymstock School)"
    assert meta(pages["events/gcse-results-2027.md"])["title"] == "GCSE results day"


def test_add_to_calendar_links_name_the_school(pages):
    page = tree(pages["events/careers-evening-st-boniface-2027.md"])
    google = next(a.get("href") for a in page.find_class("add-to-calendar")[0].iter("a")
                  if a.get("href").startswith("https://calendar.google.com"))
    assert parse_qs(urlsplit(google).query)["text"] == ["Careers evening (St Boniface's Catholic College)"]


def test_calendar_feeds_name_the_school_and_keep_sequence_and_dtstamp(plan):
    files = render_calendars(plan)
    for path in ("calendar.ics", "calendar/exams.ics", "schools/plymstock/calendar.ics",
                 "events/mock-exams-plymstock-2026.ics"):
        entries = {str(e["UID"]).split("@")[0]: e for e in icalendar.Calendar.from_ical(files[path]).walk("VEVENT")}
        mocks = entries["mock-exams-plymstock-2026"]
        assert str(mocks["SUMMARY"]) == "Year 11 mock exams (Plymstock School)", path
        source = next(e for e in plan.events if e.id == "mock-exams-plymstock-2026")
        assert mocks["SEQUENCE"] == source.sequence  # SEQUENCE is for date, time and status changes only
        assert mocks.DTSTAMP == source.updated.astimezone(mocks.DTSTAMP.tzinfo)
    everyone = {str(e["UID"]).split("@")[0]: e
                for e in icalendar.Calendar.from_ical(files["calendar.ics"]).walk("VEVENT")}
    assert str(everyone["christmas-holiday-2026"]["SUMMARY"]) == "Christmas holiday"


# ---- 3. past dates are past

def test_a_past_date_s_page_says_so_and_links_to_the_next_one(pages):
    page = pages["events/gcse-results-2026.md"]
    body = tree(page)
    notice = body.find_class("passed-notice")[0]
    assert notice.get("role") == "note"
    assert [words(p) for p in notice.iter("p")] == [
        "This date has passed.", "The next one: GCSE results day, Thursday 19 August 2027, all day."]
    assert notice.find(".//a").get("href") == "../gcse-results-2027/"
    assert not body.find_class("add-to-calendar")
    panel = body.find_class("comms-panel")  # the staff panel stays, closed
    assert panel and panel[0].tag == "details" and panel[0].get("open") is None
    assert meta(page)["description"].startswith("This date has passed.")
    assert meta(page)["pagefind"]["date"].endswith("(past)")  # and ranked below the upcoming ones


def test_a_past_tentative_date_no_longer_says_to_be_confirmed(pages):
    page = pages["events/autumn-half-term-2026.md"]
    body = tree(page)
    assert not body.find_class("status-tentative") or not any(
        "Date to be confirmed" in words(e) for e in body.find_class("status-banner"))
    assert "Date to be confirmed" not in words(body.find_class("passed-notice")[0])
    assert "Date to be confirmed" not in meta(page)["description"]
    recent = tree(pages["events/index.md"])
    entry = next(e for e in recent.find_class("key-date") if "autumn-half-term-2026" in e.find(".//a").get("href"))
    assert "Date to be confirmed" not in words(entry)


def test_an_upcoming_date_keeps_its_prompts(pages):
    page = pages["events/gcse-results-2027.md"]
    body = tree(page)
    assert not body.find_class("passed-notice") and body.find_class("add-to-calendar")
    assert not meta(page)["pagefind"]["date"].endswith("(past)")  # ranked with the upcoming dates


def test_a_series_with_nothing_ahead_points_to_the_key_dates():
    plan = make_plan(published(REPO / "content", "2027-09-01T09:00"))
    notice = tree(render_pages(plan, {})["events/gcse-results-2027.md"]).find_class("passed-notice")[0]
    assert [words(p) for p in notice.iter("p")] == [
        "This date has passed. It was listed as to be confirmed, so check with your school whether it took place "
        "as shown.", "See the key dates coming up."]


def test_the_plan_knows_the_series_and_ranks_upcoming_first(plan):
    by_id = {event.id: event for event in plan.events}
    assert plan.next_in_series(by_id["gcse-results-2026"]) is by_id["gcse-results-2027"]
    assert plan.next_in_series(by_id["gcse-results-2027"]) is None
    assert plan.next_in_series(by_id["christmas-holiday-2026"]) is None  # no series
    assert plan.ended(by_id["gcse-results-2026"]) and not plan.ended(by_id["mock-exams-plymstock-2026"])
    ranked = plan.upcoming_first
    assert sorted(e.id for e in ranked) == sorted(by_id)
    cut = len(plan.upcoming)
    assert ranked[:cut] == plan.upcoming and all(plan.ended(e) for e in ranked[cut:])
    assert [plan.days[e.id][1] for e in ranked[cut:]] == sorted((plan.days[e.id][1] for e in ranked[cut:]), reverse=True)


def test_the_bundled_results_days_have_a_series(plan):
    results = [e for e in plan.events if e.category == "results"]
    assert results and all(e.series in ("gcse-results", "a-level-results") for e in results)


def test_check_warns_about_an_ended_tentative_date_with_its_line():
    checked = pipeline.check(REPO / "mkdocs.yml", REPO / "content", GOLDEN_NOW)
    assert checked.publishable and not checked.errors
    warned = {(w.line, w.field) for w in checked.errors.warnings if "still tentative" in w.message}
    text = (REPO / "content" / "events.yaml").read_text("utf-8").splitlines()
    half_term = next(n for n, line in enumerate(text, 1) if line == "- id: autumn-half-term-2026")
    status = next(n for n, line in enumerate(text[half_term:], half_term + 1) if line.startswith("  status:"))
    assert (status, "status") in warned
    assert len(warned) == sum(1 for e in checked.content.events
                              if e.status == "tentative" and e.last_day < date(2026, 11, 29))
