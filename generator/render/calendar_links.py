"""Add-to-calendar and subscribe links for Google, Outlook and Apple: pure functions of content and settings.

No service documents these deep links; the formats are the ones Google's and Microsoft's own web
apps accept, as used by add-to-calendar-button: Google takes local times with `ctz`, Outlook takes
UTC instants, and both take an exclusive end date for all-day events (like iCalendar's DTEND).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, timedelta
from typing import NamedTuple

from generator.config import Settings
from generator.models import Event, School
from generator.render import url_query
from generator.render.plaintext import event_description, event_summary

GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
OUTLOOK_COMPOSE = "https://outlook.live.com/calendar/0/action/compose"
OFFICE_COMPOSE = "https://outlook.office.com/calendar/0/action/compose"
GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r"
OUTLOOK_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb"
OFFICE_SUBSCRIBE = "https://outlook.office.com/calendar/0/addfromweb"


class Link(NamedTuple):
    label: str
    url: str


def add_to_calendar_links(event: Event, settings: Settings, ics_href: str,
                          schools: Mapping[str, School] | None = None) -> list[Link]:
    """Google Calendar, Outlook.com, Office 365, then the .ics download (Apple Calendar and others).

    `ics_href` is the download's address relative to the page the links are on (routes.Here), so
    the link works wherever the site is hosted. Given `schools`, a school's own date names them.
    """
    title = event_summary(event, schools)
    details = event_description(event, settings)
    location = event.location or ""
    return [
        Link("Google Calendar", _google(event, settings, title, details, location)),
        Link("Outlook.com", _outlook(OUTLOOK_COMPOSE, event, title, details, location)),
        Link("Office 365", _outlook(OFFICE_COMPOSE, event, title, details, location)),
        Link("Apple Calendar and others (.ics)", ics_href),
    ]


def subscribe_links(feed_path: str, settings: Settings, name: str | None = None) -> list[Link]:
    """webcal:// (Apple, Outlook desktop), Google "add by URL", Outlook.com, Office 365, then the https URL.

    `feed_path` is docs-relative ("calendar.ics"); `name` is what Outlook calls the calendar.
    The https URL is always last, for the page's copy button.
    """
    https_url = settings.url(feed_path)
    webcal_url = "webcal://" + https_url.split("://", 1)[1]
    outlook_query = {"url": https_url, "name": name or settings.site_name}
    return [
        Link("Apple Calendar and others (webcal)", webcal_url),
        Link("Google Calendar", _url(GOOGLE_SUBSCRIBE, {"cid": webcal_url})),
        Link("Outlook.com", _url(OUTLOOK_SUBSCRIBE, outlook_query)),
        Link("Office 365", _url(OFFICE_SUBSCRIBE, outlook_query)),
        Link("Web address (https)", https_url),
    ]


def _url(base: str, query: dict[str, str]) -> str:
    return base + "?" + url_query.query({k: v for k, v in query.items() if v})


def _google(event: Event, settings: Settings, title: str, details: str, location: str) -> str:
    if event.all_day:
        end = event.last_day + timedelta(days=1)
        dates, zone = f"{event.start:%Y%m%d}/{end:%Y%m%d}", ""
    else:
        start = event.start_time.astimezone(settings.zone)
        end = event.end_time.astimezone(settings.zone)
        dates, zone = f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}", settings.time_zone
    return _url(GOOGLE_TEMPLATE, {"action": "TEMPLATE", "text": title, "dates": dates, "ctz": zone,
                                  "details": details, "location": location})


def _outlook(base: str, event: Event, title: str, details: str, location: str) -> str:
    if event.all_day:
        start, end = event.start.isoformat(), (event.last_day + timedelta(days=1)).isoformat()
    else:
        start = f"{event.start_time.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
        end = f"{event.end_time.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    return _url(base, {"rru": "addevent", "subject": title, "startdt": start, "enddt": end,
                       "allday": "true" if event.all_day else "false", "body": details, "location": location})
