"""Dates and times in words, UK style, for pages, banners, cards and error messages alike.

English names are spelled out here rather than taken from strftime (%A, %B) or its platform
extensions (%-d fails on Windows and macOS), so no output depends on the build machine's locale
or system. The inclusive last day of an event is decided here, once.
"""
from __future__ import annotations

import html
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Part = tuple[str, str | None]  # (words, datetime attribute or None for joining words)


class Timed(Protocol):
    """Anything with an event's start and optional end (a date, or a date-time)."""

    @property
    def start(self) -> date | datetime: ...

    @property
    def end(self) -> date | datetime | None: ...


def month_name(year: int, month: int) -> str:
    """'January 2027'."""
    return f"{MONTHS[month - 1]} {year}"


def day_words(value: date, year: bool = True) -> str:
    """'Thursday 19 August 2027', or 'Thursday 19 August' without the year."""
    words = f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]}"
    return f"{words} {value.year}" if year else words


def date_words(value: date) -> str:
    """'11 December 2026': a date without its weekday, as in a sentence."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def clock(value: datetime | time) -> str:
    """'4pm', '8:30am', '12 noon', 'midnight'."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def school_year(today: date) -> tuple[date, date]:
    """1 September to 31 August of the school year that contains `today`."""
    year = today.year if today.month >= 9 else today.year - 1
    return date(year, 9, 1), date(year + 1, 8, 31)


def span_days(start: date | datetime, end: date | datetime | None, zone: ZoneInfo | None = None) -> tuple[date, date]:
    """The first and last calendar days an event touches, inclusive (in `zone`, else its own).

    All day: `end` is the last day. Timed: an end at midnight does not touch the next day.
    """
    if not isinstance(start, datetime):
        return start, end if isinstance(end, date) and not isinstance(end, datetime) else start
    last = end if isinstance(end, datetime) else start
    if zone is not None:
        start, last = start.astimezone(zone), last.astimezone(zone)
    if last > start and last.time() == time(0):
        return start.date(), (last - timedelta(microseconds=1)).date()
    return start.date(), last.date()


def event_days(event: Timed, zone: ZoneInfo | None = None) -> tuple[date, date]:
    """span_days for an event."""
    return span_days(event.start, event.end, zone)


def when_parts(event: Timed, zone: ZoneInfo) -> list[Part]:
    """The event's date (and time) as words, split so each date can sit in a <time> element."""
    if not isinstance(event.start, datetime):
        first_day, last_day = event_days(event, zone)
        if first_day == last_day:
            return [(day_words(first_day), first_day.isoformat()), (", all day", None)]
        return [(day_words(first_day, year=first_day.year != last_day.year), first_day.isoformat()), (" to ", None),
                (day_words(last_day), last_day.isoformat())]
    start = event.start.astimezone(zone)
    starts = f"{day_words(start.date())}, {clock(start)}"
    if not isinstance(event.end, datetime) or event.end == event.start:
        return [(starts, _stamp(start))]
    end = event.end.astimezone(zone)
    if end.date() == start.date():
        return [(starts, _stamp(start)), (" to ", None), (clock(end), _stamp(end))]
    if end.time() == time(0) and end.date() == start.date() + timedelta(days=1):
        return [(starts, _stamp(start)), (" to ", None), ("midnight", _stamp(end))]
    first = f"{day_words(start.date(), year=start.year != end.year)}, {clock(start)}"
    return [(first, _stamp(start)), (" to ", None), (f"{day_words(end.date())}, {clock(end)}", _stamp(end))]


def when_text(event: Timed, zone: ZoneInfo) -> str:
    """'Friday 5 March to Sunday 14 March 2027'."""
    return "".join(words for words, _ in when_parts(event, zone))


def when_html(event: Timed, zone: ZoneInfo) -> str:
    """when_text with each date in a <time datetime=…> element."""
    return "".join(f'<time datetime="{stamp}">{_esc(words)}</time>' if stamp else _esc(words)
                   for words, stamp in when_parts(event, zone))


def date_html(value: date) -> str:
    """<time datetime="2026-11-20">Friday 20 November 2026</time>."""
    return f'<time datetime="{value.isoformat()}">{_esc(day_words(value))}</time>'


def _stamp(value: datetime) -> str:
    return value.isoformat(timespec="minutes")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def nearness(first: date, last: date, today: date) -> str | None:
    """How near a key date is, in words, where a word is true: 'today', 'tomorrow', 'this week',
    'next week', or 'on now' for one that began earlier and has not ended; None otherwise.

    Weeks run Monday to Sunday, as UK calendars show them.
    """
    if first == today:
        return "today"
    if first < today <= last:
        return "on now"
    if first == today + timedelta(days=1):
        return "tomorrow"
    monday = today - timedelta(days=today.weekday())
    if today < first <= monday + timedelta(days=6):
        return "this week"
    if monday + timedelta(days=7) <= first <= monday + timedelta(days=13):
        return "next week"
    return None
