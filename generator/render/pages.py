"""The site's generated Markdown pages: the plan in, text out, keyed by path under the docs folder.

Page bodies are HTML blocks (see parts.py), so every value is escaped exactly once and links are
relative to each page's own URL. No page but the paginated lists grows with the number of
stories: the home page, story pages and school pages show a fixed number and link onward.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from generator import routes
from generator.plan import Feed, SitePlan, StoryImage
from generator.render.calendar_grid import render_calendar
from generator.render.event_pages import render_event, render_key_dates
from generator.render.key_date_views import render_quick_views
from generator.render.next_dates import next_dates_panel
from generator.render.parts import HOME_STORIES, Index, page, story_cards
from generator.render.social import page_head
from generator.render.story_pages import render_archive, render_schools, render_story, render_tags
from generator.render.subscribe import render_subscribe
from generator.render.text import esc
from generator.routes import Here

__all__ = ["Feed", "StoryImage", "render_pages"]


def render_pages(plan: SitePlan, images: Mapping[str, StoryImage], feeds: list[Feed] | None = None) -> dict[str, str]:
    """Every generated page, keyed by its path under the docs folder.

    `images` maps a story id to its published photo; `feeds` (by default the plan's) are listed
    on the subscribe page. Two pages at one path is a bug: find_clashes reports the records first.
    """
    index = Index(plan, images)
    pages: dict[str, str] = {}

    def add(generated: Iterable[tuple[str, str]]) -> None:
        for url, text in generated:
            path = routes.docs_path(url)
            if path in pages:
                raise ValueError(f"two pages would be written to {path} (the site path /{url})")
            pages[path] = text

    add([_home(index)])
    add(render_archive(index))
    for number, story in enumerate(plan.stories):  # newest first: its neighbours are either side
        newer = plan.stories[number - 1] if number else None
        older = plan.stories[number + 1] if number + 1 < len(plan.stories) else None
        add(render_story(index, story, newer, older))
    add(render_tags(index))
    add(render_schools(index))
    add(render_key_dates(index))
    add(render_calendar(index))
    add(render_quick_views(index))
    for event in plan.events:
        add(render_event(index, event))
    add([render_subscribe(plan, feeds)])
    return pages


def _home(index: Index) -> tuple[str, str]:
    here = Here(routes.HOME)
    plan = index.plan
    name = plan.settings.site_name
    stories = plan.stories[:HOME_STORIES]
    body = [f"<h1>{esc(name)}</h1>",
            '<p class="intro">Key dates and good news from Plymouth\'s secondary schools.</p>',
            next_dates_panel(index, here),  # the next key dates first: on a phone's first screen
            "<h2>Latest stories</h2>",
            story_cards(index, here, stories) if stories else "<p>No stories yet.</p>",
            f'<p class="more-link"><a href="{here.to(routes.STORIES)}">All stories</a></p>',
            "<h2>Stay up to date</h2>",
            f'<p>Get key dates in your own calendar, and new stories in a feed reader: '
            f'<a href="{here.to(routes.SUBSCRIBE)}">subscribe to calendars and news feeds</a>.</p>']
    # The home page's og (the site card) is also the default of hand-written pages: overrides/main.html.
    head = page_head(plan, name, "Good-news stories and key dates from Plymouth's secondary schools.",
                     here.url, organization=True)
    return here.url, page(None, body, None, head)
