"""iCalendar feeds and single-event downloads: what Google, Outlook and Apple subscribers see.

Every value comes from content and settings, never the clock: the UID from the event id, DTSTAMP
from `updated:` (or the settings' `default_updated`), so the same content and `now` give the same
bytes, and an unchanged event looks unchanged to every subscriber.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

import icalendar
from icalendar.enums import TRANSP

from generator import routes
from generator.config import Settings
from generator.fragment_cache import fragment
from generator.models import Event, School
from generator.plan import Feed, SitePlan
from generator.render.ical_lines import component_bytes
from generator.render.plaintext import event_description, event_summary
from generator.render.vtimezone import vtimezone
from generator.status import status_of

# How often subscribers' apps should fetch a feed (REFRESH-INTERVAL, RFC 7986; X-PUBLISHED-TTL,
# which Outlook for Windows follows). Key dates change a few times a term, but a cancellation
# should reach subscribers within a working day, and four fetches a day per subscriber is nothing
# for a static host. Google and Outlook.com ignore both and poll on their own schedule (Google:
# up to a day), which the subscribe page says.
REFRESH = timedelta(hours=6)


def render_calendars(plan: SitePlan) -> dict[str, bytes]:
    """Every .ics file, keyed by docs-relative path: the feeds, then one download per event.

    icalendar writes every content line, but each VEVENT and VTIMEZONE is serialised once and the
    calendars are joined from those pieces: 1,000 events in ~30 feeds would otherwise cost
    seconds of line folding per build (itself done by ical_lines, faster, to the same bytes).
    """
    settings = plan.settings
    serialised = {event.id: vevent_bytes(event, settings, plan.schools) for event in plan.events}
    zones = _ZoneCache(settings)
    files: dict[str, bytes] = {}
    for feed in plan.feeds:
        if not feed.is_calendar:
            continue
        members = plan.feed_events(feed)
        # Always a VTIMEZONE (what add_missing_timezones would add, made once): a feed with no
        # dates in its window is then still valid, as RFC 5545 needs one component.
        files[feed.path] = _join(_feed_calendar(settings, feed), [zones.get(members)] +
                                 [serialised[event.id] for event in members])
    download = component_bytes(_calendar(settings)).removesuffix(_END)  # the same lines head every download
    for event in plan.events:
        # A download carries no calendar name: Outlook would make a new calendar from one.
        zone = b"" if event.all_day else zones.get([event])
        files[routes.event_download(event.id)] = download + zone + serialised[event.id] + _END
    return files


def event_uid(event_id: str, settings: Settings) -> str:
    return f"{event_id}@{settings.host}"


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _span(event: Event, settings: Settings) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and DTEND: all day with an exclusive end date; timed in the site's zone (no end: none)."""
    if event.all_day:
        return event.start, event.last_day + timedelta(days=1)
    zone = settings.zone
    return event.start_time.astimezone(zone), event.end_time.astimezone(zone) if event.end else None


def vevent_bytes(event: Event, settings: Settings, schools: Mapping[str, School]) -> bytes:
    """An event's VEVENT as bytes, kept between builds by the event (settings and schools are in the salt)."""
    return fragment("vevent", (event,), lambda: component_bytes(_vevent(event, settings, schools)))


def _vevent(event: Event, settings: Settings, schools: Mapping[str, School]) -> icalendar.Event:
    """One VEVENT, the same in every feed and download: a school's own date names its school in SUMMARY."""
    start, end = _span(event, settings)
    return icalendar.Event.new(
        uid=event_uid(event.id, settings),
        stamp=_utc(event.updated or settings.default_updated),
        last_modified=_utc(event.updated) if event.updated else None,
        start=start,
        end=end,
        summary=event_summary(event, schools),
        description=event_description(event, settings),
        url=settings.url(routes.event(event.id)),
        location=event.location,
        categories=[settings.categories.get(event.category, event.category)],
        status=status_of(event.status).words.ical,
        sequence=event.sequence,
        # A week-long key date should not mark anyone busy for the week.
        transparency=TRANSP.TRANSPARENT if event.all_day else None,
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
            self.cache[span] = component_bytes(vtimezone(self.settings.time_zone, span[0], span[1]))
        return self.cache[span]


def _zone_years(events: list[Event], settings: Settings) -> tuple[date, date]:
    """The span the VTIMEZONE must cover: its events, from content alone (never `now`)."""
    first = [e.start_day.year for e in events] + [settings.default_updated.year]
    last = [e.last_day.year for e in events] + [settings.default_updated.year]
    return date(min(first), 1, 1), date(max(last) + 1, 1, 1)


def _feed_calendar(settings: Settings, feed: Feed) -> icalendar.Calendar:
    """A subscribable calendar: name, description and refresh interval."""
    calendar = _calendar(settings)
    name = feed.name
    about = f"{feed.description} Details and other calendars: {settings.url(routes.SUBSCRIBE)}"
    # As TEXT, escaped: icalendar 7 would write NAME and the X-WR- names raw, and a comma in a
    # school's name would then cut the name short in parsers that follow RFC 5545 (vobject).
    for key, value in (("NAME", name), ("X-WR-CALNAME", name), ("DESCRIPTION", about), ("X-WR-CALDESC", about)):
        calendar.add(key, icalendar.vText(value))
    calendar.add("X-WR-TIMEZONE", settings.time_zone)
    calendar.add("URL", settings.url(routes.SUBSCRIBE))
    calendar.add("SOURCE", settings.url(feed.path), parameters={"VALUE": "URI"})
    calendar.add("REFRESH-INTERVAL", icalendar.vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH))
    return calendar


_END = b"END:VCALENDAR\r\n"


def _join(calendar: icalendar.Calendar, components: list[bytes]) -> bytes:
    """The calendar's own lines, then its components, as Calendar.to_ical would write them."""
    return component_bytes(calendar).removesuffix(_END) + b"".join(components) + _END
