"""The site zone's VTIMEZONE as two yearly rules, derived from zoneinfo and checked against it.

`icalendar.Timezone.from_tzid` writes each change as a list of fixed dates (RDATE) from a start
year; some parsers (ts-ics) read only the first date of a list, so every later summer is an hour
off there. Calendar apps themselves write two yearly rules (Europe/London: last Sunday of March
at 01:00, last Sunday of October at 02:00), which every client reads. The rules are derived
from the zone's own changes and written only when they reproduce every change from the year they
start to well past the calendar's last date; any other zone keeps the RDATE form.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar

# The rules are checked at least this far ahead (zoneinfo extends a zone's current rule past
# 2037 itself), so a file never claims a rule that tzdata already knows will change.
_CHECKED_UNTIL = 2040
_EARLIEST = 1970
_WEEK = timedelta(weeks=1)  # no zone changes twice within a week


@dataclass(frozen=True)
class _Change:
    """One change of offset, as zoneinfo gives it."""

    at: datetime  # the UTC instant
    offset_from: timedelta
    offset_to: timedelta
    name: str  # TZNAME after the change

    @property
    def local(self) -> datetime:
        """The wall-clock time of the change in the offset before it, as DTSTART wants it."""
        return (self.at + self.offset_from).replace(tzinfo=None)


@dataclass(frozen=True)
class _Rule:
    """A yearly change: the `week`-th (-1: last) `weekday` of `month` at a wall-clock time."""

    month: int
    weekday: int  # Monday = 0
    week: int
    time: tuple[int, int, int]
    offset_from: timedelta
    offset_to: timedelta
    name: str

    @classmethod
    def of(cls, change: _Change) -> _Rule:
        local = change.local
        last_day = calendar.monthrange(local.year, local.month)[1]
        week = -1 if local.day > last_day - 7 else (local.day - 1) // 7 + 1
        return cls(local.month, local.weekday(), week, (local.hour, local.minute, local.second),
                   change.offset_from, change.offset_to, change.name)

    def matches(self, change: _Change) -> bool:
        return _Rule.of(change) == self

    @property
    def byday(self) -> str:
        return f"{self.week}{('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')[self.weekday]}"


def vtimezone(zone_name: str, first: date, last: date) -> icalendar.Timezone:
    """The VTIMEZONE for events from `first` to `last`: yearly rules when they hold, else fixed dates."""
    component = yearly_vtimezone(zone_name, first.year, last.year)
    if component is None:
        component = icalendar.Timezone.from_tzid(zone_name, first_date=first, last_date=last)
        # Its "only works from … to …" COMMENT is not a VTIMEZONE property (RFC 5545 3.6.5), and
        # libical's check rejects it in a file without METHOD.
        component.pop("COMMENT", None)
    return component


def yearly_vtimezone(zone_name: str, first_year: int, last_year: int) -> icalendar.Timezone | None:
    """Two yearly rules (STANDARD and DAYLIGHT) when they reproduce the zone's every change, else None."""
    found = _yearly_rules(zone_name, first_year, last_year)
    if found is None:
        return None
    since, rules = found
    timezone_ = icalendar.Timezone()
    timezone_.add("TZID", zone_name)
    for rule, change in rules:
        part = icalendar.TimezoneDaylight() if rule.offset_to > rule.offset_from else icalendar.TimezoneStandard()
        part.add("TZNAME", rule.name)
        part.add("TZOFFSETFROM", rule.offset_from)
        part.add("TZOFFSETTO", rule.offset_to)
        part.add("DTSTART", change.local)
        part.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": rule.month, "BYDAY": rule.byday})
        timezone_.add_component(part)
    return timezone_


@lru_cache(maxsize=32)
def _yearly_rules(zone_name: str, first_year: int, last_year: int) -> tuple[int, tuple[tuple[_Rule, _Change], ...]] | None:
    """The first year of the rules, and each rule (STANDARD first) with its change in that year."""
    reference = _changes(zone_name, last_year)
    if len(reference) != 2:
        return None
    rules = [_Rule.of(change) for change in reference]
    if {rule.offset_to > rule.offset_from for rule in rules} != {True, False}:
        return None

    def follows(year: int) -> bool:
        changes = _changes(zone_name, year)
        return len(changes) == 2 and all(rule.matches(change) for rule, change in zip(rules, changes, strict=True))

    if not all(follows(year) for year in range(last_year, max(last_year, _CHECKED_UNTIL) + 1)):
        return None
    since = last_year
    while since > _EARLIEST and follows(since - 1):
        since -= 1
    if since > first_year:
        return None
    first_changes = _changes(zone_name, since)
    pairs = sorted(zip(rules, first_changes, strict=True), key=lambda pair: pair[0].offset_to > pair[0].offset_from)
    return since, tuple(pairs)


@lru_cache(maxsize=512)
def _changes(zone_name: str, year: int) -> tuple[_Change, ...]:
    """Every change of offset or name in a year (UTC), found week by week and then to the second."""
    zone = ZoneInfo(zone_name)
    found = []
    start = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    before = _state(zone, start)
    while start < end:
        step = min(_WEEK, end - start)
        after = _state(zone, start + step)
        if after != before:
            low, high = 0, int(step.total_seconds())  # the change is in (start + low s, start + high s]
            while high - low > 1:
                middle = (low + high) // 2
                if _state(zone, start + timedelta(seconds=middle)) == before:
                    low = middle
                else:
                    high = middle
            found.append(_Change(start + timedelta(seconds=high), before[0], after[0], after[1]))
        before = after
        start += step
    return tuple(found)


def _state(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, str]:
    local = instant.astimezone(zone)
    return local.utcoffset() or timedelta(0), local.tzname() or ""
