"""No XSS payload is active in any output: HTML, XML feeds, iCal, JSON.

A corpus of known payloads (tests/data/xss_payloads.txt) goes through the sanitiser on its own,
then into every text field of a story, an event and a school of a built site (the session
fixture xss_site). In HTML only Material's own scripts and our JSON-LD may be script elements,
and no element has an event-handler attribute or a javascript:/data: address; in feeds the
HTML they carry is held to the same rules; iCal and JSON carry the payloads as inert text.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import icalendar
import lxml.etree
import lxml.html
import pytest

from generator.render.text import esc, markdown_html
from publish_support import payloads, site_files

PAYLOADS = payloads()
FORBIDDEN = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "portal", "noembed", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "cite",
                  "srcdoc", "ping", "codebase"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
MATERIAL_FORMS = {"md-header__option", "md-search__form"}  # Material's colour toggle and search box


def test_the_corpus_has_at_least_fifty_payloads():
    assert len(PAYLOADS) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)


# ---------------------------------------------------------------------- the sanitiser alone

def _unsafe_url(value: str) -> bool:
    """Whether a browser would read the address as javascript:, data: or vbscript:."""
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
    return cleaned.startswith(BAD_SCHEMES)


def html_problems(root, where: str, allowed_scripts: set[str] = frozenset(), page_url: str = "") -> list[str]:
    """Every active thing in a parsed HTML tree that is not the theme's own."""
    found = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if tag == "script":
            found += _script_problem(element, where, allowed_scripts, page_url)
        elif tag in FORBIDDEN:
            found.append(f"{where}: a <{tag}> element")
        elif tag == "form" and element.get("class") not in MATERIAL_FORMS:
            found.append(f"{where}: a <form> that is not Material's")
        elif tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append(f"{where}: a <meta http-equiv=refresh>")
        elif tag == "link" and _unsafe_url(element.get("href") or ""):
            found.append(f"{where}: a <link> to {element.get('href')!r}")
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                found.append(f"{where}: <{tag} {name}={value!r}>")
            elif (name in URL_ATTRIBUTES or name == "srcset") and _unsafe_url(value):
                found.append(f"{where}: <{tag} {name}={value!r}>")
            elif name == "style" and re.search(r"expression\s*\(|javascript:|url\s*\(", value, re.IGNORECASE):
                found.append(f"{where}: <{tag} style={value!r}>")
    return found


def _script_problem(element, where: str, allowed: set[str], page_url: str) -> list[str]:
    kind = (element.get("type") or "").lower()
    text = element.text or ""
    if element.get("src") is not None:
        path = urlsplit(urljoin(page_url or "http://site/", element.get("src"))).path
        return [] if path.startswith("/assets/") and not text.strip() else [f"{where}: a script from {element.get('src')!r}"]
    if kind in ("application/ld+json", "application/json"):
        try:
            json.loads(text)
        except ValueError:
            return [f"{where}: a {kind} script that is not JSON: {text[:120]!r}"]
        return [] if "</" not in text.lower() else [f"{where}: '</' inside a {kind} script"]
    if _normal(text) in allowed:
        return []
    return [f"{where}: an inline script that is not the theme's: {text[:120]!r}"]


def _normal(script: str) -> str:
    """Material's inline scripts differ between pages only in the relative base address."""
    return re.sub(r'new URL\("[./]*"', 'new URL("BASE"', script.strip())


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_markdown_html_leaves_nothing_active(payload):
    cleaned = markdown_html(payload)
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    assert html_problems(root, "body") == []
    assert root.find(".//script") is None and "<script" not in cleaned.lower()


@pytest.mark.parametrize("text, expected", [
    ("[site](https://example.org/a)", '<a href="https://example.org/a" rel="noopener">site</a>'),
    ("[site](http://example.org/)", '<a href="http://example.org/" rel="noopener">site</a>'),
    ("<https://example.org/>", '<a href="https://example.org/" rel="noopener">https://example.org/</a>'),
    ("[page](../events/)", '<a href="../events/">page</a>'),
    ("[mail](mailto:office@example.org)", '<a href="mailto:office@example.org">mail</a>'),
    ("[x](javascript:alert(1))", "<a>x</a>"),  # no href, so no rel either (a rel without href is invalid)
    ('<a title="a>b" href="https://example.org/">t</a>', '<a title="a&gt;b" href="https://example.org/" rel="noopener">t</a>'),
], ids=["https", "http", "autolink", "relative", "mailto", "javascript", "title with >"])
def test_links_to_other_sites_get_noopener(text, expected):
    assert markdown_html(text) == f"<p>{expected}</p>"


def test_forbidden_elements_go_with_their_content():
    for tag in ("script", "style", "iframe", "object", "embed", "form", "svg", "math", "template"):
        cleaned = markdown_html(f"before <{tag}>inside <b>x</b></{tag}> after")
        assert f"<{tag}" not in cleaned, tag
    assert "inside" not in markdown_html("<script>inside</script>")
    assert "inside" not in markdown_html("<iframe>inside</iframe>")


def test_escaping_plain_text_for_html_text_and_attributes():
    assert esc('"><script>alert(1)</script>') == "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert esc("' onfocus='x") == "&#x27; onfocus=&#x27;x"


# ---------------------------------------------------------------------- every output of a built site

@pytest.fixture(scope="module")
def files(xss_site: Path) -> dict[str, bytes]:
    return site_files(xss_site)


@pytest.fixture(scope="module")
def theme_scripts(files) -> set[str]:
    """The inline scripts of a hand-written page: Material's own (and the theme override's)."""
    root = lxml.html.fromstring(files["about/index.html"])
    return {_normal(s.text or "") for s in root.iter("script") if not s.get("src") and not s.get("type")}


def test_every_html_page_has_only_the_themes_scripts_and_no_handlers_or_script_urls(files, theme_scripts):
    pages = [path for path in files if path.endswith(".html")]
    assert len(pages) > 150  # a page per payload story and event, and the lists around them
    problems = []
    for path in pages:
        root = lxml.html.fromstring(files[path])
        problems += html_problems(root, path, theme_scripts, f"http://site/{path}")
    assert problems == [], "\n".join(problems[:40])


def test_payload_text_is_shown_escaped_as_text(files):
    """A payload title reads back, as text, exactly as written: escaped once, neither lost nor doubled."""
    page = lxml.html.fromstring(files["stories/2026-01-01-xss-00/index.html"])
    assert page.find(".//h1").text_content() == PAYLOADS[0]
    page = lxml.html.fromstring(files["events/xss-03/index.html"])
    assert page.find(".//h1").text_content() == PAYLOADS[3]
    assert b"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in files["stories/2026-01-07-xss-06/index.html"]


def test_json_ld_is_json_and_cannot_be_ended_early(files):
    """A '</script>' in a title stays inside the JSON-LD (when the pages carry it)."""
    seen = 0
    for path, data in files.items():
        if not path.endswith(".html"):
            continue
        for script in lxml.html.fromstring(data).iter("script"):
            if script.get("type") == "application/ld+json":
                seen += 1
                json.loads(script.text)
                assert "</" not in script.text and "<script" not in script.text.lower(), path
    if not seen:
        pytest.skip("the pages carry no JSON-LD yet")


XML_HTML_FIELDS = {"description", "encoded", "content", "summary"}  # RSS description/content:encoded; Atom


def test_feeds_carry_payloads_only_escaped(files):
    feeds = [p for p in files if p.endswith((".xml", ".atom", ".rss")) and not p.startswith("sitemap")]
    if not feeds:
        pytest.skip("no XML feeds in the built site yet")
    problems = []
    for path in feeds:
        root = lxml.etree.fromstring(files[path])
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            local = lxml.etree.QName(element).localname
            if local.lower() in {"script", "iframe", "object", "embed", "img"}:
                problems.append(f"{path}: an XML element <{local}>")
            for name in element.attrib:
                if lxml.etree.QName(name).localname.lower().startswith("on"):
                    problems.append(f"{path}: <{local} {name}>")
            text = element.text or ""
            if local in XML_HTML_FIELDS and "<" in text:
                fragment = lxml.html.fragment_fromstring(text, create_parent="div")
                problems += html_problems(fragment, f"{path} <{local}>")
    assert problems == [], "\n".join(problems[:40])


def test_calendars_carry_payloads_as_inert_text(files):
    calendars = [p for p in files if p.endswith(".ics")]
    assert calendars
    for path in calendars:
        calendar = icalendar.Calendar.from_ical(files[path])
        for component in calendar.walk():
            assert component.name in {"VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT"}, \
                f"{path}: a {component.name} component: a payload broke out of a text value"
            assert "ATTACH" not in component and "TRIGGER" not in component, path
    whole = icalendar.Calendar.from_ical(files["calendar.ics"])
    titles = {str(event["SUMMARY"]) for event in whole.walk("VEVENT")}
    assert {PAYLOADS[0], PAYLOADS[3], '"onmouseover="alert(1)'} <= titles


def test_json_outputs_parse_and_hold_the_payloads_as_strings(files):
    outputs = [p for p in files if p.endswith(".json")]
    assert "search/search_index.json" in outputs
    for path in outputs:
        json.loads(files[path])  # a payload that broke out of a string would not parse
    index = json.loads(files["search/search_index.json"])
    titles = {doc["title"] for doc in index["docs"]}
    # Material's search shows titles as HTML: ours are escaped in the page, so they stay text there too.
    assert not any("<script" in title.lower() for title in titles)


def test_a_title_in_every_page_head_is_escaped(files):
    """<title>, description and Open Graph tags: the payload is attribute or text content, never markup."""
    root = lxml.html.fromstring(files["stories/2026-01-01-xss-00/index.html"])
    assert PAYLOADS[0] in root.find(".//title").text_content()
    for meta in root.iter("meta"):
        assert "<script" not in (meta.get("name") or "") + (meta.get("property") or "")
