"""Sharing: suggested posts fit their platform, share links and Open Graph are absolute, JSON-LD is valid and inert."""
from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from conftest import NOW, REPO, published
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.models import Social
from generator.plan import make_plan
from generator.posts import BLUESKY_LIMIT, X_LIMIT, bluesky_length, fit_post, x_length
from generator.publish import Published
from generator.render.social import (
    SharePage,
    event_head,
    json_ld_event,
    json_ld_organization,
    json_ld_story,
    json_ld_text,
    open_graph,
    page_head,
    story_head,
)
from generator.render.text import front_matter
from generator.routes import SITE_CARD
from generator.routes import card as card_path

SITE = REPO / "tests" / "data" / "site"
BASE = "https://news.plymouthschools.org.uk/"
URL = f"{BASE}stories/2026-11-20-robotics-final/"
ROBOT = "2026-11-20-robotics-final"
SCRIPT_STORY = "2026-11-10-online-safety"


@pytest.fixture(scope="module")
def site() -> Published:
    return published(SITE, NOW)


@pytest.fixture(scope="module")
def schools(site):
    return {school.id: school for school in site.schools}


def _story(site, story_id):
    return next(story for story in site.stories if story.id == story_id)


# ---- counting and suggested posts

def test_x_counts_a_link_as_23_and_wide_characters_as_2():
    assert x_length(f"Hello\n\n{URL}", URL) == 5 + 2 + 23
    assert x_length("日本") == 4 and x_length("café") == 4
    assert x_length("see plymouth.gov.uk") == 4 + 23  # a bare domain may become a link: never counted short
    assert x_length("see https://example.org/" + "a" * 40) == 4 + 60  # a long address in the text: counted in full


def test_a_short_summary_is_kept_whole():
    post = fit_post("Robots!", URL, ["PlymouthSchools", "STEM"])
    assert post == f"Robots!\n\n{URL}\n\n#PlymouthSchools #STEM"


def test_a_summary_that_just_fits_is_not_cut():
    summary = "x" * (X_LIMIT - 23 - 2)
    assert fit_post(summary, URL) == f"{summary}\n\n{URL}"
    assert x_length(fit_post(summary + "y", URL), URL) <= X_LIMIT


def test_a_long_summary_is_cut_at_a_word_with_an_ellipsis():
    summary = " ".join(["word"] * 80)  # 399 characters
    post = fit_post(summary, URL, ["PlymouthSchools"])
    text = post.split("\n\n")[0]
    assert text.endswith("word…") and summary.startswith(text[:-1])
    assert post.endswith(f"\n\n{URL}\n\n#PlymouthSchools")
    assert x_length(post, URL) <= X_LIMIT


def test_bluesky_counts_the_link_in_full():
    summary = " ".join(["word"] * 60)
    post = fit_post(summary, URL, [], platform="bluesky")
    assert bluesky_length(post) <= BLUESKY_LIMIT and URL in post
    assert len(post) > X_LIMIT - 50


hashtags = st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,30}", fullmatch=True), max_size=12)


@hypothesis_settings(max_examples=300, deadline=None)
@given(summary=st.text(max_size=600), tags=hashtags)
def test_suggested_posts_never_exceed_their_limit(summary, tags):
    x_post = fit_post(summary, URL, tags)
    assert x_length(x_post, URL) <= X_LIMIT
    assert URL in x_post
    bluesky = fit_post(summary, URL, tags, platform="bluesky")
    assert bluesky_length(bluesky) <= BLUESKY_LIMIT
    assert URL in bluesky


@hypothesis_settings(max_examples=200, deadline=None)
@given(words=st.lists(st.text(st.characters(blacklist_categories=["Cs", "Zs", "Cc"]), min_size=1, max_size=15),
                      min_size=1, max_size=80))
def test_a_cut_summary_is_a_run_of_whole_words(words):
    summary = " ".join(words)
    text = fit_post(summary, URL).split(f"\n\n{URL}")[0]
    if text == summary:
        return
    assert text.endswith("…")
    kept, original = text[:-1].split(" "), summary.split(" ")
    assert kept[:-1] == original[:len(kept) - 1]
    last = original[len(kept) - 1]
    # Whole words (less trailing punctuation), or a part of the first word when even that is too long.
    assert kept[-1] == last.rstrip(" ,;:-–—.") or (len(kept) == 1 and last.startswith(kept[0]))


@hypothesis_settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=300), tags=hashtags)
def test_a_social_text_the_validator_accepts_is_never_cut(text, tags):
    try:
        social = Social.model_validate({"text": text, "hashtags": tags})
    except ValidationError:
        return
    post = fit_post(social.text, URL, social.hashtags, credits=["From Devonport High School for Girls"],
                    keep_text=True)
    assert post.startswith(social.text.strip()) and URL in post
    assert x_length(post, URL) <= X_LIMIT


@pytest.mark.parametrize("value, message", [
    ({"text": "x " * 140, "hashtags": ["A"]}, "over X's limit of 280"),
    ({"hashtags": ["#Robots"]}, "without '#'"),
    ({"hashtags": ["plymouth-schools"]}, "write it as PlymouthSchools"),
    ({"hashtags": ["2027"]}, "at least one letter"),
    ({"hashtags": ["Robots", "robots"]}, "listed twice"),
    ({"hashtags": None}, "a '#' starts a comment"),
    ({}, "neither text nor hashtags"),
    ({"text": "Hi", "hastags": ["A"]}, "extra_forbidden"),
], ids=["too-long", "hash", "hyphen", "digits-only", "twice", "comment", "empty", "unknown-key"])
def test_social_validation_errors(value, message):
    with pytest.raises(ValidationError) as error:
        Social.model_validate(value)
    said = " ".join(f"{e['type']} {e['msg']} {(e.get('ctx') or {}).get('fix', '')}" for e in error.value.errors())
    assert message in said


# ---- Open Graph

def test_open_graph_values_are_absolute_and_complete(site):
    settings = site.settings
    published = datetime(2026, 11, 20, tzinfo=settings.zone)
    meta = open_graph(SharePage("Robots", "Four pupils built a robot.", f"stories/{ROBOT}/", card_path(ROBOT),
                                "A robot. Headline: Robots", "article", published), settings)
    assert meta["og:url"] == URL and meta["og:image"] == f"{BASE}cards/{ROBOT}.jpg"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == "A robot. Headline: Robots"
    assert meta["twitter:card"] == "summary_large_image" and meta["og:locale"] == "en_GB"
    assert meta["og:type"] == "article" and meta["article:published_time"] == "2026-11-20T00:00:00+00:00"
    assert meta["og:site_name"] == settings.site_name and meta["og:title"] == "Robots"
    assert all(isinstance(value, str) and value for value in meta.values())
    for key in ("og:url", "og:image"):
        assert urlsplit(meta[key]).scheme == "https" and urlsplit(meta[key]).netloc
    home = open_graph(SharePage("Home", "News.", "", SITE_CARD, "The site"), settings)
    assert home["og:url"] == BASE and home["og:image"] == f"{BASE}{SITE_CARD}" and "article:published_time" not in home


# ---- JSON-LD

def _in_a_page(text: str) -> str:
    """The JSON-LD as a browser reads it back out of a page's <script> element."""
    page = lxml.html.fromstring(f'<html><head><script type="application/ld+json">{text}</script></head>'
                                '<body><p>after</p></body></html>')
    scripts = page.findall(".//script")
    assert len(scripts) == 1 and page.find(".//p").text == "after"
    return scripts[0].text


def test_story_json_ld_has_what_google_asks_for(site, schools):
    story = _story(site, ROBOT)
    data = json.loads(_in_a_page(json_ld_text(json_ld_story(story, site.settings, schools,
                                                            [card_path(ROBOT), f"images/stories/{ROBOT}.png"]))))
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == story.title and data["description"] == story.summary
    assert data["datePublished"] == data["dateModified"] == "2026-11-20T00:00:00+00:00"
    datetime.fromisoformat(data["datePublished"])
    assert data["image"] == [f"{BASE}cards/{ROBOT}.jpg", f"{BASE}images/stories/{ROBOT}.png"]
    assert data["author"] == [{"@type": "EducationalOrganization", "name": "Plymstock School",
                               "url": f"{BASE}schools/plymstock/", "sameAs": "https://plymstockschool.org.uk"}]
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"] == site.settings.site_name
    assert data["mainEntityOfPage"]["@id"] == URL == data["url"]


def test_json_ld_cannot_end_its_script_element(site, schools):
    story = _story(site, SCRIPT_STORY).model_copy(update={"title": "</script><script>alert(1)</script> & <!--"})
    text = json_ld_text(json_ld_story(story, site.settings, schools))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "</script" not in text.lower()
    assert json.loads(_in_a_page(text))["headline"] == "</script><script>alert(1)</script> & <!--"


def test_event_json_ld_has_googles_required_properties(site, schools):
    for event in site.events:
        data = json.loads(_in_a_page(json_ld_text(json_ld_event(event, site.settings, schools, card_path(event.id)))))
        assert data["@type"] == "Event" and data["name"] == event.title
        assert data["location"]["@type"] == "Place" and data["location"]["name"]
        assert data["location"]["address"] == {"@type": "PostalAddress", "addressLocality": "Plymouth",
                                               "addressCountry": "GB"}
        assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
        expected = "EventCancelled" if event.status == "cancelled" else "EventScheduled"
        assert data["eventStatus"] == f"https://schema.org/{expected}"
        assert data["image"] == [f"{BASE}cards/{event.id}.jpg"] and data["url"] == f"{BASE}events/{event.id}/"
        assert data["organizer"] and data["description"]
        if event.all_day:
            assert date.fromisoformat(data["startDate"]) == event.start
            assert date.fromisoformat(data["endDate"]) == event.last_day
        else:
            start = datetime.fromisoformat(data["startDate"])
            assert start == event.start and start.utcoffset() is not None
    assert any(event.status == "cancelled" for event in site.events)


def test_organization_and_graph(site, schools):
    organisation = json_ld_organization(site.settings)
    assert organisation == {"@type": "Organization", "@id": f"{BASE}#organization",
                            "name": site.settings.site_name, "url": BASE}
    graph = json.loads(json_ld_text(json_ld_story(_story(site, ROBOT), site.settings, schools), organisation))
    assert graph["@context"] == "https://schema.org" and [thing["@type"] for thing in graph["@graph"]] == [
        "NewsArticle", "Organization"]
    assert all("@context" not in thing for thing in graph["@graph"])


# ---- front matter for the page head, and the share panel

def _heads(site, schools):
    plan = make_plan(site)
    for story in site.stories:
        photo = f"images/stories/{story.id}.png" if story.image else None
        yield f"stories/{story.id}/", story_head(plan, story, photo)
    for event in site.events:
        yield f"events/{event.id}/", event_head(plan, event)
    yield "", page_head(plan, site.settings.site_name, "Good news.", "", organization=True)
    yield "schools/heles/", page_head(plan, "Hele's School", "Stories and key dates.", "schools/heles/",
                                      schools=[schools["heles"]])
    yield "tags/science/", page_head(plan, "Science", "Stories tagged Science.", "tags/science/", tag="science")


def test_every_page_head_is_complete_absolute_and_survives_front_matter(site, schools):
    for path, head in _heads(site, schools):
        assert set(head) <= {"og", "feeds", "jsonld"} and {"og", "feeds"} <= set(head)
        og = head["og"]
        assert og["og:url"] == f"{BASE}{path}" and og["og:image"].startswith(BASE) and og["og:image"].endswith(".jpg")
        assert og["og:image:alt"] and og["og:title"] and og["og:description"]
        assert og["twitter:card"] == "summary_large_image"
        keys = list(og)
        assert keys.index("og:image") < keys.index("og:image:width")  # structured properties after their image
        assert all(not feed["href"].startswith(("/", "http")) and feed["type"] and feed["title"] for feed in head["feeds"])
        # The page renderer writes these with text.front_matter; MkDocs reads them back with YAML.
        assert yaml.safe_load(front_matter(**head).split("---\n")[1]) == head
        if "jsonld" in head:
            assert json.loads(_in_a_page(head["jsonld"]))
    heads = dict(_heads(site, schools))
    assert json.loads(heads[f"stories/{ROBOT}/"]["jsonld"])["image"] == [f"{BASE}cards/{ROBOT}.jpg",
                                                                           f"{BASE}images/stories/{ROBOT}.png"]
    assert "schools/plymstock/feed.xml" in [f["href"] for f in heads[f"stories/{ROBOT}/"]["feeds"]]
    assert "tags/science/feed.xml" in [f["href"] for f in heads["tags/science/"]["feeds"]]
    assert json.loads(heads[""]["jsonld"])["@type"] == "Organization"
    assert heads[""]["og"]["og:image"] == f"{BASE}{SITE_CARD}"
