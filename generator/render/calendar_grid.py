"""The month view: one page per month at /events/calendar/YYYY-MM/, this month also at /events/calendar/.

Which months have a page is the plan's (generator/months.py). Each page is a list of week rows;
each row lists its longer key dates once, as bars spanning their days (clipped to the month, with
the whole span in words), then its days, each with its one-day key dates. The stylesheet
(docs/stylesheets/month.css) draws the rows as a seven-column grid on wider screens and in print,
and as a plain list of the days that have something on below its breakpoint, so a phone never
scrolls sideways. Today carries aria-current="date" and a visible "Today". No JavaScript.
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from generator import routes
from generator.dates import WEEKDAYS, clock, day_words, month_name, when_text
from generator.models import Event
from generator.months import Month, first_day, last_day, month_key, month_of, next_month
from generator.render.parts import Index, page, schools_note, status_badge
from generator.render.social import page_head
from generator.render.text import esc
from generator.routes import Here
from generator.status import shown_words, status_of

_WEEKS = calendar.Calendar(firstweekday=calendar.MONDAY)  # UK weeks start on Monday


def render_calendar(index: Index) -> Iterator[tuple[str, str]]:
    """Every month page, and this month's again at the calendar's own address (old links keep working)."""
    plan = index.plan
    by_month = events_by_month(index)
    for number, month in enumerate(plan.months):
        before = plan.months[number - 1] if number else None
        after = plan.months[number + 1] if number + 1 < len(plan.months) else None
        urls = [routes.calendar_month(month_key(month))]
        if month == month_of(plan.today):
            urls.append(routes.MONTH_GRID)
        for url in urls:
            yield url, _month_page(index, Here(url), month, before, after, by_month.get(month, []))


def events_by_month(index: Index) -> dict[Month, list[Event]]:
    """Every event under each month it touches, in canonical order."""
    found: dict[Month, list[Event]] = defaultdict(list)
    for event in index.plan.events:
        first, last = index.plan.days[event.id]
        month, end = month_of(first), month_of(last)
        while month <= end:
            found[month].append(event)
            month = next_month(month)
    return found


def _month_page(index: Index, here: Here, month: Month, before: Month | None, after: Month | None,
                events: list[Event]) -> str:
    name = month_name(*month)
    title = f"Key dates in {name}"
    body = [f"<h1>{esc(title)}</h1>",
            f'<p class="intro">Key dates for Plymouth\'s secondary schools in {name}, week by week. '
            f'Prefer a list? <a href="{here.to(routes.EVENTS)}">See all key dates as a list</a>, or '
            f'<a href="{here.to(routes.SUBSCRIBE)}">add them to your own calendar</a>.</p>',
            _month_nav(index, here, month, before, after)]
    if not events:
        body.append(f'<p class="month-empty">No key dates in {name}.</p>')
    body.append(_weeks(index, here, month, events))
    description = f"Key dates for Plymouth's secondary schools in {name}, week by week."
    return page(title, body, description, page_head(index.plan, title, description, here.url))


def _month_nav(index: Index, here: Here, month: Month, before: Month | None, after: Month | None) -> str:
    items = []
    if before:
        items.append(f'<li class="month-nav-prev"><a rel="prev" href="{here.to(routes.calendar_month(month_key(before)))}">'
                     f'<span aria-hidden="true">← </span>{month_name(*before)}</a></li>')
    if month != month_of(index.plan.today):
        items.append(f'<li class="month-nav-now"><a href="{here.to(routes.MONTH_GRID)}">This month</a></li>')
    if after:
        items.append(f'<li class="month-nav-next"><a rel="next" href="{here.to(routes.calendar_month(month_key(after)))}">'
                     f'{month_name(*after)}<span aria-hidden="true"> →</span></a></li>')
    return '<nav class="month-nav" aria-label="Other months">\n<ul>\n' + "\n".join(items) + "\n</ul>\n</nav>"


def _weeks(index: Index, here: Here, month: Month, events: list[Event]) -> str:
    start, end = first_day(month), last_day(month)
    heads = "".join(f"<li>{name[:3]}</li>" for name in WEEKDAYS)
    rows = [_week(index, here, [d for d in week if start <= d <= end], events)
            for week in _WEEKS.monthdatescalendar(*month)]
    return (f'<div class="month-view">\n<ul class="month-weekdays" aria-hidden="true">{heads}</ul>\n'
            f'<ol class="month-weeks" aria-label="Weeks of {month_name(*month)}">\n' + "\n".join(rows) + "\n</ol>\n</div>")


def _week(index: Index, here: Here, days: list[date], events: list[Event]) -> str:
    """One week row: its longer key dates as bars (each once), then its days."""
    plan = index.plan
    first, last = days[0], days[-1]
    on_day: dict[date, list[Event]] = defaultdict(list)
    bars: list[tuple[date, date, Event]] = []
    for event in events:
        start, end = plan.days[event.id]
        if end < first or start > last:
            continue
        if start == end:
            on_day[start].append(event)
        else:
            bars.append((max(start, first), min(end, last), event))
    lanes = _lanes([(start, end) for start, end, _ in bars])
    parts = [_bar(index, here, event, start, end, lane) for (start, end, event), lane in zip(bars, lanes, strict=True)]
    bar_list = f'<ul class="week-bars">{"".join(parts)}</ul>' if parts else ""
    day_cells = "".join(_day(index, here, day, on_day.get(day, [])) for day in days)
    css = "week" + ("" if bars or on_day or plan.today in days else " week-empty")
    lane_count = max(lanes, default=0)
    # The first week of a month may start mid-week: its first day says which column it sits in.
    label = f"{day_words(first, year=False)} to {day_words(last, year=False)}" if last > first else day_words(first, year=False)
    return (f'<li class="{css}" style="--lanes: {lane_count}; --start: {first.weekday() + 1}">'
            f'<p class="week-label">{label}</p>{bar_list}'
            f'<ol class="week-days">{day_cells}</ol></li>')


def _lanes(spans: list[tuple[date, date]]) -> list[int]:
    """A lane (1, 2, …) for each bar, in order, so no two bars in one lane overlap."""
    ends: list[date] = []  # the last day taken in each lane
    lanes = []
    for start, end in spans:
        lane = next((n for n, taken in enumerate(ends) if taken < start), len(ends))
        if lane == len(ends):
            ends.append(end)
        else:
            ends[lane] = end
        lanes.append(lane + 1)
    return lanes


def _bar(index: Index, here: Here, event: Event, start: date, end: date, lane: int) -> str:
    """A longer key date across the days it covers in this week, with its whole span in words."""
    first, last = index.plan.days[event.id]
    css = f"bar status-{event.status}" + (" continues-before" if first < start else "") + (
        " continues-after" if last > end else "")
    style = f"--from: {start.weekday() + 1}; --span: {(end - start).days + 1}; --lane: {lane}"
    return (f'<li class="{css}" style="{style}">'
            f'<a href="{here.to(routes.event(event.id))}">{esc(event.title)}</a>{schools_note(index, event)}{_status(index, event)}'
            f'<span class="bar-when">{esc(when_text(event, index.plan.zone))}</span></li>')


def _day(index: Index, here: Here, day: date, events: list[Event]) -> str:
    today = day == index.plan.today
    css = "day" + (" today" if today else "") + (" has-events" if events else "")
    mark = ' <strong class="today-mark">Today</strong>' if today else ""
    items = "".join(_event(index, here, event) for event in events)
    return (f'<li class="{css}"' + (' aria-current="date"' if today else "") + ">"
            f'<p class="day-label"><span class="day-number" aria-hidden="true">{day.day}</span>'
            f'<span class="day-name">{day_words(day, year=False)}</span>{mark}</p>'
            + (f'<ul class="day-events">{items}</ul>' if items else "")
            + ('<p class="day-nothing">No key dates today</p>' if today and not items else "") + "</li>")


def _event(index: Index, here: Here, event: Event) -> str:
    time = ""
    if not event.all_day:
        time = f'<span class="event-time">{clock(event.start_time.astimezone(index.plan.zone))}</span> '
    return (f'<li class="day-event status-{event.status}">{time}'
            f'<a href="{here.to(routes.event(event.id))}">{esc(event.title)}</a>{schools_note(index, event)}'
            f'{_status(index, event)}</li>')


def _status(index: Index, event: Event) -> str:
    ended = index.plan.ended(event)  # a past date no longer says "to be confirmed"
    words = shown_words(status_of(event.status), ended)
    if words.mark and words.label:  # a short mark where a badge would not fit, the full words for screen readers
        return (f'<span class="status-mark" aria-hidden="true"> {words.mark}</span>'
                f'<span class="visually-hidden">, {words.label.lower()}</span>')
    return status_badge(event, ended)
