"""iCalendar feeds and single-event downloads: what Google, Outlook and Apple subscribers see.

Every value comes from content and settings, never the clock: the UID from the event id, DTSTAMP
from `updated:` (or the settings' `default_updated`), so the same content and `now` give the same
bytes, and an unchanged event looks unchanged to every subscriber.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar

from generator.config import Settings
from generator.models import Event
from generator.publish import Published
from generator.render.plaintext import markdown_plain
from generator.render.vtimezone import vtimezone

# How often subscribers' apps should fetch a feed (REFRESH-INTERVAL, RFC 7986; X-PUBLISHED-TTL,
# which Outlook for Windows follows). Key dates change a few times a term, but a cancellation
# should reach subscribers within a working day, and four fetches a day per subscriber is nothing
# for a static host. Google and Outlook.com ignore both and poll on their own schedule (Google:
# up to a day), which the subscribe page says.
REFRESH = timedelta(hours=6)


@dataclass(frozen=True)
class Feed:
    """A calendar feed as the subscribe page lists it; `path` is docs-relative (= the site URL path)."""

    title: str
    path: str
    description: str
    calendar_name: str  # what calendar apps call it once subscribed
    kind: str = "ical"  # as generator.render.subscribe.KINDS names it
    group: str = "all"  # all | category | school
    key: str = ""  # the category or school id


def calendar_feeds(site: Published) -> list[Feed]:
    """Every calendar feed, in the order the subscribe page shows them: all, by category, by school.

    Every configured category and every school has a feed, even while it has no dates in the
    window, so a subscribed URL never starts to fail.
    """
    settings = site.settings
    site_name = settings.site_name
    feeds = [Feed("All key dates", "calendar.ics", f"Every key date from {site_name}.", site_name)]
    for category, name in settings.categories.items():
        feeds.append(Feed(name, f"calendar/{category}.ics", f"{name}: the key dates of this kind for every school.",
                          f"{name} – {site_name}", group="category", key=category))
    for school in site.schools:
        feeds.append(Feed(school.name, f"schools/{school.id}/calendar.ics",
                          f"Key dates for {school.name} and for every school.", f"{school.name} – key dates",
                          group="school", key=school.id))
    return feeds


def render_calendars(site: Published) -> dict[str, bytes]:
    """Every .ics file, keyed by docs-relative path: the feeds, then one download per event.

    icalendar writes every byte, but each VEVENT and VTIMEZONE is serialised once and the
    calendars are joined from those pieces: 1,000 events in ~30 feeds would otherwise cost
    seconds of line folding per build.
    """
    settings = site.settings
    events = sorted(site.events, key=event_order)
    serialised = {event.id: _vevent(event, settings).to_ical() for event in events}
    zones = _ZoneCache(settings)
    current = [event for event in events if in_feeds(event, site.now, settings.feed_past_days)]
    files: dict[str, bytes] = {}
    for feed in calendar_feeds(site):
        members = [event for event in current if _belongs(event, feed)]
        # Always a VTIMEZONE (what add_missing_timezones would add, made once): a feed with no
        # dates in its window is then still valid, as RFC 5545 needs one component.
        files[feed.path] = _join(_feed_calendar(settings, feed), [zones.get(members)] +
                                 [serialised[event.id] for event in members])
    for event in events:
        # A download carries no calendar name: Outlook would make a new calendar from one.
        zone = [] if event.all_day else [zones.get([event])]
        files[event_download_path(event.id)] = _join(_calendar(settings), zone + [serialised[event.id]])
    return files


def event_download_path(event_id: str) -> str:
    """The docs-relative path of an event's .ics download."""
    return f"events/{event_id}.ics"


def event_uid(event_id: str, settings: Settings) -> str:
    return f"{event_id}@{settings.host}"


def event_order(event: Event) -> tuple:
    """Start, then id: the order never depends on where an entry sits in events.yaml."""
    start = "" if event.all_day else event.start.astimezone(UTC).isoformat()
    return (event.start_day, start, event.id)


def feed_window_start(now: datetime, past_days: int) -> date:
    """The first day a feed still covers: events that end on or after it stay in the feeds."""
    return now.date() - timedelta(days=past_days)


def in_feeds(event: Event, now: datetime, past_days: int) -> bool:
    """Future events and those that ended within the last `past_days` days (as of `now`)."""
    return event.last_day >= feed_window_start(now, past_days)


def _belongs(event: Event, feed: Feed) -> bool:
    if feed.group == "category":
        return event.category == feed.key
    if feed.group == "school":
        return event.school_ids is None or feed.key in event.school_ids
    return True


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _span(event: Event, settings: Settings) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and DTEND: all day with an exclusive end date; timed in the site's zone (no end: none)."""
    if event.all_day:
        return event.start, event.last_day + timedelta(days=1)
    zone = settings.zone
    return event.start.astimezone(zone), event.end.astimezone(zone) if event.end else None


def event_page_url(event: Event, settings: Settings) -> str:
    return settings.url(f"events/{event.id}/")


def event_description(event: Event, settings: Settings) -> str:
    """Plain text for DESCRIPTION and add-to-calendar links: the description, status, source and page."""
    page = event_page_url(event, settings)
    parts = [markdown_plain(event.description, page)] if event.description else []
    if event.status == "tentative":
        parts.append("This date is provisional: check the event page nearer the time.")
    elif event.status == "cancelled":
        parts.append("This event has been cancelled.")
    if event.url:
        parts.append(f"Source: {event.url}")
    parts.append(f"Details: {page}")
    return "\n\n".join(parts)


def event_summary(event: Event) -> str:
    """The title; a cancelled event says so, as several apps show STATUS:CANCELLED no differently."""
    return f"Cancelled: {event.title}" if event.status == "cancelled" else event.title


def _vevent(event: Event, settings: Settings) -> icalendar.Event:
    start, end = _span(event, settings)
    return icalendar.Event.new(
        uid=event_uid(event.id, settings),
        stamp=_utc(event.updated or settings.default_updated),
        last_modified=_utc(event.updated) if event.updated else None,
        start=start,
        end=end,
        summary=event_summary(event),
        description=event_description(event, settings),
        url=event_page_url(event, settings),
        location=event.location,
        categories=[settings.categories.get(event.category, event.category)],
        status=event.status.upper(),
        sequence=event.sequence,
        # A week-long key date should not mark anyone busy for the week.
        transparency="TRANSPARENT" if event.all_day else None,
    )


def _calendar(settings: Settings) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("PRODID", f"-//{settings.host}//Key dates//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    # No METHOD: these files are snapshots, not iTIP scheduling messages, and METHOD:PUBLISH
    # would need an ORGANIZER (RFC 5546) that would make apps treat each date as a meeting.
    # Outlook reads a file without METHOD as PUBLISH. Evidence: README, "Calendars".
    return calendar


class _ZoneCache:
    """The site zone's VTIMEZONE, serialised once per span of years."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.cache: dict[tuple[date, date], bytes] = {}

    def get(self, events: list[Event]) -> bytes:
        span = _zone_years(events, self.settings)
        if span not in self.cache:
            self.cache[span] = vtimezone(self.settings.time_zone, span[0], span[1]).to_ical()
        return self.cache[span]


def _zone_years(events: list[Event], settings: Settings) -> tuple[date, date]:
    """The span the VTIMEZONE must cover: its events, from content alone (never `now`)."""
    first = [e.start_day.year for e in events] + [settings.default_updated.year]
    last = [e.last_day.year for e in events] + [settings.default_updated.year]
    return date(min(first), 1, 1), date(max(last) + 1, 1, 1)


def _feed_calendar(settings: Settings, feed: Feed) -> icalendar.Calendar:
    """A subscribable calendar: name, description and refresh interval."""
    calendar = _calendar(settings)
    name = feed.calendar_name
    about = f"{feed.description} Details and other calendars: {settings.url('subscribe/')}"
    # As TEXT, escaped: icalendar 7 would write NAME and the X-WR- names raw, and a comma in a
    # school's name would then cut the name short in parsers that follow RFC 5545 (vobject).
    for key, value in (("NAME", name), ("X-WR-CALNAME", name), ("DESCRIPTION", about), ("X-WR-CALDESC", about)):
        calendar.add(key, icalendar.vText(value))
    calendar.add("X-WR-TIMEZONE", settings.time_zone)
    calendar.add("URL", settings.url("subscribe/"))
    calendar.add("SOURCE", settings.url(feed.path), parameters={"VALUE": "URI"})
    calendar.add("REFRESH-INTERVAL", icalendar.vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH))
    return calendar


_END = b"END:VCALENDAR\r\n"


def _join(calendar: icalendar.Calendar, components: list[bytes]) -> bytes:
    """The calendar's own lines, then its components, as Calendar.to_ical would write them."""
    return calendar.to_ical().removesuffix(_END) + b"".join(components) + _END
