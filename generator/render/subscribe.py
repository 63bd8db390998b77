"""/subscribe/: lists exactly the feeds this build makes, as the site plan lists them.

It opens with a short chooser ("which dates?", then "which app?"): plain links to places on the
page, so it works without JavaScript. The long groups (by kind of date, by school, by tag) are
collapsed in <details>; a link to a feed inside one (feed_anchor) opens it: browsers open a closed
<details> holding the target of a link, and open-target.js does it where they do not.
"""
from __future__ import annotations

from generator import routes
from generator.plan import CALENDAR_KINDS, FEED_SIZE, KINDS, Feed, SitePlan
from generator.render.follow import ANDROID, calendar_apps, feed_anchor
from generator.render.parts import page
from generator.render.social import page_head
from generator.render.text import esc
from generator.routes import Here

# A group's heading and its id on the page, calendars and news feeds apart, so no two headings repeat.
CALENDAR_GROUPS = {"category": ("Calendars by kind of date", "calendars-by-kind"),
                   "school": ("Calendars by school", "calendars-by-school")}
NEWS_GROUPS = {"school": ("News feeds by school", "news-by-school"), "tag": ("News feeds by tag", "news-by-tag")}
APPS = "apps"  # the help for each calendar app


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
    else:
        body.append('<p class="intro">Get key dates in your own calendar, or new stories in a news reader: '
                    "subscribe once and they keep themselves up to date.</p>")
        body.append(_chooser(calendars, news))
        body.append(_contents(calendars, news))
    if calendars:
        body.append('<h2 id="calendars">Calendars</h2>')
        body.append("<p>Subscribe once and key dates appear in your calendar app, with changes and "
                    "cancellations as they follow. Choose your app under a calendar, or copy its address "
                    "into your calendar app (for example, \"Add calendar from URL\").</p>")
        body.append(_groups(plan, here, calendars, CALENDAR_GROUPS))
        body.append(_apps())
    if news:
        body.append('<h2 id="news">News feeds</h2>')
        body.append("<p>Follow new stories in a feed reader: copy a feed's address into the reader. Each feed "
                    f"holds the latest {FEED_SIZE} stories. Most readers take any of the formats; if unsure, use RSS.</p>")
        body.append(_groups(plan, here, news, NEWS_GROUPS))
    if feeds:
        body.append(_officers(here))
    description = "Calendar and news feeds for Plymouth's secondary schools."
    return here.url, page("Subscribe", body, description, page_head(plan, "Subscribe", description, here.url))


def _chooser(calendars: list[Feed], news: list[Feed]) -> str:
    """Two short questions, each answer a link to its place on this page."""
    dates = []
    everything = [feed for feed in calendars if feed.group not in CALENDAR_GROUPS]
    if everything:
        dates.append((f"#{feed_anchor(everything[0])}", "Every key date for every school"))
    groups = {feed.group for feed in calendars}
    if "school" in groups:
        dates.append((f"#{CALENDAR_GROUPS['school'][1]}", "One school's dates (with those for every school)"))
    if "category" in groups:
        dates.append((f"#{CALENDAR_GROUPS['category'][1]}", "One kind of date only: results days, exams, term dates…"))
    if news:
        dates.append(("#news", "Not dates but news: new stories in a news reader"))
    blocks = ['<nav class="subscribe-chooser" aria-labelledby="choose">', '<h2 id="choose">Choose in two steps</h2>',
              '<h3 id="which-dates">1. Which dates?</h3>', _links(dates)]
    if calendars:
        apps = [("#app-apple", "iPhone, iPad or Mac"), (f"#{ANDROID}", "Android phone"),
                ("#app-google", "Google Calendar on a computer"), ("#app-outlook", "Outlook")]
        blocks += ['<h3 id="which-app">2. Which app?</h3>', _links(apps)]
    return "\n".join(blocks) + "\n</nav>"


def _contents(calendars: list[Feed], news: list[Feed]) -> str:
    items = []
    if calendars:
        items.append(("#calendars", "Calendars"))
        items += [(f"#{anchor}", title) for group, (title, anchor) in CALENDAR_GROUPS.items()
                  if any(feed.group == group for feed in calendars)]
        items.append((f"#{APPS}", "Help for each calendar app"))
    if news:
        items.append(("#news", "News feeds"))
        items += [(f"#{anchor}", title) for group, (title, anchor) in NEWS_GROUPS.items()
                  if any(feed.group == group for feed in news)]
    items.append(("#officers", "For communications officers"))
    return f'<nav class="subscribe-contents" aria-label="On this page">\n<p class="filter-label">On this page</p>\n{_links(items)}\n</nav>'


def _links(items: list[tuple[str, str]]) -> str:
    return '<ul class="chooser-list">\n' + "\n".join(f'<li><a href="{href}">{esc(text)}</a></li>'
                                                     for href, text in items) + "\n</ul>"


def _apps() -> str:
    """What to do in each app, Android users' way round Google's app included."""
    return (f'<section class="subscribe-apps" aria-labelledby="{APPS}">\n<h3 id="{APPS}">Help for each calendar app</h3>\n'
            '<dl class="app-help">\n'
            '<dt id="app-apple">iPhone, iPad or Mac (Apple Calendar)</dt>\n'
            "<dd>Tap or click <em>Apple Calendar</em> under a calendar and confirm. Apple Calendar and Outlook for "
            "Windows use this webcal link and check for changes every few hours.</dd>\n"
            f'<dt id="{ANDROID}">Android phone</dt>\n'
            "<dd>The Google Calendar app on Android cannot add a calendar from an address. On a computer, open "
            "calendar.google.com (signed in with the same Google account as the phone) and choose <em>Google "
            "Calendar</em> under a calendar here, or choose + beside <em>Other calendars</em>, then <em>From URL</em>, "
            "and paste the calendar's address. It then appears on the phone by itself; if it does not, open the app's "
            "Settings, tap the calendar and turn on Sync. Apps that subscribe to a calendar address themselves, "
            "such as ICSx⁵, also work.</dd>\n"
            '<dt id="app-google">Google Calendar on a computer</dt>\n'
            "<dd>Choose <em>Google Calendar</em> under a calendar and confirm. Google Calendar checks subscribed "
            "calendars on its own schedule: a change can take up to a day to show.</dd>\n"
            '<dt id="app-outlook">Outlook</dt>\n'
            "<dd>Choose <em>Outlook.com</em> for a personal account, or <em>Outlook (work or school account)</em> "
            "for Office 365. Outlook for Mac cannot subscribe to a calendar address: use Outlook on the web, or "
            "Apple Calendar, which Outlook for Mac users can see.</dd>\n"
            "</dl>\n"
            "<p>To add a single date instead, open it under key dates and choose \"Add to your calendar\": "
            "it will not change if the date does.</p>\n</section>")


def _officers(here: Here) -> str:
    """A short section for comms officers: the planner and the changes feed (not in the main menu)."""
    return ('<h2 id="officers">For communications officers</h2>\n'
            f'<p>The <a href="{here.to(routes.PLANNER)}">planner</a> lists what to post around each key date, '
            f'with text to copy, the link and the card. Get each message on its day in the '
            f'<a href="{here.to(routes.PLANNER_CALENDAR)}">planner calendar</a> or the '
            f'<a href="{here.to(routes.PLANNER_FEED)}">planner feed</a>, and hear when a date you announced moves '
            f'or is cancelled from the <a href="{here.to(routes.CHANGES_FEED)}">changes feed</a>.</p>')


def _groups(plan: SitePlan, here: Here, feeds: list[Feed], titles: dict[str, tuple[str, str]]) -> str:
    """Ungrouped feeds first, shown; then one collapsed group per kind, in the order the feeds came."""
    groups: dict[str, list[Feed]] = {}
    for feed in feeds:
        groups.setdefault(feed.group if feed.group in titles else "", []).append(feed)
    blocks = [_items(plan, here, groups.pop(""))] if "" in groups else []
    for group, items in groups.items():
        title, anchor = titles[group]
        blocks.append(f'<details class="feed-group" id="{anchor}">\n<summary>{esc(title)} '
                      f'<span class="count">({len(items)})</span></summary>\n{_items(plan, here, items)}\n</details>')
    return "\n\n".join(blocks)


def _items(plan: SitePlan, here: Here, feeds: list[Feed]) -> str:
    return '<ul class="feed-list">\n' + "\n".join(_item(plan, here, feed) for feed in feeds) + "\n</ul>"


def _item(plan: SitePlan, here: Here, feed: Feed) -> str:
    """A feed: its link, its kind (unless the title names it), its apps (a calendar) and its https address."""
    kind = KINDS.get(feed.kind, feed.kind)
    named = feed.title.endswith(f"({kind})")
    head = (f'<li class="feed" id="{feed_anchor(feed)}"><a href="{here.to(feed.path)}">{esc(feed.title)}</a>'
            + ("" if named else f' <span class="feed-kind">({esc(kind)})</span>'))
    if feed.kind in CALENDAR_KINDS:
        return head + calendar_apps(plan, here, feed) + "</li>"
    address = plan.settings.url(feed.path)
    return (head + f'<div class="feed-address"><code>{esc(address)}</code> '
            f'<button type="button" class="feed-copy" data-copy="{esc(address)}" '
            f'aria-label="Copy address: {esc(feed.title)}" hidden>Copy address</button></div></li>')
