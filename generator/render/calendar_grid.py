"""/events/calendar/: one accessible table per month of the school year (September to August).

Months run from the current one to August, then September up to last month under a heading of
their own, so the page opens on what is coming and still shows the whole school year. Each
table sits in a focusable, labelled region that scrolls sideways on its own, so a phone never
scrolls the page sideways. No JavaScript.
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from generator import routes
from generator.dates import WEEKDAYS, clock, day_words, month_name, school_year
from generator.models import Event
from generator.render.parts import Index, link_list, page, schools_note, status_badge
from generator.render.social import page_head
from generator.render.text import esc
from generator.routes import Here, month_anchor
from generator.status import shown_words, status_of

_WEEKS = calendar.Calendar(firstweekday=calendar.MONDAY)  # UK weeks start on Monday


def render_calendar(index: Index) -> Iterator[tuple[str, str]]:
    here = Here(routes.MONTH_GRID)
    start, end = school_year(index.plan.today)
    months = [(start.year + (m < 9), m) for m in (*range(9, 13), *range(1, 9))]
    current = months.index((index.plan.today.year, index.plan.today.month))
    ahead, earlier = months[current:], months[:current]
    on_day = _events_by_day(index, start, end)
    title = f"Calendar for the {start.year} to {end.year} school year"
    jump = [(f"#{month_anchor(y, m)}", month_name(y, m)) for y, m in ahead + earlier]
    body = [f"<h1>{esc(title)}</h1>",
            f'<p class="intro">Key dates for each month of the school year, starting with this month. '
            f'Prefer a list? <a href="{here.to(routes.EVENTS)}">See all key dates as a list</a>.</p>',
            link_list(jump, "month-list", "Months"),
            "<h2>This month and the months ahead</h2>"]
    body += [_month(index, here, y, m, on_day) for y, m in ahead]
    if earlier:
        body.append("<h2>Earlier this school year</h2>")
        body += [_month(index, here, y, m, on_day) for y, m in earlier]
    description = f"A month-by-month calendar of key dates, September {start.year} to August {end.year}."
    yield here.url, page(title, body, description, page_head(index.plan, title, description, here.url))


def _events_by_day(index: Index, start: date, end: date) -> dict[date, list[Event]]:
    """Every event on each day it spans, within the school year (events arrive in start order)."""
    on_day: dict[date, list[Event]] = defaultdict(list)
    for event in index.plan.events:
        first, last = index.plan.days[event.id]
        day, last = max(first, start), min(last, end)
        while day <= last:
            on_day[day].append(event)
            day += timedelta(days=1)
    return on_day


def _month(index: Index, here: Here, year: int, month: int, on_day) -> str:
    anchor = month_anchor(year, month)
    heads = "".join(f'<th scope="col"><span aria-hidden="true">{name[:3]}</span>'
                    f'<span class="visually-hidden">{name}</span></th>' for name in WEEKDAYS)
    rows = []
    for week in _WEEKS.monthdatescalendar(year, month):
        cells = "".join(_day(index, here, day, on_day.get(day, ())) if day.month == month else "<td></td>" for day in week)
        rows.append(f"<tr>{cells}</tr>")
    return (f'<div class="table-scroll" id="{anchor}" tabindex="0" role="region" aria-labelledby="{anchor}-caption">\n'
            f'<table class="month-grid">\n<caption id="{anchor}-caption">{month_name(year, month)}</caption>\n'
            f"<thead><tr>{heads}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>")


def _day(index: Index, here: Here, day: date, events) -> str:
    today = day == index.plan.today
    css = "day" + (" today" if today else "") + (" has-events" if events else "")
    label = day_words(day) + (", today" if today else "")
    parts = [f'<td class="{css}"' + (' aria-current="date">' if today else ">"),
             f'<span class="day-number" aria-hidden="true">{day.day}</span>',
             f'<span class="visually-hidden">{label}</span>']
    if events:
        parts.append('<ul class="day-events">' + "".join(_event(index, here, e, day) for e in events) + "</ul>")
    return "".join(parts) + "</td>"


def _event(index: Index, here: Here, event: Event, day: date) -> str:
    time = ""
    if not event.all_day and day == index.plan.days[event.id][0]:
        time = f'<span class="event-time">{clock(event.start_time.astimezone(index.plan.zone))}</span> '
    ended = index.plan.ended(event)  # a past date no longer says "to be confirmed"
    words = shown_words(status_of(event.status), ended)
    status = status_badge(event, ended)
    if words.mark and words.label:  # a short mark where a badge would not fit, the full words for screen readers
        status = (f'<span class="status-mark" aria-hidden="true"> {words.mark}</span>'
                  f'<span class="visually-hidden">, {words.label.lower()}</span>')
    return (f'<li class="day-event status-{event.status}">{time}'
            f'<a href="{here.to(routes.event(event.id))}">{esc(event.title)}</a>{schools_note(index, event)}{status}</li>')
