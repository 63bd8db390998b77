"""The staff panel: a post for every channel (each fits, counted as that channel counts; names the
schools and their handles; carries the hashtags), its share links and its markup."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from conftest import NOW, REPO, published
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator import routes
from generator.config import load_settings
from generator.handles import SchoolSocial
from generator.models import Social
from generator.plan import make_plan
from generator.posts import CHANNELS, LINK_IN_BIO, X_LIMIT, fit_post, utf16_length, x_length
from generator.render.comms import (
    Draft,
    comms_panel_html,
    credits,
    event_draft,
    post_for,
    posts_for,
    share_links,
    story_draft,
)
from generator.routes import docs_path

SITE = REPO / "tests" / "data" / "site"
BASE = "https://news.plymouthschools.org.uk/"
ROBOT = "2026-11-20-robotics-final"
URL = f"{BASE}stories/{ROBOT}/"
HANDLES = {"x": "PlymstockSch", "bluesky": "plymstock.bsky.social", "facebook": "PlymstockSchool",
           "instagram": "plymstock_school", "linkedin": "plymstock-school"}


@pytest.fixture(scope="module")
def site():
    return published(SITE, NOW)


@pytest.fixture(scope="module")
def plan(site):
    return make_plan(site)


def _story(site, story_id=ROBOT):
    return next(story for story in site.stories if story.id == story_id)


def _with_handles(plan):
    """The plan's schools, Plymstock with an account on every channel."""
    schools = dict(plan.schools)
    schools["plymstock"] = schools["plymstock"].model_copy(update={"social": SchoolSocial(**HANDLES)})
    return schools


# ---- the channel table

def test_the_table_has_the_five_channels_with_their_limits():
    assert list(CHANNELS) == ["facebook", "x", "bluesky", "linkedin", "instagram"]
    assert {key: c.limit for key, c in CHANNELS.items()} == {
        "facebook": 63_206, "x": 280, "bluesky": 300, "linkedin": 3_000, "instagram": 2_200}
    assert [key for key, c in CHANNELS.items() if not c.link] == ["instagram"]
    assert [key for key, c in CHANNELS.items() if c.short] == ["x", "bluesky"]
    assert CHANNELS["x"].measure(f"a\n\n{URL}", URL) == 1 + 2 + 23  # X counts the link as 23
    assert CHANNELS["bluesky"].measure(f"a\n\n{URL}", URL) == 3 + len(URL)  # Bluesky counts it in full
    assert utf16_length("a😀") == 3  # an emoji is two UTF-16 units: never counted short


words = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=400)
tags = st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,30}", fullmatch=True), max_size=8)
names = st.lists(st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=80), max_size=3)


@pytest.mark.parametrize("channel", list(CHANNELS))
@hypothesis_settings(max_examples=150, deadline=None)
@given(text=words, hashtags=tags, credit_names=names, keep=st.booleans(), long=st.integers(0, 70_000))
def test_every_post_fits_its_channel_counted_as_it_counts(channel, text, hashtags, credit_names, keep, long):
    rules = CHANNELS[channel]
    text = text + " word" * (long // 5) if channel in ("facebook", "linkedin", "instagram") else text
    post = fit_post(text, URL, hashtags, channel, [f"From {n}" for n in credit_names], keep_text=keep)
    assert rules.measure(post, URL) <= rules.limit
    if rules.link:
        assert URL in post
    else:
        assert URL not in post and LINK_IN_BIO in post


@hypothesis_settings(max_examples=100, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=300), hashtags=tags)
def test_a_short_summary_keeps_the_school_named(text, hashtags):
    post = fit_post(text, URL, hashtags, "x", ["From Devonport High School for Girls"])
    if text.strip() and x_length(post, URL) < X_LIMIT - 60:
        assert "From Devonport High School for Girls" in post


def test_a_story_post_names_its_school_with_handles_and_the_site_hashtags(site, plan):
    draft = story_draft(_story(site), site.settings, _with_handles(plan))
    posts = posts_for(draft)
    assert site.settings.hashtags == ["PlymouthSchools"]
    assert "From Plymstock School (@PlymstockSch)" in posts["x"]
    assert "From Plymstock School (@plymstock.bsky.social)" in posts["bluesky"]
    assert "From Plymstock School (@PlymstockSchool)" in posts["facebook"]
    assert "From Plymstock School (@plymstock_school)" in posts["instagram"]
    assert "From Plymstock School (linkedin.com/company/plymstock-school)" in posts["linkedin"]
    assert all(post.endswith("#PlymouthSchools") for post in posts.values())
    story = _story(site)
    assert posts["facebook"].startswith(f"{story.title}\n\n{story.summary}")  # the longer text
    assert posts["x"].startswith(story.summary[:100])
    assert URL not in posts["instagram"] and LINK_IN_BIO in posts["instagram"]


def test_without_handles_the_school_is_named(site, plan):
    posts = posts_for(story_draft(_story(site), site.settings, plan.schools))
    assert all("From Plymstock School\n" in post for post in posts.values())
    assert credits([plan.schools["plymstock"], plan.schools["heles"]], "x", "From") == [
        "From Plymstock School and Hele's School"]


def test_a_story_own_social_text_and_hashtags_win(site, plan):
    social = Social.model_validate({"text": "Off to the final!", "hashtags": ["Robotics"]})
    story = _story(site).model_copy(update={"social": social})
    posts = posts_for(story_draft(story, site.settings, plan.schools))
    assert posts["x"] == f"Off to the final!\n\nFrom Plymstock School\n\n{URL}\n\n#Robotics"
    assert "#PlymouthSchools" not in posts["bluesky"]


def test_an_own_text_that_fits_x_is_never_cut_the_credit_gives_way():
    text = "x " * 126 + "end"  # 255 characters: with the link as 23, exactly 280
    draft = Draft(URL, "T", text, text, [], "From", ())
    assert x_length(fit_post(text, URL), URL) == X_LIMIT
    own = Draft(URL, "T", text, text, None, "From", (), own_text=True)
    assert post_for(own, "x") == f"{text}\n\n{URL}"  # "For Plymouth's…" would push it over: it goes
    assert post_for(draft, "x") == f"{text}\n\n{URL}"


def test_an_event_for_every_school_says_so(site, plan):
    event = next(e for e in site.events if e.schools == "all")
    posts = posts_for(event_draft(event, site.settings, plan.schools))
    assert all("For Plymouth's secondary schools" in post for post in posts.values())
    assert posts["facebook"].startswith(f"{event.title}\nWhen: ") or "When: " in posts["facebook"]


def test_a_cancelled_event_says_so_and_fits(site, plan):
    cancelled = next(event for event in site.events if event.status == "cancelled")
    posts = posts_for(event_draft(cancelled, site.settings, plan.schools))
    url = f"{BASE}events/{cancelled.id}/"
    assert posts["x"].startswith(f"Cancelled: {cancelled.title}, ") and x_length(posts["x"], url) <= X_LIMIT


# ---- share links

def test_share_links_carry_each_channels_post(site, plan):
    draft = story_draft(_story(site), site.settings, plan.schools)
    posts = posts_for(draft)
    links = {link.key: link.href for link in share_links(draft, posts)}
    assert list(links) == ["facebook", "x", "bluesky", "linkedin", "whatsapp", "email"]
    for key in ("facebook", "x", "bluesky", "linkedin", "whatsapp"):
        assert links[key].startswith("https://") and "+" not in links[key] and " " not in links[key]
    assert parse_qs(urlsplit(links["facebook"]).query) == {"u": [URL]}
    assert parse_qs(urlsplit(links["x"]).query) == {"text": [posts["x"]]}
    assert links["bluesky"].startswith("https://bsky.app/intent/compose?text=")
    assert parse_qs(urlsplit(links["bluesky"]).query) == {"text": [posts["bluesky"]]}
    assert parse_qs(urlsplit(links["linkedin"]).query) == {"url": [URL]}
    assert links["email"].startswith("mailto:?subject=") and " " not in links["email"]


# ---- the panel

def _panel(site, plan):
    draft = story_draft(_story(site), site.settings, plan.schools)
    return draft, comms_panel_html(draft, f"../../cards/{ROBOT}.jpg", "Share this story", "../../planner/")


def test_the_panel_is_a_closed_disclosure_for_staff(site, plan):
    draft, panel = _panel(site, plan)
    assert "\n" not in panel  # one HTML block in a Markdown page
    root = lxml.html.fragment_fromstring(panel)
    assert root.tag == "details" and root.get("open") is None and "comms-panel" in root.get("class")
    assert root[0].tag == "summary" and root[0].text_content() == "For press and school staff"
    assert [a.text for a in root.iter("a") if a.get("class", "").startswith("share-link")] == [
        "Share on Facebook", "Share on X", "Share on Bluesky", "Share on LinkedIn", "Share on WhatsApp", "Share by email"]
    download = next(a for a in root.iter("a") if a.text == "Download the image")
    assert download.get("href") == f"../../cards/{ROBOT}.jpg" and download.get("download") == f"{ROBOT}.jpg"
    posts = posts_for(draft)
    assert [d.get("data-platform") for d in root.find_class("suggested-post")] == list(CHANNELS)
    buttons = list(root.iter("button"))
    assert all(b.get("type") == "button" and b.get("hidden") is not None for b in buttons)
    assert [b.get("data-copy") for b in buttons] == [draft.url, *posts.values()]
    assert not list(root.iter("script"))
    planner = next(a for a in root.iter("a") if "planner" in (a.text or ""))
    assert planner.get("href") == "../../planner/"


def test_print_css_hides_the_panel():
    css = (REPO / "docs" / "stylesheets" / "pages.css").read_text("utf-8")
    block = re.search(r"@media print\s*{(.*?)\n}", css, re.S)
    assert block and re.search(r"\.comms-panel\s*{\s*display:\s*none", block.group(1))


def test_story_and_event_pages_carry_the_panel_and_the_card_download(plan):
    from generator.render.pages import render_pages

    pages = dict(render_pages(plan, {}, []))
    story = pages[docs_path(routes.story(ROBOT))]
    assert story.count('<details class="comms-panel">') == 1 and "share-panel\" aria" not in story
    assert f'href="../../cards/{ROBOT}.jpg" download=' in story
    event = next(e for e in plan.events if e.status != "cancelled")
    assert f'href="../../cards/{event.id}.jpg" download=' in pages[docs_path(routes.event(event.id))]
    panelled = {path for path, text in pages.items() if 'class="comms-panel"' in text}
    assert panelled == {docs_path(routes.story(s.id)) for s in plan.site.stories} | {
        docs_path(routes.event(e.id)) for e in plan.events}


# ---- bad input: handles, the hashtags setting

@pytest.mark.parametrize("value, message", [
    ({"x": "@PlymstockSch"}, "write  x: PlymstockSch"),
    ({"x": "Plymstock School"}, "expected an X handle"),
    ({"x": "a" * 16}, "expected an X handle"),
    ({"x": "https://x.com/PlymstockSch"}, "write the handle alone:  x: PlymstockSch"),
    ({"bluesky": "Plymstock.bsky.social"}, "write  bluesky: plymstock.bsky.social"),
    ({"bluesky": "plymstock"}, "expected a Bluesky handle"),
    ({"facebook": "abc"}, "expected a Facebook page name"),
    ({"instagram": "plymstock..school"}, "expected an Instagram username"),
    ({"instagram": 12}, "got the number 12"),
    ({"linkedin": "-plymstock"}, "expected a LinkedIn page name"),
    ({"linkedin": "https://www.linkedin.com/company/plymstock-school/"}, "linkedin: plymstock-school"),
    ({}, "names no account"),
    ({"tiktok": "plymstock"}, "extra_forbidden"),
])
def test_school_social_validation_errors(value, message):
    with pytest.raises(ValidationError) as error:
        SchoolSocial.model_validate(value)
    said = " ".join(f"{e['type']} {e['msg']} {(e.get('ctx') or {}).get('fix', '')}" for e in error.value.errors())
    assert message in said


def test_good_handles_are_kept_as_written():
    assert SchoolSocial.model_validate(HANDLES).model_dump() == HANDLES


@pytest.mark.parametrize("value, message", [
    (["#PlymouthSchools"], "without '#'"),
    (["Plymouth Schools"], "write it as PlymouthSchools"),
    (["A", "a"], "listed twice"),
    (["A", "B", "C", "D", "E", "F"], "at most 5"),
    ("PlymouthSchools, News", "write a list in square brackets"),
])
def test_a_bad_hashtags_setting_is_an_error(tmp_path, value, message):
    config = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    assert text.count("\n    hashtags: [PlymouthSchools]\n") == 1  # the site-wide setting, not a default message's
    config.write_text(text.replace("\n    hashtags: [PlymouthSchools]\n", f"\n    hashtags: {json.dumps(value)}\n"), "utf-8")
    settings, errors = load_settings(config)
    assert settings is None and [e.field.split("[")[0] for e in errors][0].startswith("extra.settings.hashtags")
    assert message in " ".join(f"{e.message} {e.fix}" for e in errors)
