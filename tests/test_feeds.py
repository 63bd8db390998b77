"""Story feeds (RSS, Atom, JSON Feed), parsed back with feedparser and checked item by item."""
from __future__ import annotations

import json
import random
import shutil
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from conftest import NOW, REPO, published, render_all

from generator.plan import FEED_SIZE, SitePlan, StoryImage, make_plan
from generator.plan import story_feeds as plan_story_feeds
from generator.publish import Published
from generator.render.feeds import GENERATOR, JSON_FEED_VERSION, absolute_html
from generator.render.feeds import render_feeds as render_plan_feeds
from generator.render.social import feed_links

SITE = REPO / "tests" / "data" / "site"
BASE = "https://news.plymouthschools.org.uk/"
ROBOT = "2026-11-20-robotics-final"
SUMMER = "2026-07-01-summer-fair"

# Added to the pages fixture: a story published at a set time in British Summer Time, with links
# of every relative kind in its body, and a second story on the robot's day (order by id).
EXTRA = {
    f"{SUMMER}.yaml": """title: Summer fair raises money for the library
date: 2026-07-01
school: [heles, plymstock]
summary: Families raised money for new books.
body: |
  See [the key dates](/events/), [the concert](../2026-10-01-joint-concert/), [this page](#top),
  [a school](https://example.org/a?b=1&c=2) and [email us](mailto:office@example.org).
tags: [community, reading]
publish_at: 2026-07-01 09:30
""",
    "2026-11-20-another-on-robot-day.yaml": """title: Another story on the same day
date: 2026-11-20
school: utc-plymouth
summary: Published the same day as the robots.
body: Same day.
tags: [science]
""",
}


def _load(content: Path, now: str = NOW) -> Published:
    return published(content, now)


def _images(site: Published) -> dict[str, StoryImage]:
    found = {}
    for story in site.stories:
        if story.image:
            path = story.folder / story.image.src
            found[story.id] = StoryImage(f"images/stories/{story.id}{path.suffix}", length=path.stat().st_size,
                                         type="image/png")
    return found


def render_feeds(site: Published, images) -> dict[str, bytes]:
    return render_plan_feeds(make_plan(site), images)


def story_feeds(site: Published):
    return plan_story_feeds(site.settings, site.schools)


def feed_descriptors(site: Published):
    return SitePlan(site).feeds


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("feeds") / "content"
    shutil.copytree(SITE, target)
    for name, text in EXTRA.items():
        (target / "stories" / name).write_text(text, "utf-8")
    return target


@pytest.fixture(scope="module")
def site(content) -> Published:
    return _load(content)


@pytest.fixture(scope="module")
def files(site) -> dict[str, bytes]:
    return render_feeds(site, _images(site))


def _xml_feeds(files):
    return {path: data for path, data in files.items() if path.endswith(".xml")}


def _parsed(files, path):
    parsed = feedparser.parse(files[path])
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return parsed


def _ids(parsed) -> list[str]:
    return [entry.id.removeprefix(f"{BASE}stories/").rstrip("/") for entry in parsed.entries]


def _expected(site, keep=lambda story: True) -> list[str]:
    zone = site.settings.zone
    stories = sorted((s for s in site.stories if keep(s)), key=lambda s: (s.published_at(zone), s.id), reverse=True)
    return [s.id for s in stories][:FEED_SIZE]


# ---- every feed parses, and lists what it should, newest first

def test_every_feed_is_written_and_described(site, files):
    paths = [feed.path for feed in story_feeds(site)]
    assert sorted(paths) == sorted(files)
    assert {"feed.xml", "atom.xml", "feed.json", "schools/plymstock/feed.xml", "schools/plymstock/atom.xml",
            "tags/science/feed.xml"} <= set(paths)
    for school in site.schools:
        assert f"schools/{school.id}/feed.xml" in files and f"schools/{school.id}/atom.xml" in files
    for tag in site.settings.tags:
        assert f"tags/{tag}/feed.xml" in files  # even a tag with no stories yet: subscribed URLs never fail


def test_feedparser_reports_no_error_on_any_feed(files):
    for path in _xml_feeds(files):
        parsed = _parsed(files, path)
        assert parsed.version == ("atom10" if path.endswith("atom.xml") else "rss20"), path


def test_the_all_stories_feeds_list_every_live_story_newest_first(site, files):
    expected = _expected(site)
    assert expected[:3] == ["2026-11-20-robotics-final", "2026-11-20-another-on-robot-day", "2026-11-10-online-safety"]
    for path in ("feed.xml", "atom.xml"):
        parsed = _parsed(files, path)
        assert _ids(parsed) == expected, path
        times = [entry.published_parsed for entry in parsed.entries]
        assert times == sorted(times, reverse=True)
    assert [item["id"].removeprefix(f"{BASE}stories/").rstrip("/") for item in json.loads(files["feed.json"])["items"]] == expected


def test_a_school_feed_holds_only_that_schools_stories(site, files):
    for school in site.schools:
        expected = _expected(site, lambda story, school=school: school.id in story.school)
        for kind in ("feed.xml", "atom.xml"):
            assert _ids(_parsed(files, f"schools/{school.id}/{kind}")) == expected, (school.id, kind)
    assert SUMMER in _ids(_parsed(files, "schools/heles/feed.xml"))  # a joint story is in both schools' feeds
    assert SUMMER in _ids(_parsed(files, "schools/plymstock/feed.xml"))
    assert SUMMER not in _ids(_parsed(files, "schools/utc-plymouth/feed.xml"))


def test_a_tag_feed_holds_only_its_tag(site, files):
    for tag in site.settings.tags:
        assert _ids(_parsed(files, f"tags/{tag}/feed.xml")) == _expected(site, lambda story, tag=tag: tag in story.tags), tag


def test_held_and_draft_stories_are_in_no_feed(site, files):
    assert {held.story.id for held in site.held} == {"2026-11-21-draft-news", "2026-11-22-embargoed-news"}
    for path, data in files.items():
        for held in site.held:
            assert held.story.id.encode() not in data, (path, held.story.id)
            assert held.story.title.encode() not in data, (path, held.story.id)


def test_feeds_keep_the_latest_fifty(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    for n in range(FEED_SIZE + 10):
        day = date(2026, 11, 19) - timedelta(days=n)
        (content / "stories" / f"{day}-generated-{n:03d}.yaml").write_text(
            f"title: Generated {n}\ndate: {day}\nschool: heles\nsummary: S.\nbody: B.\ntags: [reading]\n", "utf-8")
    site = _load(content)
    files = render_feeds(site, _images(site))
    assert len(site.stories) > FEED_SIZE + 5
    for path, keep in (("feed.xml", lambda s: True), ("atom.xml", lambda s: True),
                       ("schools/heles/feed.xml", lambda s: "heles" in s.school),
                       ("tags/reading/feed.xml", lambda s: "reading" in s.tags)):
        ids = _ids(_parsed(files, path))
        assert len(ids) == FEED_SIZE and ids == _expected(site, keep), path
    assert len(json.loads(files["feed.json"])["items"]) == FEED_SIZE


# ---- dates: the story's own, in Europe/London; the feed's from its newest story

def test_item_dates_are_the_storys_in_uk_time(files):
    entries = {e.id: e for e in _parsed(files, "feed.xml").entries}
    summer = entries[f"{BASE}stories/{SUMMER}/"]
    assert summer.published == "Wed, 01 Jul 2026 09:30:00 +0100"  # publish_at, British Summer Time
    robot = entries[f"{BASE}stories/{ROBOT}/"]
    assert robot.published == "Fri, 20 Nov 2026 00:00:00 +0000"  # no publish_at: the start of its day, GMT
    atom = {e.id: e for e in _parsed(files, "atom.xml").entries}
    assert atom[f"{BASE}stories/{SUMMER}/"].published == "2026-07-01T09:30:00+01:00"
    assert atom[f"{BASE}stories/{SUMMER}/"].updated == "2026-07-01T09:30:00+01:00"


def test_last_build_date_comes_from_the_newest_story_not_the_clock(site, files):
    for path in _xml_feeds(files):
        parsed = _parsed(files, path)
        stamp = parsed.feed.updated
        if parsed.entries:
            assert stamp == parsed.entries[0].published, path
        else:  # an empty feed: the settings' fixed default, never the time of the build
            expected = site.settings.default_updated.astimezone(site.settings.zone)
            found = parsedate_to_datetime(stamp) if path.endswith("feed.xml") else datetime.fromisoformat(stamp)
            assert found == expected, path
    channel = lxml.etree.fromstring(files["feed.xml"]).find("channel")
    assert channel.findtext("lastBuildDate") == "Fri, 20 Nov 2026 00:00:00 +0000"


def test_the_same_content_gives_the_same_bytes_whatever_the_clock_or_order(content, site, files):
    later = _load(content, "2026-11-23T18:45")  # same live stories, a different clock
    assert render_feeds(later, _images(later)) == files
    shuffled = list(site.stories)
    random.Random(5).shuffle(shuffled)
    schools = list(reversed(site.schools))
    again = Published(site.settings, site.now, schools, list(reversed(site.events)), shuffled, site.held)
    assert render_feeds(again, _images(site)) == files
    assert render_feeds(site, _images(site)) == files


def test_feedgen_defaults_do_not_leak(files):
    for path, data in _xml_feeds(files).items():
        assert b"python-feedgen" not in data and b"lkiesow" not in data, path
        root = lxml.etree.fromstring(data)
        generator = root.find("channel/generator") if root.tag == "rss" else root.find("{http://www.w3.org/2005/Atom}generator")
        assert generator is not None and generator.text == GENERATOR and not generator.attrib.get("version")


# ---- links, GUIDs, images and content

def _absolute(url: str) -> bool:
    return url.startswith(BASE) or url.startswith("https://") or url.startswith("mailto:")


def test_every_item_link_guid_and_image_is_absolute(files):
    for path in _xml_feeds(files):
        parsed = _parsed(files, path)
        assert parsed.feed.link.startswith(BASE), path
        for entry in parsed.entries:
            assert entry.link.startswith(f"{BASE}stories/") and entry.link.endswith("/"), path
            assert entry.id == entry.link  # the GUID is the permanent URL, built from the story's file name
            for link in entry.get("links", []):
                assert link["href"].startswith(BASE), (path, link)
            for enclosure in entry.get("enclosures", []):
                assert enclosure["href"].startswith(f"{BASE}images/stories/"), path
            for value in entry.get("content", []):
                for _, _, link, _ in lxml.html.fragment_fromstring(value["value"], create_parent="div").iterlinks():
                    assert _absolute(link), (path, link)


def test_rss_guids_are_permalinks(files):
    channel = lxml.etree.fromstring(files["feed.xml"]).find("channel")
    for item in channel.iterfind("item"):
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "true" and guid.text == item.findtext("link")


def test_links_inside_story_bodies_are_made_absolute(files):
    entries = {e.id: e for e in _parsed(files, "feed.xml").entries}
    html = entries[f"{BASE}stories/{SUMMER}/"].content[0]["value"]
    links = [link for _, _, link, _ in lxml.html.fragment_fromstring(html, create_parent="div").iterlinks()]
    assert links == [f"{BASE}events/", f"{BASE}stories/2026-10-01-joint-concert/", f"{BASE}stories/{SUMMER}/#top",
                     "https://example.org/a?b=1&c=2", "mailto:office@example.org"]


def test_the_story_photo_is_an_enclosure_with_length_and_type(site, files):
    image = _images(site)[ROBOT]
    url = f"{BASE}{image.path}"
    rss = {e.id: e for e in _parsed(files, "feed.xml").entries}[f"{BASE}stories/{ROBOT}/"]
    assert rss.enclosures == [{"href": url, "length": str(image.length), "type": "image/png"}]
    atom = {e.id: e for e in _parsed(files, "atom.xml").entries}[f"{BASE}stories/{ROBOT}/"]
    links = {link["rel"]: link for link in atom.links}
    assert links["alternate"]["href"] == f"{BASE}stories/{ROBOT}/"
    assert links["enclosure"]["href"] == url and links["enclosure"]["length"] == str(image.length)
    assert len([link for link in atom.links if link["rel"] == "alternate"]) == 1  # Atom allows one per type


def test_unsafe_markup_stays_escaped(files):
    entries = {e.id: e for e in _parsed(files, "feed.xml").entries}
    story = entries[f"{BASE}stories/2026-11-10-online-safety/"]
    assert story.title == "Pupils learn <script>alert(1)</script> & online safety"  # text, escaped in the XML
    assert b"<script>" not in files["feed.xml"]
    assert "<script" not in story.content[0]["value"] and "javascript:" not in story.content[0]["value"]


def test_absolute_html_leaves_absolute_links_and_text_alone():
    base = f"{BASE}stories/x/"
    html = '<p>href="kept" <a href="y/">a</a> <a href="https://e.org/">b</a> <a href="mailto:a@b.c">c</a></p>'
    assert absolute_html(html, base) == (f'<p>href="kept" <a href="{base}y/">a</a> <a href="https://e.org/">b</a> '
                                         '<a href="mailto:a@b.c">c</a></p>')
    assert absolute_html("<p>no links</p>", base) == "<p>no links</p>"


# ---- JSON Feed 1.1

def test_json_feed_has_the_required_fields(site, files):
    feed = json.loads(files["feed.json"])
    assert feed["version"] == JSON_FEED_VERSION == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert feed["home_page_url"] == BASE and feed["feed_url"] == f"{BASE}feed.json"
    assert isinstance(feed["items"], list) and feed["items"]
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"] == item["url"] and item["url"].startswith(f"{BASE}stories/")
        assert item.get("content_html") or item.get("content_text")
        datetime.fromisoformat(item["date_published"])  # RFC 3339
        assert item["date_published"][-6] in "+-"  # with its offset
        if "image" in item:
            assert item["image"].startswith(f"{BASE}images/stories/")
        for author in item.get("authors", []):
            assert author["name"] and author["url"].startswith(f"{BASE}schools/")
        assert all(isinstance(tag, str) for tag in item.get("tags", []))
        for _, _, link, _ in lxml.html.fragment_fromstring(item["content_html"], create_parent="div").iterlinks():
            assert _absolute(link), link
    robot = next(item for item in feed["items"] if ROBOT in item["id"])
    assert robot["image"] == f"{BASE}images/stories/{ROBOT}.png" and robot["tags"] == ["Science", "Aspiration"]
    assert robot["date_published"] == "2026-11-20T00:00:00+00:00"


# ---- descriptors, autodiscovery and the subscribe page

def test_descriptors_and_subscribe_page_list_the_story_feeds(content, site):
    everything = render_all(site)
    descriptors = feed_descriptors(site)
    news = [d for d in descriptors if d.kind != "ical"]
    assert [d.path for d in news] == [f.path for f in story_feeds(site)]
    assert {d.kind for d in news} == {"rss", "atom", "json"}
    for descriptor in news:
        assert descriptor.path in everything and descriptor.title and descriptor.description
    subscribe = lxml.html.fromstring(everything["subscribe.md"].decode().split("---\n", 2)[-1])
    addresses = [code.text for code in subscribe.iter("code")]
    buttons = {button.get("data-copy") for button in subscribe.iter("button")}
    for descriptor in news:
        assert f"{BASE}{descriptor.path}" in addresses and f"{BASE}{descriptor.path}" in buttons
    assert "News feeds" in [h.text for h in subscribe.iter("h2")]
    assert all(button.get("type") == "button" and button.get("hidden") is not None for button in subscribe.iter("button"))
    assert not list(subscribe.iter("script"))


def test_feed_links_for_autodiscovery(site):
    plymstock = next(s for s in site.schools if s.id == "plymstock")
    links = feed_links(make_plan(site), [plymstock.id], tag="science")
    # Site paths: the theme's `url` filter makes them relative to each page (never the production host).
    assert [link["href"] for link in links] == ["feed.xml", "atom.xml", "feed.json",
                                                "schools/plymstock/feed.xml", "schools/plymstock/atom.xml",
                                                "tags/science/feed.xml"]
    assert [link["type"] for link in links[:3]] == ["application/rss+xml", "application/atom+xml", "application/feed+json"]
    assert all(link["title"] for link in links)
    assert len(feed_links(make_plan(site))) == 3


def test_a_story_is_the_same_item_in_every_feed_it_is_in(files):
    """Each story's <item> and <entry> are built once and copied into every feed (_OnceEntry):
    the copies must serialise alike, and the Atom links keep their rel, type and length in each."""
    url = f"{BASE}stories/{ROBOT}/"
    for kind, tag in (("rss", "item"), ("atom", "{http://www.w3.org/2005/Atom}entry")):
        found = []
        for data in _xml_feeds(files).values():
            root = lxml.etree.fromstring(data)
            if (root.tag == "rss") != (kind == "rss"):
                continue
            for element in root.iter(tag):
                if any(child.text == url for child in element if child.tag.endswith(("guid", "id"))):
                    found.append(lxml.etree.tostring(element, with_tail=False))
        assert len(found) >= 2, (kind, len(found))  # the site's and its school's feeds at least
        assert len(set(found)) == 1, kind
        if kind == "atom":
            assert b'rel="enclosure"' in found[0] and b'rel="alternate" type="text/html"' in found[0]
