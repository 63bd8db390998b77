"""Key dates: the list (upcoming by month, then past), static filter pages, and a page per event."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial

from generator import routes
from generator.config import Settings
from generator.dates import month_name, when_html, when_text
from generator.event_schools import titled
from generator.fragment_cache import fragment
from generator.models import Event, School
from generator.months import month_key, month_of
from generator.render.calendar_links import add_to_calendar_links
from generator.render.comms import comms_panel_html, event_draft
from generator.render.follow import calendar_section, feed_anchor, find_feeds
from generator.render.key_date_finder import QUICK_VIEWS, finder_html
from generator.render.parts import KEY_DATES_PAST, Index, key_dates, page, school_links
from generator.render.past_dates import PASSED, passed_notice
from generator.render.search_meta import event_search
from generator.render.social import event_head, feed_links, page_head
from generator.render.text import esc, markdown_html
from generator.routes import Here
from generator.status import shown_words, status_of

Pages = Iterator[tuple[str, str]]

def render_key_dates(index: Index) -> Pages:
    """/events/, /events/category/<category>/ and /events/audience/<audience>/."""
    settings = index.plan.settings
    yield _key_dates_page(index, routes.EVENTS, "Key dates", lambda event: True,
                          "Term dates, exams, results days and other key dates for Plymouth's secondary schools.",
                          ("all", ""))
    for category, name in settings.categories.items():
        yield _key_dates_page(index, routes.events_category(category), f"Key dates: {name}",
                              lambda event, c=category: event.category == c,
                              f"{name}: key dates for Plymouth's secondary schools.", ("category", category))
    for audience, name in settings.audiences.items():
        yield _key_dates_page(index, routes.events_audience(audience), f"Key dates for {name.lower()}",
                              lambda event, a=audience: a in event.audience,
                              f"Key dates from Plymouth's secondary schools for {name.lower()}.")
    for school in index.plan.schools.values():  # its own dates and every school's
        yield _key_dates_page(index, routes.events_school(school.id), f"Key dates for {school.name}",
                              lambda event, s=school.id: index.plan.includes(event, s),
                              f"Key dates for {school.name}: its own and those for every school.")


def _filters(index: Index, here: Here) -> str:
    settings = index.plan.settings

    def links(items) -> str:
        rows = []
        for path, text in items:
            mark = ' aria-current="page"' if path == here.url else ""
            rows.append(f'<li><a href="{here.to(path)}"{mark}>{esc(text)}</a></li>')
        return '<ul class="filter-list">\n' + "\n".join(rows) + "\n</ul>"

    categories = [(routes.EVENTS, "All key dates")] + [(routes.events_category(c), n) for c, n in settings.categories.items()]
    audiences = [(routes.events_audience(a), n) for a, n in settings.audiences.items()]
    schools = [(routes.events_school(s.id), s.name) for s in sorted(index.plan.schools.values(), key=lambda s: s.name)]
    opened = " open" if any(path == here.url for path, _ in schools) else ""
    return ('<nav class="key-date-filters" aria-label="Filter key dates">\n'
            f'<p class="filter-label">Show key dates by when</p>\n{links(QUICK_VIEWS)}\n'
            f'<p class="filter-label">Show key dates by category</p>\n{links(categories)}\n'
            f'<p class="filter-label">Show key dates by who they are for</p>\n{links(audiences)}\n'
            f'<details class="filter-schools"{opened}>\n<summary class="filter-label">Show key dates for one school</summary>\n'
            f'{links(schools)}\n</details>\n</nav>')


def _key_dates_page(index: Index, url: str, title: str, keep, description: str,
                    calendar: tuple[str, str] | None = None) -> tuple[str, str]:
    """A list of key dates; `calendar` (group, key) names the calendar feed the page offers, if any."""
    here = Here(url)
    upcoming = [e for e in index.plan.upcoming if keep(e)]
    past = [e for e in index.plan.past if keep(e)][:KEY_DATES_PAST]
    feed = next(iter(find_feeds(index.plan, *calendar, calendars=True)), None) if calendar else None
    subscribe = routes.on_subscribe(feed_anchor(feed)) if feed else routes.SUBSCRIBE
    intro = ('<p class="intro">Term dates, exams, results days and other dates for Plymouth\'s secondary schools. '
             f'See them on a <a href="{here.to(routes.MONTH_GRID)}">month-by-month calendar</a>, or '
             f'<a href="{here.to(subscribe)}">add them to your own calendar</a>.</p>')
    body = [f"<h1>{esc(title)}</h1>", intro, _filters(index, here)]
    if url == routes.EVENTS:
        body.append(finder_html(index))
    body.append("<h2>Coming up</h2>")
    if not upcoming:
        body.append("<p>No key dates coming up.</p>")
    now = [e for e in upcoming if index.plan.days[e.id][0] < index.plan.today]
    if now:
        body.append("<h3>Happening now</h3>\n" + key_dates(index, here, now))
    for label, events in _by_month(index, [e for e in upcoming if index.plan.days[e.id][0] >= index.plan.today]):
        body.append(f"<h3>{label}</h3>\n" + key_dates(index, here, events))
    if past:
        body.append("<h2>Recent key dates</h2>")
        for label, events in _by_month(index, past):
            body.append(f"<h3>{label}</h3>\n" + key_dates(index, here, events))
    if feed:
        body.append(calendar_section(index.plan, here, feed, "Get these dates in your calendar",
                                     "Subscribe once: new dates, changes and cancellations reach your calendar app "
                                     "by themselves.", "follow-calendar"))
    return url, page(title, body, description, page_head(index.plan, title, description, url))


def _by_month(index: Index, events: list[Event]) -> list[tuple[str, list[Event]]]:
    """Consecutive events grouped under the month they start in."""
    groups: dict[tuple[int, int], list[Event]] = {}
    for event in events:
        first = index.plan.days[event.id][0]
        groups.setdefault((first.year, first.month), []).append(event)
    return [(month_name(*key), items) for key, items in groups.items()]


def render_event(index: Index, event: Event) -> Pages:
    """A key date's page.

    Kept between builds (generator/fragment_cache.py) by all it is made from: the key date, whether
    it has passed as of `now`, the next date of its series once it has, whether its month is on the
    calendar, the calendar a tentative date points to and the feeds it announces (the settings and
    schools are the cache's salt). Everything else it shows follows from the record itself.
    """
    plan = index.plan
    ended = plan.ended(event)
    inputs = (event, ended, plan.next_in_series(event) if ended else None,
              month_of(plan.days[event.id][0]) in plan.months, feed_links(plan),
              find_feeds(plan, "category", event.category, calendars=True) if event.status == "tentative" else None)
    yield routes.event(event.id), fragment("event page", inputs, partial(_event_page, index, event, ended))


def _event_page(index: Index, event: Event, ended: bool) -> str:
    here = Here(routes.event(event.id))
    settings = index.plan.settings
    status = shown_words(status_of(event.status), ended)  # once past, no "to be confirmed" banner
    body = [f"<h1>{esc(event.title)}</h1>"]
    if ended:
        body.append(passed_notice(index, here, event))
    if status.banner:
        strong, words = status.banner
        body.append(f'<div class="status-banner status-{event.status}" role="note">'
                    f"<p><strong>{strong}</strong> {words}</p></div>")
    facts = [("When", when_html(event, index.plan.zone))]
    if event.location:
        facts.append(("Where", esc(event.location)))
    if event.audience:
        facts.append(("Who it is for", esc(", ".join(settings.audiences[a] for a in event.audience))))
    category = esc(settings.categories[event.category])
    facts.append(("Category", f'<a href="{here.to(routes.events_category(event.category))}">{category}</a>'))
    schools = "All schools" if event.schools == "all" else school_links(index, here, list(event.schools))
    facts.append(("Schools", schools))
    body.append('<dl class="event-facts">\n' + "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "\n</dl>")
    if event.description:
        body.append(f'<div class="event-description">\n{markdown_html(event.description)}\n</div>')
    if event.url:
        body.append(f'<p class="event-link"><a href="{esc(event.url)}">More information'
                    f'<span class="visually-hidden"> about {esc(event.title)}</span></a></p>')
    links = [f'<li><a href="{here.to(routes.EVENTS)}">All key dates</a></li>']
    month = month_of(index.plan.days[event.id][0])
    if month in index.plan.months:
        links.append(f'<li><a href="{here.to(routes.calendar_month(month_key(month)))}">'
                     f"{month_name(*month)} on the calendar</a></li>")
    body.append('<ul class="event-links">\n' + "\n".join(links) + "\n</ul>")
    if event.status == "tentative" and not ended:  # "subscribe to get changes" first, not once it is past
        body.append(_get_changes(index, here, event))
    if event.status != "cancelled" and not ended:  # nothing to add once a date has passed
        body.append(_add_to_calendar(here, event, settings, index.plan.schools))
    draft = event_draft(event, settings, index.plan.schools)
    body.append(comms_panel_html(draft, here.to(routes.card(event.id)), "Share this date", here.to(routes.PLANNER)))
    description = f"{when_text(event, index.plan.zone)}. {settings.categories[event.category]}."
    if status.banner:
        description = f"{status.banner[0]} {description}"
    if ended:
        description = f"{PASSED} {description}"
    head = event_head(index.plan, event) | event_search(index.plan, event)
    return page(titled(event, index.plan.schools), body, description, head)


def _add_to_calendar(here: Here, event: Event, settings: Settings, schools: Mapping[str, School]) -> str:
    """Links that add this one date to Google, Outlook.com, Office 365, or any app through the .ics file."""
    items = []
    ics_href = here.to(routes.event_download(event.id))
    for label, url in add_to_calendar_links(event, settings, ics_href, schools):
        download = ' download' if url == ics_href else ""
        items.append(f'<li><a href="{esc(url)}"{download}>{esc(label)}'
                     f'<span class="visually-hidden">: add {esc(event.title)}</span></a></li>')
    return ('<section class="add-to-calendar" aria-labelledby="add-to-calendar">\n'
            '<h2 id="add-to-calendar">Add to your calendar</h2>\n'
            '<ul class="calendar-links">\n' + "\n".join(items) + "\n</ul>\n</section>")


def _get_changes(index: Index, here: Here, event: Event) -> str:
    """A tentative date leads with its category's calendar, which will carry the change, before the one-off download."""
    feed = next(iter(find_feeds(index.plan, "category", event.category, calendars=True)), None)
    if feed is None:
        return ""
    return calendar_section(index.plan, here, feed, "Subscribe to get changes",
                            f"This date may still change. Subscribe to the {feed.title} calendar and your calendar "
                            "app updates itself when the date is confirmed, moved or cancelled. A single date "
                            "added below does not change.", "get-changes")
