"""The site's generated Markdown pages: the plan in, text out, keyed by path under the docs folder.

Page bodies are HTML blocks (see parts.py), so every value is escaped exactly once and links are
relative to each page's own URL. No page but the paginated lists grows with the number of
stories: the home page, story pages and school pages show a fixed number and link onward.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

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

__all__ = ["Feed", "StoryImage", "iter_pages", "render_pages"]


def render_pages(plan: SitePlan, images: Mapping[str, StoryImage], feeds: list[Feed] | None = None) -> dict[str, str]:
    """Every generated page, keyed by its path under the docs folder.

    `images` maps a story id to its published photo; `feeds` (by default the plan's) are listed
    on the subscribe page. Two pages at one path is a bug: find_clashes reports the records first.
    """
    pages: dict[str, str] = {}
    for path, text in iter_pages(plan, images, feeds):
        if path in pages:
            raise ValueError(f"two pages would be written to {path}")
        pages[path] = text
    return pages


def iter_pages(plan: SitePlan, images: Mapping[str, StoryImage],
               feeds: list[Feed] | None = None) -> Iterator[tuple[str, str]]:
    """render_pages one page at a time, (docs path, text): the build encodes each page as it comes,
    rather than holding every page's text beside its bytes (some 150 MB at 5,000 stories)."""
    index = Index(plan, images)

    def each(generated: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        for url, text in generated:
            yield routes.docs_path(url), text

    yield from each([_home(index)])
    yield from each(render_archive(index))
    for number, story in enumerate(plan.stories):  # newest first: its neighbours are either side
        newer = plan.stories[number - 1] if number else None
        older = plan.stories[number + 1] if number + 1 < len(plan.stories) else None
        yield from each(render_story(index, story, newer, older))
    yield from each(render_tags(index))
    yield from each(render_schools(index))
    yield from each(render_key_dates(index))
    yield from each(render_calendar(index))
    yield from each(render_quick_views(index))
    for event in plan.events:
        yield from each(render_event(index, event))
    yield from each([render_subscribe(plan, feeds)])


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
