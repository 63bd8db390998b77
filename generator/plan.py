"""The site plan: what the site holds, decided once from the published set, before anything is drawn.

Every renderer reads this and nothing else: the feeds (one Feed type for calendars and story
feeds), the groupings pages need, the event windows (upcoming, recent, in the calendar feeds), the
canonical order, each event's inclusive days, the card specs and the photo records. Addresses come
from the route table (generator.routes). `find_clashes` finds, before anything is written, two
records that would share an address: a content error, never a traceback at write time.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from generator import routes
from generator.config import Settings
from generator.dates import day_words, event_days, when_text
from generator.errors import ContentError
from generator.event_schools import titled
from generator.fields import slugify
from generator.messages import Planned, plan_messages
from generator.models import Event, School, Story
from generator.months import Month, calendar_months
from generator.status import shown_words, status_of

if TYPE_CHECKING:
    from generator.load import Content
    from generator.publish import Published

FEED_SIZE = 50        # items in every story feed: the latest stories; older ones stay on the site's archive
PLANNER_WEEKS = 12    # the planner page shows the messages of the next 12 weeks; later months one link away
PAGE_SIZE = 20        # stories on a page of the archive, a year, a tag or a school's stories

# A feed's kind: its name on the subscribe page and its media type.
KINDS = {"ical": "iCalendar", "rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
MEDIA_TYPES = {"ical": "text/calendar", "rss": "application/rss+xml", "atom": "application/atom+xml",
               "json": "application/feed+json"}
CALENDAR_KINDS = {"ical"}


@dataclass(frozen=True)
class Feed:
    """A calendar or a story feed: what the subscribe page, autodiscovery and the feed itself say.

    `path` is its site path (= docs path); `name` what a calendar app or feed reader calls it;
    `page` the site path of the page it follows; `group` and `key` pick its members (all;
    category, school or tag and its id).
    """

    kind: str          # a KINDS key
    path: str
    title: str         # on the subscribe page: "Plymstock School (RSS)", "Exams"
    description: str
    name: str
    page: str = routes.HOME
    group: str = "all"  # all | category | school | tag
    key: str = ""

    @property
    def is_calendar(self) -> bool:
        return self.kind in CALENDAR_KINDS


@dataclass(frozen=True)
class CardSpec:
    """Everything a card shows, as text: also its cache key and its alt text."""

    kind: str      # story | event | site
    title: str
    kicker: str    # the line above the title on a branded card
    footer: str    # the line at the bottom: schools and date, or the date in words
    brand: str     # the site's name
    alt: str       # og:image:alt
    focus: tuple[float, float] | None = None  # the photo's focal point (image.focus, percentages)


class Card(NamedTuple):
    """A card to draw: its path, spec, and the id of the story whose photo it shows (if any)."""

    path: str
    spec: CardSpec
    photo: str | None = None


class Photo(NamedTuple):
    """A story's photo: the file in content/ and its published path (sized copies: routes.sized_photo)."""

    story_id: str
    source: Path
    path: str


class StoryImage(NamedTuple):
    """A story's photo as published, once the images stage has read it: its site path, pixel size
    (0 when unknown), smaller copies as (site path, width) pairs narrowest first, for srcset, and
    its size in bytes and media type (for feed enclosures)."""

    path: str
    width: int = 0
    height: int = 0
    smaller: tuple[tuple[str, int], ...] = ()
    length: int = 0
    type: str = ""


def event_order(event: Event) -> tuple:
    """The canonical order of events: first day, then start instant, then id (never file order)."""
    start = "" if event.all_day else event.start_time.astimezone(UTC).isoformat()
    return (event.start_day, start, event.id)


def story_feed_order(story: Story, zone: ZoneInfo) -> tuple:
    """Feeds list stories by when they went public, newest first (this key, reversed)."""
    return (story.published_at(zone).astimezone(UTC), story.id)


def feed_window_start(today: date, past_days: int) -> date:
    """The first day the calendar feeds still cover: events that end on or after it stay in them."""
    return today - timedelta(days=past_days)


def in_feeds(event: Event, now: datetime, settings: Settings) -> bool:
    """Future events and those that ended within the last feed_past_days days (as of `now`)."""
    today = now.astimezone(settings.zone).date()
    return event_days(event, settings.zone)[1] >= feed_window_start(today, settings.feed_past_days)


@dataclass
class SitePlan:
    """The published set, grouped and decided once, so every renderer works in time independent of the total."""

    site: Published
    settings: Settings = field(init=False)
    now: datetime = field(init=False)
    zone: ZoneInfo = field(init=False)
    today: date = field(init=False)
    schools: dict[str, School] = field(init=False)
    stories: list[Story] = field(init=False)
    events: list[Event] = field(init=False)                       # canonical order
    stories_by_school: dict[str, list[Story]] = field(init=False)
    stories_by_tag: dict[str, list[Story]] = field(init=False)
    stories_by_year: dict[int, list[Story]] = field(init=False)
    stories_by_feed_order: list[Story] = field(init=False)       # newest published first
    days: dict[str, tuple[date, date]] = field(init=False)       # first and last day, inclusive
    upcoming: list[Event] = field(init=False)                    # ongoing or to come
    past: list[Event] = field(init=False)                        # ended, within the feeds' window, latest first
    in_feeds: list[Event] = field(init=False)                    # what the calendar feeds carry
    months: list[Month] = field(init=False)                      # the calendar's month pages (generator/months.py)
    feeds: list[Feed] = field(init=False)                        # calendars, then story feeds
    photos: dict[str, Photo] = field(init=False)
    cards: list[Card] = field(init=False)
    messages: list[Planned] = field(init=False)                  # to post today or later, in send order
    changed: list[Event] = field(init=False)                     # updated within the feeds' window, newest first
    series: dict[str, list[Event]] = field(init=False)           # events by `series:`, canonical order
    upcoming_first: list[Event] = field(init=False)              # every event: upcoming, then ended latest first

    def __post_init__(self) -> None:
        site = self.site
        settings = self.settings = site.settings
        self.now, self.zone = site.now, settings.zone
        self.today = site.now.astimezone(self.zone).date()
        self.schools = {school.id: school for school in site.schools}
        self.stories = list(site.stories)
        self.events = sorted(site.events, key=event_order)
        self.stories_by_school, self.stories_by_tag = defaultdict(list), defaultdict(list)
        self.stories_by_year = defaultdict(list)
        for story in self.stories:  # newest first, so every group is too
            for school_id in story.school:
                self.stories_by_school[school_id].append(story)
            for tag in story.tags:
                self.stories_by_tag[tag].append(story)
            self.stories_by_year[story.date.year].append(story)
        self.stories_by_feed_order = sorted(self.stories, key=lambda s: story_feed_order(s, self.zone), reverse=True)
        self.days = {event.id: event_days(event, self.zone) for event in self.events}
        oldest = feed_window_start(self.today, settings.feed_past_days)
        self.upcoming = [e for e in self.events if self.days[e.id][1] >= self.today]
        self.past = [e for e in reversed(self.events) if oldest <= self.days[e.id][1] < self.today]
        self.in_feeds = [e for e in self.events if self.days[e.id][1] >= oldest]
        self.months = calendar_months(self.today, (self.days[e.id] for e in self.in_feeds),
                                      (self.days[e.id] for e in self.upcoming))
        self.feeds = calendar_feeds(settings, site.schools) + story_feeds(settings, site.schools)
        self.photos = {story.id: Photo(story.id, story.folder / story.image.src,
                                       routes.photo(story.id, Path(story.image.src).suffix))
                       for story in self.stories if story.image}
        self.cards = [Card(routes.card(story.id), self.story_card(story), story.id if story.id in self.photos else None)
                      for story in self.stories]
        self.cards += [Card(routes.card(event.id), self.event_card(event)) for event in self.events]
        self.cards.append(Card(routes.SITE_CARD, self.site_card()))
        self.messages = sorted((m for e in self.events if e.status != "cancelled" for m in plan_messages(e, settings)
                                if m.send_at.date() >= self.today), key=lambda m: (m.send_at, m.uid_part))
        self.changed = sorted((e for e in self.events if e.updated and e.updated.astimezone(self.zone).date() >= oldest),
                              key=lambda e: (e.updated, e.id), reverse=True)
        self.series = defaultdict(list)
        for event in self.events:
            if event.series:
                self.series[event.series].append(event)
        self.upcoming_first = self.upcoming + [e for e in reversed(self.events) if self.ended(e)]

    # ---- past and next

    def ended(self, event: Event) -> bool:
        """Whether a key date's last day is before today: its page says so, lists and search rank it last."""
        return (self.days.get(event.id) or event_days(event, self.zone))[1] < self.today

    def next_in_series(self, event: Event) -> Event | None:
        """The next date of the event's series still to come (not cancelled), or None."""
        return next((other for other in self.series.get(event.series or "", ())
                     if other is not event and not self.ended(other) and other.status != "cancelled"
                     and event_order(other) > event_order(event)), None)

    # ---- who belongs where

    def includes(self, event: Event, school_id: str) -> bool:
        """Whether a key date is for this school (or for every school)."""
        return event.school_ids is None or school_id in event.school_ids

    def feed_events(self, feed: Feed) -> list[Event]:
        """A calendar feed's events, in canonical order."""
        if feed.group == "category":
            return [event for event in self.in_feeds if event.category == feed.key]
        if feed.group == "school":
            return [event for event in self.in_feeds if self.includes(event, feed.key)]
        return list(self.in_feeds)

    def feed_stories(self, feed: Feed) -> list[Story]:
        """A story feed's stories: the latest FEED_SIZE, newest published first."""
        stories: Iterable[Story] = self.stories_by_feed_order
        if feed.group == "school":
            stories = (story for story in stories if feed.key in story.school)
        elif feed.group == "tag":
            stories = (story for story in stories if feed.key in story.tags)
        return list(islice(stories, FEED_SIZE))  # the scan stops at the newest FEED_SIZE

    def page_feeds(self, schools: Iterable[str] = (), tag: str | None = None) -> list[Feed]:
        """The story feeds a page announces for autodiscovery: the site's, plus its schools' or its tag's."""
        groups = self._story_feed_groups
        found = list(groups.get(("all", ""), ()))
        for school_id in schools:
            found += groups.get(("school", school_id), ())
        if tag is not None:
            found += groups.get(("tag", tag), ())
        return found

    @functools.cached_property
    def _story_feed_groups(self) -> dict[tuple[str, str], list[Feed]]:
        """The story feeds by (group, key), gathered once: every page asks for its own."""
        groups: dict[tuple[str, str], list[Feed]] = defaultdict(list)
        for feed in self.feeds:
            if not feed.is_calendar:
                groups[(feed.group, feed.key)].append(feed)
        return dict(groups)

    def planner_window(self) -> tuple[list[Planned], dict[str, list[Planned]]]:
        """The messages of the next PLANNER_WEEKS weeks (today included), and later ones by month ('2027-03')."""
        end = self.today + timedelta(weeks=PLANNER_WEEKS)
        soon = [m for m in self.messages if m.send_at.date() < end]
        later: dict[str, list[Planned]] = defaultdict(list)
        for message in self.messages[len(soon):]:
            later[f"{message.send_at.year}-{message.send_at.month:02d}"].append(message)
        return soon, dict(later)

    # ---- cards

    def story_card(self, story: Story, has_photo: bool | None = None) -> CardSpec:
        """A story's card: its photo under the headline when it has one (has_photo: as if it had, or not)."""
        names = _join([self.schools[s].name if s in self.schools else s for s in story.school])
        when = day_words(story.date)
        if story.image and (has_photo is None or has_photo):
            alt = f"{story.image.alt}. Headline: {story.title}"
        else:
            alt = f"{story.title}. {names}, {when}"
        return CardSpec("story", story.title, names, when, self.settings.site_name, alt,
                        story.image.focus if story.image else None)

    def event_card(self, event: Event) -> CardSpec:
        settings = self.settings
        category = settings.categories.get(event.category, event.category)
        when = when_text(event, settings.zone)
        kicker = shown_words(status_of(event.status), self.ended(event)).kicker  # no 'to be confirmed' once past
        title = titled(event, self.schools)  # a school's own date names its school
        return CardSpec("event", title, f"{kicker} · {category}", when, settings.site_name,
                        f"{kicker}: {title}, {when}")

    def site_card(self) -> CardSpec:
        return site_card_spec(self.settings)


def site_card_spec(settings: Settings) -> CardSpec:
    title = "Good news and key dates from Plymouth's secondary schools"
    return CardSpec("site", title, "News and key dates", settings.host, settings.site_name,
                    f"{settings.site_name}: {title}")


def make_plan(site: Published) -> SitePlan:
    """The site plan for a published set."""
    return SitePlan(site)


# ---- the feeds

def calendar_feeds(settings: Settings, schools: Iterable[School]) -> list[Feed]:
    """Every calendar, in the order the subscribe page shows them: all, by category, by school.

    Every configured category and every school has a feed, even while it has no dates in the
    window, so a subscribed URL never starts to fail.
    """
    site_name = settings.site_name
    feeds = [Feed("ical", routes.CALENDAR, "All key dates", f"Every key date from {site_name}.", site_name,
                  routes.SUBSCRIBE)]
    for category, name in settings.categories.items():
        feeds.append(Feed("ical", routes.category_calendar(category), name,
                          f"{name}: the key dates of this kind for every school.", f"{name} – {site_name}",
                          routes.SUBSCRIBE, "category", category))
    for school in schools:
        feeds.append(Feed("ical", routes.school_calendar(school.id), school.name,
                          f"Key dates for {school.name} and for every school.", f"{school.name} – key dates",
                          routes.SUBSCRIBE, "school", school.id))
    return feeds


def story_feeds(settings: Settings, schools: Iterable[School]) -> list[Feed]:
    """Every story feed, in the order the subscribe page shows them: all stories, by school, by tag.

    Every school and every configured tag has a feed, even while it has no stories, so a
    subscribed address never starts to fail.
    """
    about, name = f"The latest stories from {settings.site_name}.", settings.site_name
    feeds = [Feed(kind, routes.story_feed(kind), f"All stories ({KINDS[kind]})", about, name)
             for kind in ("rss", "atom", "json")]
    for school in schools:
        page = routes.school(school.id)
        feeds += [Feed(kind, routes.story_feed(kind, page), f"{school.name} ({KINDS[kind]})",
                       f"Stories from {school.name}.", f"{school.name} – {settings.site_name}", page, "school", school.id)
                  for kind in ("rss", "atom")]
    for tag, label in settings.tags.items():
        page = routes.tag(tag)
        feeds.append(Feed("rss", routes.story_feed("rss", page), f"{label} (RSS)", f"Stories tagged {label}.",
                          f"{label} – {settings.site_name}", page, "tag", tag))
    return feeds


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ---- clashes: two records at one address

class _Owner(NamedTuple):
    kind: str        # story | event | school
    id: str
    record: Story | Event | School
    what: str        # the route's name, for the message


def find_clashes(content: Content) -> list[ContentError]:
    """Every record whose id is a reserved name or whose pages or files another record would also write.

    A story clashing with an event, a school or a reserved name gets the error (a story is the
    newest contribution, and `--keep-going` holds back a story with errors without touching the
    calendar). Two events or two schools with one id are reported by the loader's duplicate check.
    """
    errors: list[ContentError] = []
    reserved = {"school": routes.RESERVED_SCHOOL_IDS, "event": routes.RESERVED_EVENT_IDS,
                "story": routes.RESERVED_STORY_IDS}
    records: list[tuple[str, Story | Event | School]] = [("school", s) for s in content.schools]
    records += [("event", e) for e in content.events] + [("story", s) for s in content.stories]
    clean: list[tuple[str, Story | Event | School]] = []
    for kind, record in records:
        if record.id in reserved[kind]:
            errors.append(_reserved(kind, record))
        else:
            clean.append((kind, record))
    owners: dict[str, _Owner] = {}
    reported: set[tuple[int, int]] = set()
    patterns = {kind: [pattern for pattern in routes.PATTERNS if pattern.slots == [kind]] for kind in _PRIORITY}
    for kind, record in sorted(clean, key=lambda item: _PRIORITY[item[0]]):  # stories last: they get the error
        for pattern in patterns[kind]:
            url = pattern.fill(**{kind: record.id})
            path = routes.docs_path(url)
            first = owners.get(path)
            if first is None:
                owners[path] = _Owner(kind, record.id, record, pattern.name)
            elif first.record is not record and (id(first.record), id(record)) not in reported:
                reported.add((id(first.record), id(record)))
                if kind != first.kind:  # the same kind twice: the duplicate-id check reports it
                    errors.append(_clash(kind, record, first, url))
    return errors


_PRIORITY = {"school": 0, "event": 1, "story": 2}


def _reserved(kind: str, record: Story | Event | School) -> ContentError:
    value = record.id
    article = "an" if kind[0] in "aeiou" else "a"
    message = f"'{value}' cannot be {article} {kind} id: the site already has a page at that address"
    if isinstance(record, Story):
        return _story_error(record, message, f"rename the file to {_free_name(record, set())}")
    example = f"{value}-2027"
    if isinstance(record, School):
        example = slugify(record.name) if slugify(record.name) not in (value, "") else f"{value}-school"
    return record.error("id", message, f"choose a more specific id, e.g. {example}")


def _clash(kind: str, record: Story | Event | School, first: _Owner, url: str) -> ContentError:
    message = (f"this {kind}'s id '{record.id}' is also the id of {_a(first.kind)}{_where(first.record)}: "
               f"both would be published at /{url} ({first.what})")
    if isinstance(record, Story):
        return _story_error(record, message, f"rename this file to {_free_name(record, {first.id})} "
                                             f"(the {first.kind} keeps its id, which calendars and links know it by)")
    return record.error("id", message, f"give the {kind} another id, e.g. {record.id}-{kind}")


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _where(record: Story | Event | School) -> str:
    if record.source is None:
        return ""
    doc, path = record.source.doc, record.source.path
    line = doc.where(path + ("id",))[0] if path + ("id",) in doc.positions else doc.where(path)[0]
    return f" ({doc.display} line {line})"


def _story_error(story: Story, message: str, fix: str) -> ContentError:
    doc = story.source.doc if story.source else None
    return ContentError(doc.display if doc else story.id, 1, 1, "", message, fix)


def _free_name(story: Story, taken: set[str]) -> str:
    number = 2
    while f"{story.id}-{number}" in taken:
        number += 1
    return f"{story.id}-{number}.yaml"

