"""Subscribe in context and stories worth browsing (issue 11, points 6 and 7): the blocks of
generator/render/follow.py, browse.py and the /subscribe/ page, parsed back from the rendered pages.

The fixture content is tests/data/site, `now` frozen at 2026-11-23 12:00.
"""
from __future__ import annotations

import lxml.html
import pytest
from conftest import NOW, REPO, published

from generator import routes
from generator.plan import StoryImage, make_plan
from generator.publish import Published
from generator.render.follow import feed_anchor, find_feeds
from generator.render.pages import render_pages
from generator.routes import docs_path

SITE = REPO / "tests" / "data" / "site"
ROBOT = "2026-11-20-robotics-final"
HOST = "news.plymouthschools.org.uk"
IMAGES = {ROBOT: StoryImage(f"images/stories/{ROBOT}.png", 1600, 1000,
                            ((routes.sized_photo(ROBOT, 400), 400), (routes.sized_photo(ROBOT, 800), 800)))}


@pytest.fixture(scope="module")
def site() -> Published:
    return published(SITE, NOW)


@pytest.fixture(scope="module")
def pages(site) -> dict[str, str]:
    return render_pages(make_plan(site), IMAGES)


def tree(text: str):
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return lxml.html.fragment_fromstring(body, create_parent="div")


def page_at(pages, url: str):
    return tree(pages[docs_path(url)])


def hrefs(node) -> list[str]:
    return [a.get("href") for a in node.iter("a")]


def section(page, heading_id: str):
    found = page.xpath(f'//section[@aria-labelledby="{heading_id}"]')
    assert len(found) == 1, heading_id
    return found[0]


# ---- subscribe in context

def test_a_school_page_offers_its_own_calendar_and_news_feeds(pages):
    block = section(page_at(pages, routes.school("plymstock")), "follow-school")
    links = hrefs(block)
    assert f"webcal://{HOST}/schools/plymstock/calendar.ics" in links
    assert f"https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F{HOST}%2Fschools%2Fplymstock%2Fcalendar.ics" in links
    assert any(link.startswith("https://outlook.live.com/calendar/0/addfromweb?url=") for link in links)
    assert any(link.startswith("https://outlook.office.com/calendar/0/addfromweb?url=") for link in links)
    assert "feed.xml" in links and "atom.xml" in links  # beside the page: schools/plymstock/feed.xml
    button = block.find(".//button")
    assert button.get("data-copy") == f"https://{HOST}/schools/plymstock/calendar.ics" and button.get("hidden") is not None
    assert "../../subscribe/#app-android" in links  # the Android line
    assert "../../subscribe/#feed-schools-plymstock-calendar-ics" in links
    jump = page_at(pages, routes.school("plymstock")).find_class("follow-jump")  # near the top, down to the block
    assert hrefs(jump[0]) == ["#follow-school"]


def test_every_category_page_offers_its_calendar_and_links_to_its_place_on_subscribe(pages, site):
    for category in site.settings.categories:
        page = page_at(pages, routes.events_category(category))
        block = section(page, "follow-calendar")
        assert f"webcal://{HOST}/calendar/{category}.ics" in hrefs(block)
        intro = page.find_class("intro")[0]
        assert f"../../../subscribe/#feed-calendar-{category}-ics" in hrefs(intro)  # not the top of /subscribe/
    results = page_at(pages, routes.events_category("results"))
    assert "Results" in section(results, "follow-calendar").text_content()


def test_the_key_dates_page_offers_the_calendar_of_every_date(pages):
    block = section(page_at(pages, routes.EVENTS), "follow-calendar")
    assert f"webcal://{HOST}/calendar.ics" in hrefs(block)


def test_every_tag_page_offers_its_news_feed(pages, site):
    plan = make_plan(site)
    used = [tag for tag in site.settings.tags if plan.stories_by_tag.get(tag)]
    assert used
    for tag in used:
        block = section(page_at(pages, routes.tag(tag)), "follow-tag")
        assert hrefs(block)[0] == "feed.xml"  # tags/<tag>/feed.xml, beside the page


def test_a_tentative_date_leads_with_subscribe_before_the_one_off_download(pages):
    page = page_at(pages, routes.event("british-science-week-2027"))
    sections = [s.get("aria-labelledby") for s in page.iter("section")]
    assert sections.index("get-changes") < sections.index("add-to-calendar")
    changes = section(page, "get-changes")
    assert f"webcal://{HOST}/calendar/science.ics" in hrefs(changes)
    assert "may still change" in changes.text_content()
    confirmed = page_at(pages, routes.event("gcse-results-2027"))
    assert "get-changes" not in [s.get("aria-labelledby") for s in confirmed.iter("section")]


def test_feed_anchors_are_unique_and_found_on_subscribe(site, pages):
    plan = make_plan(site)
    anchors = [feed_anchor(feed) for feed in plan.feeds]
    assert len(anchors) == len(set(anchors))
    page = page_at(pages, routes.SUBSCRIBE)
    ids = {node.get("id") for node in page.iter() if node.get("id")}
    assert set(anchors) <= ids
    assert find_feeds(plan, "category", "results", calendars=True)[0].path == routes.category_calendar("results")


# ---- /subscribe/

def test_subscribe_opens_with_a_chooser_and_contents_whose_links_all_land(pages):
    page = page_at(pages, routes.SUBSCRIBE)
    first = [node for node in page if node.tag != "p"][:3]
    assert [node.get("class") for node in first] == [None, "subscribe-chooser", "subscribe-contents"]  # h1, chooser, contents
    chooser = page.find_class("subscribe-chooser")[0]
    assert [h.text for h in chooser.iter("h3")] == ["1. Which dates?", "2. Which app?"]
    ids = {node.get("id") for node in page.iter() if node.get("id")}
    local = [href for href in hrefs(page) if href.startswith("#")]
    assert local and all(href[1:] in ids for href in local)
    assert not list(page.iter("script"))


def test_subscribe_headings_are_unique_and_long_groups_collapse(pages, site):
    page = page_at(pages, routes.SUBSCRIBE)
    headings = [h.text_content() for h in page.iter("h1", "h2", "h3")]
    assert len(headings) == len(set(headings)), headings
    groups = {d.get("id"): d for d in page.iter("details")}
    assert set(groups) == {"calendars-by-kind", "calendars-by-school", "news-by-school", "news-by-tag"}
    assert all(d.get("open") is None for d in groups.values())
    summaries = [d.find("summary").text_content() for d in groups.values()]
    assert len(summaries) == len(set(summaries))
    # The calendar of every date and the site's own feeds stay outside the collapsed groups.
    for feed in find_feeds(make_plan(site), "all"):
        assert not list(page.get_element_by_id(feed_anchor(feed)).iterancestors("details")), feed.path


def test_subscribe_has_a_line_for_android_users(pages):
    page = page_at(pages, routes.SUBSCRIBE)
    android = page.get_element_by_id("app-android")
    words = android.getnext().text_content()
    assert "cannot add a calendar from an address" in words and "calendar.google.com" in words
    assert "From URL" in words


# ---- stories worth browsing

def test_the_stories_list_shows_photo_summary_school_and_date(pages, site):
    page = page_at(pages, routes.STORIES)
    rows = page.find_class("story-row")
    assert len(rows) == len(site.stories)
    robot = next(row for row in rows if ROBOT in row.find(".//a").get("href"))
    image = robot.find(".//img")
    assert image.get("src") == f"../images/stories/w400/{ROBOT}.jpg"  # the smallest copy
    assert (image.get("width"), image.get("height")) == ("400", "250")
    assert image.get("loading") == "lazy" and image.get("alt")
    assert robot.find_class("story-row-summary")[0].text_content()
    meta = robot.find_class("story-row-meta")[0].text_content()
    assert "Plymstock School" in meta and "2026" in meta
    without = [row for row in rows if row is not robot]
    assert all(row.find(".//img") is None for row in without)


def test_the_stories_list_links_to_browse_by_school_and_tag(pages, site):
    page = page_at(pages, routes.STORIES)
    browse = page.find_class("browse-nav")[0]
    links = hrefs(browse)
    assert {f"../schools/{school.id}/" for school in site.schools} <= set(links)
    assert "../tags/science/" in links and "../tags/results/" not in links  # only tags in use
    assert len(links) == len(site.schools) + len({t for s in site.stories for t in s.tags})


def test_story_pages_link_newer_and_older_stories(pages, site):
    order = [story.id for story in site.stories]  # newest first
    assert len(order) >= 3

    def pager(story_id):
        nav = page_at(pages, routes.story(story_id)).find_class("story-pager")
        return {a.get("rel"): a.get("href") for a in nav[0].iter("a")} if nav else {}

    assert pager(order[0]) == {"next": f"../{order[1]}/"}
    assert pager(order[1]) == {"prev": f"../{order[0]}/", "next": f"../{order[2]}/"}
    assert pager(order[-1]) == {"prev": f"../{order[-2]}/"}


def test_a_school_without_stories_shows_key_dates_first_and_how_to_send_a_story(site):
    lonely = site.schools[0].model_copy(update={"id": "lonely", "name": "Lonely School", "trust": None})
    plan = make_plan(Published(site.settings, site.now, [*site.schools, lonely], site.events, site.stories))
    page = page_at(render_pages(plan, IMAGES), routes.school("lonely"))
    headings = [h.text for h in page.iter("h2")]
    assert headings.index("Key dates") < headings.index("Latest stories")
    assert page.find_class("key-dates")  # the dates for every school
    assert "../../submit/" in hrefs(page.find_class("no-stories")[0])
    assert section(page, "follow-school") is not None


def test_a_school_with_stories_keeps_them_first(pages):
    headings = [h.text for h in page_at(pages, routes.school("plymstock")).iter("h2")]
    assert headings.index("Latest stories") < headings.index("Key dates")
