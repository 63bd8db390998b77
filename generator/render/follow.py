"""Subscribe in context: a calendar's apps and address, and a page's news feeds, as blocks any page shows.

School pages offer their own calendar and news feeds, category pages their calendar, tag pages
their news feed, a tentative date the calendar that will carry its changes; /subscribe/ lists them
all with the same pieces. Every feed has one anchor on /subscribe/ (feed_anchor), so a page can
link to the right place there rather than to its top. Each block is a fixed size: one feed, a few links.
"""
from __future__ import annotations

import re

from generator import routes
from generator.plan import CALENDAR_KINDS, KINDS, Feed, SitePlan
from generator.render.calendar_links import subscribe_links
from generator.render.text import esc
from generator.routes import Here

ANDROID = "app-android"  # the Android help on /subscribe/

# What each app's link is called in context: who uses it, in the reader's words.
APP_LABELS = {
    "Apple Calendar and others (webcal)": "Apple Calendar (iPhone, iPad, Mac)",
    "Google Calendar": "Google Calendar (on a computer)",
    "Outlook.com": "Outlook.com",
    "Office 365": "Outlook (work or school account)",
}


def feed_anchor(feed: Feed) -> str:
    """The id of a feed's entry on /subscribe/: 'feed-calendar-results-ics' (site paths are unique, so are these)."""
    return "feed-" + re.sub(r"[^a-z0-9]+", "-", feed.path.lower()).strip("-")


def find_feeds(plan: SitePlan, group: str, key: str = "", calendars: bool | None = None) -> list[Feed]:
    """The plan's feeds of one group and key ('school', 'plymstock'), calendars only, story feeds only or both."""
    return [feed for feed in plan.feeds if feed.group == group and feed.key == key
            and (calendars is None or (feed.kind in CALENDAR_KINDS) == calendars)]


def calendar_apps(plan: SitePlan, here: Here, feed: Feed, *, copy: bool = True) -> str:
    """A calendar's subscribe links (Apple, Google, Outlook.com, Outlook for work) and its address to copy.

    The copy button starts hidden and carries the address in data-copy: copy.js shows it where
    the clipboard can be used, so it never appears without working.
    """
    links = subscribe_links(feed.path, plan.settings, feed.name)
    address = links[-1].url
    items = "".join(f'<li><a href="{esc(url)}">{esc(APP_LABELS.get(label, label))}<span class="visually-hidden">: '
                    f"subscribe to {esc(feed.title)}</span></a></li>" for label, url in links[:-1])
    block = f'<ul class="calendar-links">{items}</ul>'
    if copy:
        block += _address(address, feed.title)
    return block


def _address(address: str, title: str) -> str:
    return (f'<div class="feed-address"><code>{esc(address)}</code> '
            f'<button type="button" class="feed-copy" data-copy="{esc(address)}" '
            f'aria-label="Copy address: {esc(title)}" hidden>Copy address</button></div>')


def _help(here: Here, feed: Feed) -> str:
    return (f'<p class="follow-help">On an Android phone? <a href="{here.to(routes.on_subscribe(ANDROID))}">'
            "Add it to Google Calendar on a computer</a>, and it appears on the phone. "
            f'<a href="{here.to(routes.on_subscribe(feed_anchor(feed)))}">More calendars and help</a>.</p>')


def news_links(here: Here, feeds: list[Feed]) -> str:
    """A page's story feeds as one line: RSS · Atom (the first feed's address to copy)."""
    if not feeds:
        return ""
    links = " · ".join(f'<a href="{here.to(feed.path)}">{esc(KINDS.get(feed.kind, feed.kind))}'
                       f'<span class="visually-hidden">: {esc(feed.title)}</span></a>' for feed in feeds)
    return f'<p class="follow-news">Feed for a news reader: {links}</p>'


def calendar_section(plan: SitePlan, here: Here, feed: Feed, heading: str, intro: str, section_id: str) -> str:
    """A section with one calendar's apps, its address and the Android line (a category's page, an event's)."""
    return (f'<section class="follow" aria-labelledby="{section_id}">\n'
            f'<h2 id="{section_id}">{esc(heading)}</h2>\n<p>{esc(intro)}</p>\n'
            f"{calendar_apps(plan, here, feed)}\n{_help(here, feed)}\n</section>")


def follow_school(plan: SitePlan, here: Here, school_id: str) -> str:
    """A school page's own calendar and news feeds, under one heading."""
    calendars = find_feeds(plan, "school", school_id, calendars=True)
    news = find_feeds(plan, "school", school_id, calendars=False)
    if not calendars and not news:
        return ""
    name = plan.schools[school_id].name
    parts = [f'<section class="follow" aria-labelledby="follow-school">\n'
             f'<h2 id="follow-school">Follow {esc(name)}</h2>']
    if calendars:
        parts.append(f"<p>Subscribe once and {esc(name)}'s key dates (and those for every school) appear in your "
                     "calendar, with changes and cancellations as they happen.</p>")
        parts.append(calendar_apps(plan, here, calendars[0]))
        parts.append(_help(here, calendars[0]))
    if news:
        parts.append(news_links(here, news))
    return "\n".join(parts) + "\n</section>"


def follow_tag(plan: SitePlan, here: Here, tag: str) -> str:
    """A tag page's news feed."""
    news = find_feeds(plan, "tag", tag, calendars=False)
    if not news:
        return ""
    label = plan.settings.tags.get(tag, tag)
    return (f'<section class="follow" aria-labelledby="follow-tag">\n'
            f'<h2 id="follow-tag">Follow stories tagged {esc(label)}</h2>\n'
            f"<p>New stories tagged {esc(label)} in your news reader.</p>\n{news_links(here, news)}\n</section>")


def follow_jump(plan: SitePlan, school_id: str) -> str:
    """A line near the top of a school's page, down to its calendar and feeds (follow_school)."""
    if not find_feeds(plan, "school", school_id):
        return ""
    name = esc(plan.schools[school_id].name)
    return (f'<p class="follow-jump"><a href="#follow-school">Add {name}\'s key dates to your calendar, '
            "or follow its news</a></p>")
