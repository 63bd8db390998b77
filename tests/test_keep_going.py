"""build --keep-going: a story with errors is held back like a draft; everything else publishes.

One site is built for the module from the fixture content plus broken stories: a plain one, an
embargoed one whose embargo has passed, a draft, one whose photo still carries its location, and
a withdrawn one that was live before. None of them may appear in any file of the site (pages,
search index, sitemap, feeds, calendars, cards), every good story must, and the build exits 1
after the site is in place. Errors outside story files still stop the build with the previous
site untouched.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from publish_support import build, mentions, photo, project, site_files, tree_hashes

BROKEN = "2026-11-05-walrusbroken-news"          # a date that is not a date
EMBARGOED = "2026-11-06-narwhalembargo-news"     # embargo passed, but an unknown tag
DRAFT = "2026-11-07-belugadraft-news"            # a draft with a missing summary
LOCATED = "2026-11-08-orcalocated-news"          # its photo still carries GPS EXIF
WITHDRAWN = "2026-11-09-dugongwithdrawn-news"    # live, then withdrawn with a typo in the same edit
GOOD = "2026-11-10-ordinary-good-news"
WORDS = {BROKEN: "Walrusbroken", EMBARGOED: "Narwhalembargo", DRAFT: "Belugadraft", LOCATED: "Orcalocated",
         WITHDRAWN: "Dugongwithdrawn"}


def _write(stories: Path, story_id: str, word: str, extra: str = "", summary: bool = True) -> None:
    (stories / f"{story_id}.yaml").write_text(
        f"title: {word} pupils celebrate\ndate: {story_id[:10]}\nschool: plymstock\n"
        + (f"summary: {word} summary for the feeds.\n" if summary else "")
        + f"body: |\n  {word} body of the story.\n{extra}", "utf-8")


def _gps_photo(path: Path) -> None:
    photo(path, seed=7)
    with Image.open(path) as image:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (50.0, 22.0, 0.0)}
        image.save(path, exif=exif.tobytes())


@pytest.fixture(scope="module")
def kept(tmp_path_factory):
    """(site folder, first build's output, keep-going build's output and exit code)."""
    root = tmp_path_factory.mktemp("keep-going")
    config, content = project(root)
    stories = content / "stories"
    _write(stories, WITHDRAWN, WORDS[WITHDRAWN], "tags: [sport]\n")
    _write(stories, GOOD, "Ordinary")
    site = root / "site"
    code, first = build(config, content, site)
    assert code == 0, first
    assert (site / "stories" / WITHDRAWN / "index.html").is_file()
    _write(stories, WITHDRAWN, WORDS[WITHDRAWN], "tags: [sprot]\nwithdrawn: true\n")
    _write(stories, BROKEN, WORDS[BROKEN])
    text = (stories / f"{BROKEN}.yaml").read_text("utf-8")
    (stories / f"{BROKEN}.yaml").write_text(text.replace(f"date: {BROKEN[:10]}", "date: 5th November"), "utf-8")
    _write(stories, EMBARGOED, WORDS[EMBARGOED], "publish_at: 2026-11-06 08:00\ntags: [scence]\n")
    _write(stories, DRAFT, WORDS[DRAFT], "draft: true\n", summary=False)
    _gps_photo(stories / f"{LOCATED}.jpg")
    _write(stories, LOCATED, WORDS[LOCATED], f"image:\n  src: {LOCATED}.jpg\n  alt: {WORDS[LOCATED]} alt\n  consent: true\n")
    code, out = build(config, content, site, "--keep-going", "--format", "github")
    return site, first, out, code


@pytest.fixture(scope="module")
def files(kept) -> dict[str, bytes]:
    return site_files(kept[0])


def test_the_build_publishes_then_exits_1_naming_what_it_held_back(kept):
    _site, _first, out, code = kept
    assert code == 1, out
    assert "Built " in out and "Nothing was published" not in out
    for story_id in (BROKEN, EMBARGOED, DRAFT, LOCATED, WITHDRAWN):
        assert "::error file=" in out and story_id in out.split("Held back until fixed")[1], story_id
    assert "Everything else was published." in out


def test_each_error_is_a_github_annotation_on_its_line(kept):
    out = kept[2]
    lines = [line for line in out.splitlines() if line.startswith("::error ")]
    assert any(f"{BROKEN}.yaml,line=2," in line for line in lines), lines
    assert any(f"{EMBARGOED}.yaml,line=" in line and "scence" in line for line in lines), lines


@pytest.mark.parametrize("story_id", [BROKEN, EMBARGOED, DRAFT, LOCATED, WITHDRAWN])
def test_a_held_back_story_is_in_no_file_of_the_site(files, story_id):
    assert len(files) > 100 and "pagefind/pagefind-entry.json" in files
    assert mentions(files, story_id, WORDS[story_id]) == []
    assert [path for path in files if story_id in path] == []


def test_every_other_story_and_every_key_date_is_published(files):
    for story_id in (GOOD, "2026-11-20-robotics-final"):
        assert f"stories/{story_id}/index.html" in files and story_id.encode() in files["feed.xml"]
    assert b"BEGIN:VEVENT" in files["calendar.ics"] and "events/index.html" in files


def test_the_generated_docs_hold_no_held_back_story(kept):
    docs = kept[0].parent / "project" / "docs"
    generated = {path.relative_to(docs).as_posix(): path.read_bytes() for path in docs.rglob("*") if path.is_file()}
    assert mentions(generated, *WORDS.values()) == []


def test_without_keep_going_nothing_is_published(kept, tmp_path):
    site = kept[0]
    before = tree_hashes(site)
    config, content = site.parent / "project" / "mkdocs.yml", site.parent / "content"
    code, out = build(config, content, site)
    assert code == 1 and out.rstrip().endswith("Nothing was published.") and tree_hashes(site) == before


@pytest.mark.parametrize("file, damage", [
    ("events.yaml", lambda text: text.replace("category:", "categroy:", 1)),
    ("schools.yaml", lambda text: text + "- id: Bad Id\n  name: x\n"),
], ids=["events", "schools"])
def test_an_error_outside_story_files_still_stops_the_build(tmp_path, file, damage):
    config, content = project(tmp_path)
    site = tmp_path / "site"
    code, out = build(config, content, site)
    assert code == 0, out
    before = tree_hashes(site)
    _write(content / "stories", BROKEN, WORDS[BROKEN], "tags: [nope]\n")
    target = content / file
    target.write_text(damage(target.read_text("utf-8")), "utf-8")
    code, out = build(config, content, site, "--keep-going")
    assert code == 1 and out.rstrip().endswith("Nothing was published."), out
    assert tree_hashes(site) == before


def test_a_settings_error_stops_the_build(tmp_path):
    config, content = project(tmp_path)
    config.write_text(config.read_text("utf-8").replace("feed_past_days: 365", "feed_past_days: lots"), "utf-8")
    code, out = build(config, content, tmp_path / "site", "--keep-going")
    assert code == 1 and "feed_past_days" in out and not (tmp_path / "site").exists()


def test_a_story_that_clashes_with_a_key_date_is_held_back_and_the_calendar_kept(tmp_path):
    """The new contribution (the story) carries the error, so the deploy holds it back and every
    subscriber's calendar keeps the key date whose id it took."""
    config, content = project(tmp_path)
    site = tmp_path / "site"
    code, out = build(config, content, site)
    assert code == 0, out
    calendar = (site / "calendar.ics").read_bytes()
    event_id = "careers-evening-2027"
    assert f"UID:{event_id}@".encode() in calendar
    clash = f"2027-01-20-{event_id}"
    (content / "events.yaml").write_text((content / "events.yaml").read_text("utf-8").replace(
        f"id: {event_id}", f"id: {clash}"), "utf-8")
    code, out = build(config, content, site)
    assert code == 0, out
    calendar = (site / "calendar.ics").read_bytes()
    _write(content / "stories", clash, WORDS[BROKEN])
    code, out = build(config, content, site, "--keep-going")
    assert code == 1 and f"{clash}.yaml:1:1: this story's id '{clash}' is also the id of an event" in out, out
    assert (site / "calendar.ics").read_bytes() == calendar
    assert (site / "events" / clash / "index.html").is_file() and not (site / "stories" / clash).exists()
