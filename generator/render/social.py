"""Sharing: Open Graph/Twitter meta and JSON-LD. Pure functions.

Pages put the results in their front matter (og, jsonld, feeds) and the theme's extrahead block
prints them; the staff panel's posts and share links are in generator/render/comms.py. Every URL
that leaves the site is absolute.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from generator import routes
from generator.config import Settings
from generator.event_schools import titled
from generator.fragment_cache import fragment
from generator.models import Event, School, Story
from generator.plan import KINDS, MEDIA_TYPES, CardSpec, SitePlan
from generator.render.plaintext import markdown_plain
from generator.status import status_of

CARD_WIDTH, CARD_HEIGHT = 1200, 630
SCHEMA = "https://schema.org"


@dataclass(frozen=True)
class SharePage:
    """What a page says about itself to link previews. Paths are site paths ('stories/x/')."""

    title: str
    description: str
    path: str
    image_path: str        # a 1200x630 card: routes.card(id), or routes.SITE_CARD
    image_alt: str
    type: str = "website"  # website | article
    published: datetime | None = None  # articles only


def open_graph(page: SharePage, settings: Settings) -> dict[str, str]:
    """Open Graph and Twitter card meta, in the order to print them. Keys starting 'twitter:' go in
    <meta name=…>, the rest in <meta property=…>; values are plain text, to be escaped once."""
    image = settings.url(page.image_path)
    meta = {
        "og:type": page.type,
        "og:site_name": settings.site_name,
        "og:locale": "en_GB",
        "og:title": page.title,
        "og:description": page.description,
        "og:url": settings.url(page.path),
        "og:image": image,
        "og:image:type": "image/jpeg",
        "og:image:width": str(CARD_WIDTH),
        "og:image:height": str(CARD_HEIGHT),
        "og:image:alt": page.image_alt,
    }
    if page.type == "article" and page.published is not None:
        meta["article:published_time"] = page.published.isoformat()
    meta.update({"twitter:card": "summary_large_image", "twitter:image:alt": page.image_alt})
    return meta


def json_ld_organization(settings: Settings) -> dict:
    """The partnership that publishes the site."""
    return {"@type": "Organization", "@id": settings.url("#organization"), "name": settings.site_name,
            "url": settings.site_url}


def _school(school: School, settings: Settings) -> dict:
    found = {"@type": "EducationalOrganization", "name": school.name, "url": settings.url(routes.school(school.id))}
    if school.website:
        found["sameAs"] = school.website
    return found


def json_ld_story(story: Story, settings: Settings, schools: Mapping[str, School],
                  images: Iterable[str] = ()) -> dict:
    """schema.org NewsArticle for a story page. `images`: site paths, the card first, then the photo.

    Google lists no required properties for articles; it recommends headline, image,
    datePublished, dateModified and author (with name and url), all given here.
    """
    url = settings.url(routes.story(story.id))
    published = story.published_at(settings.zone).isoformat()
    authors = [_school(schools[s], settings) for s in story.school if s in schools]
    article = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published,
        "dateModified": published,  # stories carry no edit time; a build time would change every build
        "image": [settings.url(path) for path in images],
        "author": authors or [json_ld_organization(settings)],
        "publisher": json_ld_organization(settings),
        "inLanguage": "en-GB",
    }
    if story.tags:
        article["keywords"] = [settings.tags.get(tag, tag) for tag in story.tags]
    if not article["image"]:
        del article["image"]
    return article


def json_ld_event(event: Event, settings: Settings, schools: Mapping[str, School], image: str | None = None) -> dict:
    """schema.org Event for an event page, with Google's required name, startDate and location.

    A key date without a `location:` takes place at its school (or across the city's schools):
    the place is named after them, with Plymouth, GB as the address Google needs. `image` is a
    site path (the event's card).
    """
    ids = event.school_ids
    hosts = [schools[s] for s in ids if s in schools] if ids is not None else []
    place = event.location or (", ".join(s.name for s in hosts) if hosts else "Plymouth secondary schools")
    found: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "url": settings.url(routes.event(event.id)),
        "startDate": _when(event.start, settings),
        "eventStatus": f"{SCHEMA}/{status_of(event.status).words.schema_org}",
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": place,
                     "address": {"@type": "PostalAddress", "addressLocality": "Plymouth", "addressCountry": "GB"}},
        "organizer": [_school(s, settings) for s in hosts] or json_ld_organization(settings),
        "description": _event_text(event, settings),
        "inLanguage": "en-GB",
    }
    end = event.last_day if event.all_day else event.end
    if end is not None:
        found["endDate"] = _when(end, settings)
    if image:
        found["image"] = [settings.url(image)]
    return found


def _when(value, settings: Settings) -> str:
    """A date (all day) or a date-time with its UK offset, as ISO 8601."""
    if isinstance(value, datetime):
        return value.astimezone(settings.zone).isoformat()
    return value.isoformat()


def _event_text(event: Event, settings: Settings) -> str:
    category = settings.categories.get(event.category, event.category)
    text = markdown_plain(event.description, settings.url(routes.event(event.id))) if event.description else ""
    return text or f"{category}: {event.title}."


def json_ld_text(*things: dict) -> str:
    """JSON-LD for a <script type="application/ld+json"> element, safe to print unescaped there.

    <, > and & are written as \\u003c, \\u003e and \\u0026 (still the same JSON), so a title
    such as "</script><script>…" cannot end the element. Several things become one @graph.
    """
    if len(things) == 1:
        document = things[0]
    else:
        document = {"@context": SCHEMA, "@graph": [{k: v for k, v in t.items() if k != "@context"} for t in things]}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


# ---- what a page's front matter carries, for the theme's extrahead block (see overrides/main.html)

def head_meta(page: SharePage, settings: Settings, feeds: list[dict[str, str]], *things: dict) -> dict:
    """Front matter for a page's <head>, as overrides/main.html's extrahead block reads it:
    `og` (open_graph's mapping, in order: "twitter:…" keys become <meta name>, the rest <meta
    property>), `feeds` (<link rel="alternate feed">) and, with `things`, `jsonld` (a string, already
    safe inside <script>)."""
    found = {"og": open_graph(page, settings), "feeds": feeds}
    if things:
        found["jsonld"] = json_ld_text(*things)
    return found


def feed_links(plan: SitePlan, schools: Iterable[str] = (), tag: str | None = None) -> list[dict[str, str]]:
    """Autodiscovery links for a page's head: the site's feeds, plus those of its schools or its tag.

    Each is {"title", "href" (a site path, which the theme's `url` filter makes relative), "type"},
    for <link rel="alternate feed" type=… title=… href=…> (overrides/main.html says why "feed").
    Relative, so a preview or a mirror offers its own feeds, not the production host's.
    """
    return [{"title": f"{feed.name} ({KINDS[feed.kind]})", "href": feed.path, "type": MEDIA_TYPES[feed.kind]}
            for feed in plan.page_feeds(schools, tag)]


def story_head(plan: SitePlan, story: Story, photo_path: str | None = None) -> dict:
    """head_meta for /stories/<id>/: its card, NewsArticle, and the feeds of the site and its schools.

    Kept between builds by the story, its photo, its card and its feeds; the rest is settings and
    schools, in the fragment cache's salt (generator/fragment_cache.py). Read only, never changed.
    """
    spec = plan.story_card(story)
    feeds = feed_links(plan, [s for s in story.school if s in plan.schools])
    return fragment("story head", (story, photo_path, spec, feeds),
                    partial(_story_head, plan, story, photo_path, spec, feeds))


def _story_head(plan: SitePlan, story: Story, photo_path: str | None, spec: CardSpec,
                feeds: list[dict[str, str]]) -> dict:
    settings, schools = plan.settings, plan.schools
    page = SharePage(story.title, story.summary, routes.story(story.id), routes.card(story.id), spec.alt, "article",
                     story.published_at(settings.zone))
    images = [routes.card(story.id)] + ([photo_path] if photo_path else [])
    return head_meta(page, settings, feeds, json_ld_story(story, settings, schools, images))


def event_head(plan: SitePlan, event: Event) -> dict:
    """head_meta for /events/<id>/: its card, Event, and the site's feeds (kept like story_head's:
    the card carries what `now` decides, whether the date has passed)."""
    spec = plan.event_card(event)
    feeds = feed_links(plan)
    return fragment("event head", (event, spec, feeds), partial(_event_head, plan, event, spec, feeds))


def _event_head(plan: SitePlan, event: Event, spec: CardSpec, feeds: list[dict[str, str]]) -> dict:
    settings = plan.settings
    page = SharePage(titled(event, plan.schools), _event_text(event, settings) if event.description else spec.alt,
                     routes.event(event.id), routes.card(event.id), spec.alt)
    return head_meta(page, settings, feeds, json_ld_event(event, settings, plan.schools, routes.card(event.id)))


def page_head(plan: SitePlan, title: str, description: str, path: str, *, schools: Iterable[School] = (),
              tag: str | None = None, organization: bool = False) -> dict:
    """head_meta for any other generated page (home, lists, a school, a tag, subscribe): the site's
    card, and the feeds of the site plus those of its school or tag. The home page adds the
    Organization (organization=True)."""
    settings = plan.settings
    page = SharePage(title, description, path, routes.SITE_CARD, plan.site_card().alt)
    things = [{"@context": SCHEMA, **json_ld_organization(settings)}] if organization else []
    return head_meta(page, settings, feed_links(plan, [school.id for school in schools], tag), *things)
