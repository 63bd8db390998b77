"""Quick views of the key dates: /events/today/, /events/this-week/, /events/this-month/, /events/next-month/.

Each lists the key dates that touch its days, today onward (this week: today and the six days
after; this month: today to the month's end; next month: all of it). An empty view says so and
links to the next key date after it (not a cancelled one). They change with the build's day, like the month view.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from generator import routes
from generator.dates import day_words, month_name, when_html
from generator.models import Event
from generator.months import first_day, last_day, month_key, month_of, next_month
from generator.render.key_date_finder import QUICK_VIEWS
from generator.render.parts import Index, key_dates, link_list, page
from generator.render.social import page_head
from generator.render.text import esc
from generator.routes import Here


def quick_windows(today: date) -> dict[str, tuple[str, date, date]]:
    """Each quick view's site path → (what it is called in a sentence, first day, last day)."""
    later = next_month(month_of(today))
    return {routes.EVENTS_TODAY: ("today", today, today),
            routes.EVENTS_THIS_WEEK: ("this week", today, today + timedelta(days=6)),
            routes.EVENTS_THIS_MONTH: ("this month", today, last_day(month_of(today))),
            routes.EVENTS_NEXT_MONTH: ("next month", first_day(later), last_day(later))}


def render_quick_views(index: Index) -> Iterator[tuple[str, str]]:
    plan = index.plan
    for url, (words, first, last) in quick_windows(plan.today).items():
        here = Here(url)
        events = [e for e in plan.upcoming if plan.days[e.id][0] <= last and plan.days[e.id][1] >= first]
        title = f"Key dates {words}"
        span = day_words(first) if first == last else f"{_short(first, last)} to {day_words(last)}"
        month = month_of(first)
        calendar = ""
        if month in plan.months:
            calendar = f' · <a href="{here.to(routes.calendar_month(month_key(month)))}">{month_name(*month)} on the calendar</a>'
        body = [f"<h1>{esc(title)}</h1>",
                f'<p class="intro">{esc(span)}. <a href="{here.to(routes.EVENTS)}">All key dates</a>{calendar}</p>',
                link_list([(here.to(path), esc(label)) for path, label in QUICK_VIEWS], "filter-list", "Quick views",
                          current=here.to(url))]
        if events:
            body.append(key_dates(index, here, events))
        else:
            body.append(f"<p>No key dates {esc(words)}.</p>")
            body.append(_next_after(index, here, last))
        description = f"Key dates for Plymouth's secondary schools {words}: {span}."
        yield url, page(title, body, description, page_head(plan, title, description, url))


def _short(first: date, last: date) -> str:
    return day_words(first, year=first.year != last.year)


def _next_after(index: Index, here: Here, last: date) -> str:
    plan = index.plan
    following: Event | None = next((e for e in plan.upcoming if plan.days[e.id][0] > last and e.status != "cancelled"), None)
    if following is None:
        return "<p>No later key dates have been published yet.</p>"
    return (f'<p class="next-key-date">The next key date is <a href="{here.to(routes.event(following.id))}">'
            f"{esc(following.title)}</a>, {when_html(following, plan.zone)}.</p>")


