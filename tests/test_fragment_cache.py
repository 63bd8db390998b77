"""Per-record pieces kept between builds (generator/fragment_cache.py): the same bytes, made again when any input changes."""
from __future__ import annotations

import dataclasses
import pickle
import sys
from pathlib import Path

import pytest
from conftest import REPO, published

from generator import fragment_cache, inputs, record_cache
from generator.plan import make_plan
from generator.render import comms, ical
from generator.render.site import CARDS, IMAGES, render_site, render_with_caches


def _fresh(site, tmp_path: Path) -> dict[str, bytes]:
    """Every file as made without the Markdown and fragment caches (cards from a cache of their own: they are not under test)."""
    return render_with_caches(make_plan(site), tmp_path / "fresh" / CARDS, tmp_path / "fresh" / IMAGES).as_dict()


def _cached(site, cache: Path) -> dict[str, bytes]:
    return render_site(make_plan(site), cache).as_dict()


class _Made:
    """Counts the pieces made afresh (the staff panels and the VEVENTs)."""

    def __init__(self, monkeypatch):
        self.count = 0
        for module, name in ((comms, "_panel_html"), (ical, "_vevent")):
            real = getattr(module, name)
            monkeypatch.setattr(module, name, self._counting(real))

    def _counting(self, real):
        def made(*args):
            self.count += 1
            return real(*args)
        return made


def _same(found: dict[str, bytes], expected: dict[str, bytes]) -> None:
    assert found.keys() == expected.keys()
    differing = [path for path in expected if found[path] != expected[path]]
    assert not differing, differing[:5]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """A synthetic content folder of 200 stories and 60 key dates (bench/benchmark.py's)."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import benchmark
    finally:
        sys.path.remove(str(REPO / "bench"))
    content = tmp_path_factory.mktemp("synthetic") / "content"
    benchmark.make_content(content, 200, 60)
    return content


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_a_warm_build_writes_every_file_byte_for_byte_as_a_build_without_the_cache(which, synthetic, tmp_path, monkeypatch):
    site = published(REPO / "content" if which == "bundled" else synthetic)
    expected = _fresh(site, tmp_path)
    cache = tmp_path / "cache"
    _same(_cached(site, cache), expected)  # cold: the pieces are made and kept
    assert (cache / fragment_cache.FILE).is_file()
    before = (cache / fragment_cache.FILE).stat().st_mtime_ns
    made = _Made(monkeypatch)
    _same(_cached(site, cache), expected)  # warm: every piece from the cache
    assert made.count == 0, "nothing changed: no piece is made again"
    assert (cache / fragment_cache.FILE).stat().st_mtime_ns == before, "nothing changed: the file is not rewritten"


def _first_story_with_school(site):
    return next(story for story in site.stories if story.school)


def _story_changed(site):
    story = site.stories[0]
    changed = story.model_copy(update={"summary": story.summary + " And one more thing."})
    return dataclasses.replace(site, stories=[changed, *site.stories[1:]])


def _event_changed(site):
    event = site.events[0]
    changed = event.model_copy(update={"location": "The Guildhall, Plymouth"})
    return dataclasses.replace(site, events=[changed, *site.events[1:]])


def _settings_changed(site):
    return dataclasses.replace(site, settings=site.settings.model_copy(update={"hashtags": ["NewsFromPlymouth"]}))


def _host_changed(site):
    return dataclasses.replace(site, settings=site.settings.model_copy(update={"site_url": "https://news.example.org/"}))


def _school_changed(site):
    named = _first_story_with_school(site).school[0]
    schools = [school.model_copy(update={"name": school.name + " Academy"}) if school.id == named else school
               for school in site.schools]
    return dataclasses.replace(site, schools=schools)


@pytest.mark.parametrize("change", [_story_changed, _event_changed, _settings_changed, _host_changed, _school_changed])
def test_a_changed_input_makes_its_pieces_again(change, tmp_path, monkeypatch):
    site = published(REPO / "content")
    cache = tmp_path / "cache"
    _cached(site, cache)
    changed = change(site)
    expected = _fresh(changed, tmp_path)
    assert expected != _fresh(site, tmp_path / "old"), "the change shows in the output"
    made = _Made(monkeypatch)
    _same(_cached(changed, cache), expected)
    assert made.count, "the changed pieces are made again"


@pytest.mark.parametrize("target, name", [(record_cache, "_code_digest"), (inputs, "_installed")])
def test_new_code_or_packages_make_every_piece_again(target, name, tmp_path, monkeypatch):
    site = published(REPO / "content")
    cache = tmp_path / "cache"
    expected = _cached(site, cache)
    monkeypatch.setattr(target, name, lambda: ["another version"] if name == "_installed" else "another version")
    made = _Made(monkeypatch)
    _same(_cached(site, cache), expected)
    assert made.count == len(site.stories) + 2 * len(site.events), "a panel per story and event, a VEVENT per event"


@pytest.mark.parametrize("damage", [b"", b"not a cache at all", fragment_cache.FORMAT + b"\x80\x05truncated",
                                    fragment_cache.FORMAT + pickle.dumps(("another salt", {"x": "y"}))])
def test_a_damaged_or_foreign_cache_file_is_ignored_and_rewritten(damage, tmp_path, monkeypatch):
    site = published(REPO / "content")
    cache = tmp_path / "cache"
    expected = _cached(site, cache)
    (cache / fragment_cache.FILE).write_bytes(damage)
    made = _Made(monkeypatch)
    _same(_cached(site, cache), expected)
    assert made.count == len(site.stories) + 2 * len(site.events)
    made.count = 0
    _same(_cached(site, cache), expected)
    assert made.count == 0, "rewritten whole"


def _pieces(cache: Path) -> dict:
    return pickle.loads((cache / fragment_cache.FILE).read_bytes()[len(fragment_cache.FORMAT):])[1]


def test_the_cache_keeps_only_what_the_last_build_used(tmp_path):
    site = published(REPO / "content")
    cache, alone = tmp_path / "cache", tmp_path / "alone"
    _cached(site, cache)
    before = _pieces(cache)
    changed = _story_changed(site)
    _cached(changed, cache)
    _cached(changed, alone)
    assert _pieces(cache).keys() == _pieces(alone).keys(), "what a build of the changed content alone keeps"
    assert before.keys() - _pieces(cache).keys(), "the old story's pieces are gone"


def test_without_a_cache_folder_every_piece_is_made(tmp_path, monkeypatch):
    site = published(REPO / "content")
    made = _Made(monkeypatch)
    render_site(make_plan(site), None)
    assert made.count == len(site.stories) + 2 * len(site.events)


def test_a_later_now_gives_what_a_build_without_the_cache_gives(tmp_path):
    """The planner's window, the feeds' members and the changed dates follow `now`: the keys carry them."""
    cache = tmp_path / "cache"
    _cached(published(REPO / "content"), cache)
    later = published(REPO / "content", "2027-03-01T09:00")
    expected = _fresh(later, tmp_path)
    assert expected != _fresh(published(REPO / "content"), tmp_path / "old")
    _same(_cached(later, cache), expected)


def test_one_changed_story_makes_only_its_own_feed_item_again(tmp_path, monkeypatch):
    """Feeds found whole in the cache still carry their stories' items over, for the build where one changes."""
    from generator.render import feeds

    site = published(REPO / "content")
    cache = tmp_path / "cache"
    _cached(site, cache)
    _cached(site, cache)  # every feed from the cache: no item made, each kept
    made = []
    real = feeds._item
    monkeypatch.setattr(feeds, "_item", lambda story, *rest: made.append(story.id) or real(story, *rest))
    changed = _story_changed(site)
    expected = _fresh(changed, tmp_path)
    made.clear()
    _same(_cached(changed, cache), expected)
    assert made == [changed.stories[0].id]


def test_a_long_text_piece_is_held_packed_and_given_back_whole(tmp_path):
    """Long pieces (staff panels) are kept zlib-packed, for peak memory; callers get the text itself."""
    from generator import fragment_cache as fc

    text = "<details>" + "é panel " * 600 + "</details>"
    short = "<p>short</p>"
    memo = fc.FragmentMemo({})
    fc._memo = memo
    try:
        assert fc.fragment("panel", ["a"], lambda: text) == text
        assert fc.fragment("panel", ["b"], lambda: short) == short
        assert fc.fragment("panel", ["a"], lambda: pytest.fail("made again")) == text
    finally:
        fc._memo = None
    held = list(memo.used.values())
    assert isinstance(held[0], fc._Packed) and len(held[0]) < len(text) / 4
    assert held[1] == short
    fc._memo = fc.FragmentMemo(dict(memo.used))  # as the next build reads them back
    try:
        assert fc.fragment("panel", ["a"], lambda: pytest.fail("made again")) == text
    finally:
        fc._memo = None


def _story_retitled(site):
    """The second story's new title shows on its neighbours' pages and under "More from" on others."""
    story = site.stories[1]
    changed = story.model_copy(update={"title": story.title + " (updated)"})
    return dataclasses.replace(site, stories=[site.stories[0], changed, *site.stories[2:]])


def _story_gone(site):
    """Withdrawn: its neighbours now link to each other."""
    return dataclasses.replace(site, stories=[site.stories[0], *site.stories[2:]])


def _event_gone(site):
    """Next year's GCSE results day deleted: this year's, which has passed, no longer points to it."""
    assert any(event.id == "gcse-results-2027" for event in site.events)
    return dataclasses.replace(site, events=[event for event in site.events if event.id != "gcse-results-2027"])


@pytest.mark.parametrize("change", [_story_retitled, _story_gone, _event_gone])
def test_a_page_whose_neighbours_changed_is_made_again_from_its_kept_parts(change, tmp_path, monkeypatch):
    """Whole pages are kept: one is assembled again when anything it shows changed, even in another
    record (a neighbour's title), and the parts it is made of come back from the cache unmade."""
    from generator.render import event_pages, story_pages

    site = published(REPO / "content")
    cache = tmp_path / "cache"
    _cached(site, cache)
    _cached(site, cache)  # every page whole from the cache: its parts are carried over, not read
    changed = change(site)
    expected = _fresh(changed, tmp_path)
    assert expected != _fresh(site, tmp_path / "old"), "the change shows in the output"
    assembled: list[str] = []
    for module, name in ((story_pages, "_story_page"), (event_pages, "_event_page")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda index, record, *rest, real=real: assembled.append(record.id)
                            or real(index, record, *rest))
    made = _Made(monkeypatch)
    _same(_cached(changed, cache), expected)
    assert assembled, "the pages that show the change are assembled again"
    assert len(assembled) < (len(changed.stories) + len(changed.events)) / 2, "the others are not"
    assert made.count == (change is _story_retitled), "only a retitled story's own staff panel is new"


def test_a_preview_build_after_a_public_one_gives_what_it_gives_without_the_cache(tmp_path):
    """A held story shown in a preview carries a banner, and its neighbours link to it: the keys carry both."""
    cache = tmp_path / "cache"
    _cached(published(REPO / "content"), cache)
    preview = published(REPO / "content", preview=True)
    assert preview.previewed, "the bundled content holds a story back"
    _same(_cached(preview, cache), _fresh(preview, tmp_path))
    public = published(REPO / "content")
    _same(_cached(public, cache), _fresh(public, tmp_path / "public"))
