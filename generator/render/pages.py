"""The site's generated Markdown pages: records in, text out, keyed by path under the docs folder.

Page bodies are HTML blocks (see parts.py), so every value is escaped exactly once and links are
relative to each page's own URL. No page but the paginated lists grows with the number of
stories: the home page, story pages and school pages show a fixed number and link onward.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from generator.publish import Published
from generator.render.calendar_grid import render_calendar
from generator.render.event_pages import render_event, render_key_dates
from generator.render.links import Here, docs_path
from generator.render.parts import HOME_EVENTS, HOME_STORIES, Index, StoryImage, key_dates, page, story_cards
from generator.render.social import page_head
from generator.render.story_pages import render_archive, render_schools, render_story, render_tags
from generator.render.subscribe import Feed, render_subscribe
from generator.render.text import esc

__all__ = ["Feed", "StoryImage", "render_pages"]


def render_pages(site: Published, images: Mapping[str, StoryImage], feeds: Iterable[Feed] = ()) -> dict[str, str]:
    """Every generated page, keyed by its path under the docs folder.

    `images` maps a story id to its published photo; `feeds` are the feeds this build writes, for
    the subscribe page. Two pages at one path (an event id such as 'calendar') is an error.
    """
    index = Index(site, dict(images))
    pages: dict[str, str] = {}

    def add(generated: Iterable[tuple[str, str]]) -> None:
        for url, text in generated:
            path = docs_path(url)
            if path in pages:
                raise ValueError(f"two pages would be written to {path} (the site path /{url})")
            pages[path] = text

    add([_home(index)])
    add(render_archive(index))
    for story in site.stories:
        add(render_story(index, story))
    add(render_tags(index))
    add(render_schools(index))
    add(render_key_dates(index))
    add(render_calendar(index))
    for event in site.events:
        add(render_event(index, event))
    add([render_subscribe(site, list(feeds))])
    return pages


def _home(index: Index) -> tuple[str, str]:
    here = Here("")
    name = index.site.settings.site_name
    stories = index.site.stories[:HOME_STORIES]
    events = index.upcoming[:HOME_EVENTS]
    body = [f"<h1>{esc(name)}</h1>",
            '<p class="intro">Good news from Plymouth\'s secondary schools, and the key dates families need: '
            "term dates, exams and results days.</p>",
            "<h2>Latest stories</h2>",
            story_cards(index, here, stories) if stories else "<p>No stories yet.</p>",
            f'<p class="more-link"><a href="{here.to("stories/")}">All stories</a></p>',
            "<h2>Coming up</h2>",
            key_dates(index, here, events) if events else "<p>No key dates coming up.</p>",
            f'<ul class="more-links"><li><a href="{here.to("events/")}">All key dates</a></li>'
            f'<li><a href="{here.to("events/calendar/")}">Month-by-month calendar</a></li></ul>',
            "<h2>Stay up to date</h2>",
            f'<p>Get key dates in your own calendar, and new stories in a feed reader: '
            f'<a href="{here.to("subscribe/")}">subscribe to calendars and news feeds</a>.</p>']
    settings = index.site.settings
    head = page_head(settings, settings.site_name, "Good-news stories and key dates from Plymouth's secondary schools.",
                     here.url, organization=True)
    return here.url, page(None, body, None, head)
