"""The generated pages, overrides and mkdocs.yml also build with Zensical, Material's successor.

Zensical runs no MkDocs plugins or hooks and has its own templates, so this checks that the site
does not depend on anything MkDocs-only. The accessibility and validity bars apply to the MkDocs
build (README.md, "Zensical" lists the known differences); here the key pages must exist, be in
British English, link the statement and privacy notice, and load nothing from other hosts.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from browser_support import missing

from generator import routes


@pytest.fixture(scope="module")
def zensical_site(built_site: Path, tmp_path_factory) -> Path:
    """The MkDocs fixture project (with its generated pages) built again with `zensical build`."""
    if importlib.util.find_spec("zensical") is None:
        missing("Zensical is not installed (make test-deps)")
    project = tmp_path_factory.mktemp("zensical") / "project"
    shutil.copytree(built_site.parent / "project", project)
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--config-file", "mkdocs.yml"],
                            cwd=project, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_COLOR": "1"})
    if result.returncode:
        pytest.fail(f"zensical build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)
    return project / "site"


def _first(site: Path, section: str) -> Path:
    pages = sorted(p for p in (site / section).glob("*/index.html") if p.parent.name not in ("calendar", "page"))
    assert pages, f"Zensical built no page under /{section}/"
    return pages[0]


def test_key_pages_exist(zensical_site: Path, built_site: Path):
    for page in ("index.html", "stories/index.html", "schools/index.html", "events/index.html",
                 "events/calendar/index.html", "subscribe/index.html", "about/index.html",
                 "accessibility/index.html", "privacy/index.html", "stylesheets/extra.css"):
        assert (zensical_site / page).is_file(), f"Zensical did not build {page}"
    for section in ("stories", "schools", "events"):
        _first(zensical_site, section)
    # Static files the generator writes beside the pages (calendars, feeds, photos) are copied too.
    static = {p.relative_to(built_site) for p in built_site.rglob("*")
              if p.is_file() and p.suffix in (".ics", ".xml", ".json", ".jpg", ".png") and "assets" not in p.parts
              and routes.SEARCH_BUNDLE.strip("/") not in p.parts  # Pagefind's, written after the build (below)
              and p.name not in ("sitemap.xml", "search_index.json")}
    lost = sorted(str(p) for p in static if not (zensical_site / p).is_file())
    assert not lost, f"files in the MkDocs site that Zensical left out: {lost}"


def test_pages_use_our_overrides(zensical_site: Path):
    for path in (zensical_site / "index.html", _first(zensical_site, "stories")):
        tree = lxml.html.fromstring(path.read_bytes())
        assert tree.get("lang") == "en-GB", f"{path}: not en-GB"
        footer = " ".join(tree.xpath("//footer//a/@href"))
        assert "accessibility/" in footer and "privacy/" in footer, f"{path}: footer links missing: {footer}"
        sheets = tree.xpath("//link[@rel='stylesheet']/@href")
        assert any(href.endswith("stylesheets/extra.css") for href in sheets), f"{path}: no extra.css: {sheets}"


def test_nothing_loads_from_other_hosts(zensical_site: Path):
    problems = []
    for path in zensical_site.rglob("*.html"):
        tree = lxml.html.fromstring(path.read_bytes())
        urls = tree.xpath("//script/@src | //img/@src | //link[contains(@rel,'stylesheet') or "
                          "contains(@rel,'preconnect') or contains(@rel,'icon')]/@href")
        problems += [f"{path.relative_to(zensical_site)}: {url}" for url in urls
                     if url.startswith(("http:", "https:", "//"))]
    assert not problems, "\n".join(problems)


def test_valid_html_after_the_postbuild_fixes(zensical_site: Path):
    """`zensical build` then `python -m generator.postbuild site` meets the same vnu bar."""
    from test_vnu import _shorten, _vnu

    from generator.postbuild import postprocess_site

    fixed = zensical_site.parent / "site-fixed"
    shutil.copytree(zensical_site, fixed)
    postprocess_site(fixed)
    result = _vnu("--errors-only", "--skip-non-html", str(fixed))
    report = _shorten(result.stderr, fixed)
    if result.returncode or report:
        pytest.fail(f"the Nu Html Checker found errors in the Zensical site:\n{report}", pytrace=False)


def test_link_preview_tags_on_every_page(zensical_site: Path):
    """Open Graph, Twitter card and canonical tags under Zensical too, hand-written pages included
    (overrides/main.html gives them the home page's site card); tests/test_link_previews.py checks
    the values on the MkDocs build."""
    problems = []
    for path in sorted(zensical_site.rglob("index.html")):
        if path.relative_to(zensical_site).as_posix().startswith(routes.EMBED):
            continue  # iframe content, noindex: never shared as a link (tests/test_link_previews.py)
        tree = lxml.html.fromstring(path.read_bytes())
        url = "https://news.plymouthschools.org.uk/" + (
            "" if path.parent == zensical_site else path.parent.relative_to(zensical_site).as_posix() + "/")
        found = {e.get("property") or e.get("name"): e.get("content") for e in tree.xpath("//head/meta")}
        found["canonical"] = " ".join(tree.xpath("//head/link[@rel='canonical']/@href"))
        if (found.get("og:url"), found["canonical"]) != (url, url) or not all(
                found.get(key) for key in ("og:title", "og:description", "og:image", "twitter:card")):
            problems.append(f"{path.relative_to(zensical_site)}: {found}")
    assert not problems, "\n".join(problems)


def test_search_works_after_the_documented_index_command(zensical_site: Path, browser):
    """`zensical build`, then `python -m generator.search_index site`: Pagefind indexes the same
    story, key date and school pages, and the header's search finds them (README.md, "Zensical")."""
    from browser_support import serve, site_search
    from test_search import fragments

    indexed = zensical_site.parent / "site-indexed"
    shutil.copytree(zensical_site, indexed)
    result = subprocess.run([sys.executable, "-m", "generator.search_index", str(indexed)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    urls = set(fragments(indexed))
    assert "/stories/2026-11-20-robotics-final/" in urls and "/events/gcse-results-2027/" in urls
    assert "/schools/plymstock/" in urls and not any(url.startswith(("/tags/", "/about/")) for url in urls)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        with serve(indexed) as url:
            page.goto(url, wait_until="load")
            results = site_search(page, "robotics").all_inner_texts()
    finally:
        context.close()
    assert any("Year 9 robotics team reach the national final" in text and "Story: Friday 20 November 2026" in text
               for text in results), results
