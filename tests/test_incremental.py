"""A build that keeps or redoes work gives the same bytes as a clean build of the same inputs.

One project is built again and again as its inputs change (generator/inputs.py decides whether a
re-run may keep the site); after each step the site is compared, byte for byte, with a clean
build of a fresh copy of the same content and settings at the same `now`. The steps: a re-run later the
same day (kept), a story's embargo passing (rebuilt, never kept), a story withdrawn and a key
date deleted, a settings change, and the next day.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from publish_support import build, project

from generator import inputs, pictures
from generator.inputs import kept_site, record_path

EMBARGOED = "2026-11-22-embargoed-news"
WITHDRAWN = "2026-11-10-online-safety"
DELETED_EVENT = "winter-exhibition-2026"


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _clean_build(config: Path, content: Path, root: Path, now: str) -> dict[str, bytes]:
    """A fresh copy of the project (hand-written pages, these settings and content), built from nothing."""
    fresh_config, fresh_content = project(root, content_from=content)
    shutil.copyfile(config, fresh_config)
    code, output = build(fresh_config, fresh_content, root / "site", now=now)
    assert code == 0, output
    return _tree(root / "site")


def _same(incremental: dict[str, bytes], clean: dict[str, bytes]) -> None:
    assert sorted(incremental) == sorted(clean), set(incremental) ^ set(clean)
    differ = [path for path in clean if incremental[path] != clean[path]]
    assert not differ, differ


def test_incremental_builds_are_byte_identical_to_clean_builds(tmp_path):
    config, content = project(tmp_path / "a")
    site = tmp_path / "a" / "site"
    story = content / "stories" / f"{EMBARGOED}.yaml"
    story.write_text(story.read_text("utf-8").replace("publish_at: 2026-12-01 08:00", "publish_at: 2026-11-23 12:30"), "utf-8")

    code, output = build(config, content, site, now="2026-11-23T12:00")
    assert code == 0 and "Built" in output, output
    assert record_path(site).is_file()
    assert not (site / "stories" / EMBARGOED).exists()

    # Later the same day, before the embargo ends: nothing to do, and the kept site is what a clean build makes.
    before = site.stat().st_ino
    code, output = build(config, content, site, now="2026-11-23T12:20")
    assert code == 0 and "Nothing changed" in output, output
    assert site.stat().st_ino == before  # not rebuilt, not swapped
    _same(_tree(site), _clean_build(config, content, tmp_path / "clean-1", "2026-11-23T12:20"))

    # The embargo passes with no file changed: the story must be published, never the kept site served.
    code, output = build(config, content, site, now="2026-11-23T12:45")
    assert code == 0 and "Built" in output, output
    assert (site / "stories" / EMBARGOED / "index.html").is_file()
    _same(_tree(site), _clean_build(config, content, tmp_path / "clean-2", "2026-11-23T12:45"))

    # A story withdrawn and a key date deleted.
    withdrawn = content / "stories" / f"{WITHDRAWN}.yaml"
    withdrawn.write_text(withdrawn.read_text("utf-8") + "withdrawn: true\n", "utf-8")
    events = content / "events.yaml"
    text = events.read_text("utf-8")
    start = text.index(f"- id: {DELETED_EVENT}\n")
    end = text.find("\n- id:", start + 1)
    events.write_text(text[:start] + text[end + 1:], "utf-8")
    code, output = build(config, content, site, now="2026-11-23T12:45")
    assert code == 0 and "Built" in output, output
    assert not (site / "stories" / WITHDRAWN).exists() and not (site / "events" / DELETED_EVENT).exists()
    _same(_tree(site), _clean_build(config, content, tmp_path / "clean-3", "2026-11-23T12:45"))

    # A settings change alone.
    config.write_text(config.read_text("utf-8").replace("site_description: ", "site_description: Changed. ", 1), "utf-8")
    code, output = build(config, content, site, now="2026-11-23T12:45")
    assert code == 0 and "Built" in output, output
    assert b"Changed. " in (site / "index.html").read_bytes()
    _same(_tree(site), _clean_build(config, content, tmp_path / "clean-4", "2026-11-23T12:45"))

    # `python -m generator build` answers a re-run before importing the rest of the generator.
    argv = ["build", "--config", str(config), "--content", str(content), "--site-dir", str(site)]
    assert kept_site([*argv, "--now", "2026-11-23T13:00"]) is not None
    assert kept_site([*argv, "--now", "2026-11-23T12:20"]) is None  # before the embargo ended: not this site
    assert kept_site([*argv, "--keep-going", "--now", "2026-11-23T13:00"]) is None  # other options
    assert kept_site([*argv, "--now", "2026-11-24T00:00"]) is None  # the next day: "today" has changed

    # A file the digest covers changes under the record: the theme.
    overrides = config.parent / "overrides" / "main.html"
    overrides.write_text(overrides.read_text("utf-8") + "\n", "utf-8")
    assert kept_site([*argv, "--now", "2026-11-23T13:00"]) is None


def test_the_digest_covers_the_fonts_the_cards_are_drawn_with():
    assert inputs.CARD_FONTS == pictures.CARD_FONTS
