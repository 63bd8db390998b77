"""Story bodies' HTML cached between builds (generator/markdown_cache.py): the same bytes, fresh when anything changes."""
from __future__ import annotations

import json

import pytest
from conftest import published

from generator import markdown_cache
from generator.plan import make_plan
from generator.render import text
from generator.render.site import render_site


def _render(content, cache):
    return render_site(make_plan(published(content)), cache).as_dict()


def _no_rendering(monkeypatch):
    def refuse(source: str) -> str:
        raise AssertionError(f"rendered again: {source[:40]!r}")

    refuse.cache_clear = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setattr(text, "_markdown_html", refuse)


def test_a_second_build_takes_every_body_from_the_cache_and_writes_the_same_bytes(content, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = _render(content, cache)
    cached = json.loads((cache / markdown_cache.FILE).read_text("utf-8"))
    assert cached["html"], "the first build fills the cache"
    before = (cache / markdown_cache.FILE).stat().st_mtime_ns
    _no_rendering(monkeypatch)
    assert _render(content, cache) == first
    assert (cache / markdown_cache.FILE).stat().st_mtime_ns == before, "nothing changed: the file is not rewritten"


def test_a_cached_body_is_what_rendering_gives(content, tmp_path):
    cache = tmp_path / "cache"
    _render(content, cache)
    entries = json.loads((cache / markdown_cache.FILE).read_text("utf-8"))["html"]
    for story in published(content).stories:
        assert entries[markdown_cache._key(story.body)] == text._markdown_html(story.body)


def test_the_cache_keeps_only_what_the_last_build_used(content, tmp_path):
    cache = tmp_path / "cache"
    _render(content, cache)
    story = sorted((content / "stories").glob("*.yaml"))[0]
    old = published(content).stories
    changed = story.read_text("utf-8").replace("body: |\n", "body: |\n  A new first paragraph.\n\n", 1)
    assert changed != story.read_text("utf-8")
    story.write_text(changed, "utf-8")
    _render(content, cache)
    entries = json.loads((cache / markdown_cache.FILE).read_text("utf-8"))["html"]
    bodies = {markdown_cache._key(s.body) for s in published(content).stories}
    assert bodies <= set(entries)
    gone = {markdown_cache._key(s.body) for s in old} - bodies
    assert gone, "one body changed"
    assert not gone & set(entries), "the old body's entry is gone"


@pytest.mark.parametrize("written", ["not json", json.dumps({"salt": "other code", "html": {}}), json.dumps([1, 2])],
                         ids=["damaged", "another version", "not a mapping"])
def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(content, tmp_path, written):
    cache = tmp_path / "cache"
    expected = _render(content, tmp_path / "clean")
    cache.mkdir()
    (cache / markdown_cache.FILE).write_text(written, "utf-8")
    assert _render(content, cache) == expected
    assert json.loads((cache / markdown_cache.FILE).read_text("utf-8"))["salt"] == markdown_cache._salt()


def test_a_poisoned_entry_from_other_code_is_never_used(content, tmp_path):
    """The salt covers the libraries and text.py: HTML made by other code is thrown away, not served."""
    cache = tmp_path / "cache"
    expected = _render(content, cache)
    path = cache / markdown_cache.FILE
    data = json.loads(path.read_text("utf-8"))
    data["salt"] = "made by an older text.py"
    data["html"] = {key: "<script>old</script>" for key in data["html"]}
    path.write_text(json.dumps(data), "utf-8")
    assert _render(content, cache) == expected


def test_without_a_cache_folder_nothing_is_kept(content):
    assert _render(content, None)
    assert markdown_cache._memo is None


def test_bodies_not_rendered_because_their_pages_were_kept_whole_stay_in_the_cache(content, tmp_path, monkeypatch):
    """A build that takes every page whole from the fragment cache renders no Markdown; the bodies'
    HTML must still be there when the pages are assembled again (new settings, new code)."""
    from generator import fragment_cache

    cache = tmp_path / "cache"
    first = _render(content, cache)
    _render(content, cache)  # every page whole: no body looked up
    site = published(content)
    entries = json.loads((cache / markdown_cache.FILE).read_text("utf-8"))["html"]
    texts = [story.body for story in site.stories] + [event.description for event in site.events if event.description]
    assert {markdown_cache._key(text) for text in texts} <= set(entries)
    (cache / fragment_cache.FILE).unlink()  # as a settings change would leave it: every page assembled again
    _no_rendering(monkeypatch)
    assert _render(content, cache) == first
