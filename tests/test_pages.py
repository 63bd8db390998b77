"""Generated pages: parsed back and checked item by item, then built for real with MkDocs.

The fixture content set is tests/data/site (three schools, events of every shape, a few stories,
one held by embargo and one draft); larger sets are generated under tmp_path. `now` is frozen at
2026-11-23 12:00, a Monday.
"""
from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
import yaml
from browser_support import copy_project
from conftest import NOW, REPO, published

from generator.dates import when_text
from generator.plan import Feed, StoryImage, make_plan
from generator.publish import Published
from generator.render.pages import render_pages as render_plan_pages
from generator.render.parts import HOME_EVENTS, HOME_STORIES, PAGE_SIZE, SCHOOL_STORIES
from generator.render.planner import render_planner
from generator.routes import docs_path

SITE = REPO / "tests" / "data" / "site"
CONFIG = REPO / "mkdocs.yml"
ROBOT = "2026-11-20-robotics-final"
SCRIPT_STORY = "2026-11-10-online-safety"
SCRIPT_TITLE = "Pupils learn <script>alert(1)</script> & online safety"
IMAGES = {ROBOT: StoryImage(f"images/stories/{ROBOT}.png", 120, 80)}


def render_pages(site: Published, images, feeds=()) -> dict[str, str]:
    """The pages of a published set (the subscribe page listing `feeds`: none unless given)."""
    return render_plan_pages(make_plan(site), images, list(feeds))


def load(content: Path) -> Published:
    return published(content, NOW, config=CONFIG)


def generate(tmp_path: Path, count: int, every_days: int = 9, school: str = "plymstock", tag: str = "reading") -> Path:
    """The fixture plus `count` generated stories, one every `every_days` days back from 19 November 2026."""
    content = tmp_path / f"content-{count}"
    shutil.copytree(SITE, content)
    for n in range(count):
        day = date(2026, 11, 19) - timedelta(days=n * every_days)
        (content / "stories" / f"{day}-generated-{n:04d}.yaml").write_text(
            f"title: Generated story number {n:04d}\ndate: {day}\nschool: {school}\n"
            f"summary: A generated story for the tests.\nbody: Generated.\ntags: [{tag}]\n", "utf-8")
    return content


@pytest.fixture(scope="module")
def site() -> Published:
    return load(SITE)


@pytest.fixture(scope="module")
def pages(site) -> dict[str, str]:
    return render_pages(site, IMAGES)


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def meta_of(text: str) -> dict:
    return yaml.safe_load(text.split("\n---\n", 1)[0][4:]) if text.startswith("---\n") else {}


def tree(text: str):
    return lxml.html.fragment_fromstring(body_of(text), create_parent="div")


def url_of(path: str) -> str:
    """The inverse of docs_path: 'stories/x.md' → 'stories/x/'."""
    if path == "index.md":
        return ""
    return path[: -len("index.md")] if path.endswith("/index.md") else path[:-3] + "/"


def resolve(path: str, href: str) -> str:
    """The site path a relative link on the page at docs `path` points to (fragment kept)."""
    base = "https://example.org/"
    target = urljoin(base + url_of(path), href)
    assert target.startswith(base), f"{path}: {href} leaves the site"
    return target[len(base):]


def links(text: str) -> list[tuple[str, str]]:
    """(href, text) of every link in a page."""
    return [(a.get("href"), a.text_content().strip()) for a in tree(text).iter("a")]


def story_ids(text: str) -> list[str]:
    """Ids of the stories a page links to, in order (a story id starts with its date)."""
    found = [re.search(r"(?:^|/)(\d{4}-\d{2}-\d{2}-[a-z0-9-]+)/$", href or "") for href, _ in links(text)]
    return [match.group(1) for match in found if match]


# ---------------------------------------------------------------------------- the whole set

def test_every_page_at_its_design_url(pages, site):
    expected = {"index.md", "stories/index.md", "schools/index.md", "events/index.md", "events/calendar.md",
                "tags/index.md", "subscribe.md"}
    expected |= {f"stories/{s.id}.md" for s in site.stories}
    expected |= {f"schools/{s.id}.md" for s in site.schools}
    expected |= {f"events/{e.id}.md" for e in site.events}
    expected |= {f"tags/{tag}.md" for s in site.stories for tag in s.tags}
    assert expected <= set(pages)
    assert "stories/2026.md" in pages and "stories/2025.md" in pages


def test_held_stories_appear_nowhere(pages):
    for text in pages.values():
        assert "embargoed" not in text.lower() and "draft-news" not in text
    assert "stories/2026-11-22-embargoed-news.md" not in pages


def test_every_link_resolves(site):
    pages = render_plan_pages(make_plan(site), IMAGES)  # the subscribe page listing every feed, as a build does
    images = {image.path for image in IMAGES.values()} | {card.path for card in make_plan(site).cards}
    images |= {feed.path for feed in make_plan(site).feeds}  # calendars and feeds offered in context
    images |= set(render_planner(make_plan(site)))  # the planner's calendar and feed, linked from /subscribe/
    # The staff panel links the planner, which its own renderer writes; hand-written pages (/submit/) are in docs/.
    planner = {path for path in render_planner(make_plan(site)) if path.endswith(".md")}
    planner |= {path.name for path in (REPO / "docs").glob("*.md")}
    for path, text in pages.items():
        for href, words in links(text):
            assert words, f"{path}: a link without text"
            if href is None or href.startswith(("https://", "mailto:", "webcal://")):
                continue
            target = resolve(path, href)
            place, _, fragment = target.partition("#")
            if place in images:
                continue
            if place.endswith("/") or place == "":
                assert docs_path(place) in pages or docs_path(place) in planner, f"{path}: {href} → /{place} is not a page"
                if fragment:
                    assert f'id="{fragment}"' in pages[docs_path(place)], f"{path}: no #{fragment}"
            elif place.endswith(".ics"):  # single-event downloads come from the calendar renderer
                assert place.startswith("events/") and f"{place[:-4]}/" in {p[:-3] + "/" for p in pages}, href
            else:
                assert place in images, f"{path}: {href} → /{place} is not generated"


class _Checker(HTMLParser):
    VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.problems = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def test_pages_are_balanced_html_with_one_h1_and_headings_in_order(pages):
    for path, text in pages.items():
        checker = _Checker()
        checker.feed(body_of(text))
        assert not checker.problems and not checker.stack, (path, checker.problems, checker.stack)
        levels = [int(h.tag[1]) for h in tree(text).iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels.count(1) == 1 and levels[0] == 1, path
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)


def test_pages_are_html_blocks_markdown_leaves_alone(pages):
    """Each block starts with a block-level tag; blank lines occur only between blocks or in <pre>."""
    for path, text in pages.items():
        outside_pre = re.sub(r"<pre>.*?</pre>", "<pre></pre>", body_of(text), flags=re.S)
        for block in outside_pre.strip().split("\n\n"):
            assert re.match(r"<(h[1-6]|p|div|ul|nav|section|figure|dl|details)[ >]", block), (path, block[:80])


def test_titles_and_descriptions_in_front_matter(pages, site):
    story = next(s for s in site.stories if s.id == ROBOT)
    meta = meta_of(pages[f"stories/{ROBOT}.md"])
    assert (meta["title"], meta["description"]) == (story.title, story.summary)
    assert {"og", "feeds", "jsonld"} <= set(meta)  # read by overrides/main.html's extrahead block
    assert meta_of(pages["events/index.md"])["title"] == "Key dates"
    assert "title" not in meta_of(pages["index.md"])  # Material then titles the home page with the site name


@pytest.mark.parametrize("page_url, target, href", [
    ("", "stories/", "stories/"), ("", "", "./"), ("stories/x/", "", "../../"),
    ("stories/x/", "schools/a/", "../../schools/a/"), ("events/calendar/", "events/x/", "../x/"),
    ("stories/page/2/", "stories/", "../../"), ("schools/a/", "schools/a/stories/", "stories/"),
    ("stories/a/", "images/stories/a.jpg", "../../images/stories/a.jpg"), ("subscribe/", "calendar.ics", "../calendar.ics"),
])
def test_relative_links(page_url, target, href):
    from generator.routes import Here
    assert Here(page_url).to(target) == href
    assert urljoin("https://example.org/" + page_url, href) == "https://example.org/" + target


def test_rendering_is_deterministic(site, pages):
    assert render_pages(site, IMAGES) == pages


# ---------------------------------------------------------------------------- escaping

def test_values_are_escaped_exactly_once(pages):
    text = pages[f"stories/{SCRIPT_STORY}.md"]
    assert tree(text).find(".//h1").text_content() == SCRIPT_TITLE
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; online" in text
    # Material prints meta values raw, so they are escaped in the front matter (once).
    assert meta_of(text)["title"] == "Pupils learn &lt;script&gt;alert(1)&lt;/script&gt; &amp; online safety"
    assert meta_of(text)["description"] == "A &quot;safer internet&quot; assembly &lt;b&gt;for&lt;/b&gt; Year 7."
    event = pages["events/open-evening-2027.md"]
    assert tree(event).find(".//h1").text_content() == "Open evening <script>alert(1)</script>"
    assert "Hele&#x27;s School" in pages["schools/heles.md"]


def test_no_raw_script_or_handlers_anywhere(pages):
    for path, text in pages.items():
        lowered = body_of(text).lower()
        assert "<script" not in lowered and "javascript:" not in lowered and "onclick" not in lowered, path


def test_markdown_bodies_are_sanitised(pages):
    body = tree(pages[f"stories/{SCRIPT_STORY}.md"]).find_class("story-body")[0]
    assert "code block\n\nwith a blank line" in body.find(".//pre").text_content()
    assert all(not a.attrib for a in body.iter("a"))  # href and handlers gone, and no stray rel
    description = tree(pages["events/careers-evening-2027.md"]).find_class("event-description")[0]
    assert description.find(".//strong").text == "Free"


# ---------------------------------------------------------------------------- home

def test_home_shows_latest_stories_newest_first(tmp_path):
    site = load(generate(tmp_path, 30))
    home = tree(render_pages(site, IMAGES)["index.md"])
    cards = home.find_class("story-card")
    assert len(cards) == HOME_STORIES
    assert story_ids(lxml.html.tostring(home, encoding="unicode"))[:HOME_STORIES] == [s.id for s in site.stories[:HOME_STORIES]]


def test_home_cards_and_key_dates(pages, site):
    home = tree(pages["index.md"])
    robot = home.find_class("story-card")[0]
    assert robot.find(".//h3/a").get("href") == f"stories/{ROBOT}/"
    image = robot.find(".//img")
    assert (image.get("alt"), image.get("src"), image.get("width")) == (
        "A small tracked robot beside a yellow ramp", f"images/stories/{ROBOT}.png", "120")
    assert "Plymstock School" in robot.text_content() and "Friday 20 November 2026" in robot.text_content()
    assert robot.find(".//time").get("datetime") == "2026-11-20"
    assert "Four Year 9 pupils" in robot.find_class("story-card-summary")[0].text
    panel = home.find_class("next-dates")[0]
    lead = panel.find_class("next-date")[0].find(".//a").get("href")
    dates = [a.get("href") for a in panel.find_class("key-dates")[0].iter("a")]
    assert 1 + len(dates) <= HOME_EVENTS
    assert [lead, *dates[:1]] == ["events/winter-exhibition-2026/", "events/mock-exams-plymstock-2026/"]
    order = [e for e in home.iter() if e is panel or "story-card" in e.get("class", "")]
    assert order[0] is panel  # the next key dates come before any story
    assert "subscribe/" in [a.get("href") for a in home.iter("a")]


def test_no_page_grows_with_the_number_of_stories(tmp_path):
    small = render_pages(load(generate(tmp_path, 30, every_days=1)), IMAGES)
    large = render_pages(load(generate(tmp_path, 300, every_days=1)), IMAGES)
    assert len(large["index.md"]) == len(small["index.md"])
    for path in small:
        if "/page/" not in path:  # a later page of a list may be short in the small set
            assert len(large[path]) <= len(small[path]) * 1.1 + 200, path
    # Paginated lists are bounded by the page size instead.
    assert max(len(text) for path, text in large.items() if not path.startswith("events/")) < 20_000


# ---------------------------------------------------------------------------- stories

def test_story_page_links_its_schools_tags_and_image(pages):
    text = pages["stories/2026-10-01-joint-concert.md"]
    page = tree(text)
    meta = page.find_class("story-meta")[0]
    assert [(a.get("href"), a.text) for a in meta.iter("a")] == [
        ("../../schools/heles/", "Hele's School"), ("../../schools/utc-plymouth/", "UTC Plymouth")]
    assert meta.find(".//time").get("datetime") == "2026-10-01"
    tags = [(a.get("href"), a.text) for a in page.find_class("tag-list")[0].iter("a")]
    assert tags == [("../../tags/music/", "Music"), ("../../tags/arts/", "Arts")]
    image = tree(pages[f"stories/{ROBOT}.md"]).find(".//img")
    assert image.get("alt") == "A small tracked robot beside a yellow ramp"
    assert resolve(f"stories/{ROBOT}.md", image.get("src")) == f"images/stories/{ROBOT}.png"


def test_more_from_the_same_school(pages):
    page = tree(pages[f"stories/{SCRIPT_STORY}.md"])
    section = page.find_class("more-from")[0]
    assert section.find("h2").text_content() == "More from Hele's School"
    assert story_ids(lxml.html.tostring(section, encoding="unicode")) == ["2026-10-01-joint-concert"]
    # One section per school that has other stories: UTC Plymouth has no other story.
    joint = tree(pages["stories/2026-10-01-joint-concert.md"]).find_class("more-from")
    assert [section.find("h2").text_content() for section in joint] == ["More from Hele's School"]


def test_archive_is_paginated_newest_first_with_nothing_lost(tmp_path):
    site = load(generate(tmp_path, 45, every_days=9))
    pages = render_pages(site, IMAGES)
    count = -(-len(site.stories) // PAGE_SIZE)
    urls = ["stories/"] + [f"stories/page/{n}/" for n in range(2, count + 1)]
    assert f"stories/page/{count + 1}.md" not in pages
    seen = []
    for number, url in enumerate(urls, 1):
        text = pages[docs_path(url)]
        page = tree(text)
        ids = story_ids(lxml.html.tostring(page.find_class("story-rows")[0].getparent(), encoding="unicode"))
        ids = [i for i in ids if i in {s.id for s in site.stories}]
        assert len(ids) == (PAGE_SIZE if number < count else len(site.stories) - PAGE_SIZE * (count - 1))
        seen += ids
        nav = page.find_class("pagination")[0]
        prev = [resolve(docs_path(url), a.get("href")) for a in nav.iter("a") if a.get("rel") == "prev"]
        after = [resolve(docs_path(url), a.get("href")) for a in nav.iter("a") if a.get("rel") == "next"]
        assert prev == ([urls[number - 2]] if number > 1 else [])
        assert after == ([urls[number]] if number < count else [])
        assert f"Page {number} of {count}" in nav.text_content()
        years = [h.text for h in page.iter("h2")]
        assert years == sorted(set(years), reverse=True) and all(re.fullmatch(r"\d{4}", y) for y in years)
    assert seen == [s.id for s in site.stories]  # newest first, none lost, none twice
    assert meta_of(pages["stories/page/2.md"])["title"] == f"Stories, page 2 of {count}"


def test_year_pages_hold_only_their_year(tmp_path):
    site = load(generate(tmp_path, 45, every_days=9))
    pages = render_pages(site, IMAGES)
    for year in (2025, 2026):
        ids = []
        number = 1
        while (path := docs_path(f"stories/{year}/" if number == 1 else f"stories/{year}/page/{number}/")) in pages:
            ids += [i for i in story_ids(pages[path]) if i[:4].isdigit()]
            number += 1
        assert ids == [s.id for s in site.stories if s.date.year == year]


def test_tag_pages_are_paginated(tmp_path):
    site = load(generate(tmp_path, 25, tag="reading"))
    pages = render_pages(site, IMAGES)
    first, second = tree(pages["tags/reading.md"]), tree(pages["tags/reading/page/2.md"])
    assert first.find(".//h1").text == "Stories tagged Reading"
    assert len(first.find_class("story-row")) == PAGE_SIZE and len(second.find_class("story-row")) == 5
    index = tree(pages["tags/index.md"])
    assert "tags/reading/" in [resolve("tags/index.md", a.get("href")) for a in index.iter("a")]
    assert "(25 stories)" in index.text_content()


def test_tags_without_stories_have_no_page(pages):
    assert "tags/results.md" not in pages


# ---------------------------------------------------------------------------- schools

def test_school_page_has_its_stories_and_the_key_dates_that_include_it(pages):
    page = tree(pages["schools/plymstock.md"])
    assert page.find(".//h1").text == "Plymstock School"
    facts = page.find_class("school-facts")[0]
    assert "Westcountry Schools Trust (WeST)" in facts.text_content()
    assert facts.find(".//a").get("href") == "https://plymstockschool.org.uk"
    assert story_ids(pages["schools/plymstock.md"]) == [ROBOT, "2025-06-15-sports-festival"]
    lists = page.find_class("key-dates")
    upcoming = [a.get("href").split("/")[-2] for a in lists[0].iter("a")]
    past = [a.get("href").split("/")[-2] for a in lists[1].iter("a")]
    assert upcoming == ["mock-exams-plymstock-2026", "british-science-week-2027", "sports-day-plymstock-2027",
                        "gcse-results-2027"]
    assert past == ["autumn-half-term-2026"]
    heles = [a.get("href").split("/")[-2] for a in tree(pages["schools/heles.md"]).find_class("key-dates")[0].iter("a")]
    assert "careers-evening-2027" in heles and "mock-exams-plymstock-2026" not in heles


def test_school_story_list_is_bounded_and_paginated(tmp_path):
    site = load(generate(tmp_path, 30, school="heles"))
    pages = render_pages(site, IMAGES)
    page = tree(pages["schools/heles.md"])
    assert len(page.find_class("story-card")) == SCHOOL_STORIES
    onward = [a for a in page.iter("a") if ":" not in a.get("href")
              and resolve("schools/heles.md", a.get("href")) == "schools/heles/stories/"]
    assert onward and onward[0].text == "All 32 stories from Hele's School"
    assert len(tree(pages["schools/heles/stories.md"]).find_class("story-row")) == PAGE_SIZE
    assert len(tree(pages["schools/heles/stories/page/2.md"]).find_class("story-row")) == 12


def test_schools_index_links_every_school(pages, site):
    hrefs = [a.get("href") for a in tree(pages["schools/index.md"]).iter("a")]
    assert hrefs == [f"{s.id}/" for s in site.schools]


# ---------------------------------------------------------------------------- key dates

def _sections(text: str) -> list[tuple[str, str, list[str]]]:
    """(h2, h3, event ids) for each list on a key-dates page."""
    found, h2 = [], None
    for element in tree(text).iter("h2", "h3", "ul"):
        if element.tag == "h2":
            h2 = element.text
        elif element.tag == "h3":
            h3 = element.text
        elif "key-dates" in element.get("class", ""):
            found.append((h2, h3, [a.get("href").split("/")[-2] for a in element.iter("a")]))
    return found


def test_key_dates_upcoming_by_month_then_past(pages):
    assert _sections(pages["events/index.md"]) == [
        ("Coming up", "Happening now", ["winter-exhibition-2026"]),
        ("Coming up", "November 2026", ["mock-exams-plymstock-2026"]),
        ("Coming up", "January 2027", ["careers-evening-2027"]),
        ("Coming up", "February 2027", ["open-evening-2027"]),
        ("Coming up", "March 2027", ["british-science-week-2027"]),
        ("Coming up", "June 2027", ["sports-day-plymstock-2027"]),
        ("Coming up", "August 2027", ["gcse-results-2027"]),
        ("Recent key dates", "October 2026", ["autumn-half-term-2026"]),
    ]


def test_key_date_entries_say_when_category_and_status(pages):
    entries = {e.find(".//a").get("href").split("/")[-2]: e for e in tree(pages["events/index.md"]).find_class("key-date")}
    science = entries["british-science-week-2027"]
    assert science.find_class("key-date-when")[0].text_content() == "Friday 5 March to Sunday 14 March 2027"
    assert science.find_class("key-date-category")[0].text == "Science"
    assert science.find_class("status-badge")[0].text == "Date to be confirmed"
    assert entries["sports-day-plymstock-2027"].find_class("status-badge")[0].text == "Cancelled"
    assert not entries["gcse-results-2027"].find_class("status-badge")


@pytest.mark.parametrize("kind, value", [("category", "community"), ("category", "exams"), ("category", "term"),
                                         ("audience", "parents"), ("audience", "community")])
def test_filter_pages_hold_only_matching_events(pages, site, kind, value):
    text = pages[f"events/{kind}/{value}.md"]
    listed = {i for _, _, ids in _sections(text) for i in ids}
    events = {e.id: e for e in site.events}
    for event_id in listed:
        event = events[event_id]
        assert (event.category == value) if kind == "category" else (value in event.audience)
    expected = {e.id for e in site.events
                if ((e.category == value) if kind == "category" else (value in e.audience))}
    assert listed == expected
    current = [a for a in tree(text).iter("a") if a.get("aria-current") == "page"]
    assert len(current) == 1 and resolve(f"events/{kind}/{value}.md", current[0].get("href")) == f"events/{kind}/{value}/"
    if not listed:
        assert "No key dates coming up." in text


def test_filter_links_from_the_key_dates_page(pages, site):
    hrefs = {resolve("events/index.md", a.get("href"))
             for a in tree(pages["events/index.md"]).find_class("key-date-filters")[0].iter("a")}
    assert {f"events/category/{c}/" for c in site.settings.categories} <= hrefs
    assert {f"events/audience/{a}/" for a in site.settings.audiences} <= hrefs


# ---------------------------------------------------------------------------- month view

def _days(text: str) -> dict[int, object]:
    """Every day of a month page, by its day of the month."""
    return {int(li.find_class("day-number")[0].text): li for li in tree(text).find_class("day")}


def _bars(text: str) -> list[tuple[int, str, dict[str, str]]]:
    """(week row number, event id, --from/--span/--lane) of every bar on a month page."""
    found = []
    for number, week in enumerate(tree(text).find_class("week")):
        for bar in week.find_class("bar"):
            style = dict(part.strip().split(": ") for part in bar.get("style").split(";"))
            found.append((number, bar.find("a").get("href").split("/")[-2], style))
    return found


def test_a_page_per_month_from_the_earliest_listed_to_the_latest_upcoming_date(pages, site):
    plan = make_plan(site)
    assert plan.months[0] == (2026, 10) and plan.months[-1] == (2027, 8)  # autumn half term .. GCSE results
    assert {f"events/calendar/{y}-{m:02d}.md" for y, m in plan.months} <= set(pages)
    assert "events/calendar/2026-09.md" not in pages and "events/calendar/2027-09.md" not in pages
    # This month is also at the calendar's own address, so old links keep working.
    assert tree(pages["events/calendar.md"]).find(".//h1").text == "Key dates in November 2026"
    assert tree(pages["events/calendar/2026-11.md"]).find(".//h1").text == "Key dates in November 2026"


def test_previous_and_next_month_links(pages):
    def nav(path: str) -> dict[str, str]:
        found = tree(pages[path]).find_class("month-nav")[0]
        return {a.get("rel") or a.text_content(): resolve(path, a.get("href")) for a in found.iter("a")}

    assert nav("events/calendar/2026-12.md") == {"prev": "events/calendar/2026-11/", "next": "events/calendar/2027-01/",
                                                 "This month": "events/calendar/"}
    assert nav("events/calendar.md") == {"prev": "events/calendar/2026-10/", "next": "events/calendar/2026-12/"}
    assert set(nav("events/calendar/2026-10.md")) == {"next", "This month"}  # the first month
    assert set(nav("events/calendar/2027-08.md")) == {"prev", "This month"}  # the last month


def test_today_is_marked_on_this_month_only(pages):
    days = _days(pages["events/calendar/2026-11.md"])
    assert len(days) == 30
    today = days[23]
    assert today.get("aria-current") == "date" and "today" in today.get("class").split()
    assert today.find_class("today-mark")[0].text == "Today"
    assert today.find_class("day-name")[0].text == "Monday 23 November"
    assert [d for d in days.values() if d.get("aria-current")] == [today]
    for path in ("events/calendar/2026-12.md", "events/calendar/2026-10.md"):
        assert 'aria-current="date"' not in pages[path] and "today-mark" not in pages[path]


def test_a_longer_date_is_one_bar_per_week_row_weekends_included(pages):
    march = pages["events/calendar/2027-03.md"]
    # British Science Week, Friday 5 to Sunday 14 March 2027: Friday to Sunday, then a whole week.
    assert [(row, style["--from"], style["--span"]) for row, event, style in _bars(march)
            if event == "british-science-week-2027"] == [(0, "5", "3"), (1, "1", "7")]
    assert not any(a.get("href").endswith("british-science-week-2027/")
                   for day in _days(march).values() for a in day.iter("a"))
    bar = tree(march).find_class("bar")[0]
    assert bar.find_class("bar-when")[0].text == "Friday 5 March to Sunday 14 March 2027"
    assert "TBC" in bar.text_content() and "date to be confirmed" in bar.text_content()


def test_a_bar_across_two_months_is_clipped_to_each(pages):
    november, december = pages["events/calendar/2026-11.md"], pages["events/calendar/2026-12.md"]
    assert [(row, style["--from"], style["--span"]) for row, event, style in _bars(november)
            if event == "mock-exams-plymstock-2026"] == [(5, "1", "1")]
    assert [(row, style["--from"], style["--span"]) for row, event, style in _bars(december)
            if event == "mock-exams-plymstock-2026"] == [(0, "2", "6"), (1, "1", "5")]
    first, second = [b for b in tree(december).find_class("bar") if "mock-exams" in b.find("a").get("href")]
    assert first.get("class").split() == ["bar", "status-tentative", "continues-before", "continues-after"]
    assert second.get("class").split() == ["bar", "status-tentative", "continues-before"]
    assert "Plymstock School" in first.find_class("event-schools")[0].text  # a school's own date says whose


def test_bars_that_overlap_take_separate_lanes():
    from generator.render.calendar_grid import _lanes

    d = date(2027, 3, 1)
    spans = [(d, d + timedelta(days=3)), (d + timedelta(days=1), d + timedelta(days=2)), (d + timedelta(days=4), d + timedelta(days=6))]
    assert _lanes(spans) == [1, 2, 1]


def test_one_day_dates_sit_in_their_day(pages):
    january = _days(pages["events/calendar/2027-01.md"])
    assert [a.get("href").split("/")[-2] for a in january[20].iter("a")] == ["careers-evening-2027"]
    assert "4pm" in january[20].text_content() and "has-events" in january[20].get("class")
    assert "Cancelled" in _days(pages["events/calendar/2027-06.md"])[10].text_content()
    # November 2026 starts on a Sunday: its first week row says so.
    assert "--start: 7" in tree(pages["events/calendar/2026-11.md"]).find_class("week")[0].get("style")


def test_a_month_with_no_key_dates_says_so(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    pages = render_pages(published(content, "2027-04-20T12:00", config=CONFIG), IMAGES)
    assert "No key dates in April 2027." in pages["events/calendar.md"]
    assert "No key dates in May 2027." in pages["events/calendar/2027-05.md"]


def test_an_event_page_links_its_month(pages):
    assert resolve("events/british-science-week-2027.md", dict((t, h) for h, t in links(
        pages["events/british-science-week-2027.md"]))["March 2027 on the calendar"]) == "events/calendar/2027-03/"


# ---------------------------------------------------------------------------- finding dates

def test_key_dates_for_a_school_are_its_own_and_every_schools(pages, site):
    heles = tree(pages["events/school/heles.md"])
    ids = {a.get("href").split("/")[-2] for a in heles.iter("a") if "key-date-title" in (a.getparent().get("class") or "")}
    assert {"careers-evening-2027", "british-science-week-2027", "gcse-results-2027"} <= ids
    assert "mock-exams-plymstock-2026" not in ids and "open-evening-2027" not in ids
    assert {f"events/school/{s.id}.md" for s in site.schools} <= set(pages)
    assert ("../../events/school/heles/", "All key dates for Hele's School") in links(pages["schools/heles.md"])


def test_key_dates_carry_what_the_finder_filters_by(pages):
    items = {li.find(".//a").get("href").split("/")[-2]: li for li in tree(pages["events/index.md"]).find_class("key-date")}
    assert (items["careers-evening-2027"].get("data-schools"), items["careers-evening-2027"].get("data-category")) == (
        "heles", "careers")
    assert items["gcse-results-2027"].get("data-schools") == "all"
    assert items["gcse-results-2027"].get("data-audience") == "students parents"


def test_the_finder_is_hidden_labelled_and_only_on_the_key_dates_page(pages):
    finder = tree(pages["events/index.md"]).find_class("key-date-finder")[0]
    assert finder.get("hidden") is not None and finder.find("legend") is not None
    for select in finder.iter("select"):
        assert finder.xpath(f'.//label[@for="{select.get("id")}"]')
        assert select.find("option").get("value") == ""
    assert [s.get("name") for s in finder.iter("select")] == ["school", "category", "audience"]
    assert tree(pages["events/index.md"]).find_class("finder-status")[0].get("role") == "status"
    assert "key-date-finder" not in pages["events/category/exams.md"]


@pytest.mark.parametrize("path, expected", [
    ("events/today.md", ["winter-exhibition-2026"]),
    ("events/this-week.md", ["winter-exhibition-2026"]),
    ("events/this-month.md", ["winter-exhibition-2026", "mock-exams-plymstock-2026"]),
    ("events/next-month.md", ["mock-exams-plymstock-2026"]),
])
def test_quick_views(pages, path, expected):
    found = [li.find(".//a").get("href").split("/")[-2] for li in tree(pages[path]).find_class("key-date")]
    assert found == expected


def test_an_empty_quick_view_says_so_and_links_the_next_key_date(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    pages = render_pages(published(content, "2027-04-20T12:00", config=CONFIG), IMAGES)
    page = tree(pages["events/today.md"])
    assert "No key dates today." in page.text_content()
    following = page.find_class("next-key-date")[0]
    assert following.find("a").get("href") == "../gcse-results-2027/"
    assert "Thursday 19 August 2027" in following.text_content()


# ---------------------------------------------------------------------------- event pages

@pytest.mark.parametrize("event_id, words", [
    ("gcse-results-2027", "Thursday 19 August 2027, all day"),
    ("british-science-week-2027", "Friday 5 March to Sunday 14 March 2027"),
    ("careers-evening-2027", "Wednesday 20 January 2027, 4pm to 7pm"),
    ("open-evening-2027", "Thursday 4 February 2027, 6pm"),
])
def test_event_page_says_when_in_words(pages, event_id, words):
    page = tree(pages[f"events/{event_id}.md"])
    facts = dict(zip([dt.text for dt in page.iter("dt")], page.iter("dd"), strict=False))
    assert facts["When"].text_content() == words


def test_event_page_facts(pages):
    page = tree(pages["events/careers-evening-2027.md"])
    facts = {dt.text: dd for dt, dd in zip(page.iter("dt"), page.iter("dd"), strict=False)}
    assert facts["Where"].text == "Main hall"
    assert facts["Who it is for"].text == "Students, Parents and carers"
    assert facts["Category"].find("a").text == "Careers"
    assert [t.get("datetime") for t in facts["When"].iter("time")] == ["2027-01-20T16:00+00:00", "2027-01-20T19:00+00:00"]
    assert facts["Schools"].find("a").get("href") == "../../schools/heles/"
    science = tree(pages["events/british-science-week-2027.md"])
    facts = {dt.text: dd for dt, dd in zip(science.iter("dt"), science.iter("dd"), strict=False)}
    assert facts["Schools"].text == "All schools"
    more = science.find_class("event-link")[0].find("a")
    assert more.get("href") == "https://www.britishscienceweek.org"
    assert more.text_content() == "More information about British Science Week"


@pytest.mark.parametrize("event_id, banner", [
    ("british-science-week-2027", "Date to be confirmed."),
    ("sports-day-plymstock-2027", "Cancelled."),
    ("gcse-results-2027", None),
])
def test_status_banners(pages, event_id, banner):
    found = tree(pages[f"events/{event_id}.md"]).find_class("status-banner")
    if banner is None:
        assert not found
    else:
        assert found[0].get("role") == "note" and found[0].find(".//strong").text == banner


def _event(site, **changes):
    return next(e for e in site.events if e.id == "careers-evening-2027").model_copy(update=changes)


@pytest.mark.parametrize("start, end, words", [
    ((2027, 1, 20, 19, 0), (2027, 1, 21, 0, 0), "Wednesday 20 January 2027, 7pm to midnight"),
    ((2027, 1, 20, 8, 30), (2027, 1, 22, 12, 0), "Wednesday 20 January, 8:30am to Friday 22 January 2027, 12 noon"),
    ((2026, 12, 31, 20, 0), (2027, 1, 1, 1, 0), "Thursday 31 December 2026, 8pm to Friday 1 January 2027, 1am"),
    ((2027, 7, 1, 9, 0), (2027, 7, 1, 15, 15), "Thursday 1 July 2027, 9am to 3:15pm"),
], ids=["to-midnight", "over-days", "over-new-year", "summer-time"])
def test_timed_wording(site, start, end, words):
    from datetime import datetime
    zone = site.settings.zone
    event = _event(site, start=datetime(*start, tzinfo=zone), end=datetime(*end, tzinfo=zone))
    assert when_text(event, zone) == words


def test_all_day_over_new_year(site):
    event = _event(site, start=date(2026, 12, 21), end=date(2027, 1, 1))
    assert when_text(event, site.settings.zone) == "Monday 21 December 2026 to Friday 1 January 2027"


def test_two_pages_at_one_path_are_refused(site):
    clash = _event(site, id="calendar")
    with pytest.raises(ValueError, match="events/calendar.md"):
        render_pages(Published(site.settings, site.now, site.schools, [*site.events, clash], site.stories), IMAGES)


# ---------------------------------------------------------------------------- subscribe

def test_subscribe_without_feeds_says_coming_soon(pages):
    page = tree(pages["subscribe.md"])
    assert "coming soon" in page.text_content()
    assert not page.find_class("feed-list")


def test_subscribe_lists_exactly_the_feeds_given(site):
    feeds = [Feed("ical", "calendar.ics", "All key dates", "", ""),
             Feed("ical", "calendar/exams.ics", "Exams", "", "", group="category"),
             Feed("rss", "feed.xml", "All stories (RSS)", "", "")]
    page = tree(render_pages(site, IMAGES, feeds)["subscribe.md"])
    assert [h.text for h in page.iter("h2", "h3")] == ["Choose in two steps", "1. Which dates?", "2. Which app?",
                                                        "Calendars", "Help for each calendar app", "News feeds",
                                                        "For communications officers"]
    assert [s.text for s in page.iter("summary")] == ["Calendars by kind of date "]
    found = [(a.get("href"), a.text) for a in page.iter("a") if a.getparent().get("class") == "feed"]
    assert found == [("../calendar.ics", "All key dates"), ("../calendar/exams.ics", "Exams"),
                     ("../feed.xml", "All stories (RSS)")]
    # Each calendar offers its apps: webcal, Google (add by URL), Outlook.com and Office 365.
    apps = [[a.get("href") for a in ul.iter("a")] for ul in page.iter("ul") if ul.get("class") == "calendar-links"]
    assert len(apps) == 2
    assert apps[0][0] == "webcal://news.plymouthschools.org.uk/calendar.ics"
    assert apps[0][1] == "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fnews.plymouthschools.org.uk%2Fcalendar.ics"
    assert apps[0][2].startswith("https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fnews.plymouthschools.org.uk%2Fcalendar.ics")
    assert apps[0][3].startswith("https://outlook.office.com/calendar/0/addfromweb?url=")
    help_text = page.text_content()
    assert "up to a day" in help_text and "Outlook for Mac cannot subscribe" in help_text
    addresses = [c.text for c in page.iter("code")]
    assert addresses == ["https://news.plymouthschools.org.uk/calendar.ics",
                         "https://news.plymouthschools.org.uk/calendar/exams.ics",
                         "https://news.plymouthschools.org.uk/feed.xml"]
    assert "coming soon" not in page.text_content()


# ---------------------------------------------------------------------------- a real build

DESIGN_URLS = ["", "stories/", f"stories/{ROBOT}/", f"stories/{SCRIPT_STORY}/", "stories/2026/", "schools/",
               "schools/plymstock/", "events/", "events/calendar/", "events/british-science-week-2027/",
               "events/category/exams/", "events/audience/parents/", "tags/", "tags/science/", "subscribe/"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from generator.cli import main

    root = tmp_path_factory.mktemp("build")
    config = copy_project(root / "project")  # mkdocs.yml, overrides/ and the hand-written docs/
    code = main(["build", "--config", str(config), "--content", str(SITE),
                 "--site-dir", str(root / "site"), "--now", NOW])
    assert code == 0
    return root / "site"


@pytest.mark.parametrize("url", DESIGN_URLS)
def test_build_writes_each_page_with_one_h1(built, url):
    html = (built / url / "index.html").read_text("utf-8")
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    content = html.split('class="md-content__inner md-typeset">', 1)[1]
    assert "<hr" not in content.split("</article>", 1)[0]  # front matter was read, not printed


def test_build_copies_story_images(built):
    assert (built / "images" / "stories" / f"{ROBOT}.png").is_file()


def test_build_escapes_titles_in_the_theme_too(built):
    html = (built / "stories" / SCRIPT_STORY / "index.html").read_text("utf-8")
    assert "<title>Pupils learn &lt;script&gt;alert(1)&lt;/script&gt; &amp; online safety" in html
    assert "<script>alert" not in html
    document = lxml.html.fromstring(html)
    assert document.find(".//title").text.startswith(SCRIPT_TITLE)
    assert document.find(".//h1").text_content() == SCRIPT_TITLE


def test_build_keeps_html_blocks_intact(built):
    document = lxml.html.fromstring((built / "events" / "calendar" / "index.html").read_text("utf-8"))
    assert len(document.find_class("week")) == 6 and len(document.find_class("day")) == 30
    assert not document.xpath("//p[div or table or ul]")
