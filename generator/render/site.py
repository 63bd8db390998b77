"""Every generated file for the docs folder: the images stage, then each renderer, into one OutputSet.

The only module that calls more than one renderer; renderers never call one another.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from generator.fragment_cache import fragment_cache
from generator.markdown_cache import markdown_cache
from generator.outputs import OutputSet
from generator.pictures import make_images
from generator.plan import SitePlan
from generator.render.api import render_api
from generator.render.embed import render_embeds
from generator.render.feeds import render_feeds
from generator.render.form_data import render_form_data
from generator.render.ical import render_calendars
from generator.render.official import render_official
from generator.render.pages import iter_pages
from generator.render.planner import render_planner
from generator.render.robots import render_robots
from generator.render.text import forget_rendered

CARDS = "cards"    # card images, by content hash, under the cache folder
IMAGES = "images"  # the photos' smaller sizes, by content hash, under the cache folder


def render_site(plan: SitePlan, cache_dir: Path | None, pages_ready: Callable[[OutputSet], None] | None = None) -> OutputSet:
    """Docs-relative path → bytes for every generated file; images cached under cache_dir when given.

    Raises generator.pictures.ImageFailed when a photo cannot be read, OutputClash when two
    producers would write one path (a bug: find_clashes reports clashing records first).
    `pages_ready` is called with the set as soon as it holds the pages (the build starts the
    search index on them while the feeds and calendars are made: generator/search_index.py).
    """
    try:
        with (markdown_cache(cache_dir, _markdown_texts(plan)),  # bodies' HTML, by content hash (markdown_cache.py)
              fragment_cache(cache_dir, plan.settings, plan.schools.values())):  # per-record pieces (fragment_cache.py)
            return render_with_caches(plan, cache_dir / CARDS if cache_dir else None,
                                      cache_dir / IMAGES if cache_dir else None, pages_ready)
    finally:
        forget_rendered()  # the site build that follows should not carry every body's HTML


def _markdown_texts(plan: SitePlan) -> Iterator[str]:
    """Every Markdown text the site shows: its stories' bodies and its key dates' descriptions."""
    yield from (story.body for story in plan.stories)
    yield from (event.description for event in plan.events if event.description)


def render_with_caches(plan: SitePlan, card_cache: Path | None, image_cache: Path | None,
                       pages_ready: Callable[[OutputSet], None] | None = None) -> OutputSet:
    """render_site with the card and image caches named separately."""
    images = make_images(plan, card_cache, image_cache)
    out = OutputSet()
    out.add_all(images.photo_files, "photos")
    out.add_all(iter_pages(plan, images.photos), "pages")  # each page's text freed once encoded
    if pages_ready:
        pages_ready(out)
    out.add_all(render_calendars(plan), "calendars")
    out.add_all(render_feeds(plan, images.photos), "feeds")
    out.add_all(images.card_files, "cards")
    out.add_all(render_planner(plan), "planner")
    out.add_all(render_form_data(plan.settings, plan.schools.values(), plan.events), "form data")
    out.add_all(render_api(plan, images.photos), "api")
    out.add_all(render_embeds(plan), "embed pages")
    out.add_all(render_official(plan), "about, accessibility and privacy pages")
    out.add_all(render_robots(plan), "robots.txt")
    return out
