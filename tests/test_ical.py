"""Calendar feeds, parsed back by two independent parsers (icalendar and vobject) and checked item by item."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
import recurring_ical_events
import vobject
import x_wr_timezone
from conftest import NOW, published, render_all

from generator import routes
from generator.plan import calendar_feeds as plan_calendar_feeds
from generator.plan import make_plan
from generator.render.calendar_links import add_to_calendar_links as links_for
from generator.render.calendar_links import subscribe_links
from generator.render.ical import render_calendars as render_plan_calendars

HOST = "news.plymouthschools.org.uk"
UTC = UTC


def render_calendars(site):
    return render_plan_calendars(make_plan(site))


def calendar_feeds(site):
    return plan_calendar_feeds(site.settings, site.schools)


def feed_descriptors(site):
    return make_plan(site).feeds


def add_to_calendar_links(event, settings):
    """The links as the event's own page shows them (the .ics download relative to it)."""
    return links_for(event, settings, routes.Here(routes.event(event.id)).to(routes.event_download(event.id)))

# Added to the small content set: the clock-change edges, a cancelled event, an event that ended
# over a year ago, a timed event with no end, and a Markdown description.
EXTRA_EVENTS = """
- id: clocks-forward-2027
  title: Open morning on the day the clocks go forward
  start: 2027-03-28 08:00
  end: 2027-03-28 10:00
  category: community
  schools: [heles]
  location: Hele's School, Seymour Road
  description: |
    Come and **see** the school. Book on [our website](https://example.org/book); parking is
    limited.

    - tours every half hour
    - talks at 9am
  updated: 2026-11-10 14:30
- id: clocks-back-2026
  title: Science fair on the day the clocks went back
  start: 2026-10-25 10:00
  end: 2026-10-25 12:00
  category: science
  sequence: 2
- id: cancelled-concert-2027
  title: Winter concert
  start: 2027-02-10
  category: community
  status: cancelled
  sequence: 1
  updated: 2026-11-21 16:45
- id: long-gone-2025
  title: Old careers fair
  start: 2025-06-01
  category: careers
- id: exam-papers-released-2027
  title: Exam papers released
  start: 2027-06-01 09:00
  category: exams
  status: confirmed
"""


def _site(content: Path, now: str = NOW):
    return published(content, now)


@pytest.fixture
def events_content(content: Path) -> Path:
    with (content / "events.yaml").open("a", encoding="utf-8") as events:
        events.write(EXTRA_EVENTS)
    return content


@pytest.fixture
def site(events_content):
    return _site(events_content)


@pytest.fixture
def files(site) -> dict[str, bytes]:
    return render_calendars(site)


def _parse(data: bytes):
    """The same file through both parsers."""
    return icalendar.Calendar.from_ical(data), vobject.readOne(data.decode("utf-8"))


def _events(files, path) -> dict[str, icalendar.Event]:
    return {str(e["UID"]).split("@")[0]: e for e in icalendar.Calendar.from_ical(files[path]).events}


def _vevents(files, path) -> dict:
    return {e.uid.value.split("@")[0]: e for e in vobject.readOne(files[path].decode()).contents.get("vevent", [])}


FEEDS_IN_WINDOW = ["gcse-results-2027", "science-week-2027", "careers-evening-2027", "clocks-forward-2027",
                   "clocks-back-2026", "cancelled-concert-2027", "exam-papers-released-2027"]


# ---- every file parses, in two parsers, with the same events


def test_every_file_parses_in_both_parsers_and_the_event_counts_agree(files):
    assert files, "no calendars rendered"
    for path, data in files.items():
        ours, theirs = _parse(data)
        assert [str(e["UID"]) for e in ours.events] == [e.uid.value for e in theirs.contents.get("vevent", [])], path
        assert data.endswith(b"END:VCALENDAR\r\n") and b"\r\n" in data and b"\n\n" not in data


def test_the_feeds_hold_future_events_and_the_past_year_and_nothing_older(files):
    assert set(_events(files, "calendar.ics")) == set(FEEDS_IN_WINDOW)
    assert set(_vevents(files, "calendar.ics")) == set(FEEDS_IN_WINDOW)
    assert "long-gone-2025" not in _events(files, "calendar/careers.ics")
    assert "events/long-gone-2025.ics" in files  # its page and download stay


def test_the_window_is_relative_to_now(events_content):
    # 366 days after the science fair ended, it leaves the feeds
    later = render_calendars(_site(events_content, "2027-10-26T09:00"))
    assert "clocks-back-2026" not in _events(later, "calendar.ics")
    on_the_day = render_calendars(_site(events_content, "2027-10-25T09:00"))
    assert "clocks-back-2026" in _events(on_the_day, "calendar.ics")


def test_feeds_are_in_order_of_start_then_id(files):
    cal = icalendar.Calendar.from_ical(files["calendar.ics"])
    starts = [e.start if isinstance(e.start, datetime) else datetime.combine(e.start, datetime.min.time(), UTC)
              for e in cal.events]
    assert starts == sorted(starts)


# ---- the calendar: names, refresh, product


def test_every_feed_has_the_calendar_properties(files, site):
    feeds = calendar_feeds(site)
    for feed in feeds:
        ours, theirs = _parse(files[feed.path])
        assert ours["VERSION"] == "2.0" and theirs.version.value == "2.0"
        assert ours["PRODID"] == f"-//{HOST}//Key dates//EN"
        assert ours["CALSCALE"] == "GREGORIAN" and "METHOD" not in ours  # README, "Calendars": why
        name = theirs.contents["x-wr-calname"][0].value
        assert name and theirs.contents["name"][0].value == name
        assert name == feed.name and (feed.title in name or feed.group == "all")
        description = theirs.contents["x-wr-caldesc"][0].value
        assert description == theirs.contents["description"][0].value and feed.description in description
        refresh = ours["REFRESH-INTERVAL"]
        assert refresh.params["VALUE"] == "DURATION" and refresh.dt == timedelta(hours=6)
        assert theirs.contents["refresh-interval"][0].params == {"VALUE": ["DURATION"]}
        assert theirs.contents["x-published-ttl"][0].value == "PT6H"
        assert [tz["TZID"] for tz in ours.walk("VTIMEZONE")] == ["Europe/London"]


def test_the_all_dates_feed_is_named_after_the_site(files):
    theirs = vobject.readOne(files["calendar.ics"].decode())
    assert theirs.contents["x-wr-calname"][0].value == "Plymouth Schools News and Key Dates"


def test_a_single_event_download_has_no_calendar_name(files):
    for path in [p for p in files if p.startswith("events/")]:
        ours, theirs = _parse(files[path])
        for key in ("NAME", "X-WR-CALNAME", "X-WR-CALDESC", "DESCRIPTION", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
            assert key not in ours, (path, key)
        assert "METHOD" not in ours and ours["PRODID"] == f"-//{HOST}//Key dates//EN"
        assert len(ours.events) == 1 and len(theirs.vevent_list) == 1
        assert path == f"events/{str(ours.events[0]['UID']).split('@')[0]}.ics"


def test_every_category_and_school_has_a_feed_even_when_empty(files, site):
    settings = site.settings
    for category in settings.categories:
        assert f"calendar/{category}.ics" in files
    for school in site.schools:
        assert f"schools/{school.id}/calendar.ics" in files
    empty, theirs = _parse(files["calendar/holiday.ics"])
    assert empty.events == [] and "vevent" not in theirs.contents
    assert empty.walk("VTIMEZONE"), "RFC 5545 needs at least one component"


def test_feed_descriptors_list_exactly_the_feeds_written(site, files):
    descriptors = [d for d in feed_descriptors(site) if d.kind == "ical"]  # story feeds: tests/test_feeds.py
    assert [d.path for d in descriptors] == [p for p in files if not p.startswith("events/")]
    assert descriptors[0].path == "calendar.ics"
    assert set(render_all(site)) >= set(files)


def test_category_and_school_feeds_hold_their_own_events(files):
    assert set(_events(files, "calendar/science.ics")) == {"science-week-2027", "clocks-back-2026"}
    plymstock, heles = _events(files, "schools/plymstock/calendar.ics"), _events(files, "schools/heles/calendar.ics")
    assert "careers-evening-2027" in plymstock and "careers-evening-2027" not in heles
    assert "clocks-forward-2027" in heles and "clocks-forward-2027" not in plymstock
    assert "gcse-results-2027" in plymstock and "gcse-results-2027" in heles  # schools: all


# ---- each event


def test_uid_is_the_event_id_at_the_site_host(files):
    for uid, event in _events(files, "calendar.ics").items():
        assert str(event["UID"]) == f"{uid}@{HOST}"


def test_dtstamp_is_utc_from_updated_or_the_settings_never_the_clock(events_content, files):
    events = _events(files, "calendar.ics")
    assert events["clocks-forward-2027"].DTSTAMP == datetime(2026, 11, 10, 14, 30, tzinfo=UTC)
    assert events["cancelled-concert-2027"].DTSTAMP == datetime(2026, 11, 21, 16, 45, tzinfo=UTC)
    assert events["gcse-results-2027"].DTSTAMP == datetime(2026, 11, 1, 0, 0, tzinfo=UTC)  # default_updated
    assert events["clocks-forward-2027"]["LAST-MODIFIED"].dt == datetime(2026, 11, 10, 14, 30, tzinfo=UTC)
    assert "LAST-MODIFIED" not in events["gcse-results-2027"]
    assert b"DTSTAMP:20261110T143000Z\r\n" in files["calendar.ics"]
    later = render_calendars(_site(events_content, "2027-01-05T18:30"))
    assert _events(later, "calendar.ics")["gcse-results-2027"].DTSTAMP == events["gcse-results-2027"].DTSTAMP
    assert later["events/gcse-results-2027.ics"] == files["events/gcse-results-2027.ics"]


def test_all_day_events_are_dates_with_an_exclusive_end(files):
    ours, theirs = _events(files, "calendar.ics"), _vevents(files, "calendar.ics")
    week = ours["science-week-2027"]
    assert week["DTSTART"].params["VALUE"] == "DATE" and week.start == date(2027, 3, 5)
    assert week.end == date(2027, 3, 15)  # YAML end 2027-03-14 is the last day
    assert theirs["science-week-2027"].dtend.value == date(2027, 3, 15)
    assert ours["gcse-results-2027"].end == date(2027, 8, 20)  # no end: one day
    assert str(week["TRANSP"]) == "TRANSPARENT"


def test_timed_events_are_in_europe_london_with_a_vtimezone(files):
    data = files["calendar.ics"]
    assert b"DTSTART;TZID=Europe/London:20270120T160000\r\n" in data
    ours = _events(files, "calendar.ics")
    assert ours["careers-evening-2027"]["DTSTART"].params["TZID"] == "Europe/London"
    download = icalendar.Calendar.from_ical(files["events/careers-evening-2027.ics"])
    assert [tz["TZID"] for tz in download.walk("VTIMEZONE")] == ["Europe/London"]
    assert download.get_missing_tzids() == set()
    assert not icalendar.Calendar.from_ical(files["events/gcse-results-2027.ics"]).walk("VTIMEZONE")


@pytest.mark.parametrize("uid, utc_start", [
    ("clocks-forward-2027", datetime(2027, 3, 28, 7, 0, tzinfo=UTC)),   # BST began at 01:00 that morning
    ("clocks-back-2026", datetime(2026, 10, 25, 10, 0, tzinfo=UTC)),    # GMT again from 02:00 BST
    ("careers-evening-2027", datetime(2027, 1, 20, 16, 0, tzinfo=UTC)),
], ids=["clocks-go-forward", "clocks-go-back", "winter"])
def test_clock_change_days_land_at_the_right_utc_instant(files, uid, utc_start):
    for path in ("calendar.ics", f"events/{uid}.ics"):
        assert _events(files, path)[uid].start.astimezone(UTC) == utc_start
        assert _vevents(files, path)[uid].dtstart.value.astimezone(UTC) == utc_start


def test_an_x_wr_timezone_aware_reader_sees_the_same_instants(files):
    cal = icalendar.Calendar.from_ical(files["calendar.ics"])
    standard = x_wr_timezone.to_standard(cal)
    before = {str(e["UID"]): e.start for e in cal.events}
    assert {str(e["UID"]): e.start for e in standard.events} == before


@pytest.mark.parametrize("day, present", [
    *[(date(2027, 3, d), True) for d in range(5, 15)],
    (date(2027, 3, 4), False),
    (date(2027, 3, 15), False),
], ids=lambda v: str(v))
def test_british_science_week_covers_each_of_its_days_and_no_more(files, day, present):
    for path in ("calendar.ics", "calendar/science.ics", "events/science-week-2027.ics"):
        cal = icalendar.Calendar.from_ical(files[path])
        uids = {str(e["UID"]) for e in recurring_ical_events.of(cal).at(day)}
        assert (f"science-week-2027@{HOST}" in uids) is present


def test_summary_description_url_location_categories(files, site):
    ours = _events(files, "calendar.ics")
    theirs = _vevents(files, "calendar.ics")
    event = ours["clocks-forward-2027"]
    assert event["SUMMARY"] == "Open morning on the day the clocks go forward (Hele's School)"  # a school's own date
    page = f"https://{HOST}/events/clocks-forward-2027/"
    assert event["URL"] == page and theirs["clocks-forward-2027"].url.value == page
    assert event["LOCATION"] == "Hele's School, Seymour Road"
    assert theirs["clocks-forward-2027"].location.value == "Hele's School, Seymour Road"
    assert event.categories == ["Community"]
    description = theirs["clocks-forward-2027"].description.value
    assert description == str(event["DESCRIPTION"])
    assert description.startswith("Come and see the school. Book on our website (https://example.org/book);")
    assert "- tours every half hour\n- talks at 9am" in description
    assert description.endswith(f"Details: {page}")
    assert not any(mark in description for mark in ("**", "<", "]("))
    assert "Source: https://www.jcq.org.uk" in str(ours["gcse-results-2027"]["DESCRIPTION"])


def test_status_and_sequence(files):
    ours = _events(files, "calendar.ics")
    assert ours["gcse-results-2027"]["STATUS"] == "TENTATIVE"
    assert ours["exam-papers-released-2027"]["STATUS"] == "CONFIRMED"
    assert ours["careers-evening-2027"]["STATUS"] == "CONFIRMED"  # the default
    assert ours["clocks-back-2026"]["SEQUENCE"] == 2
    assert ours["gcse-results-2027"]["SEQUENCE"] == 0
    assert "provisional" in str(ours["gcse-results-2027"]["DESCRIPTION"])


def test_a_cancelled_event_stays_in_every_feed_it_belongs_to(files):
    for path in ("calendar.ics", "calendar/community.ics", "schools/utc-plymouth/calendar.ics"):
        event = _events(files, path)["cancelled-concert-2027"]
        assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
        assert event["SUMMARY"] == "Cancelled: Winter concert"
        assert _vevents(files, path)["cancelled-concert-2027"].status.value == "CANCELLED"


def test_a_timed_event_without_an_end_has_no_dtend(files):
    event = _events(files, "calendar.ics")["exam-papers-released-2027"]
    assert "DTEND" not in event and "DURATION" not in event


# ---- byte-identical output


def test_two_renders_give_identical_bytes(events_content, files):
    assert render_calendars(_site(events_content)) == files


def test_reordering_events_yaml_changes_nothing(events_content, files):
    path = events_content / "events.yaml"
    entries = [chunk.strip("\n") for chunk in ("\n" + path.read_text()).split("\n- ") if chunk.strip()]
    path.write_text("".join(f"- {entry}\n" for entry in reversed(entries)))
    assert [e.id for e in _site(events_content).events] != []
    assert render_calendars(_site(events_content)) == files


def test_uids_do_not_depend_on_position_or_other_events(events_content, files):
    path = events_content / "events.yaml"
    path.write_text(path.read_text().replace("- id: gcse-results-2027", "- id: extra-2027\n  title: Extra\n"
                                             "  start: 2027-01-01\n  category: term\n- id: gcse-results-2027", 1))
    again = render_calendars(_site(events_content))
    assert again["events/science-week-2027.ics"] == files["events/science-week-2027.ics"]
    assert _events(again, "calendar.ics")["science-week-2027"].to_ical() == \
        _events(files, "calendar.ics")["science-week-2027"].to_ical()


# ---- links for the event and subscribe pages


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_add_to_calendar_links_for_an_all_day_event(site):
    event = next(e for e in site.events if e.id == "science-week-2027")
    links = dict(add_to_calendar_links(event, site.settings))
    google = _query(links["Google Calendar"])
    assert links["Google Calendar"].startswith("https://calendar.google.com/calendar/render?")
    assert google["action"] == "TEMPLATE" and google["text"] == "British Science Week"
    assert google["dates"] == "20270305/20270315" and "ctz" not in google
    assert google["details"].endswith(f"Details: https://{HOST}/events/science-week-2027/")
    outlook = _query(links["Outlook.com"])
    assert links["Outlook.com"].startswith("https://outlook.live.com/calendar/0/action/compose?")
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == ("2027-03-05", "2027-03-15", "true")
    assert outlook["subject"] == "British Science Week"
    assert links["Office 365"].startswith("https://outlook.office.com/calendar/0/action/compose?")
    assert links["Apple Calendar and others (.ics)"] == "../science-week-2027.ics"


def test_add_to_calendar_links_for_a_timed_event_on_a_clock_change_day(site):
    event = next(e for e in site.events if e.id == "clocks-forward-2027")
    links = dict(add_to_calendar_links(event, site.settings))
    google = _query(links["Google Calendar"])
    assert google["dates"] == "20270328T080000/20270328T100000" and google["ctz"] == "Europe/London"
    assert google["location"] == "Hele's School, Seymour Road"
    outlook = _query(links["Office 365"])
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == \
        ("2027-03-28T07:00:00Z", "2027-03-28T09:00:00Z", "false")
    assert " " not in links["Google Calendar"] and "+" not in urlsplit(links["Google Calendar"]).query


def test_subscribe_links(site):
    links = subscribe_links("calendar/results.ics", site.settings, "Results days")
    labels = [label for label, _ in links]
    assert labels[0].startswith("Apple") and labels[-1] == "Web address (https)"
    urls = dict(links)
    assert urls["Apple Calendar and others (webcal)"] == f"webcal://{HOST}/calendar/results.ics"
    assert _query(urls["Google Calendar"]) == {"cid": f"webcal://{HOST}/calendar/results.ics"}
    assert urls["Google Calendar"].startswith("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F")
    assert _query(urls["Outlook.com"]) == {"url": f"https://{HOST}/calendar/results.ics", "name": "Results days"}
    assert urls["Outlook.com"].startswith("https://outlook.live.com/calendar/0/addfromweb?")
    assert urls["Office 365"].startswith("https://outlook.office.com/calendar/0/addfromweb?")
    assert urls["Web address (https)"] == f"https://{HOST}/calendar/results.ics"
