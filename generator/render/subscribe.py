"""/subscribe/: lists exactly the feeds this build makes, as the site plan lists them."""
from __future__ import annotations

from generator import routes
from generator.plan import CALENDAR_KINDS, FEED_SIZE, KINDS, Feed, SitePlan
from generator.render.calendar_links import subscribe_links
from generator.render.parts import page
from generator.render.social import page_head
from generator.render.text import esc
from generator.routes import Here

GROUPS = {"category": "By kind of date", "school": "By school", "tag": "By tag"}  # other groups: no heading


def render_subscribe(plan: SitePlan, feeds: list[Feed] | None = None) -> tuple[str, str]:
    """/subscribe/: every feed the plan lists (or `feeds`), calendars first."""
    feeds = plan.feeds if feeds is None else feeds
    here = Here(routes.SUBSCRIBE)
    body = ["<h1>Subscribe</h1>"]
    calendars = [feed for feed in feeds if feed.kind in CALENDAR_KINDS]
    news = [feed for feed in feeds if feed.kind not in CALENDAR_KINDS]
    if not feeds:
        body.append("<p>Calendar feeds for key dates and news feeds for stories are coming soon. "
                    f'Until then, see the <a href="{here.to(routes.EVENTS)}">key dates</a> and the '
                    f'<a href="{here.to(routes.STORIES)}">latest stories</a> on this site.</p>')
    if calendars:
        body.append("<h2>Calendars</h2>")
        body.append("<p>Subscribe once and key dates appear in your calendar app, with changes and "
                    "cancellations as they follow. Choose your app under a calendar, or copy its address "
                    "into your calendar app (for example, \"Add calendar from URL\").</p>")
        body.append('<ul class="subscribe-help">\n'
                    "<li>Google Calendar checks subscribed calendars on its own schedule: a change can take up to a day "
                    "to show, and Google adds a calendar by URL only on a computer, not in the phone app.</li>\n"
                    "<li>Outlook for Mac cannot subscribe to a calendar address: use Outlook on the web (Outlook.com or "
                    "Office 365), or Apple Calendar, which Outlook for Mac users can see.</li>\n"
                    "<li>Apple Calendar and Outlook for Windows use the webcal link and check for changes "
                    "every few hours.</li>\n"
                    "<li>To add a single date instead, open it under key dates and choose \"Add to your calendar\".</li>\n"
                    "</ul>")
        body.append(_list(plan, here, calendars))
    if news:
        body.append("<h2>News feeds</h2>")
        body.append("<p>Follow new stories in a feed reader: copy a feed's address into the reader. Each feed "
                    f"holds the latest {FEED_SIZE} stories. Most readers take any of the formats; if unsure, use RSS.</p>")
        body.append(_list(plan, here, news))
    if feeds:
        body.append(_officers(here))
    description = "Calendar and news feeds for Plymouth's secondary schools."
    return here.url, page("Subscribe", body, description, page_head(plan, "Subscribe", description, here.url))


def _officers(here: Here) -> str:
    """A short section for comms officers: the planner and the changes feed (not in the main menu)."""
    return ("<h2>For communications officers</h2>\n"
            f'<p>The <a href="{here.to(routes.PLANNER)}">planner</a> lists what to post around each key date, '
            f'with text to copy, the link and the card. Get each message on its day in the '
            f'<a href="{here.to(routes.PLANNER_CALENDAR)}">planner calendar</a> or the '
            f'<a href="{here.to(routes.PLANNER_FEED)}">planner feed</a>, and hear when a date you announced moves '
            f'or is cancelled from the <a href="{here.to(routes.CHANGES_FEED)}">changes feed</a>.</p>')


def _list(plan: SitePlan, here: Here, feeds: list[Feed]) -> str:
    """Ungrouped feeds first, then one titled list per group, in the order the feeds came."""
    groups: dict[str, list[Feed]] = {}
    for feed in feeds:
        groups.setdefault(feed.group if feed.group in GROUPS else "", []).append(feed)
    blocks = [_items(plan, here, groups.pop(""))] if "" in groups else []
    blocks += [f"<h3>{GROUPS[group]}</h3>\n{_items(plan, here, items)}" for group, items in groups.items()]
    return "\n\n".join(blocks)


def _items(plan: SitePlan, here: Here, feeds: list[Feed]) -> str:
    return '<ul class="feed-list">\n' + "\n".join(_item(plan, here, feed) for feed in feeds) + "\n</ul>"


def _item(plan: SitePlan, here: Here, feed: Feed) -> str:
    """A feed: its link, its kind (unless the title names it), and its plain https address.

    The copy button starts hidden and carries the address in data-copy: the site's script shows
    it where the clipboard can be used (no inline script), so it never appears without working.
    """
    address = plan.settings.url(feed.path)
    kind = KINDS.get(feed.kind, feed.kind)
    apps = ""
    if feed.kind in CALENDAR_KINDS:  # the https address is shown below, with its copy button
        links = subscribe_links(feed.path, plan.settings, feed.name)[:-1]
        apps = ('<ul class="calendar-links">' + "".join(
            f'<li><a href="{esc(url)}">{esc(label)}<span class="visually-hidden">: subscribe to '
            f"{esc(feed.title)}</span></a></li>" for label, url in links) + "</ul>")
    named = feed.title.endswith(f"({kind})")
    return (f'<li class="feed"><a href="{here.to(feed.path)}">{esc(feed.title)}</a>'
            + ("" if named else f' <span class="feed-kind">({esc(kind)})</span>')
            + apps + f'<div class="feed-address"><code>{esc(address)}</code> '
            f'<button type="button" class="feed-copy" data-copy="{esc(address)}" '
            f'aria-label="Copy address: {esc(feed.title)}" hidden>Copy address</button></div></li>')
