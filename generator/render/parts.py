"""The published set grouped once for every page, and the HTML pieces pages share.

Every value passes through esc() exactly once, here or in the page that uses it; Markdown goes
through markdown_html. Pages are Markdown files made of HTML blocks, each starting with a
block-level tag and separated by blank lines, so Markdown leaves their contents alone.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator import routes
from generator.dates import date_html, when_html
from generator.event_schools import schools_label
from generator.models import Event, Story
from generator.plan import PAGE_SIZE, SitePlan, StoryImage
from generator.render.text import esc, front_matter
from generator.routes import Here
from generator.status import shown_words, status_of

__all__ = ["PAGE_SIZE", "Index", "StoryImage"]

HOME_STORIES = 6      # story cards on the home page
HOME_EVENTS = 4       # key dates on the home page: the next one, and three after it
SCHOOL_STORIES = 6    # story cards on a school's page, with a link onward when it has more
SCHOOL_UPCOMING = 20  # upcoming key dates on a school's page
SCHOOL_PAST = 5       # recent past key dates on a school's page
KEY_DATES_PAST = 20   # most recent past key dates on the key dates pages
MORE_FROM = 3         # "More from <school>" on a story page

# How wide each photo shows (CSS px), so the browser picks the smallest copy that is sharp enough.
# A card fills a grid column (about 15 to 20rem); a story's photo the text column (at most 45em).
IMAGE_SIZES = {"story-card-image": "(min-width: 45em) 20em, 100vw", "story-image": "(min-width: 60em) 45em, 100vw"}


@dataclass(frozen=True)
class Index:
    """What every page reads: the site plan, and each story's photo as the images stage published it."""

    plan: SitePlan
    images: Mapping[str, StoryImage]
    # A listed story's or key date's HTML but its link, made once a build: each is in half a dozen
    # lists (archive, years, tags, schools, "more from", key dates) and the rest of it never changes.
    listed: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)


def page(title: str | None, body: list[str], description: str | None = None, head: dict | None = None) -> str:
    """A Markdown page: front matter, then HTML blocks separated by blank lines.

    Material prints page.meta.title and description into the HTML unescaped, so they are
    escaped here (once) like every other value. The home page has no title: Material then
    uses the site name alone.
    """
    values: dict[str, object] = {"title": esc(title) if title else None, "description": esc(description) if description else None}
    values.update(head or {})  # og, feeds, jsonld: escaped by overrides/main.html, not here
    values["search"] = {"exclude": True}  # out of Material's lunr index: Pagefind indexes the site (generator/search_index.py)
    meta = front_matter(**values) if any(values.values()) else ""
    return meta + "\n\n".join(block for block in body if block) + "\n"


def join_words(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def school_links(index: Index, here: Here, ids: list[str]) -> str:
    return join_words([f'<a href="{here.to(routes.school(i))}">{esc(index.plan.schools[i].name)}</a>' for i in ids])


def school_names(index: Index, ids: list[str]) -> str:
    return esc(join_words([index.plan.schools[i].name for i in ids]))


def image_tag(index: Index, here: Here, story: Story, css: str, lazy: bool) -> str:
    image = index.images.get(story.id)
    if not image or not story.image:
        return ""
    size = f' width="{image.width}" height="{image.height}"' if image.width and image.height else ""
    loading = ' loading="lazy" decoding="async"' if lazy else ""
    srcset = ""
    if image.smaller and image.width:
        options = [*image.smaller, (image.path, image.width)]
        srcset = (f' srcset="{esc(", ".join(f"{here.to(path)} {width}w" for path, width in options))}"'
                  f' sizes="{IMAGE_SIZES.get(css, "100vw")}"')
    # Where the stylesheet crops the photo (object-fit: cover on list cards), keep its focal point.
    focus = story.image.focus
    style = f' style="object-position: {focus[0]:g}% {focus[1]:g}%"' if focus else ""
    return f'<img class="{css}" src="{here.to(image.path)}"{srcset} alt="{esc(story.image.alt)}"{size}{loading}{style}>'


def _story_text(index: Index, story: Story) -> tuple[str, ...]:
    """A listed story's escaped title, its date and school(s) as HTML, and its escaped summary: the
    same in every list."""
    key = ("story", story.id)
    if key not in index.listed:
        index.listed[key] = (esc(story.title), f"{date_html(story.date)} · {school_names(index, story.school)}",
                             esc(story.summary))
    return index.listed[key]


def story_item(index: Index, here: Here, story: Story, css: str, picture: str, heading: str = "h3") -> str:
    """A story in a list (a card, or a row of the archive): heading first for screen readers, then
    date and school, the picture (placed by the stylesheet) and the summary. Classes are `css`-title, …"""
    title, meta, summary = _story_text(index, story)
    return (f'<li class="{css}">'
            f'<{heading} class="{css}-title"><a href="{here.to(routes.story(story.id))}">{title}</a></{heading}>'
            f'<p class="{css}-meta">{meta}</p>'
            f'{picture}'
            f'<p class="{css}-summary">{summary}</p></li>')


def story_card(index: Index, here: Here, story: Story, heading: str = "h3") -> str:
    """A card: heading first for screen readers (the stylesheet shows the photo on top)."""
    return story_item(index, here, story, "story-card", image_tag(index, here, story, "story-card-image", lazy=True), heading)


def story_cards(index: Index, here: Here, stories: list[Story], heading: str = "h3") -> str:
    return '<ul class="story-cards">\n' + "\n".join(story_card(index, here, s, heading) for s in stories) + "\n</ul>"


def story_line(index: Index, here: Here, story: Story) -> str:
    title, meta, _summary = _story_text(index, story)
    return (f'<li class="story-line"><a href="{here.to(routes.story(story.id))}">{title}</a>'
            f'<div class="story-line-meta">{meta}</div></li>')


def story_lines(index: Index, here: Here, stories: list[Story]) -> str:
    return '<ul class="story-list">\n' + "\n".join(story_line(index, here, s) for s in stories) + "\n</ul>"


def status_badge(event: Event, ended: bool = False) -> str:
    """The status badge as of now (an ended date no longer says "to be confirmed")."""
    label = shown_words(status_of(event.status), ended).label
    return f' <span class="status-badge status-{event.status}">{label}</span>' if label else ""


def schools_note(index: Index, event: Event) -> str:
    """' (Plymstock School)' after a school's own date wherever it is listed; '' for every school."""
    label = schools_label(event, index.plan.schools)
    return f' <span class="event-schools">({esc(label)})</span>' if label else ""


def key_date(index: Index, here: Here, event: Event) -> str:
    """One key date in a list: title link, date in words, its school(s) if not every school's, category and status."""
    key = ("key date", event.id)
    if key not in index.listed:
        category = index.plan.settings.categories[event.category]
        label = schools_label(event, index.plan.schools)
        schools = f'<div class="key-date-schools">{esc(label)} only</div>' if label else ""
        index.listed[key] = (
            f'<li class="key-date status-{event.status}"{key_date_data(event)}><div class="key-date-title"><a href="',
            f'">{esc(event.title)}</a></div>'
            f'<div class="key-date-when">{when_html(event, index.plan.zone)}</div>{schools}'
            f'<div class="key-date-meta"><span class="key-date-category">{esc(category)}</span>'
            f'{status_badge(event, index.plan.ended(event))}</div></li>')
    opening, rest = index.listed[key]
    return f"{opening}{here.to(routes.event(event.id))}{rest}"


def key_date_data(event: Event) -> str:
    """What the key-date finder (docs/javascripts/key-dates.js) filters a list item by."""
    schools = "all" if event.school_ids is None else " ".join(event.school_ids)
    return (f' data-category="{esc(event.category)}" data-schools="{esc(schools)}"'
            f' data-audience="{esc(" ".join(event.audience))}"')


def key_dates(index: Index, here: Here, events: list[Event]) -> str:
    return '<ul class="key-dates">\n' + "\n".join(key_date(index, here, e) for e in events) + "\n</ul>"


def pages_of(items: list, size: int = PAGE_SIZE) -> list[list]:
    """Items split into pages; an empty list still makes one (empty) page."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def pagination(here: Here, base: str, number: int, count: int, label: str) -> str:
    """Newer/older links between the pages of a list of stories, newest first."""
    if count == 1:
        return ""
    items = []
    if number > 1:
        items.append(f'<li><a rel="prev" href="{here.to(routes.page_of(base, number - 1))}">Newer stories</a></li>')
    items.append(f'<li class="pagination-here">Page {number} of {count}</li>')
    if number < count:
        items.append(f'<li><a rel="next" href="{here.to(routes.page_of(base, number + 1))}">Older stories</a></li>')
    return (f'<nav class="pagination" aria-label="{esc(label)}">\n<ul>\n' + "\n".join(items) + "\n</ul>\n</nav>")


def link_list(items: list[tuple[str, str]], css: str, label: str | None = None, current: str | None = None) -> str:
    """A list of (href, already-escaped text) links, in a labelled <nav> when a label is given."""
    lines = []
    for href, text in items:
        mark = ' aria-current="page"' if href == current else ""
        lines.append(f'<li><a href="{href}"{mark}>{text}</a></li>')
    body = f'<ul class="{css}">\n' + "\n".join(lines) + "\n</ul>"
    return f'<nav aria-label="{esc(label)}">\n{body}\n</nav>' if label else body
