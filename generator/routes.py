"""The route table: every page and file the build writes, declared once (site path and docs file).

A site path is relative to the site's root: '' is the home page, 'stories/x/' a story, 'calendar.ics'
a file. With MkDocs' use_directory_urls, a page is served from a Markdown file: 'stories/x/' from
stories/x.md, a section ('stories/') from stories/index.md. Nothing else in generator/ types a site
path: pages, feeds, calendars and cards ask this module (a test scans for stray literals).

PATTERNS lists every route with its slots ({story}, {event}, {school}, {tag}, …). The reserved ids
of each kind of record and the nav sections are derived from it, and so is `find_clashes`' view of
which records would share a file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# ---- pages

HOME = ""
STORIES = "stories/"
SCHOOLS = "schools/"
TAGS = "tags/"
EVENTS = "events/"
MONTH_GRID = "events/calendar/"  # the current month's page; each month also at calendar_month()
EVENTS_TODAY = "events/today/"  # quick views of the key dates (render/key_date_views.py)
EVENTS_THIS_WEEK = "events/this-week/"
EVENTS_THIS_MONTH = "events/this-month/"
EVENTS_NEXT_MONTH = "events/next-month/"
SUBSCRIBE = "subscribe/"
PLANNER = "planner/"  # the comms officers' planner (render/planner.py): not in the main menu
SUBMIT = "submit/"    # the hand-written form for sending a story or a key date (docs/submit.md)


def story(story_id: str) -> str:
    return f"stories/{story_id}/"


def stories_year(year: int | str) -> str:
    return f"stories/{year}/"


def school(school_id: str) -> str:
    return f"schools/{school_id}/"


def school_stories(school_id: str) -> str:
    return f"schools/{school_id}/stories/"


def tag(tag_id: str) -> str:
    return f"tags/{tag_id}/"


def event(event_id: str) -> str:
    return f"events/{event_id}/"


def events_category(category: str) -> str:
    return f"events/category/{category}/"


def events_audience(audience: str) -> str:
    return f"events/audience/{audience}/"


def page_of(base: str, number: int | str) -> str:
    """Page `number` of a paginated list whose first page is `base`."""
    return base if number == 1 else f"{base}page/{number}/"


def events_school(school_id: str) -> str:
    """The key dates for one school (its own and every school's): 'events/school/plymstock/'."""
    return f"events/school/{school_id}/"


def calendar_month(month: str) -> str:
    """A month of the key-dates calendar: 'events/calendar/2027-03/' (month: 'YYYY-MM')."""
    return f"{MONTH_GRID}{month}/"


def on_subscribe(anchor: str) -> str:
    """A place on the subscribe page: 'subscribe/#feed-calendar-results-ics'."""
    return f"{SUBSCRIBE}#{anchor}"


def planner_month(month: str) -> str:
    """A later month of the planner: 'planner/2027-03/'."""
    return f"{PLANNER}{month}/"


# ---- calendars and feeds

CALENDAR = "calendar.ics"
RSS = "feed.xml"
ATOM = "atom.xml"
JSON_FEED = "feed.json"
STORY_FEED_FILES = {"rss": RSS, "atom": ATOM, "json": JSON_FEED}
PLANNER_CALENDAR = "calendar/planner.ics"  # every upcoming message, on its day
PLANNER_FEED = "planner/feed.xml"
CHANGES_FEED = "calendar/changes.xml"      # key dates that changed recently


def category_calendar(category: str) -> str:
    return f"calendar/{category}.ics"


def school_calendar(school_id: str) -> str:
    return f"{school(school_id)}{CALENDAR}"


def event_download(event_id: str) -> str:
    """An event's .ics download, beside its page."""
    return f"events/{event_id}.ics"


def story_feed(kind: str, page: str = HOME) -> str:
    """A story feed of `kind` (rss, atom, json) following the page at `page` ('' for the whole site)."""
    return f"{page}{STORY_FEED_FILES[kind]}"


# ---- images

SITE_CARD = "images/site-card.jpg"  # for pages without a card of their own; outside cards/ so no id can clash


def card(item_id: str) -> str:
    """A story's or an event's 1200x630 card."""
    return f"cards/{item_id}.jpg"


def photo(story_id: str, suffix: str) -> str:
    """A story's photo as published: images/stories/<id>.jpg (the suffix of its source file)."""
    return f"images/stories/{story_id}{suffix.lower()}"


def sized_photo(story_id: str, width: int | str) -> str:
    """A smaller copy of a story's photo: images/stories/w400/<id>.jpg (no story id can reach it)."""
    return f"images/stories/w{width}/{story_id}.jpg"


# ---- data

def schema_name(kind: str) -> str:
    """A JSON Schema's file name: 'story.schema.json'."""
    return f"{kind}.schema.json"


def schema(kind: str) -> str:
    """A JSON Schema for editors, as the site serves it: 'schemas/story.schema.json'."""
    return f"schemas/{schema_name(kind)}"


SCHEMA_KINDS = ("story", "events", "schools")
FORM_DATA = "submit/form-data.json"  # what the form at /submit/ (docs/submit.md, hand-written) reads

# For other sites: the published stories and key dates as JSON, with their JSON Schemas (apart from
# the content schemas above), and a small standalone page of a school's next key dates for an iframe.
API_KINDS = ("events", "stories")
EMBED = "embed/"
EMBED_CSS = "embed/embed.css"  # the embed pages' own stylesheet: no theme, no inline styles
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"  # written by MkDocs (and Zensical) itself; robots.txt names it
FAVICON = "assets/images/favicon.png"  # the theme's icon (Material's default), named by pages outside the theme
ACCESSIBILITY = "accessibility/"  # hand-written pages (pages/*.md, settings filled in: generator/official.py)
PRIVACY = "privacy/"
ABOUT = "about/"
MKDOCS_SEARCH_INDEX = "search/search_index.json"  # by Material's search plugin (no page fetches it); read by generator/mkdocs_run.py
SEARCH_BUNDLE = "pagefind/"  # Pagefind's index and its UI: written into the built site by generator/search_index.py
SEARCH_ENTRY = "pagefind-entry.json"  # Pagefind's entry file, inside SEARCH_BUNDLE: read by generator/search_seed.py


def stylesheet_bundle(digest: str) -> str:
    """mkdocs.yml's extra_css joined into one file by the site build (generator/stylesheets.py): beside
    the sources, so a relative url() in them means the same; the digest of its bytes in the name."""
    return f"stylesheets/site.{digest}.css"


def api(kind: str) -> str:
    """The JSON data of published content: 'api/events.json', 'api/stories.json'."""
    return f"api/{kind}.json"


def api_schema(kind: str) -> str:
    """The JSON Schema of an API file: 'schemas/api/events.schema.json'."""
    return f"schemas/api/{schema_name(kind)}"


def embed(school_id: str) -> str:
    """A school's next key dates for an iframe: a standalone HTML page (embed/<id>/index.html), not a theme page."""
    return f"{EMBED}{school_id}/"


# ---- docs files and relative links

def docs_path(url: str) -> str:
    """The docs file that serves a site path: '' → index.md, 'stories/' → stories/index.md,
    'stories/x/' → stories/x.md; a file ('calendar.ics') is itself."""
    if not url:
        return "index.md"
    if url in SECTIONS:
        return url + "index.md"
    if url.startswith(EMBED) and url.endswith("/"):
        return url + "index.html"  # written as HTML: MkDocs and Zensical copy it as it is
    if url.endswith("/"):
        return url.rstrip("/") + ".md"
    return url


def built_page(docs: str) -> str:
    """The file MkDocs (use_directory_urls) builds from a docs page, the reverse of docs_path:
    'stories/x.md' → 'stories/x/index.html', 'stories/index.md' → 'stories/index.html'."""
    stem = docs.removesuffix(".md")
    return stem + ".html" if stem == "index" or stem.endswith("/index") else stem + "/index.html"


class Here:
    """The page being rendered: turns site paths into links relative to it, so they work on any
    host or sub-path."""

    def __init__(self, url: str):
        self.url = url
        self._folders = url.split("/")[:-1]  # 'stories/x/' → ['stories', 'x']
        self._up = "../" * len(self._folders)
        self._first = self._folders[0] + "/" if self._folders else None

    def to(self, target: str) -> str:
        """A relative link to a site path ('schools/plymstock/', 'images/x.jpg', '' for home)."""
        if self._first is None or not target.startswith(self._first):
            return self._up + target or "./"  # no folder in common, the usual case: up to the root and down
        parts = target.split("/")
        shared = 0
        for mine, theirs in zip(self._folders, parts[:-1], strict=False):
            if mine != theirs:
                break
            shared += 1
        return "../" * (len(self._folders) - shared) + "/".join(parts[shared:]) or "./"


# ---- the table: every route as a pattern, for the nav, the reserved ids and the clash check

@dataclass(frozen=True)
class Pattern:
    """A route with slots: 'stories/{story}/'. `name` says what it is, for messages."""

    name: str
    url: str

    @property
    def slots(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.url)

    def fill(self, **values: object) -> str:
        return self.url.format(**values)

    @property
    def docs(self) -> str:
        """The docs file pattern ('stories/{story}.md')."""
        return docs_path(self.url)


PATTERNS = (
    Pattern("the home page", HOME),
    Pattern("the stories archive", STORIES),
    Pattern("a page of the stories archive", page_of(STORIES, "{number}")),
    Pattern("the stories of a year", stories_year("{year}")),
    Pattern("a page of the stories of a year", page_of(stories_year("{year}"), "{number}")),
    Pattern("a story's page", story("{story}")),
    Pattern("a story's card", card("{story}")),
    Pattern("a story's photo", photo("{story}", "{suffix}")),
    Pattern("a story's smaller photo", sized_photo("{story}", "{width}")),
    Pattern("the schools page", SCHOOLS),
    Pattern("a school's page", school("{school}")),
    Pattern("a school's stories", school_stories("{school}")),
    Pattern("a page of a school's stories", page_of(school_stories("{school}"), "{number}")),
    Pattern("a school's calendar", school_calendar("{school}")),
    Pattern("a school's RSS feed", story_feed("rss", school("{school}"))),
    Pattern("a school's Atom feed", story_feed("atom", school("{school}"))),
    Pattern("the tags page", TAGS),
    Pattern("a tag's page", tag("{tag}")),
    Pattern("a page of a tag's stories", page_of(tag("{tag}"), "{number}")),
    Pattern("a tag's feed", story_feed("rss", tag("{tag}"))),
    Pattern("the key dates", EVENTS),
    Pattern("the month-by-month calendar", MONTH_GRID),
    Pattern("a month of the calendar", calendar_month("{month}")),
    Pattern("the key dates for a school", events_school("{school}")),
    Pattern("today's key dates", EVENTS_TODAY),
    Pattern("this week's key dates", EVENTS_THIS_WEEK),
    Pattern("this month's key dates", EVENTS_THIS_MONTH),
    Pattern("next month's key dates", EVENTS_NEXT_MONTH),
    Pattern("the key dates of a category", events_category("{category}")),
    Pattern("the key dates for an audience", events_audience("{audience}")),
    Pattern("an event's page", event("{event}")),
    Pattern("an event's calendar file", event_download("{event}")),
    Pattern("an event's card", card("{event}")),
    Pattern("the subscribe page", SUBSCRIBE),
    Pattern("the planner", PLANNER),
    Pattern("a month of the planner", planner_month("{month}")),
    Pattern("the planner's calendar", PLANNER_CALENDAR),
    Pattern("the planner's feed", PLANNER_FEED),
    Pattern("the changes feed", CHANGES_FEED),
    Pattern("the calendar of every key date", CALENDAR),
    Pattern("a category's calendar", category_calendar("{category}")),
    Pattern("the RSS feed", RSS),
    Pattern("the Atom feed", ATOM),
    Pattern("the JSON feed", JSON_FEED),
    Pattern("the site's card", SITE_CARD),
    Pattern("a JSON Schema", schema("{kind}")),
    Pattern("the submit form's data", FORM_DATA),
    Pattern("the API's data", api("{kind}")),
    Pattern("the API's JSON Schema", api_schema("{kind}")),
    Pattern("a school's embeddable key dates", embed("{school}")),
    Pattern("the embed pages' stylesheet", EMBED_CSS),
    Pattern("the about page", ABOUT),
    Pattern("the accessibility statement", ACCESSIBILITY),
    Pattern("the privacy notice", PRIVACY),
    Pattern("robots.txt", ROBOTS),
)

# Sections with pages below them, served from <section>/index.md as mkdocs.yml's nav names them.
SECTIONS = frozenset(p.url for p in PATTERNS if p.url.endswith("/") and p.url.count("/") == 1
                     and any(q.url.startswith(p.url) and q.url != p.url for q in PATTERNS))


def reserved_ids(slot: str) -> frozenset[str]:
    """Names a record of this kind ('event', 'school', 'story', 'tag') may not take as its id: the
    fixed names that sit in the same folder as its own routes ('calendar' beside events/{event}/,
    'index' for the section's own page, 'page' beside a paginated list)."""
    names: set[str] = set()
    for pattern in PATTERNS:
        if f"{{{slot}}}" not in pattern.url:
            continue
        folder = pattern.url.split(f"{{{slot}}}")[0]
        if folder in SECTIONS:
            names.add("index")
        for other in PATTERNS:
            if other.url.startswith(folder) and other is not pattern:
                segment = re.split(r"[/.]", other.url[len(folder):], maxsplit=1)[0]
                if segment and "{" not in segment:
                    names.add(segment)
    return frozenset(names)


RESERVED_EVENT_IDS = reserved_ids("event")
RESERVED_SCHOOL_IDS = reserved_ids("school")
RESERVED_STORY_IDS = reserved_ids("story")
RESERVED_TAGS = reserved_ids("tag")
RESERVED_CATEGORIES = reserved_ids("category")  # 'planner', 'changes': beside calendar/{category}.ics
