"""Link previews on every page: Open Graph, Twitter card and canonical tags, absolute and correct.

Generated pages carry their tags in front matter (generator/render/social.py); the hand-written
pages (about, accessibility, privacy, submit) take the home page's site card through the theme
override (overrides/main.html); the canonical link is Material's. Checked three ways: every page
of the built fixture site, every generated page of a site big enough to paginate everything,
and open-graph-scraper (pinned in package.json) reading a handful of pages served on 127.0.0.1.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import lxml.html
import pytest
import yaml
from browser_support import missing
from conftest import BASE_CONTENT, REPO, published, render_all
from PIL import Image

from generator import routes
from generator.plan import PAGE_SIZE
from generator.render.parts import SCHOOL_STORIES

SITE = "https://news.plymouthschools.org.uk/"
SITE_NAME = "Plymouth Schools News and Key Dates"
REQUIRED = ("og:title", "og:description", "og:url", "og:image", "twitter:card")
HAND_WRITTEN = ("about/", "accessibility/", "privacy/", "submit/")


def _head(html: Path) -> dict[str, str]:
    tree = lxml.html.fromstring(html.read_bytes())
    found = {element.get("property") or element.get("name"): element.get("content")
             for element in tree.xpath("//head/meta[@property or @name]")}
    canonical = tree.xpath("//head/link[@rel='canonical']/@href")
    found["canonical"] = canonical[0] if len(canonical) == 1 else f"{len(canonical)} canonical links"
    found["title"] = tree.findtext(".//head/title")
    return found


def _pages(site: Path) -> dict[str, Path]:
    """Every HTML page of a built site by its site path, but two kinds that are never shared as links:
    404.html (served at any missing address, it has no address of its own to give as canonical or
    og:url) and the embed pages (shown inside a school's iframe, marked noindex, no head of ours)."""
    pages = {}
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        if relative == "404.html" or relative.startswith(routes.EMBED):
            continue
        assert html.name == "index.html", f"a page outside the directory-URL layout: {html}"
        pages["" if html.parent == site else html.parent.relative_to(site).as_posix() + "/"] = html
    return pages


def test_every_built_page_has_absolute_and_correct_link_preview_tags(built_site: Path):
    pages = _pages(built_site)
    kinds = {"", routes.STORIES, routes.SCHOOLS, routes.TAGS, routes.EVENTS, routes.MONTH_GRID, routes.SUBSCRIBE,
             *HAND_WRITTEN}
    assert kinds <= set(pages), f"pages missing from the fixture site: {sorted(kinds - set(pages))}"
    for prefix in ("stories/2", "schools/", "tags/", "events/category/", "events/audience/"):
        assert any(url.startswith(prefix) and url not in kinds for url in pages), f"no page under {prefix}"
    problems = []
    for url, html in pages.items():
        head = _head(html)
        absent = [key for key in REQUIRED if not head.get(key)]
        if absent:
            problems.append(f"/{url}: no {', '.join(absent)}")
            continue
        address = SITE + url
        if head["canonical"] != address or head["og:url"] != address:
            problems.append(f"/{url}: canonical {head['canonical']!r}, og:url {head['og:url']!r}, expected {address!r}")
        if head["title"] not in (f"{head['og:title']} - {SITE_NAME}", SITE_NAME if url == "" else None):
            problems.append(f"/{url}: og:title {head['og:title']!r} is not the page's title {head['title']!r}")
        if head["og:image"] == SITE + routes.SITE_CARD and head["og:description"] != head.get("description"):
            # (an event's preview describes the event itself, not the date and category of its meta description)
            problems.append(f"/{url}: og:description {head['og:description']!r} is not the page's description "
                            f"{head.get('description')!r}")
        if head["twitter:card"] != "summary_large_image" or not head.get("og:image:alt"):
            problems.append(f"/{url}: twitter:card {head['twitter:card']!r}, og:image:alt {head.get('og:image:alt')!r}")
        image = head["og:image"]
        if not image.startswith(SITE) or not (built_site / image.removeprefix(SITE)).is_file():
            problems.append(f"/{url}: og:image {image!r} is not a file of this site")
            continue
        with Image.open(built_site / image.removeprefix(SITE)) as card:
            if (card.format, f"{card.width}x{card.height}") != ("JPEG", f"{head['og:image:width']}x{head['og:image:height']}"):
                problems.append(f"/{url}: og:image is {card.format} {card.width}x{card.height}")
    assert not problems, "\n".join(problems)


def test_pages_without_a_card_of_their_own_show_the_site_card(built_site: Path):
    """Stories and events have their own card; every other page, hand-written ones too, the site's."""
    own = 0
    for url, html in _pages(built_site).items():
        section, *rest = url.rstrip("/").split("/")
        item = rest[0] if len(rest) == 1 else None
        if (section == "stories" and item and not item.isdigit()) or (section == "events" and item and url not in (
                routes.MONTH_GRID, routes.EVENTS_TODAY, routes.EVENTS_THIS_WEEK, routes.EVENTS_THIS_MONTH,
                routes.EVENTS_NEXT_MONTH)):
            expected, own = SITE + routes.card(item), own + 1
        else:
            expected = SITE + routes.SITE_CARD
        assert _head(html)["og:image"] == expected, url
    assert own
    for url in HAND_WRITTEN:
        head = _head(built_site / url / "index.html")
        home = _head(built_site / "index.html")
        assert head["og:image:alt"] == home["og:image:alt"] and head["og:type"] == "website", url


def test_hand_written_pages_use_their_own_front_matter(built_site: Path):
    for url in HAND_WRITTEN:
        name = f"{url.rstrip('/')}.md"  # about, accessibility, privacy: pages/ (settings filled in); submit: docs/
        source = (REPO / "pages" / name if (REPO / "pages" / name).is_file() else REPO / "docs" / name).read_text("utf-8")
        front = yaml.safe_load(source.split("---\n")[1])
        head = _head(built_site / url / "index.html")
        assert (head["og:title"], head["og:description"]) == (front["title"], front["description"]), url


# ---- every generated page, on a site big enough to paginate the archive, a year, a tag and a school

@pytest.fixture(scope="module")
def many_pages(tmp_path_factory) -> dict[str, dict]:
    """docs path → front matter of every generated page, with PAGE_SIZE + SCHOOL_STORIES + 5 stories."""
    content = tmp_path_factory.mktemp("many") / "content"
    shutil.copytree(BASE_CONTENT, content)
    for n in range(PAGE_SIZE + SCHOOL_STORIES + 5):
        day = date(2026, 11, 19) - timedelta(days=n * 11)  # across two calendar years
        (content / "stories" / f"{day}-generated-{n:03d}.yaml").write_text(
            f"title: Generated {n}\ndate: {day}\nschool: heles\nsummary: Summary {n}.\nbody: B.\ntags: [reading]\n",
            "utf-8")
    files = render_all(published(content), tmp_path_factory.mktemp("cards") / "cards")
    hand_written = {routes.docs_path(url) for url in HAND_WRITTEN}  # pages/*.md, filled in: no og of their own
    return {path: yaml.safe_load(data.decode().split("---\n")[1]) for path, data in files.items()
            if path.endswith(".md") and path not in hand_written}


def test_every_generated_page_kind_has_link_preview_tags(many_pages):
    by_path = {routes.docs_path(url): url for url in _generated_urls(many_pages)}
    for kind in (routes.page_of(routes.STORIES, 2), routes.page_of(routes.stories_year(2026), 1),
                 routes.page_of(routes.tag("reading"), 2), routes.school_stories("heles"),
                 routes.page_of(routes.school_stories("heles"), 2), routes.events_category("results"),
                 routes.events_audience("parents"), routes.MONTH_GRID, routes.SUBSCRIBE, routes.TAGS, routes.SCHOOLS):
        assert routes.docs_path(kind) in many_pages, f"no generated page at /{kind}"
    for path, front in many_pages.items():
        og = front.get("og")
        assert isinstance(og, dict) and all(og.get(key) for key in REQUIRED), f"{path}: {og}"
        assert og["og:url"] == SITE + by_path[path], path
        assert og["og:image"].startswith(SITE) and og["og:description"], path


def _generated_urls(pages: dict[str, dict]) -> list[str]:
    """The site path of each generated page, from its own og:url (checked against docs_path above)."""
    urls = [front["og"]["og:url"].removeprefix(SITE) for front in pages.values()]
    assert sorted(routes.docs_path(url) for url in urls) == sorted(pages), "og:url does not match the page's file"
    return urls


# ---- open-graph-scraper, on pages served on 127.0.0.1

def test_open_graph_scraper_reads_a_full_preview_of_each_page_kind(built_site: Path, site_url: str):
    node = shutil.which("node")
    if not node or not (REPO / "node_modules" / "open-graph-scraper" / "package.json").is_file():
        missing("Node or open-graph-scraper is not installed (make test-deps: npm ci)")
    pages = _pages(built_site)
    chosen = ["", "about/", "submit/", routes.SUBSCRIBE, routes.MONTH_GRID, routes.TAGS, routes.EVENTS,
              next(url for url in pages if url.startswith("stories/2")),
              next(url for url in pages if url.startswith("events/") and url.count("/") == 2
                   and url not in (routes.MONTH_GRID,)),
              next(url for url in pages if url.startswith("events/category/"))]
    assert site_url.startswith("http://127.0.0.1:")
    result = subprocess.run([node, str(REPO / "tests" / "tools" / "open_graph.mjs"), *(site_url + url for url in chosen)],
                            capture_output=True, text=True, timeout=180, cwd=REPO)
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)
    assert read["hosts"] and set(read["hosts"]) == {"127.0.0.1"}, read["hosts"]
    for url in chosen:
        found, head = read["pages"][site_url + url], _head(pages[url])
        assert found.get("success") is True, (url, found)
        assert (found["ogTitle"], found["ogDescription"], found["ogUrl"]) == \
               (head["og:title"], head["og:description"], SITE + url), url
        assert found["twitterCard"] == "summary_large_image", url
        assert [image["url"] for image in found["ogImage"]] == [head["og:image"]], url
        assert found["ogImage"][0]["alt"] and found["ogImage"][0]["width"] == "1200", url
