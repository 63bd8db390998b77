"""Which months the key-dates calendar has a page for, and month arithmetic, decided once for the plan.

A month page exists from the month of the earliest key date still in the calendar feeds (ended
within feed_past_days) to the month of the last day of the latest upcoming one, and always for the
current month, so /events/calendar/ (this month) and every event page's link to its month work.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

Month = tuple[int, int]  # (year, month)


def month_of(day: date) -> Month:
    return day.year, day.month


def month_key(month: Month) -> str:
    """'2027-03': the month's slot in its address."""
    return f"{month[0]}-{month[1]:02d}"


def next_month(month: Month) -> Month:
    year, number = month
    return (year + 1, 1) if number == 12 else (year, number + 1)


def first_day(month: Month) -> date:
    return date(month[0], month[1], 1)


def last_day(month: Month) -> date:
    return first_day(next_month(month)) - timedelta(days=1)


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from first to last, both included."""
    months = []
    while first <= last:
        months.append(first)
        first = next_month(first)
    return months


def calendar_months(today: date, listed: Iterable[tuple[date, date]], upcoming: Iterable[tuple[date, date]]) -> list[Month]:
    """The months with a calendar page: from the earliest listed key date's first day (or this month)
    to the latest upcoming one's last day (or this month). `listed` and `upcoming` are (first, last) days."""
    now = month_of(today)
    first = min([now, *(month_of(start) for start, _ in listed)])
    last = max([now, *(month_of(end) for _, end in upcoming)])
    return months_between(first, last)
