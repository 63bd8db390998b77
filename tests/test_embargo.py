"""Held stories leak nowhere: drafts, embargoes (across the clock change), withdrawn stories and photos.

One site is built for the module from the fixture content plus a results story under embargo, a
draft and a withdrawn story, each with a photo, and a live story whose photo was taken down
between two builds. Every file of the built site (.gz files opened) is then searched for each
held story's id, for unusual words from its title, summary, body and alt text, and for its
photo's bytes: pages, archives, school and tag pages, the home page, the search index, the
sitemap, feeds, calendars, JSON, card images and copied photos alike.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
from conftest import NOW
from publish_support import build, mentions, photo, project, site_files, tree_hashes

from generator import pipeline
from generator.publish import publish

RESULTS = "2027-08-19-quokkaresults-gcse"
DRAFT = "2026-11-18-platypusdraft-news"
WITHDRAWN = "2026-11-02-echidnawithdrawn-news"
TAKEN_DOWN = "2026-11-03-photo-taken-down"
FIXTURE_HELD = {"2026-11-21-draft-news": ["Draft story", "Still being written"],
                "2026-11-22-embargoed-news": ["Embargoed announcement", "Not public until December"]}
WORDS = {RESULTS: ["Quokkaresults", "Numbatsummary", "Wombatbody", "Dugongalt"],
         DRAFT: ["Platypusdraft", "Bilbysummary", "Potoroobody", "Quollalt"],
         WITHDRAWN: ["Echidnawithdrawn", "Wallabysummary", "Bandicootbody", "Possumalt"]}


def _story(folder: Path, story_id: str, extra: str, seed: int, words: list[str] | None = None) -> bytes:
    title, summary, body, alt = words or ["Ordinary", "Ordinary summary", "Ordinary body", "Ordinary alt"]
    data = photo(folder / f"{story_id}.jpg", seed=seed)
    (folder / f"{story_id}.yaml").write_text(
        f"title: {title} pupils celebrate\ndate: {story_id[:10]}\nschool: plymstock\n"
        f"summary: {summary} for the feeds.\nbody: |\n  {body} in the story.\n"
        f"image:\n  src: {story_id}.jpg\n  alt: {alt} of pupils\n  consent: true\n{extra}", "utf-8")
    return data


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(site folder, project folder, build output, photos by story id, the taken-down story's first card)."""
    root = tmp_path_factory.mktemp("embargo")
    config, content = project(root)
    stories = content / "stories"
    photos = {
        RESULTS: _story(stories, RESULTS, "tags: [results]\nresults_day: gcse-results-2027\n"
                                          "publish_at: 2027-08-19 08:00\n", 1, WORDS[RESULTS]),
        DRAFT: _story(stories, DRAFT, "draft: true\n", 2, WORDS[DRAFT]),
        WITHDRAWN: _story(stories, WITHDRAWN, "tags: [sport]\nwithdrawn: true\n", 3, WORDS[WITHDRAWN]),
        TAKEN_DOWN: _story(stories, TAKEN_DOWN, "tags: [sport]\n", 4),
    }
    site = root / "site"
    code, out = build(config, content, site)
    assert code == 0, out
    first_card = (site / "cards" / f"{TAKEN_DOWN}.jpg").read_bytes()
    assert (site / "images" / "stories" / f"{TAKEN_DOWN}.jpg").read_bytes() == photos[TAKEN_DOWN]
    # Consent for the photo is withdrawn: its image: block and the file go; the story stays.
    text = (stories / f"{TAKEN_DOWN}.yaml").read_text("utf-8")
    (stories / f"{TAKEN_DOWN}.yaml").write_text(text[:text.index("image:")] + "tags: [sport]\n", "utf-8")
    (stories / f"{TAKEN_DOWN}.jpg").unlink()
    code, out = build(config, content, site)
    assert code == 0, out
    return site, root, out, photos, first_card


@pytest.fixture(scope="module")
def files(built) -> dict[str, bytes]:
    return site_files(built[0])


def test_build_says_what_it_held_back_and_why(built):
    out = built[2]
    assert f"held back: {RESULTS} (due 2027-08-19 08:00)" in out
    assert f"held back: {DRAFT} (draft)" in out
    assert f"held back: {WITHDRAWN} (withdrawn)" in out
    assert "(2 drafts; 1 withdrawn; 2 held, the next until 2026-12-01 08:00)" in out


@pytest.mark.parametrize("story_id", [RESULTS, DRAFT, WITHDRAWN, *FIXTURE_HELD])
def test_a_held_story_is_in_no_file_of_the_site(files, story_id):
    words = WORDS.get(story_id) or FIXTURE_HELD[story_id]
    assert len(files) > 100 and "pagefind/pagefind-entry.json" in files and "sitemap.xml.gz" in files
    assert {"api/stories.json", "api/events.json", "embed/plymstock/index.html"} <= set(files)  # data for other sites
    assert mentions(files, story_id, *words) == []
    assert [path for path in files if story_id in path] == []


@pytest.mark.parametrize("story_id", [RESULTS, DRAFT, WITHDRAWN])
def test_a_held_storys_photo_is_in_no_file(built, files, story_id):
    assert mentions(files, built[3][story_id]) == []


def test_the_site_is_complete_otherwise(files):
    """The checks above would pass on an empty site: the live stories are all there."""
    for story_id in ["2026-11-20-robotics-final", TAKEN_DOWN]:
        assert f"stories/{story_id}/index.html" in files
        assert story_id.encode() in files["sitemap.xml"]
        assert any(story_id.encode() in data for path, data in files.items() if path.startswith("pagefind/fragment/"))
        assert f"cards/{story_id}.jpg" in files
    for path in ("feed.xml", "atom.xml", "feed.json"):
        if path in files:
            assert b"2026-11-20-robotics-final" in files[path]
    stories = json.loads(files["api/stories.json"])["stories"]
    assert {"2026-11-20-robotics-final", TAKEN_DOWN} <= {story["id"] for story in stories}
    assert not {RESULTS, DRAFT, WITHDRAWN, *FIXTURE_HELD} & {story["id"] for story in stories}
    assert b"Sports day" in files["embed/plymstock/index.html"]  # the embed pages list the school's dates


def test_a_withdrawn_photo_is_gone_from_every_output(built, files):
    site, _root, _out, photos, first_card = built
    assert mentions(files, photos[TAKEN_DOWN]) == []
    assert [path for path in files if path.startswith("images/") and TAKEN_DOWN in path] == []
    assert files[f"cards/{TAKEN_DOWN}.jpg"] != first_card  # redrawn without the photo
    page = lxml.html.fromstring(files[f"stories/{TAKEN_DOWN}/index.html"])
    assert page.find(".//figure") is None and "Ordinary alt" not in page.text_content()


def test_the_generated_docs_hold_no_held_story(built):
    docs = built[1] / "project" / "docs"
    generated = {path.relative_to(docs).as_posix(): path.read_bytes() for path in docs.rglob("*") if path.is_file()}
    assert mentions(generated, RESULTS, DRAFT, WITHDRAWN, *WORDS[RESULTS]) == []


# ---------------------------------------------------------------------- the clock change

@pytest.mark.parametrize("now, live", [
    ("2027-08-19T06:59:00+00:00", False),   # 07:59 BST
    ("2027-08-19T07:00:00+00:00", True),    # 08:00 BST: results are out
], ids=["06:59 UTC held", "07:00 UTC live"])
def test_an_embargo_on_a_summer_date_lifts_at_seven_utc(tmp_path, now, live):
    """publish_at 2027-08-19 08:00 is UK time, British Summer Time in August: 07:00 UTC."""
    config, content = project(tmp_path, content_from=Path(__file__).parent / "data" / "base")
    code, out = build(config, content, tmp_path / "site", now=now)
    assert code == 0, out
    page = tmp_path / "site" / "stories" / "2026-11-21-results-story" / "index.html"
    assert page.is_file() == live
    assert ("held back: 2026-11-21-results-story (due 2027-08-19 08:00)" in out) != live
    assert (b"2026-11-21-results-story" in (tmp_path / "site" / "sitemap.xml").read_bytes()) == live


def test_the_embargo_boundary_to_the_second(content):
    from conftest import REPO

    checked = pipeline.check(REPO / "mkdocs.yml", content, "2026-11-23T12:00")
    assert not checked.errors
    story = "2026-11-21-results-story"
    before = publish(checked.content, datetime(2027, 8, 19, 6, 59, 59, tzinfo=UTC))
    at = publish(checked.content, datetime(2027, 8, 19, 7, 0, 0, tzinfo=UTC))
    assert story not in [s.id for s in before.stories] and [h.story.id for h in before.held] == [story]
    assert story in [s.id for s in at.stories] and at.held == []


@pytest.mark.parametrize("publish_at, ok", [
    ("2027-08-19 08:00", True),
    ("2027-08-19 07:00+00:00", True),   # the same moment, written in UTC
    ("2027-08-19 07:59", False),
    ("2027-08-19 06:59Z", False),       # 07:59 UK time
    ("2027-08-18 23:00", False),        # the evening before: schools already have results
], ids=["08:00 UK", "07:00 UTC", "07:59 UK", "06:59 UTC", "the night before"])
def test_a_results_story_is_held_until_eight_uk_time_on_results_day(content, run_cli, publish_at, ok):
    story = content / "stories" / "2026-11-21-results-story.yaml"
    text = story.read_text("utf-8").replace("publish_at: 2027-08-19 08:00", f"publish_at: {publish_at}")
    story.write_text(text, "utf-8")
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == (0 if ok else 1), out
    if not ok:
        assert "is before results are released at 08:00 on Thursday 19 August 2027" in out
        assert "fix: set  publish_at: 2027-08-19 08:00  (or later)" in out


# ---------------------------------------------------------------------- preview

@pytest.fixture(scope="module")
def preview(built):
    site, root, _out, _photos, _card = built
    before = tree_hashes(site)
    docs_before = tree_hashes(root / "project" / "docs")
    code, out = build(root / "project" / "mkdocs.yml", root / "content", root / "preview", "--preview")
    assert code == 0, out
    return root / "preview", out, before == tree_hashes(site), docs_before == tree_hashes(root / "project" / "docs")


@pytest.mark.parametrize("story_id, words", [
    (RESULTS, "under embargo until 8am on Thursday 19 August 2027 (UK time)"),
    (DRAFT, "This is a draft"),
    ("2026-11-22-embargoed-news", "under embargo until 8am on Tuesday 1 December 2026 (UK time)"),
])
def test_a_preview_shows_held_stories_with_a_banner(preview, story_id, words):
    page = lxml.html.parse(str(preview[0] / "stories" / story_id / "index.html")).getroot()
    banner = page.find_class("status-banner")
    assert len(banner) == 1 and banner[0].get("role") == "note"
    assert banner[0].text_content().startswith("Not yet published.") and words in banner[0].text_content()
    assert f"in this preview only: {story_id}" in preview[1]


def test_a_preview_leaves_out_withdrawn_stories_and_live_ones_have_no_banner(preview):
    assert not (preview[0] / "stories" / WITHDRAWN).exists()
    assert mentions(site_files(preview[0] / "pagefind"), WITHDRAWN) == []
    live = lxml.html.parse(str(preview[0] / "stories" / "2026-11-20-robotics-final" / "index.html")).getroot()
    assert live.find_class("status-banner") == []


def test_a_preview_touches_neither_the_site_nor_the_docs_folder(preview):
    assert preview[2], "the deploy site changed"
    assert preview[3], "docs/ changed: held stories would be one `mkdocs build` away from the public site"
    assert "Never deploy it." in preview[1]


@pytest.mark.parametrize("site_dir", ["site", "project/site"], ids=["./site", "mkdocs.yml's site_dir"])
def test_a_preview_refuses_the_deploy_folder(built, site_dir, monkeypatch):
    root = built[1]
    monkeypatch.chdir(root)
    before = tree_hashes(root / "site")
    code, out = build(root / "project" / "mkdocs.yml", root / "content", Path(site_dir), "--preview")
    assert code == 2 and f"error: --preview may not build into {site_dir}, the folder that is deployed" in out
    assert tree_hashes(root / "site") == before


def test_the_planner_and_its_feeds_are_among_the_files_searched(files):
    """The leak checks above cover the planner pages, its calendar and feed, and the changes feed."""
    for path in ["planner/index.html", "calendar/planner.ics", "planner/feed.xml", "calendar/changes.xml"]:
        assert path in files
