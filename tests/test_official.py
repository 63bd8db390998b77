"""Official and trustworthy: who runs the site comes from the settings, `build --production` refuses
placeholders, the 404 page helps, the header names the partnership at every width, print drops
the page's furniture.

File checks need no browser; the browser checks use the session's fixture site (tests/conftest.py).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from browser_support import first_page, fixture_content, format_violations
from conftest import NOW, REPO
from publish_support import build, project
from test_browser import DESKTOP, PHONE, _axe, open_page

from generator import pipeline
from generator.pipeline import Status

FILLED = {
    "contact_email": "news@plymouthschools.example.org",
    "contact_page": "https://plymouthschools.example.org/contact",
    "data_controller": "Plymouth City Council",
    "response_days": "10",
    "web_host": "GitHub Pages (GitHub, Inc.)",
    "log_retention": '"30 days"',
    "repository": "plymouth-schools-partnership/website",
}


def _set(config: Path, **values: str) -> list[int]:
    """Set extra.settings keys in a copied mkdocs.yml (each key's line is replaced); their line numbers."""
    lines = config.read_text("utf-8").splitlines()
    numbers = []
    for key, value in values.items():
        at = next(i for i, line in enumerate(lines) if re.match(rf"^    {key}:", line))
        lines[at] = f"    {key}: {value}".rstrip()
        numbers.append(at + 1)
    config.write_text("\n".join(lines) + "\n", "utf-8")
    return numbers


# ---- the settings: bad values are errors at their line

@pytest.mark.parametrize("key, value, expected", [
    ("contact_email", "news at plymouth", "contact_email: expected an email address like comms@example.org, "
                                          "got 'news at plymouth'"),
    ("contact_email", "mailto:news@example.org", "contact_email: expected an email address, got 'mailto:news@example.org'"),
    ("contact_email", "[news@example.org]", "contact_email: expected an email address like comms@example.org, "
                                            "got a list"),
    ("contact_page", "http://example.org/contact", "contact_page: expected an https:// address, "
                                                   "got 'http://example.org/contact'"),
    ("response_days", "0", "response_days: expected a number of working days from 1 to 60, got the number 0"),
    ("response_days", "ten", "response_days: expected a number of working days from 1 to 60, got 'ten'"),
    ("response_days", "yes", "response_days: YAML reads yes as the yes/no value true, not as the word"),
    ("data_controller", "[a, b]", "data_controller: expected text, got a list"),
    ("short_name", '""', "short_name: the text is empty"),
], ids=["email not an address", "email with mailto", "email a list", "contact page http", "days zero",
        "days a word", "days yes", "controller a list", "short name empty"])
def test_bad_contact_settings_are_errors_at_their_line(tmp_path, key, value, expected):
    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text("utf-8"), "utf-8")
    [line] = _set(config, **{key: value})
    checked = pipeline.check(config, fixture_content(), NOW)
    assert checked.settings is None and checked.status is Status.CONTENT_ERRORS
    shown = [error.as_text().split("\n") for error in checked.errors.sorted()]
    assert len(shown) == 1, shown
    head = shown[0][0]
    assert re.fullmatch(rf".*mkdocs\.yml:{line}:\d+: extra\.settings\.{re.escape(expected)}", head), head
    assert shown[0][1].startswith("  fix: ")


def test_unset_contact_settings_are_fine_without_production():
    checked = pipeline.check(REPO / "mkdocs.yml", fixture_content(), NOW)
    assert checked.status is Status.OK and checked.settings is not None
    assert checked.settings.contact_email is None and checked.settings.response_days is None


def test_an_unknown_slot_in_a_page_is_an_error_at_its_line(tmp_path):
    config, _ = project(tmp_path)
    about = config.parent / "pages" / "about.md"
    about.write_text(about.read_text("utf-8") + "\nWrite to {{ contct }}.\n", "utf-8")
    line = len(about.read_text("utf-8").splitlines())
    checked = pipeline.check(config, fixture_content(), NOW)
    texts = [error.as_text() for error in checked.errors.sorted()]
    assert len(texts) == 1 and re.match(rf".*pages/about\.md:{line}:10: unknown setting '{{{{ contct }}}}'", texts[0]), texts
    assert "did you mean 'contact'" in texts[0]


# ---- build --production

def test_production_build_refuses_unset_settings_and_placeholders(tmp_path):
    config, content = project(tmp_path)
    privacy = config.parent / "pages" / "privacy.md"
    privacy.write_text(privacy.read_text("utf-8") + "\nCall us on **[phone number to be confirmed]**.\n", "utf-8")
    placeholder_line = len(privacy.read_text("utf-8").splitlines())
    extra = config.parent / "docs" / "contact.md"
    extra.write_text("# Contact\n\nWrite to [TBC].\n\nSee the [date to be confirmed](events.md) badge.\n", "utf-8")
    code, out = build(config, content, tmp_path / "site", "--production")
    assert code == 1 and not (tmp_path / "site").exists(), out
    for key in ("contact_email", "data_controller", "response_days", "web_host", "log_retention"):
        assert re.search(rf"mkdocs\.yml:\d+:\d+: extra\.settings\.{key}: not set", out), (key, out)
    assert re.search(r"mkdocs\.yml:\d+:\d+: extra\.settings\.repository: still the placeholder 'plymouth-schools/news'", out)
    assert f"pages/privacy.md:{placeholder_line}:14: still carries the placeholder [phone number to be confirmed]" in out
    assert "docs/contact.md:3:10: still carries the placeholder [TBC]" in out
    assert "events.md" not in out  # a link whose text says "to be confirmed" is not a placeholder
    assert "8 errors in 3 files. Nothing was published." in out

    # Without --production the same project builds, placeholders and all (make site).
    code, out = build(config, content, tmp_path / "site")
    assert code == 0, out
    about = lxml.html.fromstring((tmp_path / "site" / "about" / "index.html").read_text("utf-8")).text_content()
    assert "[contact to be confirmed: the communications team's shared mailbox]" in about


def test_production_build_publishes_once_everything_is_filled_in(tmp_path):
    config, content = project(tmp_path)
    _set(config, **FILLED)
    code, out = build(config, content, tmp_path / "site", "--production")
    assert code == 0, out
    site = tmp_path / "site"
    written = {name: (site / name / "index.html").read_text("utf-8") for name in ("about", "accessibility", "privacy")}
    for name, html in written.items():
        text = lxml.html.fromstring(html).text_content()
        assert "to be confirmed" not in text and "{{" not in text, name
        assert 'href="mailto:news@plymouthschools.example.org"' in html, name
        assert 'href="https://plymouthschools.example.org/contact"' in html, name
    assert "within 10 working days" in lxml.html.fromstring(written["accessibility"]).text_content()
    privacy = " ".join(lxml.html.fromstring(written["privacy"]).text_content().split())
    assert "The data controller is Plymouth City Council." in privacy
    assert "The host keeps them for 30 days, and then deletes them. Our host is GitHub Pages (GitHub, Inc.)." in privacy
    # A tentative date's "to be confirmed" badge is content, not a placeholder: it still publishes.
    assert any("to be confirmed" in path.read_text("utf-8").lower() for path in (site / "events").rglob("index.html"))


def test_setting_values_are_plain_text_in_the_pages(tmp_path):
    config, content = project(tmp_path)
    _set(config, data_controller='"<b>Council</b> [x](javascript:alert(1)) *now*"')
    code, out = build(config, content, tmp_path / "site")
    assert code == 0, out
    html = (tmp_path / "site" / "privacy" / "index.html").read_text("utf-8")
    assert "<b>Council</b>" not in html and "href=\"javascript:" not in html and "<em>now</em>" not in html
    text = " ".join(lxml.html.fromstring(html).text_content().split())
    assert "The data controller is <b>Council</b> [x](javascript:alert(1)) *now*." in text


def test_the_deploy_workflow_builds_for_production():
    workflow = (REPO / ".github" / "workflows" / "deploy.yml").read_text("utf-8")
    builds = [line for line in workflow.splitlines() if "python -m generator build" in line]
    assert builds and all("--production" in line for line in builds), builds


# ---- the 404 page

def test_the_not_found_page_helps(built_site: Path):
    root = lxml.html.fromstring((built_site / "404.html").read_text("utf-8"))
    assert root.findtext(".//title").startswith("Page not found")
    assert [h.text_content().strip() for h in root.iter("h1")] == ["Page not found"]
    headings = [h.text_content().strip() for h in root.iter("h2")]
    assert "What to check" in headings and "Where to go next" in headings
    [box] = root.xpath("//div[@class='psn-not-found']")
    links = {a.text_content().strip(): a.get("href") for a in box.iter("a")}
    assert links["Home page"] in ("/", "/.") and links["Key dates"] == "/events/" and links["Stories"] == "/stories/"
    assert "search" in box.text_content().lower()
    # Served at any address: every link in the page is from the site's root or absolute.
    for a in root.iter("a"):
        href = a.get("href") or ""
        assert href.startswith(("/", "#", "https://", "mailto:")), href


# ---- in the browser: the header at 320, 390 and 1280 px, print

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_header_names_the_partnership_without_cutting_it_short(browser, site_url, width, scheme):
    viewport = {"width": width, "height": 700}
    with open_page(browser, urljoin(site_url, "stories/"), viewport=viewport, scheme=scheme) as (page, _):
        mark = page.locator(".md-header .psn-mark")
        assert mark.is_visible() and mark.get_attribute("aria-label"), "the mark shows, with a text alternative"
        short = page.locator(".md-header .psn-short-title")
        title = page.locator(".md-header__title .md-header__topic").first
        if width < 720:
            assert short.is_visible() and short.text_content() == "Plymouth Schools"
            sizes = short.evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert sizes[0] <= sizes[1], f"the short title is cut at {width} px: {sizes}"
            assert not title.is_visible()
        else:
            assert not short.is_visible() and title.is_visible()
            assert title.text_content().strip() == "Plymouth Schools News and Key Dates"
            sizes = title.locator(".md-ellipsis").evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert sizes[0] <= sizes[1], f"the title is cut at {width} px: {sizes}"
        home = page.locator(".md-header a.md-logo")
        assert home.get_attribute("aria-label") == "Plymouth Schools News and Key Dates"
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"the header scrolls sideways at {width} px: {widths}"
        outside = page.evaluate("""w => [...document.querySelectorAll('.md-header__inner > *')]
            .filter(e => e.getBoundingClientRect().width > 0)
            .filter(e => e.getBoundingClientRect().left < 0 || e.getBoundingClientRect().right > w)
            .map(e => e.className)""", width)
        assert not outside, f"header items off screen at {width} px: {outside}"
        violations = _axe(page)
    assert not violations, format_violations(f"stories/ ({width} px, {scheme})", violations)


@pytest.mark.parametrize("section", ["stories", "events"])
def test_printing_drops_menus_search_share_and_staff_panels(browser, built_site, site_url, section):
    path = first_page(built_site, section, exclude=("calendar", "category", "audience"))
    with open_page(browser, urljoin(site_url, path), viewport=DESKTOP) as (page, _):
        page.emulate_media(media="print")
        hidden = {}
        for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-search", ".psn-footer__nav",
                         "details.comms-panel", ".share-panel", ".calendar-links"):
            for element in page.locator(selector).all():
                hidden[selector] = hidden.get(selector, True) and not element.is_visible()
        assert hidden and all(hidden.values()), hidden
        assert page.locator("article h1, .md-content h1").first.is_visible()
        pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_the_not_found_page_on_a_phone(browser, site_url):
    with open_page(browser, urljoin(site_url, "404.html"), viewport=PHONE) as (page, _):
        assert page.locator("h1").first.text_content() == "Page not found"
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], widths
        page.locator(".psn-not-found a", has_text="Key dates").click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/events/")
