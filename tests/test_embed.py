"""/embed/<school id>/: a school's next key dates for an iframe on the school's own website.

File checks: standalone HTML (no theme, no script, no inline style), the school's own and
all-schools dates only, the next few in order, school-specific ones named, statuses in words from
generator/status.py, links that open the full site in a new tab, the school's calendar feed.
Browser checks (Debian's Chromium): axe-core's WCAG A and AA rules with zero violations, and no
sideways scrolling, at 300 px wide; no request to another host and no cookies. Validity (vnu) is
checked with every other page by tests/test_vnu.py.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from browser_support import AXE_TAGS, format_violations
from conftest import DATA, REPO, published

from generator import routes
from generator.plan import make_plan
from generator.render.embed import EMBED_EVENTS, embed_page, render_embeds
from generator.status import status_of

IFRAME = {"width": 300, "height": 480}


@pytest.fixture(scope="module")
def plan():
    return make_plan(published(DATA / "site"))


def _page(plan, school_id: str):
    return lxml.html.fromstring(embed_page(plan, plan.schools[school_id]))


def _dates(tree) -> list[tuple[str, str]]:
    """(title, the rest of the item's words) for each listed key date."""
    return [(item.xpath("string(.//span[@class='title'])").strip(), " ".join(item.text_content().split()))
            for item in tree.xpath("//main/ol/li")]


def test_every_school_has_an_embed_page_and_one_stylesheet(plan):
    files = render_embeds(plan)
    assert sorted(files) == sorted([routes.EMBED_CSS] + [f"embed/{school}/index.html" for school in plan.schools])


def test_a_schools_own_and_all_schools_dates_in_order(plan):
    titles = [title for title, _ in _dates(_page(plan, "plymstock"))]
    # Upcoming on 23 November 2026: Hele's and UTC Plymouth's own dates are not Plymstock's.
    assert titles == ["Year 11 mock exams", "British Science Week", "Sports day", "GCSE results day"]
    heles = [title for title, _ in _dates(_page(plan, "heles"))]
    assert heles[:2] == ["Winter art exhibition", "Careers evening"]  # ongoing first
    assert "Year 11 mock exams" not in heles


def test_school_specific_dates_name_the_school_and_statuses_are_in_words(plan):
    dates = dict(_dates(_page(plan, "plymstock")))
    assert "Plymstock School" in dates["Year 11 mock exams"]
    assert "Plymstock School" not in dates["GCSE results day"]  # for every school
    assert status_of("tentative").words.label in dates["Year 11 mock exams"]
    assert status_of("cancelled").words.label in dates["Sports day"]
    assert "Date to be confirmed" not in dates["GCSE results day"] and "Cancelled" not in dates["GCSE results day"]
    assert "Thursday 19 August 2027" in dates["GCSE results day"]
    tree = _page(plan, "plymstock")
    assert tree.xpath("//time/@datetime")[0] == "2026-11-30"


def test_only_the_next_few(plan, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DATA / "site", content)
    with (content / "events.yaml").open("a") as events:
        for day in range(1, 10):
            events.write(f"- id: club-{day}\n  title: Club {day}\n  start: 2027-01-0{day}\n  category: community\n")
    many = make_plan(published(content))
    assert len(_dates(_page(many, "utc-plymouth"))) == EMBED_EVENTS


def test_no_dates_says_so(plan, tmp_path):
    content = tmp_path / "content"
    (content / "stories").mkdir(parents=True)
    (content / "schools.yaml").write_text((DATA / "site" / "schools.yaml").read_text("utf-8"), "utf-8")
    (content / "events.yaml").write_text("[]\n", "utf-8")
    tree = _page(make_plan(published(content)), "heles")
    assert tree.xpath("//main/ol") == [] and "No key dates are coming up yet." in tree.text_content()


def test_standalone_page_without_theme_script_or_inline_style(plan):
    text = embed_page(plan, plan.schools["heles"])
    tree = lxml.html.fromstring(text)
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    assert tree.xpath("//script | //style | //iframe | //form | //*[@style] | //*[@onclick]") == []
    assert "md-" not in text and "data-md" not in text  # nothing of Material's header or menu
    assert tree.xpath("//link[@rel='stylesheet']/@href") == ["../embed.css"]
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert tree.xpath("string(//h1)") == "Next key dates for Hele's School"


def test_links_open_the_full_site_in_a_new_tab(plan):
    tree = _page(plan, "plymstock")
    links = tree.xpath("//a")
    assert links and all(a.get("target") == "_blank" and a.get("rel") == "noopener" for a in links)
    base = "/" + routes.embed("plymstock")
    hrefs = [urljoin(base, a.get("href")) for a in links]
    assert "/events/mock-exams-plymstock-2026/" in hrefs
    assert "/" + routes.school_calendar("plymstock") in hrefs  # the school's calendar feed
    assert {"/accessibility/", "/privacy/"} <= set(hrefs)


# ---- in the browser, at an iframe's 300 px

@pytest.fixture(scope="module")
def embed_url(site_url, built_site: Path) -> str:
    assert (built_site / "embed" / "plymstock" / "index.html").is_file()
    assert (built_site / "embed" / "embed.css").is_file()
    return urljoin(site_url, routes.embed("plymstock"))


def test_axe_finds_no_violations_at_300px(browser, embed_url):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=IFRAME)
    try:
        page = context.new_page()
        page.goto(embed_url, wait_until="load")
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        violations = Axe().run(page, options=options).response["violations"]
    finally:
        context.close()
    assert not violations, format_violations(f"{embed_url} (300 px)", violations)


def test_fits_300px_without_sideways_scrolling_requests_elsewhere_or_cookies(browser, site_url, embed_url):
    context = browser.new_context(viewport=IFRAME)
    requested: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.goto(embed_url, wait_until="networkidle")
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        styled = page.evaluate("() => getComputedStyle(document.body).marginTop")  # the stylesheet loaded
        cookies = context.cookies()
    finally:
        context.close()
    assert scroll <= client, f"{embed_url} is {scroll}px wide in a {client}px frame"
    assert styled == "0px"
    assert requested and all(url.startswith(site_url) for url in requested), requested
    assert cookies == []


def test_the_readme_snippet_shows_it_inside_another_page(browser, site_url, embed_url):
    """As a school's website would use it: the README's snippet, in a page of its own."""
    context = browser.new_context(viewport={"width": 800, "height": 700})
    try:
        page = context.new_page()
        page.goto(site_url, wait_until="load")
        snippet = re.search(r"```html\n(<iframe.*?</iframe>)\n```", (REPO / "README.md").read_text("utf-8"), re.S)
        assert snippet, "README.md has no iframe snippet"
        iframe = snippet.group(1).replace("https://news.plymouthschools.org.uk/", site_url)
        assert f'src="{embed_url}"' in iframe
        page.set_content(f'<!DOCTYPE html><html lang="en-GB"><title>A school</title>{iframe}</html>')
        frame = page.frame_locator("iframe")
        frame.locator("h1").wait_for()
        assert frame.locator("h1").inner_text() == "Next key dates for Plymstock School"
        assert frame.locator("main ol li").count() == 4
    finally:
        context.close()


def test_the_embed_pages_are_in_neither_the_search_index_nor_the_sitemap(built_site: Path):
    """MkDocs copies a .html file of docs/ as it is: it is no page of the site's, so neither lists it."""
    assert (built_site / "embed" / "heles" / "index.html").read_text("utf-8").startswith("<!DOCTYPE html>\n<html lang")
    assert b"embed/" not in (built_site / "sitemap.xml").read_bytes()
    assert b'"location":"embed/' not in (built_site / "search" / "search_index.json").read_bytes().replace(b" ", b"")


def test_the_embed_stylesheet_is_valid_css(built_site: Path):
    from test_vnu import _shorten, _vnu

    result = _vnu("--errors-only", "--css", str(built_site / routes.EMBED_CSS))
    report = _shorten(result.stderr, built_site)
    assert not result.returncode and not report, f"the Nu Html Checker found CSS errors:\n{report}"
