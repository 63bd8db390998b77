"""Story feeds: RSS 2.0 and Atom (feedgen), and JSON Feed 1.1 (written to the specification).

Every value comes from content and settings, never the clock or the order stories were loaded
in: a feed's lastBuildDate/updated is its newest story's time, items are sorted newest first
here, and feedgen's own defaults (the time of the run, its name and version) are overwritten.
Links, images and links inside story bodies are absolute, as feed readers have no page to
resolve them against.
"""
from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple
from urllib.parse import urljoin

import lxml.html
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from generator.config import Settings
from generator.models import School, Story
from generator.publish import Published
from generator.render.text import markdown_html

FEED_SIZE = 50  # items in every feed: the latest stories; older ones stay on the site's archive
GENERATOR = "Plymouth schools news generator"  # fixed: feedgen would write its name and version
MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
FORMATS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class Feed:
    """A story feed as the subscribe page and autodiscovery links list it; `path` is docs-relative."""

    title: str        # on the subscribe page, with its format: "Plymstock School (RSS)"
    path: str         # "schools/plymstock/feed.xml"
    kind: str         # rss | atom | json (generator.render.subscribe.KINDS)
    description: str
    feed_title: str   # the feed's own title, which readers show
    page: str         # the site path of the page it follows ("" for the home page)
    group: str = "all"  # all | school | tag
    key: str = ""       # the school id or tag


class FeedImage(NamedTuple):
    """A story's published photo: docs-relative path, size in bytes and media type (for <enclosure>)."""

    path: str
    length: int
    type: str


def story_feeds(site: Published) -> list[Feed]:
    """Every story feed, in the order the subscribe page shows them: all stories, by school, by tag.

    Every school and every configured tag has a feed, even while it has no stories, so a
    subscribed address never starts to fail.
    """
    settings = site.settings
    feeds = _all_feeds(settings)
    for school in site.schools:
        feeds += _school_feeds(school, settings)
    for tag, label in settings.tags.items():
        feeds += _tag_feeds(tag, label, settings)
    return feeds


def feed_links(settings: Settings, schools: Iterable[School] = (), tag: str | None = None) -> list[dict[str, str]]:
    """Autodiscovery links for a page's head: the site's feeds, plus those of its schools or its tag.

    Each is {"title", "href" (a site path, which the theme's `url` filter makes relative), "type"},
    for <link rel="alternate" type=… title=… href=…>. Not absolute: Material's script fetches a
    sitemap.xml beside every alternate link, and an absolute one would send each reader to the
    production host from a preview or a mirror.
    """
    feeds = _all_feeds(settings)
    for school in schools:
        feeds += _school_feeds(school, settings)
    if tag is not None:
        feeds += _tag_feeds(tag, settings.tags[tag], settings)
    return [{"title": f"{feed.feed_title} ({FORMATS[feed.kind]})", "href": feed.path,
             "type": MEDIA_TYPES[feed.kind]} for feed in feeds]


def _all_feeds(settings: Settings) -> list[Feed]:
    about = f"The latest stories from {settings.site_name}."
    name = settings.site_name
    return [Feed("All stories (RSS)", "feed.xml", "rss", about, name, ""),
            Feed("All stories (Atom)", "atom.xml", "atom", about, name, ""),
            Feed("All stories (JSON Feed)", "feed.json", "json", about, name, "")]


def _school_feeds(school: School, settings: Settings) -> list[Feed]:
    about, name, page = f"Stories from {school.name}.", f"{school.name} – {settings.site_name}", f"schools/{school.id}/"
    return [Feed(f"{school.name} (RSS)", f"{page}feed.xml", "rss", about, name, page, "school", school.id),
            Feed(f"{school.name} (Atom)", f"{page}atom.xml", "atom", about, name, page, "school", school.id)]


def _tag_feeds(tag: str, label: str, settings: Settings) -> list[Feed]:
    page = f"tags/{tag}/"
    return [Feed(f"{label} (RSS)", f"{page}feed.xml", "rss", f"Stories tagged {label}.",
                 f"{label} – {settings.site_name}", page, "tag", tag)]


def render_feeds(site: Published, images: Mapping[str, FeedImage]) -> dict[str, bytes]:
    """Every story feed, keyed by docs-relative path. `images` maps a story id to its published photo."""
    settings = site.settings
    zone = settings.zone
    ordered = sorted(site.stories, key=lambda s: (s.published_at(zone).astimezone(UTC), s.id), reverse=True)
    schools = {school.id: school for school in site.schools}
    items: dict[str, _Item] = {}

    def item(story: Story) -> _Item:
        if story.id not in items:
            items[story.id] = _item(story, settings, schools, images.get(story.id))
        return items[story.id]

    files: dict[str, bytes] = {}
    for feed in story_feeds(site):
        members = [item(story) for story in _members(ordered, feed)[:FEED_SIZE]]
        files[feed.path] = _json_feed(feed, settings, members) if feed.kind == "json" else _xml_feed(feed, settings, members)
    return files


def _members(stories: list[Story], feed: Feed) -> list[Story]:
    if feed.group == "school":
        return [story for story in stories if feed.key in story.school]
    if feed.group == "tag":
        return [story for story in stories if feed.key in story.tags]
    return stories


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


def _item(story: Story, settings: Settings, schools: Mapping[str, School], image: FeedImage | None) -> _Item:
    url = settings.url(f"stories/{story.id}/")
    authors = [{"name": schools[s].name, "url": settings.url(f"schools/{s}/")} for s in story.school if s in schools]
    return _Item(id=url, url=url, title=story.title, summary=story.summary,
                 content_html=absolute_html(markdown_html(story.body), url),
                 published=story.published_at(settings.zone), authors=authors,
                 tags=[(tag, settings.tags.get(tag, tag)) for tag in story.tags],
                 image=settings.url(image.path) if image else None,
                 image_length=image.length if image else 0, image_type=image.type if image else "")


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


def _xml_feed(feed: Feed, settings: Settings, items: Sequence[_Item]) -> bytes:
    generator = FeedGenerator()
    self_url, page_url = settings.url(feed.path), settings.url(feed.page)
    generator.id(self_url)
    generator.title(feed.feed_title)
    generator.description(feed.description)
    generator.language("en-GB")
    generator.author({"name": settings.site_name, "uri": settings.site_url})
    generator.link(href=self_url, rel="self", type=MEDIA_TYPES[feed.kind])
    generator.link(href=page_url, rel="alternate")  # last: feedgen makes the last link RSS's <link>
    generator.generator(GENERATOR)
    generator.docs("https://www.rssboard.org/rss-specification")
    generator.updated(_updated(settings, items))  # also lastBuildDate; feedgen's default is the clock
    for item in items:  # already newest first; feedgen would prepend each one by default
        generator.add_entry(_entry(item), order="append")
    if feed.kind == "atom":
        return _atom_entry_links(generator.atom_str(pretty=True), items)
    return generator.rss_str(pretty=True)


def _atom_entry_links(document: bytes, items: Sequence[_Item]) -> bytes:
    """Put back the rel, type and length that feedgen 1.0.0 drops from entry links.

    (FeedEntry.atom_entry rebinds `link` to the new element before reading link['rel'], so the
    photo's rel="enclosure" link would read as a second alternate link, which Atom forbids.)
    """
    root = etree.fromstring(document)
    for entry, item in zip(root.iterfind(f"{_ATOM}entry"), items, strict=True):
        for link in entry.iterfind(f"{_ATOM}link"):
            if link.get("href") == item.url:
                link.set("rel", "alternate")
                link.set("type", "text/html")
            elif link.get("href") == item.image:
                link.set("rel", "enclosure")
                link.set("type", item.image_type)
                link.set("length", str(item.image_length))
    return etree.tostring(root, pretty_print=True, encoding="UTF-8", xml_declaration=True)


_ATOM = "{http://www.w3.org/2005/Atom}"


def _entry(item: _Item) -> FeedEntry:
    entry = FeedEntry()
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
        entry.author({"name": author["name"], "uri": author["url"]})
    for tag, label in item.tags:
        entry.category(term=tag, label=label)
    if item.image:
        entry.enclosure(item.image, item.image_length, item.image_type)
    return entry


def _json_feed(feed: Feed, settings: Settings, items: Sequence[_Item]) -> bytes:
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.feed_title,
        "home_page_url": settings.url(feed.page),
        "feed_url": settings.url(feed.path),
        "description": feed.description,
        "language": "en-GB",
        "authors": [{"name": settings.site_name, "url": settings.site_url}],
        "items": [_json_item(item) for item in items],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(item: _Item) -> dict:
    entry = {"id": item.id, "url": item.url, "title": item.title, "summary": item.summary,
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
