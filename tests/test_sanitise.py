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
from publish_support import XSS_SCHOOL, XSS_SCHOOL_NAME, payloads, site_files, xss_records

from generator.render.text import esc, markdown_html

PAYLOADS = payloads()
STORIES, EVENTS = xss_records()
FORBIDDEN = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "portal", "noembed", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "cite",
                  "srcdoc", "ping", "codebase"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
MATERIAL_FORMS = {"md-header__option", "md-search__form"}  # Material's colour toggle and search box
# The hand-written form for school staff (docs/submit.md): its two forms and its two scripts, on
# that page only. No content reaches it; it reads the build's form data as JSON.
FORM_PAGE = "submit/index.html"
FORM_PAGE_FORMS = {"story-form", "event-form"}
FORM_PAGE_SCRIPTS = {"/javascripts/vendor/ajv2020.min.js", "/javascripts/submit.js"}


def _own_scripts() -> set[str]:
    """The site's own scripts, as mkdocs.yml lists them under extra_javascript (site paths)."""
    import yaml
    from browser_support import REPO

    listed = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8")).get("extra_javascript") or []
    return {"/" + (item["path"] if isinstance(item, dict) else item).lstrip("/") for item in listed}


OWN_SCRIPTS = _own_scripts()


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
        elif tag == "form" and element.get("class") not in MATERIAL_FORMS and not (
                where == FORM_PAGE and element.get("id") in FORM_PAGE_FORMS):
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
        ours = (path.startswith("/assets/") or path in OWN_SCRIPTS  # Material's bundle, or mkdocs.yml's own
                or (where == FORM_PAGE and path in FORM_PAGE_SCRIPTS))
        return [] if ours and not text.strip() else [f"{where}: a script from {element.get('src')!r}"]
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


@pytest.mark.parametrize("unsafe", [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', '<a href=" jav&#x09;ascript:alert(1)">x</a>',
    '<a href="data:text/html,x">x</a>', "<iframe></iframe>", '<form action="/x"></form>', "<object></object>",
    '<div style="background:url(javascript:alert(1))">x</div>', '<svg><g onload="alert(1)"></g></svg>',
], ids=["script", "handler", "entity js url", "data url", "iframe", "form", "object", "style url", "svg handler"])
def test_the_checker_itself_catches_active_markup(unsafe):
    assert html_problems(lxml.html.fragment_fromstring(unsafe, create_parent="div"), "test") != []


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
    assert len(pages) > len(STORIES) + len(EVENTS)  # a page per payload story and event, and the lists
    problems = []
    for path in pages:
        root = lxml.html.fromstring(files[path])
        problems += html_problems(root, path, theme_scripts, f"http://site/{path}")
    assert problems == [], "\n".join(problems[:40])


def test_payload_text_is_shown_escaped_as_text(files):
    """Payload titles read back, as text, exactly as written: escaped once, neither lost nor doubled."""
    for story in STORIES:
        page = lxml.html.fromstring(files[f"stories/{story['id']}/index.html"])
        assert page.find(".//h1").text_content() == story["title"]
        assert page.find(".//title").text_content().startswith(story["title"])
        assert page.find_class("story-image")[0].get("alt") == story["alt"]
    for event in EVENTS:
        page = lxml.html.fromstring(files[f"events/{event['id']}/index.html"])
        assert page.find(".//h1").text_content() == event["title"]
    breakout = next(s for s in STORIES if "</script><script>alert(1)</script>" in s["title"])
    assert b"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in files[f"stories/{breakout['id']}/index.html"]


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


def _feed_html(files: dict[str, bytes], rss_description: bool) -> list[tuple[str, str]]:
    """(where, HTML) for every feed field that readers show as HTML.

    Atom says so with type="html"; RSS's <content:encoded> is HTML; so, by long practice, is
    RSS's <description>. JSON Feed's content_html is HTML; its title and summary are text.
    """
    found = []
    for path, data in files.items():
        if path.endswith(".xml") and not path.startswith("sitemap"):
            for element in lxml.etree.fromstring(data).iter():
                if not isinstance(element.tag, str):
                    continue
                local = lxml.etree.QName(element).localname
                is_html = (element.get("type") == "html" or local == "encoded"
                           or (rss_description and local == "description" and element.getparent().tag == "item"))
                if is_html and element.text:
                    found.append((f"{path} <{local}>", element.text))
        elif path.endswith(".json") and b'"https://jsonfeed.org/version/' in data:
            found += [(f"{path} content_html", item["content_html"]) for item in json.loads(data)["items"]]
    return found


def _feed_problems(fields: list[tuple[str, str]]) -> list[str]:
    problems = []
    for where, text in fields:
        problems += html_problems(lxml.html.fragment_fromstring(text, create_parent="div"), where)
    return problems


def test_feeds_carry_no_markup_outside_their_html_fields(files):
    feeds = [p for p in files if p.endswith(".xml") and not p.startswith("sitemap")]
    if not feeds:
        pytest.skip("no XML feeds in the built site yet")
    for path in feeds:
        for element in lxml.etree.fromstring(files[path]).iter():
            if isinstance(element.tag, str):  # a payload that broke out of its text would be an element here
                name = lxml.etree.QName(element)
                assert name.namespace in {None, "http://www.w3.org/2005/Atom",
                                          "http://purl.org/rss/1.0/modules/content/"} or \
                       (name.namespace, name.localname) == ("http://purl.org/dc/elements/1.1/", "creator"), path
                assert not any(lxml.etree.QName(n).localname.lower().startswith("on") for n in element.attrib), path


def test_feed_html_is_sanitised(files):
    fields = _feed_html(files, rss_description=False)
    if not fields:
        pytest.skip("no feeds in the built site yet")
    assert len(fields) > len(STORIES)
    problems = _feed_problems(fields)
    assert problems == [], "\n".join(problems[:40])


def test_rss_descriptions_are_escaped_html(files):
    problems = _feed_problems([f for f in _feed_html(files, rss_description=True) if f[0].endswith("<description>")])
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
    found = {str(event["UID"]).split("@")[0]: event for event in whole.walk("VEVENT")}
    for event in EVENTS:  # every text reads back exactly: nothing escaped twice, nothing broke out
        entry = found[event["id"]]
        school = XSS_SCHOOL_NAME if event["school"] == XSS_SCHOOL else "Hele's School"  # a school's own date names it
        assert str(entry["SUMMARY"]).endswith(f"{event['title']} ({school})") and str(entry["LOCATION"]) == event["location"]


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
    root = lxml.html.fromstring(files[f"stories/{STORIES[0]['id']}/index.html"])
    head = root.find("head")
    assert [e.tag for e in head if e.tag not in {"meta", "link", "title", "script", "style"}] == []
    og = {m.get("property"): m.get("content") for m in head.iter("meta") if m.get("property")}
    if "og:title" in og:
        assert og["og:title"] == STORIES[0]["title"] and og["og:description"] == STORIES[0]["summary"]


def test_every_page_of_the_xss_site_is_still_valid_html(xss_site):
    """Escaping in the right place shows as valid HTML: a payload that broke out of its attribute or
    element would be an error here (and so would sanitised markup a browser re-reads differently)."""
    import shutil
    import subprocess

    from browser_support import VNU_JAR, missing

    java = shutil.which("java")
    if not java or not VNU_JAR.is_file():
        missing("the Nu Html Checker needs java and node_modules/vnu-jar (make test-deps)")
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", str(xss_site)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr.replace(f"file:{xss_site}/", "")[:5000]
