"""Story feeds: RSS 2.0 and Atom (feedgen), and JSON Feed 1.1 (written to the specification).

Every value comes from content and settings, never the clock or the order stories were loaded
in: a feed's lastBuildDate/updated is its newest story's time, items are sorted newest first
here, and feedgen's own defaults (the time of the run, its name and version) are overwritten.
Links, images and links inside story bodies are absolute, as feed readers have no page to
resolve them against.

What every reader shows, not only those that read enclosures and extensions: the story's photo
is the first thing in each item's HTML content (an absolute <img> with its alt text) as well as
its enclosure (RSS), enclosure link (Atom) and `image` (JSON Feed); its school(s) are the item's
author: <dc:creator> in RSS (feedgen writes <author> only with an e-mail address, so the Dublin
Core extension is loaded for RSS alone), <author><name> in Atom, `authors` in JSON Feed 1.1.
"""
from __future__ import annotations

import copy
import html
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import NamedTuple
from urllib.parse import urljoin

import lxml.html
from feedgen.entry import FeedEntry
from feedgen.ext.dc import DcEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from generator import routes
from generator.config import Settings
from generator.fragment_cache import fragment, keep
from generator.models import School, Story
from generator.plan import MEDIA_TYPES, Feed, SitePlan, StoryImage
from generator.render.text import markdown_html

GENERATOR = "Plymouth schools news generator"  # fixed: feedgen would write its name and version
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def render_feeds(plan: SitePlan, images: Mapping[str, StoryImage]) -> dict[str, bytes]:
    """Every story feed, keyed by docs-relative path. `images` maps a story id to its published photo."""
    settings = plan.settings
    items: dict[str, _Item] = {}

    def item(story: Story) -> _Item:
        if story.id not in items:  # kept between builds by the story and its photo (generator/fragment_cache.py)
            image = images.get(story.id)
            items[story.id] = fragment("feed item", (story, image), partial(_item, story, settings, plan.schools, image))
        return items[story.id]

    # One feedgen entry per story, shared by every RSS and Atom feed it is in (add_entry only reads
    # it), each building its <item> and <entry> once (_OnceEntry): a story is in up to a dozen feeds.
    entries: dict[str, _OnceEntry] = {}
    files: dict[str, bytes] = {}
    listed: dict[str, Story] = {}
    for feed in plan.feeds:
        if feed.is_calendar:
            continue
        stories = plan.feed_stories(feed)
        listed.update((story.id, story) for story in stories)
        # A feed's bytes follow from the feed and its stories with their photos alone, as its items
        # do (the settings and schools are in the cache's salt); its items are made only if it is made.
        files[feed.path] = fragment("feed", (feed, *(part for story in stories for part in (story, images.get(story.id)))),
                                    partial(_feed_file, feed, settings, stories, item, entries))
    for story_id, story in listed.items():
        if story_id not in items:  # its feeds all came from the cache: keep its item for when one changes
            keep("feed item", (story, images.get(story_id)))
    return files


def _feed_file(feed: Feed, settings: Settings, stories: Sequence[Story], item: Callable[[Story], _Item],
               entries: dict[str, _OnceEntry]) -> bytes:
    items = [item(story) for story in stories]
    return _json_feed(feed, settings, items) if feed.kind == "json" else _xml_feed(feed, settings, items, entries)


class _Item(NamedTuple):
    """One story as every feed shows it, worked out once per build."""

    id: str
    url: str
    title: str
    summary: str
    content_html: str
    published: datetime
    authors: list[dict[str, str]]
    tags: list[tuple[str, str]]  # (tag, label)
    image: str | None            # absolute URL
    image_length: int
    image_type: str


def _item(story: Story, settings: Settings, schools: Mapping[str, School], image: StoryImage | None) -> _Item:
    url = settings.url(routes.story(story.id))
    authors = [{"name": schools[s].name, "url": settings.url(routes.school(s))} for s in story.school if s in schools]
    photo = photo_html(settings.url(image.path), story.image.alt, image) if image and story.image else ""
    return _Item(id=url, url=url, title=story.title, summary=story.summary,
                 content_html=photo + absolute_html(markdown_html(story.body), url),
                 published=story.published_at(settings.zone), authors=authors,
                 tags=[(tag, settings.tags.get(tag, tag)) for tag in story.tags],
                 image=settings.url(image.path) if image else None,
                 image_length=image.length if image else 0, image_type=image.type if image else "")


def photo_html(src: str, alt: str, image: StoryImage) -> str:
    """The story's photo as the first block of an item's content: readers that drop enclosures show it."""
    size = f' width="{image.width}" height="{image.height}"' if image.width and image.height else ""
    return f'<p><img src="{html.escape(src)}" alt="{html.escape(alt)}"{size}></p>\n'


def absolute_html(fragment: str, base: str) -> str:
    """The HTML with every link and image address made absolute against `base` (the story's URL)."""
    if "href=" not in fragment and "src=" not in fragment:
        return fragment
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    root.rewrite_links(lambda link: urljoin(base, link.strip()), resolve_base_href=False)
    return lxml.html.tostring(root, encoding="unicode")[len("<div>"):-len("</div>")]


def _updated(settings: Settings, items: Sequence[_Item]) -> datetime:
    """The newest item's time; an empty feed takes the settings' fixed default_updated, never the clock."""
    return items[0].published if items else settings.default_updated.astimezone(settings.zone)


def _xml_feed(feed: Feed, settings: Settings, items: Sequence[_Item], entries: dict[str, _OnceEntry]) -> bytes:
    generator = FeedGenerator()
    self_url, page_url = settings.url(feed.path), settings.url(feed.page)
    generator.load_extension("dc", atom=False, rss=True)  # declares xmlns:dc for the items' <dc:creator>
    generator.id(self_url)
    generator.title(feed.name)
    generator.description(feed.description)
    generator.language("en-GB")
    generator.author({"name": settings.site_name, "uri": settings.site_url})
    generator.link(href=self_url, rel="self", type=MEDIA_TYPES[feed.kind])
    generator.link(href=page_url, rel="alternate")  # last: feedgen makes the last link RSS's <link>
    generator.generator(GENERATOR)
    generator.docs("https://www.rssboard.org/rss-specification")
    generator.updated(_updated(settings, items))  # also lastBuildDate; feedgen's default is the clock
    for item in items:  # already newest first; feedgen would prepend each one by default
        if item.id not in entries:
            entries[item.id] = _entry(item)
        generator.add_entry(entries[item.id], order="append")
    if feed.kind == "atom":
        return generator.atom_str(pretty=True)
    return generator.rss_str(pretty=True)


class _OnceEntry(FeedEntry):
    """A FeedEntry that builds its RSS <item> and Atom <entry> elements once and gives each feed a copy.

    feedgen builds them again for every feed an entry is in (a story is in up to a dozen) and an
    lxml element has one parent, so each feed appends a deep copy (made in C) of the one built.
    The Atom <entry> also gets back its links' rel, type and length (_atom_entry_links).
    """

    def __init__(self, item: _Item) -> None:
        super().__init__()
        self._item = item
        self._rss: etree._Element | None = None
        self._atom: etree._Element | None = None

    def rss_entry(self, extensions: bool = True) -> etree._Element:
        if self._rss is None:
            self._rss = super().rss_entry(extensions)
        return copy.deepcopy(self._rss)

    def atom_entry(self, extensions: bool = True) -> etree._Element:
        if self._atom is None:
            self._atom = _atom_entry_links(super().atom_entry(extensions), self._item)
        return copy.deepcopy(self._atom)


def _atom_entry_links(entry: etree._Element, item: _Item) -> etree._Element:
    """Put back the rel, type and length that feedgen 1.0.0 drops from entry links.

    (FeedEntry.atom_entry rebinds `link` to the new element before reading link['rel'], so the
    photo's rel="enclosure" link would read as a second alternate link, which Atom forbids.)
    """
    for link in entry.iterfind("link"):
        if link.get("href") == item.url:
            link.set("rel", "alternate")
            link.set("type", "text/html")
        elif link.get("href") == item.image:
            link.set("rel", "enclosure")
            link.set("type", item.image_type)
            link.set("length", str(item.image_length))
    return entry


def _entry(item: _Item) -> _OnceEntry:
    entry = _OnceEntry(item)
    # Atom has its own <author><name>. As load_extension("dc", atom=False, rss=True) would, without
    # its import by name, which fails once per call before it finds feedgen.ext.dc.
    entry.register_extension("dc", DcEntryExtension, atom=False, rss=True)
    entry.id(item.id)
    entry.guid(item.id, permalink=True)  # the story's permanent URL, built from its file name
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate")
    # RSS readers show <description> as HTML, so the plain-text summary goes in escaped, as HTML.
    entry.summary(html.escape(item.summary, quote=False), type="html")  # RSS <description>, Atom <summary type="html">
    entry.content(item.content_html, type="html")  # RSS <content:encoded>, Atom <content type="html">
    entry.published(item.published)      # RSS <pubDate>
    entry.updated(item.published)        # feedgen's default is the clock
    for author in item.authors:
        entry.author({"name": author["name"], "uri": author["url"]})  # Atom only: RSS <author> needs an e-mail
    if item.authors:
        entry.dc.dc_creator([author["name"] for author in item.authors])  # RSS <dc:creator>, one per school
    for tag, label in item.tags:
        entry.category(term=tag, label=label)
    if item.image:
        entry.enclosure(item.image, item.image_length, item.image_type)
    return entry


def _json_feed(feed: Feed, settings: Settings, items: Sequence[_Item]) -> bytes:
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.name,
        "home_page_url": settings.url(feed.page),
        "feed_url": settings.url(feed.path),
        "description": feed.description,
        "language": "en-GB",
        "authors": [{"name": settings.site_name, "url": settings.site_url}],
        "items": [_json_item(item) for item in items],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(item: _Item) -> dict:
    entry: dict[str, object] = {"id": item.id, "url": item.url, "title": item.title, "summary": item.summary,
             "content_html": item.content_html, "date_published": _rfc3339(item.published)}
    if item.image:
        entry["image"] = item.image
    if item.tags:
        entry["tags"] = [label for _, label in item.tags]
    if item.authors:
        entry["authors"] = item.authors
    return entry


def _rfc3339(value: datetime) -> str:
    return value.isoformat(timespec="seconds")
