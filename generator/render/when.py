"""Event dates and times in words, UK style, with machine-readable <time> elements.

English names are spelled out here rather than taken from strftime, so the output never depends
on the build machine's locale.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from generator.models import Event
from generator.render.text import clock, esc

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Part = tuple[str, str | None]  # (words, datetime attribute or None for joining words)


def month_name(year: int, month: int) -> str:
    """'January 2027'."""
    return f"{MONTHS[month - 1]} {year}"


def day_words(value: date, year: bool = True) -> str:
    """'Thursday 19 August 2027', or 'Thursday 19 August' without the year."""
    words = f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]}"
    return f"{words} {value.year}" if year else words


def local_days(event: Event, zone: ZoneInfo) -> tuple[date, date]:
    """The first and last UK calendar days the event touches (inclusive)."""
    if event.all_day:
        return event.start, event.end or event.start
    start = event.start.astimezone(zone)
    end = (event.end or event.start).astimezone(zone)
    if end > start and end.time() == time(0):  # ending at midnight does not touch the next day
        return start.date(), (end - timedelta(microseconds=1)).date()
    return start.date(), end.date()


def when_parts(event: Event, zone: ZoneInfo) -> list[Part]:
    """The event's date (and time) as words, split so each date can sit in a <time> element."""
    if event.all_day:
        first, last = local_days(event, zone)
        if first == last:
            return [(day_words(first), first.isoformat()), (", all day", None)]
        return [(day_words(first, year=first.year != last.year), first.isoformat()), (" to ", None),
                (day_words(last), last.isoformat())]
    start = event.start.astimezone(zone)
    starts = f"{day_words(start.date())}, {clock(start)}"
    if event.end is None or event.end == event.start:
        return [(starts, _stamp(start))]
    end = event.end.astimezone(zone)
    if end.date() == start.date():
        return [(starts, _stamp(start)), (" to ", None), (clock(end), _stamp(end))]
    if end.time() == time(0) and end.date() == start.date() + timedelta(days=1):
        return [(starts, _stamp(start)), (" to ", None), ("midnight", _stamp(end))]
    first = f"{day_words(start.date(), year=start.year != end.year)}, {clock(start)}"
    return [(first, _stamp(start)), (" to ", None), (f"{day_words(end.date())}, {clock(end)}", _stamp(end))]


def when_text(event: Event, zone: ZoneInfo) -> str:
    """'Friday 5 March to Sunday 14 March 2027'."""
    return "".join(words for words, _ in when_parts(event, zone))


def when_html(event: Event, zone: ZoneInfo) -> str:
    """when_text with each date in a <time datetime=…> element."""
    return "".join(f'<time datetime="{stamp}">{esc(words)}</time>' if stamp else esc(words)
                   for words, stamp in when_parts(event, zone))


def date_html(value: date) -> str:
    """<time datetime="2026-11-20">Friday 20 November 2026</time>."""
    return f'<time datetime="{value.isoformat()}">{esc(day_words(value))}</time>'


def _stamp(value: datetime) -> str:
    return value.isoformat(timespec="minutes")
