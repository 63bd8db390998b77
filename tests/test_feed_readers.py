"""The story feeds as real readers see them: feedparser (Python) and, through Node, rss-parser and
@extractus/feed-extractor (pinned in package.json; tests/tools/read_feeds.mjs reads the files).

Each item must carry its photo inside its HTML content (an absolute <img> with alt text, for
readers that drop enclosures) and its school(s) as author. An empty feed stays valid and empty;
the one reader that rejects a valid empty Atom feed is pinned down exactly (README.md, "News feeds").
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from browser_support import missing
from conftest import DATA, REPO, published, render_all

from generator.plan import make_plan

BASE = "https://news.plymouthschools.org.uk/"
SCRIPT = REPO / "tests" / "tools" / "read_feeds.mjs"
READERS = ("rss-parser", "feed-extractor")
# feed-extractor 8 takes an Atom feed for a feed only when it has an <entry> (its isAtom test).
EMPTY_ATOM_REJECTED = "Unrecognized feed format"


def _feeds(files: dict[str, bytes], site) -> dict[str, bytes]:
    """The story feeds among the generated files, as the plan lists them (not the calendars, the
    planner's feed of messages or the changes feed, which are about key dates)."""
    stories = {feed.path for feed in make_plan(site).feeds if not feed.is_calendar}
    assert stories and stories <= set(files)
    return {path: data for path, data in files.items() if path in stories}


@pytest.fixture(scope="module")
def site():
    return published(DATA / "site")


@pytest.fixture(scope="module")
def feeds(site, tmp_path_factory) -> dict[str, bytes]:
    return _feeds(render_all(site, tmp_path_factory.mktemp("cards") / "cards"), site)


@pytest.fixture(scope="module")
def empty_feeds(tmp_path_factory) -> dict[str, bytes]:
    """Every story feed of a site with schools and key dates but no story at all."""
    content = tmp_path_factory.mktemp("empty") / "content"
    shutil.copytree(DATA / "base", content)
    for story in (content / "stories").iterdir():
        story.unlink()
    empty = published(content)
    return _feeds(render_all(empty, tmp_path_factory.mktemp("cards") / "cards"), empty)


def _expected(site) -> dict[str, dict]:
    """Story URL → what every reader should show: its schools' names and its photo (absolute URL, alt) or None."""
    names = {school.id: school.name for school in site.schools}
    found = {}
    for story in site.stories:
        photo = None
        if story.image:
            suffix = Path(story.image.src).suffix.lower()
            photo = (f"{BASE}images/stories/{story.id}{suffix}", story.image.alt)
        found[f"{BASE}stories/{story.id}/"] = {"authors": [names[s] for s in story.school], "photo": photo}
    return found


def _first_image(content: str) -> tuple[str, str] | None:
    """The (src, alt) of the content's first element when it holds an image, else None."""
    root = lxml.html.fragment_fromstring(content, create_parent="div")
    first = root[0] if len(root) else None
    if first is None or (first.text or "").strip():
        return None
    images = first.xpath("self::img | ./img")
    return (images[0].get("src"), images[0].get("alt")) if images else None


def _read_with_node(files: dict[str, bytes], folder: Path) -> dict[str, dict]:
    node, modules = shutil.which("node"), [REPO / "node_modules" / name / "package.json"
                                           for name in ("rss-parser", "@extractus/feed-extractor")]
    if not node or not all(module.is_file() for module in modules):
        missing("Node or the feed readers are not installed (make test-deps: npm ci)")
    paths = {}
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths[str(path)] = name
    result = subprocess.run([str(node), str(SCRIPT), *paths], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return {paths[path]: readers for path, readers in json.loads(result.stdout).items()}


@pytest.fixture(scope="module")
def node_read(feeds, tmp_path_factory) -> dict[str, dict]:
    return _read_with_node(feeds, tmp_path_factory.mktemp("read"))


# ---- feedparser

def test_feedparser_shows_the_photo_first_and_the_schools_as_authors(site, feeds):
    expected = _expected(site)
    seen = 0
    for path, data in feeds.items():
        if path.endswith(".json"):
            continue
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        for entry in parsed.entries:
            want = expected[entry.link]
            assert [author["name"] for author in entry.authors] == want["authors"], (path, entry.link)
            assert entry.author in want["authors"]  # feedparser's single `author`: the last <dc:creator> in RSS
            assert _first_image(entry.content[0].value) == want["photo"], (path, entry.link)
            seen += 1
    assert seen


def test_rss_names_each_school_in_dc_creator_and_atom_in_author(site, feeds):
    expected = _expected(site)
    rss = lxml.etree.fromstring(feeds["feed.xml"])
    for item in rss.iter("item"):
        creators = item.findall("{http://purl.org/dc/elements/1.1/}creator")
        assert [c.text for c in creators] == expected[item.findtext("link")]["authors"]
        assert item.find("author") is None  # RSS <author> is an e-mail address; there is none to give
    atom = lxml.etree.fromstring(feeds["atom.xml"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for entry in atom.iterfind("a:entry", ns):
        link = entry.find("a:link[@rel='alternate']", ns).get("href")
        assert entry.xpath("a:author/a:name/text()", namespaces=ns) == expected[link]["authors"]
        assert not entry.xpath(".//*[namespace-uri()='http://purl.org/dc/elements/1.1/']")  # Atom has its own author


def test_json_feed_items_carry_authors_and_the_photo_in_their_content(site, feeds):
    expected = _expected(site)
    document = json.loads(feeds["feed.json"])
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    for item in document["items"]:
        want = expected[item["url"]]
        assert [author["name"] for author in item["authors"]] == want["authors"]
        assert _first_image(item["content_html"]) == want["photo"]
        assert item.get("image") == (want["photo"][0] if want["photo"] else None)


def test_the_photo_is_still_an_enclosure(site, feeds):
    photos = {url: want["photo"][0] for url, want in _expected(site).items() if want["photo"]}
    assert photos, "the fixture content has a story with a photo"
    for item in lxml.etree.fromstring(feeds["feed.xml"]).iter("item"):
        enclosure = item.find("enclosure")
        assert (enclosure.get("url") if enclosure is not None else None) == photos.get(item.findtext("link"))


# ---- rss-parser and feed-extractor, through Node

def _ids(data: bytes) -> list[str]:
    """The item ids in a feed file, in order, as written."""
    if data.startswith(b"{"):
        return [item["id"] for item in json.loads(data)["items"]]
    return [entry.id for entry in feedparser.parse(data).entries]


def test_both_javascript_readers_read_every_feed(site, feeds, node_read):
    expected = _expected(site)
    assert set(node_read) == set(feeds)
    assert any(_ids(data) for data in feeds.values())
    for path, readers in node_read.items():
        for reader in READERS:
            found = readers[reader]
            if found is None:  # rss-parser reads XML only
                assert reader == "rss-parser" and path.endswith(".json")
                continue
            assert "error" not in found, (path, reader, found)
            assert [item["id"] for item in found["items"]] == _ids(feeds[path]), (path, reader)
            for item in found["items"]:
                want = expected[item["link"]]
                assert item["id"] == item["link"], (path, reader)
                assert _first_image(item["content"]) == want["photo"], (path, reader, item["link"])
                authors = want["authors"]
                if reader == "rss-parser" and path.endswith("atom.xml"):
                    authors = authors[:1]  # rss-parser 3 keeps only an Atom entry's first author
                assert item["authors"] == authors, (path, reader, item["link"])


# ---- empty feeds

def test_an_empty_feed_is_valid_and_has_no_entries(empty_feeds):
    assert {path.rsplit("/", 1)[-1] for path in empty_feeds} == {"feed.xml", "atom.xml", "feed.json"}
    for path, data in empty_feeds.items():
        if path.endswith(".json"):
            document = json.loads(data)
            assert document["items"] == [] and document["version"] and document["title"]
            continue
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries == [] and parsed.feed.title, path
        root = lxml.etree.fromstring(data)
        if root.tag == "rss":
            assert root.find("channel/item") is None and root.findtext("channel/link")
        else:  # RFC 4287: a feed needs id, title and updated, and may have no entry
            ns = {"a": "http://www.w3.org/2005/Atom"}
            assert root.find("a:entry", ns) is None
            assert all(root.findtext(f"a:{name}", namespaces=ns) for name in ("id", "title", "updated")), path


def test_readers_on_empty_feeds_find_nothing_and_feed_extractor_rejects_only_empty_atom(empty_feeds, tmp_path):
    """The known behaviour, pinned: feed-extractor 8 throws on a valid Atom feed with no entry
    (README.md says so); every other reader and format gives an empty list, never an invented item."""
    for path, readers in _read_with_node(empty_feeds, tmp_path).items():
        for reader in READERS:
            found = readers[reader]
            if reader == "rss-parser" and path.endswith(".json"):
                assert found is None
            elif reader == "feed-extractor" and path.endswith("atom.xml"):
                assert found == {"error": EMPTY_ATOM_REJECTED}, path
            else:
                assert "error" not in found and found["items"] == [] and found["title"], (path, reader, found)
