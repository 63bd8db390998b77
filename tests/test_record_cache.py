"""The record cache (generator/record_cache.py) gives exactly what a fresh load gives, and forgets what changed.

A load from the cache must hand back equal records (their source positions included) and the
same errors and warnings, in the same order, as reading every file again; a change to a file, or
to anything its validation reads (a school's name, an event's id, a settings limit, the code),
must read that file again; a damaged or foreign cache file is ignored and rewritten.
"""
from __future__ import annotations

import pickle
import shutil
import sys
from pathlib import Path

import pytest
from conftest import DATA, NOW, REPO
from test_invalid_content import CASES, _overlay

from generator import load, record_cache
from generator.config import load_settings
from generator.load import load_content


@pytest.fixture(scope="module")
def settings():
    found, errors = load_settings(REPO / "mkdocs.yml")
    assert found is not None, errors
    return found


def _snapshot(content, errors):
    """What a load hands on: every record (with where it was read) and every error and warning, in order."""
    return (content.schools, content.events, content.stories, errors.errors, errors.warnings)


def _fresh(root: Path, settings):
    return _snapshot(*load_content(root, settings))


def _cached(root: Path, settings, cache: Path):
    return _snapshot(*load_content(root, settings, cache))


def _refuse_reading(monkeypatch) -> None:
    """Fail the test if any content file is read and validated again (everything must come from the cache)."""
    def refuse(*args, **kwargs):
        raise AssertionError("a file was read again instead of coming from the record cache")
    monkeypatch.setattr(load, "_read_story", refuse)
    monkeypatch.setattr(load, "_read_list", refuse)


def test_a_warm_load_gives_what_a_fresh_load_gives(content: Path, tmp_path: Path, settings, monkeypatch):
    cache = tmp_path / "cache"
    first = _cached(content, settings, cache)
    assert (cache / record_cache.FILE).is_file()
    assert first == _fresh(content, settings)
    _refuse_reading(monkeypatch)
    assert _cached(content, settings, cache) == first
    assert first[2] and first[1] and first[0]  # stories, events and schools all came back


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_errors_and_warnings_come_back_the_same(case: Path, content: Path, tmp_path: Path, settings, monkeypatch):
    """Every bad-input case: the same records, errors and warnings (file:line:column, message, fix) from the cache."""
    _overlay(case, content)
    cache = tmp_path / "cache"
    fresh = _fresh(content, settings)
    assert _cached(content, settings, cache) == fresh  # fills the cache
    read = []
    real = load._read_story, load._read_list
    monkeypatch.setattr(load, "_read_story", lambda *args: read.append(args[0]) or real[0](*args))
    monkeypatch.setattr(load, "_read_list", lambda *args: read.append(args[0]) or real[1](*args))
    assert _cached(content, settings, cache) == fresh  # answers from it
    assert read == []


def test_check_prints_the_same_with_and_without_the_cache(content: Path, run_cli, tmp_path: Path):
    """`check` through the CLI, with errors and warnings: the cold run, the warm run and a run without .cache agree."""
    _overlay(DATA / "invalid" / "unknown-school", content)
    shutil.copy(DATA / "invalid" / "story-date-differs-from-name" / "stories" / "2026-11-20-robotics-final.yaml",
                content / "stories" / "2026-11-20-robotics-final-again.yaml")  # warnings: its date, its title
    config = shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    args = ("check", "--content", "content", "--now", NOW, "--config", str(config))
    cold = run_cli(*args)
    assert (tmp_path / ".cache" / record_cache.FILE).is_file()
    warm = run_cli(*args)
    shutil.rmtree(tmp_path / ".cache")
    assert cold == warm == run_cli(*args)
    assert cold[0] == 1 and "unknown school" in cold[1] and "the file name says 2026-11-20" in cold[1]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def _messages(loaded) -> list[str]:
    return [error.as_text() for error in loaded[3] + loaded[4]]


def test_an_edited_story_is_read_again(content: Path, tmp_path: Path, settings):
    cache = tmp_path / "cache"
    _cached(content, settings, cache)
    _edit(content / "stories" / "2026-11-20-robotics-final.yaml", "reach the national final", "win the national final")
    warm = _cached(content, settings, cache)
    assert warm == _fresh(content, settings)
    assert "Year 9 robotics team win the national final" in [story.title for story in warm[2]]


def test_a_school_renamed_changes_the_stories_that_name_it(content: Path, tmp_path: Path, settings):
    """A story that writes a school by its name is told the id, with the name from schools.yaml."""
    _overlay(DATA / "invalid" / "school-by-name", content)
    cache = tmp_path / "cache"
    before = _messages(_cached(content, settings, cache))
    _edit(content / "schools.yaml", "name: Hele's School", "name: Hele's Academy")
    warm = _cached(content, settings, cache)
    assert warm == _fresh(content, settings)
    assert _messages(warm) != before


def test_an_event_id_a_story_names_is_checked_again(content: Path, tmp_path: Path, settings):
    cache = tmp_path / "cache"
    assert not _cached(content, settings, cache)[3]
    _edit(content / "events.yaml", "id: gcse-results-2027", "id: gcse-results-day-2027")
    warm = _cached(content, settings, cache)
    assert warm == _fresh(content, settings)
    assert any("there is no event 'gcse-results-2027'" in text for text in _messages(warm))


def test_an_event_edit_no_story_reads_keeps_every_story_cached(content: Path, tmp_path: Path, settings, monkeypatch):
    """Stories are keyed by what they read of events.yaml (fields.EventRef), not by its bytes: a
    key date's title or description edited (the usual edit) leaves all 1,000 stories cached."""
    cache = tmp_path / "cache"
    _cached(content, settings, cache)
    _edit(content / "events.yaml", "title: GCSE results day", "title: GCSE results day (national)")
    monkeypatch.setattr(load, "_read_story", lambda *args, **kwargs: pytest.fail("a story was read again"))
    warm = _cached(content, settings, cache)
    monkeypatch.undo()
    assert warm == _fresh(content, settings)
    assert "GCSE results day (national)" in [event.title for event in warm[1]]


def test_a_results_day_moved_checks_its_stories_again(content: Path, tmp_path: Path, settings):
    """What a story does read of an event (a results day's date and category) is in its key."""
    cache = tmp_path / "cache"
    before = _messages(_cached(content, settings, cache))
    _edit(content / "events.yaml", "  start: 2027-08-19\n  category: results",
          "  start: 2027-08-26\n  category: results")
    warm = _cached(content, settings, cache)
    assert warm == _fresh(content, settings)
    assert _messages(warm) != before
    assert any("before results are released" in text for text in _messages(warm))
    _edit(content / "events.yaml", "  start: 2027-08-26\n  category: results",
          "  start: 2027-08-19\n  category: exams")
    warm = _cached(content, settings, cache)
    assert warm == _fresh(content, settings)
    assert any("not a results day" in text for text in _messages(warm))


def test_a_settings_limit_is_checked_again(content: Path, tmp_path: Path, settings):
    cache = tmp_path / "cache"
    assert not _cached(content, settings, cache)[3]
    tight = settings.model_copy(update={"limits": settings.limits.model_copy(update={"title": 10})})
    warm = _cached(content, tight, cache)
    assert warm == _fresh(content, tight)
    assert any("over the limit of 10" in text for text in _messages(warm))


def test_a_change_to_the_code_starts_afresh(content: Path, tmp_path: Path, settings, monkeypatch):
    cache = tmp_path / "cache"
    _cached(content, settings, cache)
    monkeypatch.setattr(record_cache, "_code_digest", lambda: "another version")
    read = []
    real = load._read_story
    monkeypatch.setattr(load, "_read_story", lambda *args: read.append(args[0]) or real(*args))
    assert _cached(content, settings, cache) == _fresh(content, settings)
    assert len(read) == 2 * len(list((content / "stories").glob("*.yaml")))  # the cached load, then the fresh one


@pytest.mark.parametrize("damage", [
    b"",
    b"not a cache at all",
    record_cache.FORMAT + b"\x80\x05truncated",
    record_cache.FORMAT + pickle.dumps(["a list", "not a pair"]),
    record_cache.FORMAT + pickle.dumps(("another salt", {"key": "value"})),
    b"plymouth-schools records 0\n" + pickle.dumps(("salt", {})),
], ids=["empty", "foreign", "truncated", "wrong-shape", "other-salt", "old-format"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(content: Path, tmp_path: Path, settings, damage: bytes):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / record_cache.FILE).write_bytes(damage)
    assert _cached(content, settings, cache) == _fresh(content, settings)
    assert (cache / record_cache.FILE).read_bytes().startswith(record_cache.FORMAT)
    assert (cache / record_cache.FILE).read_bytes() != damage


def test_an_entry_of_the_wrong_kind_is_never_used(content: Path, tmp_path: Path, settings):
    """A cache file whose entries are not what the loader keeps (another program's) is read afresh, not trusted blindly."""
    cache = tmp_path / "cache"
    _cached(content, settings, cache)
    path = cache / record_cache.FILE
    salt, entries = pickle.loads(path.read_bytes()[len(record_cache.FORMAT):])
    path.write_bytes(record_cache.FORMAT + pickle.dumps((salt, {key: "junk" for key in entries})))
    assert _cached(content, settings, cache) == _fresh(content, settings)


def test_an_unwritable_cache_folder_only_costs_speed(content: Path, tmp_path: Path, settings):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    assert _cached(content, settings, blocked / "cache") == _fresh(content, settings)


def test_bad_input_still_names_file_line_and_field(content: Path, tmp_path: Path, settings):
    _overlay(DATA / "invalid" / "title-too-long", content)
    cache = tmp_path / "cache"
    _cached(content, settings, cache)
    errors = _cached(content, settings, cache)[3]
    assert errors and all(error.path.endswith(".yaml") and error.line > 0 and error.field for error in errors)


def test_the_story_listing_is_the_one_rglob_gave(tmp_path: Path, monkeypatch):
    """load._story_folder (one scandir and one resolve per folder) lists, orders and names files as
    sorted(rglob) with display_path did: hidden names skipped, symlinked folders not entered, a
    symlinked file named where it leads."""
    from generator.errors import display_path

    folder = tmp_path / "work" / "content" / "stories"
    for name in ("2026-01-01-a.yaml", "a-b/x.yaml", "a/x.yaml", "a/b/c.jpg", ".hidden.yaml", ".git/x.yaml",
                 "b/.x.yaml", "notes.txt", "z.yml"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("title: x\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "target.yaml").write_text("title: y\n")
    (folder / "2026-01-02-linked.yaml").symlink_to(outside / "target.yaml")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    (folder / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    for cwd in (tmp_path / "work", tmp_path / "work" / "content" / "stories", tmp_path / "elsewhere", Path("/")):
        monkeypatch.chdir(cwd)
        expected = [(path, display_path(path)) for path in sorted(
            p for p in folder.rglob("*") if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(folder).parts))]
        listed = load._story_folder(folder)
        assert [(path, display) for path, display, _ in listed] == expected
        assert all(parent == path.parent for path, _, parent in listed)
    monkeypatch.chdir(tmp_path / "work")
    assert "content/stories/a-b/x.yaml" in [display for _, display, _ in load._story_folder(Path("content/stories"))]


def test_the_installed_list_is_the_same_however_the_folders_on_sys_path_are_written(tmp_path, monkeypatch):
    """The caches' salt lists installed distributions: one installation reached twice, as '' or through
    a symlink must not look like another one (it made every cache cold for the bench's own scripts)."""
    from generator.inputs import _installed

    site = tmp_path / "site-packages"
    (site / "demo-1.0.dist-info").mkdir(parents=True)
    (tmp_path / "link").symlink_to(site)
    monkeypatch.chdir(site)
    listed = []
    for path in ([str(site)], [str(site), str(site)], ["", str(site)], [str(tmp_path / "link"), str(site)]):
        monkeypatch.setattr(sys, "path", path)
        listed.append(_installed())
    assert listed[0] == [f"{site.resolve()}/demo-1.0.dist-info"]
    assert all(found == listed[0] for found in listed), listed
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "demo-2.0.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(site), str(tmp_path / "other")])
    assert _installed() != listed[0], "another distribution still changes it"
