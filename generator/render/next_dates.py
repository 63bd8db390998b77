"""The home page's first screen: "The next key date is …", as GOV.UK says "the next bank holiday is …".

A parent on a phone sees the next key date (with "today", "tomorrow", "this week" where true),
the few after it, and the next results day one tap away, before any story.
"""
from __future__ import annotations

from generator import routes
from generator.dates import date_html, nearness, when_html
from generator.models import Event
from generator.render.parts import HOME_EVENTS, Index, key_dates, schools_note, status_badge
from generator.render.text import esc
from generator.routes import Here


def next_dates_panel(index: Index, here: Here) -> str:
    """The panel: the next key date in a sentence, the next few as a list, then links onward."""
    plan = index.plan
    coming = [event for event in plan.upcoming if event.status != "cancelled"]
    links = [f'<li><a href="{here.to(routes.EVENTS)}">All key dates</a></li>']
    results = next((e for e in coming if e.category == plan.settings.results_category), None)
    if results is not None:  # what a results-day parent needs, one tap away
        category = routes.events_category(results.category)
        links.append(f'<li>Next results day: <a href="{here.to(routes.event(results.id))}">{esc(results.title)}'
                     f"{schools_note(index, results)}, {date_html(plan.days[results.id][0])}</a> "
                     f'(<a href="{here.to(category)}">all results days</a>)</li>')
    links.append(f'<li><a href="{here.to(routes.MONTH_GRID)}">Month-by-month calendar</a></li>')
    links.append(f'<li><a href="{here.to(routes.SUBSCRIBE)}">Add key dates to your calendar</a></li>')
    body = ['<section class="next-dates" aria-labelledby="next-dates">', '<h2 id="next-dates">Coming up</h2>']
    if coming:
        body.append(f'<p class="next-date">{lead(index, here, coming[0])}</p>')
        if len(coming) > 1:
            body.append('<h3 class="next-dates-after">After that</h3>')
            body.append(key_dates(index, here, coming[1:HOME_EVENTS]))
    else:
        body.append("<p>No key dates coming up.</p>")
    body.append('<ul class="more-links">' + "".join(links) + "</ul>")
    return "\n".join(body) + "\n</section>"


def lead(index: Index, here: Here, event: Event) -> str:
    """'The next key date is Year 11 mock exams (Plymstock School), tomorrow: Monday 30 November to …'."""
    plan = index.plan
    first, last = plan.days[event.id]
    near = nearness(first, last, plan.today)
    verb = "The key date on now is" if near == "on now" else "The next key date is"
    when = f"<strong>{near}</strong>: " if near and near != "on now" else ""
    return (f'{verb} <a href="{here.to(routes.event(event.id))}">{esc(event.title)}</a>{schools_note(index, event)}, '
            f'<span class="next-date-when">{when}{when_html(event, plan.zone)}</span>.{status_badge(event)}')
