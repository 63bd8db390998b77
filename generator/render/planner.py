"""The comms officers' planner: what to post around each key date, and the feed of changed dates.

/planner/ lists the messages of the next PLANNER_WEEKS weeks in send order (later months on
pages of their own, one link away), each with its event, send time in words, text, a copy
button, the link and the card. /calendar/planner.ics puts every upcoming message on its day as an
all-day item, UID '<event id>.<message id>@host', so an edited text updates the item rather than
adding one; /planner/feed.xml carries the same as RSS. /calendar/changes.xml lists key dates that
changed recently, newest `updated:` first, with each entry's `change_note:`.

Every value comes from content and settings, never the clock: DTSTAMP, pubDate and lastBuildDate
are `updated:` (or `default_updated`) and the send times.
"""
from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from functools import partial

import icalendar
from feedgen.feed import FeedGenerator
from icalendar.enums import TRANSP

from generator import routes
from generator.dates import clock, day_words, month_name, when_text
from generator.fragment_cache import fragment
from generator.messages import Planned, post_for
from generator.models import Event
from generator.plan import MEDIA_TYPES, PLANNER_WEEKS, SitePlan
from generator.render.ical_lines import component_bytes
from generator.render.parts import page
from generator.render.plaintext import event_summary
from generator.render.social import page_head
from generator.render.text import esc
from generator.routes import Here

GENERATOR = "Plymouth schools news generator"
TITLE = "Planner for communications officers"


def render_planner(plan: SitePlan) -> dict[str, str | bytes]:
    """The planner pages, its calendar and feed, and the changes feed, keyed by docs path."""
    soon, later = plan.planner_window()
    files: dict[str, str | bytes] = {}
    url, text = _page(plan, routes.PLANNER, soon, later, None)
    files[routes.docs_path(url)] = text
    for month, messages in later.items():
        url, text = _page(plan, routes.planner_month(month), messages, later, month)
        files[routes.docs_path(url)] = text
    # Each file follows from its messages (or changed dates) and their events alone, the settings
    # being in the fragment cache's salt: kept between builds (generator/fragment_cache.py).
    events = _events(plan)
    sent = tuple((message, events[message.event_id]) for message in plan.messages)
    files[routes.PLANNER_CALENDAR] = fragment("planner calendar", sent, partial(_calendar, plan))
    files[routes.PLANNER_FEED] = fragment("planner feed", sent, partial(_planner_feed, plan))
    files[routes.CHANGES_FEED] = fragment("changes feed", plan.changed, partial(_changes_feed, plan))
    return files


# ---- what each message says

def _events(plan: SitePlan) -> dict[str, Event]:
    return {event.id: event for event in plan.events}


def send_words(message: Planned) -> str:
    """'Thursday 13 August 2026, 8am'."""
    return f"{day_words(message.send_at.date())}, {clock(message.send_at)}"


def _post(plan: SitePlan, message: Planned) -> str:
    channel = message.message.channel or "x"
    return post_for(message.text, plan.settings.url(routes.event(message.event_id)), message.message.hashtags, channel)


# ---- the pages

def _page(plan: SitePlan, path: str, messages: list[Planned], later: dict[str, list[Planned]],
          month: str | None) -> tuple[str, str]:
    here = Here(path)
    events = _events(plan)
    if month is None:
        heading, intro = TITLE, (f"<p>What to post around each key date in the next {PLANNER_WEEKS} weeks, "
                                 "in the order to post it: copy a message, and use its link and card. "
                                 "Times are UK time.</p>")
    else:
        year, number = (int(part) for part in month.split("-"))
        heading = f"{TITLE}: {month_name(year, number)}"
        intro = (f'<p>Messages to post in {esc(month_name(year, number))}. '
                 f'<a href="{here.to(routes.PLANNER)}">Back to the next {PLANNER_WEEKS} weeks</a>.</p>')
    body = [f"<h1>{esc(heading)}</h1>", intro,
            f'<p class="planner-feeds">Get every message on its day: <a href="{here.to(routes.PLANNER_CALENDAR)}">'
            f'planner calendar</a> or <a href="{here.to(routes.PLANNER_FEED)}">planner feed (RSS)</a>. '
            f'Dates that change: <a href="{here.to(routes.CHANGES_FEED)}">changes feed (RSS)</a>.</p>']
    if not messages:
        body.append("<p>No messages to post in this period.</p>")
    day = None
    items: list[str] = []
    for message in messages:
        if message.send_at.date() != day:
            if items:
                body.append('<ol class="planner-list">\n' + "\n".join(items) + "\n</ol>")
                items = []
            day = message.send_at.date()
            body.append(f'<h2><time datetime="{day.isoformat()}">{esc(day_words(day))}</time></h2>')
        items.append(_item(plan, here, message, events[message.event_id]))
    if items:
        body.append('<ol class="planner-list">\n' + "\n".join(items) + "\n</ol>")
    if later:
        links = "".join(f'<li><a href="{here.to(routes.planner_month(key))}"'
                        + (' aria-current="page"' if key == month else "")
                        + f">{esc(month_name(*map(int, key.split('-'))))}</a></li>" for key in later)
        body.append(f'<h2>Later months</h2>\n<ul class="planner-months">{links}</ul>')
    description = "Messages to post around Plymouth schools' key dates, for communications officers."
    return here.url, page(heading, body, description, page_head(plan, heading, description, here.url))


def _item(plan: SitePlan, here: Here, message: Planned, event: Event) -> str:
    post = _post(plan, message)
    anchor = f"{message.event_id}-{message.message.id}"
    channel = message.message.channel
    where = f" · {esc(channel.capitalize() if channel != 'x' else 'X')} only" if channel else ""
    stamp = message.send_at.isoformat(timespec="minutes")
    return (f'<li class="planner-item" id="{esc(anchor)}">'
            f'<h3><a href="{here.to(routes.event(event.id))}">{esc(event_summary(event))}</a></h3>'
            f'<p class="planner-when">Post at <time datetime="{stamp}">{esc(send_words(message))}</time>{where}. '
            f'Key date: {esc(when_text(event, plan.zone))}.</p>'
            f'<p class="planner-text">{esc(post).replace(chr(10), "<br>")}</p>'
            f'<p class="planner-actions"><button type="button" class="feed-copy" data-copy="{esc(post)}" '
            f'aria-label="Copy message: {esc(event.title)}, {esc(send_words(message))}" hidden>Copy message</button> '
            f'<a href="{here.to(routes.event(event.id))}">Link<span class="visually-hidden">: '
            f'{esc(event.title)}</span></a> · '
            f'<a href="{here.to(routes.card(event.id))}">Card image<span class="visually-hidden">: '
            f'{esc(event.title)}</span></a></p></li>')


# ---- the calendar

def message_uid(message: Planned, plan: SitePlan) -> str:
    return f"{message.uid_part}@{plan.settings.host}"


def _stamp(plan: SitePlan, event: Event) -> datetime:
    return (event.updated or plan.settings.default_updated).astimezone(UTC)


def _calendar(plan: SitePlan) -> bytes:
    settings = plan.settings
    calendar = icalendar.Calendar()
    calendar.add("PRODID", f"-//{settings.host}//Planner//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    name = f"Planner – {settings.site_name}"
    about = f"Messages to post around each key date, on the day to post them. {settings.url(routes.PLANNER)}"
    for key, value in (("NAME", name), ("X-WR-CALNAME", name), ("DESCRIPTION", about), ("X-WR-CALDESC", about)):
        calendar.add(key, icalendar.vText(value))
    calendar.add("URL", settings.url(routes.PLANNER))
    events = _events(plan)
    for message in plan.messages:
        event = events[message.event_id]
        day = message.send_at.date()
        description = (f"Post this today at {clock(message.send_at)} (UK time):\n\n{_post(plan, message)}\n\n"
                       f"Card: {settings.url(routes.card(event.id))}\nKey date: {settings.url(routes.event(event.id))}")
        calendar.add_component(icalendar.Event.new(
            uid=message_uid(message, plan), stamp=_stamp(plan, event),
            last_modified=event.updated.astimezone(UTC) if event.updated else None,
            start=day, end=day + timedelta(days=1),
            summary=f"Post today: {event.title}", description=description,
            url=settings.url(routes.event(event.id)), sequence=event.sequence,
            transparency=TRANSP.TRANSPARENT))
    if not plan.messages:  # RFC 5545 needs one component: a valid, empty calendar
        calendar.add_component(icalendar.Timezone.from_tzid(settings.time_zone))
    return component_bytes(calendar)


# ---- the feeds

def _generator(plan: SitePlan, path: str, page_path: str, title: str, description: str) -> FeedGenerator:
    settings = plan.settings
    feed = FeedGenerator()
    feed.id(settings.url(path))
    feed.title(title)
    feed.description(description)
    feed.language("en-GB")
    feed.link(href=settings.url(path), rel="self", type=MEDIA_TYPES["rss"])
    feed.link(href=settings.url(page_path), rel="alternate")
    feed.generator(GENERATOR)
    feed.docs("https://www.rssboard.org/rss-specification")
    return feed


def _planner_feed(plan: SitePlan) -> bytes:
    settings = plan.settings
    feed = _generator(plan, routes.PLANNER_FEED, routes.PLANNER, f"Planner – {settings.site_name}",
                      "Messages to post around each key date, in the order to post them.")
    events = _events(plan)
    newest = [_stamp(plan, events[m.event_id]) for m in plan.messages]
    feed.updated(max(newest, default=settings.default_updated.astimezone(UTC)))
    for message in plan.messages:
        event = events[message.event_id]
        entry = feed.add_entry(order="append")
        entry.id(message_uid(message, plan))
        entry.guid(message_uid(message, plan), permalink=False)
        entry.title(f"Post on {send_words(message)}: {event.title}")
        entry.link(href=settings.url(routes.event(event.id)))
        post = html.escape(_post(plan, message), quote=False).replace("\n", "<br>")
        entry.description(f"<p>Post at {html.escape(send_words(message))} (UK time):</p><p>{post}</p>"
                          f'<p><a href="{html.escape(settings.url(routes.card(event.id)))}">Card image</a></p>')
        entry.published(message.send_at)
        entry.updated(_stamp(plan, event))
    return feed.rss_str(pretty=True)


def change_words(event: Event, plan: SitePlan) -> str:
    """What an item of the changes feed says: the note, then the date as it now stands."""
    now = f"{event_summary(event)}: {when_text(event, plan.zone)}."
    return f"{event.change_note} {now}" if event.change_note else f"Updated. {now}"


def _changes_feed(plan: SitePlan) -> bytes:
    settings = plan.settings
    feed = _generator(plan, routes.CHANGES_FEED, routes.EVENTS, f"Changed key dates – {settings.site_name}",
                      "Key dates that changed recently, newest change first: moved, cancelled or corrected.")
    feed.updated(plan.changed[0].updated if plan.changed and plan.changed[0].updated
                 else settings.default_updated)
    for event in plan.changed:
        assert event.updated is not None
        page_url = settings.url(routes.event(event.id))
        entry = feed.add_entry(order="append")
        guid = f"{page_url}#changed-{event.updated.astimezone(UTC):%Y%m%dT%H%M%SZ}"  # a new change is a new item
        entry.id(guid)
        entry.guid(guid, permalink=False)
        entry.title(f"Changed: {event_summary(event)}")
        entry.link(href=page_url)
        entry.description(html.escape(change_words(event, plan), quote=False))
        entry.published(event.updated)
        entry.updated(event.updated)
    return feed.rss_str(pretty=True)
