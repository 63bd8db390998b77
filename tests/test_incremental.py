"""A build that keeps or redoes work gives the same bytes as a clean build of the same inputs.

One project is built again and again as its inputs change (generator/inputs.py decides whether a
re-run may keep the site, generator/mkdocs_run.py which pages to render again); after each step the
site is compared, byte for byte, with a clean build of a fresh copy of the same content and settings
at the same `now`. The steps: a re-run later the same day (kept), a story's embargo passing (rebuilt,
never kept), a story withdrawn and a key date deleted, a settings change, and the next day; then
page by page: one story edited, one key date edited, a story photo replaced, a theme override
edited, a hand-written page added, edited and deleted, and a failed build leaving the site as it was.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from publish_support import build, photo, project, tree_hashes

from generator import build as site_build
from generator import inputs, mkdocs_run, pictures
from generator.inputs import kept_site, record_path
from generator.search_index import SearchIndexFailed
from generator.write import read_manifest

EMBARGOED = "2026-11-22-embargoed-news"
WITHDRAWN = "2026-11-10-online-safety"
DELETED_EVENT = "winter-exhibition-2026"


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _clean_build(config: Path, content: Path, root: Path, now: str) -> dict[str, bytes]:
    """A fresh copy of the project (settings, theme, hand-written pages, content), built from nothing."""
    project_dir, docs = config.parent, config.parent / "docs"
    generated = {docs / name for name in read_manifest(docs)}
    shutil.copytree(project_dir, root / "project",
                    ignore=lambda folder, names: {n for n in names if n == ".cache" or Path(folder, n) in generated})
    shutil.copytree(content, root / "content")
    fresh_config, fresh_content = root / "project" / config.name, root / "content"
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


@pytest.fixture
def renders(monkeypatch):
    """Every mkdocs_run.build result, in order: how many pages each build rendered of how many."""
    results: list[mkdocs_run.Result] = []
    real = mkdocs_run.build

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        results.append(result)
        return result

    monkeypatch.setattr(mkdocs_run, "build", spy)
    return results


def test_page_by_page_builds_are_byte_identical_to_clean_builds(tmp_path, renders, monkeypatch):
    config, content = project(tmp_path / "a")
    site = tmp_path / "a" / "site"
    now = "2026-11-23T12:00"
    steps = iter(range(100))

    def rebuilt() -> mkdocs_run.Result:
        """Build the project, check it against a clean build, and say what the build rendered."""
        code, output = build(config, content, site, now=now)
        assert code == 0 and "Built" in output, output
        result = renders[-1]
        _same(_tree(site), _clean_build(config, content, tmp_path / f"clean-{next(steps)}", now))
        return result

    first = rebuilt()
    assert first.rendered == first.pages and mkdocs_run.record_path(site).is_file()
    stories = content / "stories"

    # One story edited: its page and the few that list it, never the whole site.
    robotics = stories / "2026-11-20-robotics-final.yaml"
    robotics.write_text(robotics.read_text("utf-8").replace("body: |\n", "body: |\n  Edited today.\n", 1), "utf-8")
    result = rebuilt()
    assert 0 < result.rendered < result.pages / 2, result
    assert b"Edited today." in (site / "stories" / "2026-11-20-robotics-final" / "index.html").read_bytes()

    # One key date edited.
    events = content / "events.yaml"
    text = events.read_text("utf-8")
    events.write_text(text.replace("title: ", "title: Moved ", 1), "utf-8")
    result = rebuilt()
    assert 0 < result.rendered < result.pages / 2, result

    # A story's photo replaced: the same file name, other bytes.
    photo(stories / "2026-11-20-robotics-final.png", size=(1200, 800), seed=7, fmt="PNG")
    rebuilt()

    # A theme override edited: every page is rendered again.
    main = config.parent / "overrides" / "main.html"
    main.write_text(main.read_text("utf-8") + "\n{#- edited -#}\n<!-- theme edited -->\n", "utf-8")
    result = rebuilt()
    assert result.rendered == result.pages

    # A stylesheet edited: every page links the joined stylesheet by its contents' hash.
    sheet = config.parent / "docs" / "stylesheets" / "extra.css"
    sheet.write_text(sheet.read_text("utf-8") + "\n.edited-in-a-test { color: inherit; }\n", "utf-8")
    result = rebuilt()
    assert result.rendered == result.pages

    # A hand-written page added, then edited (rendered again alone), then deleted.
    extra = config.parent / "docs" / "open-evenings.md"
    extra.write_text("# Open evenings\n\nSee each school's own page.\n", "utf-8")
    rebuilt()
    extra.write_text("# Open evenings\n\nSee each school's own page for its dates.\n", "utf-8")
    result = rebuilt()
    assert result.rendered < result.pages / 2, result
    assert b"for its dates" in (site / "open-evenings" / "index.html").read_bytes()
    extra.unlink()
    rebuilt()
    assert not (site / "open-evenings").exists()

    # The next day (UK midnight): "today" has changed, so every page is rendered again.
    now = "2026-11-24T00:00"
    result = rebuilt()
    assert result.rendered == result.pages

    # A build that fails after rendering (here: the search index) leaves the previous site as it was,
    # byte for byte, though the new folder was made from its files.
    before = tree_hashes(site)
    robotics.write_text(robotics.read_text("utf-8").replace("Edited today.", "Edited again."), "utf-8")

    def fail(self, staging):
        raise SearchIndexFailed("Pagefind is broken")

    finish = site_build.BackgroundIndex.finish
    monkeypatch.setattr(site_build.BackgroundIndex, "finish", fail)
    code, output = build(config, content, site, now=now)
    assert code == 1 and "left as it was" in output, output
    assert tree_hashes(site) == before
    monkeypatch.setattr(site_build.BackgroundIndex, "finish", finish)
    result = rebuilt()
    assert result.rendered < result.pages / 2, result


def test_a_kept_site_prints_the_warnings_its_build_printed(tmp_path):
    config, content = project(tmp_path / "a")
    site = tmp_path / "a" / "site"
    now = "2026-12-20T12:00"  # the tentative mock exams (30 November to 11 December) have ended
    code, built = build(config, content, site, now=now)
    assert code == 0 and "Built" in built and "still tentative" in built, built
    lines = built.splitlines()
    warned = lines[:next(n for n, line in enumerate(lines) if "Warnings do not stop publishing" in line) + 1]
    assert len(warned) > 1

    code, kept = build(config, content, site, now="2026-12-20T15:00")
    assert code == 0 and kept.splitlines() == [*warned, kept.splitlines()[-1]], kept
    assert "Nothing changed" in kept.splitlines()[-1]

    argv = ["build", "--config", str(config), "--content", str(content), "--site-dir", str(site), "--now", now]
    answer = kept_site(argv)
    assert answer is not None and answer.splitlines()[:len(warned)] == warned
    github = kept_site([*argv, "--format", "github"])
    assert github is not None and github.startswith("::warning file=") and "Nothing changed" in github


def test_pages_rendered_on_two_cores_are_the_bytes_of_one(tmp_path, monkeypatch):
    config, content = project(tmp_path / "a")
    monkeypatch.setattr(mkdocs_run, "FORK_AT_LEAST", 1)  # the bundled site has too few pages to fork for
    monkeypatch.setattr(mkdocs_run, "WORKERS", 2)
    code, output = build(config, content, tmp_path / "a" / "site")
    assert code == 0, output
    monkeypatch.setattr(mkdocs_run, "WORKERS", 1)
    _same(_tree(tmp_path / "a" / "site"), _clean_build(config, content, tmp_path / "one", "2026-11-23T12:00"))


def test_a_page_failing_on_the_second_core_leaves_the_site(tmp_path, monkeypatch):
    import mkdocs.utils

    config, content = project(tmp_path / "a")
    site = tmp_path / "a" / "site"
    code, output = build(config, content, site)
    assert code == 0, output
    before = tree_hashes(site)
    monkeypatch.setattr(mkdocs_run, "FORK_AT_LEAST", 1)
    monkeypatch.setattr(mkdocs_run, "WORKERS", 2)
    monkeypatch.setattr(mkdocs_run, "_reusable", lambda *args: set())  # every page rendered again
    parent, real = os.getpid(), mkdocs.utils.write_file

    def full_disk_in_the_child(data, path):
        if os.getpid() != parent:
            raise OSError(28, "No space left on device")
        real(data, path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full_disk_in_the_child)
    record_path(site).unlink()  # not "nothing changed": build again
    code, output = build(config, content, site)
    assert code == 1 and "a page could not be built: [Errno 28] No space left on device" in output, output
    assert tree_hashes(site) == before


def test_a_recycled_site_folder_never_leaks_into_the_new_site(tmp_path, renders):
    """The retired site folder (.site-old) becomes the next build's staging folder (generator/recycle.py):
    whatever it holds — files replaced, strays, links out of it, folders where files go, half of it
    gone, another site's files — the new site is a clean build's bytes, and nothing outside is touched."""
    config, content = project(tmp_path / "a")
    site, old = tmp_path / "a" / "site", tmp_path / "a" / ".site-old"
    robotics = content / "stories" / "2026-11-20-robotics-final.yaml"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("not the site's", "utf-8")
    steps = iter(range(100))

    def edited_and_rebuilt() -> None:
        robotics.write_text(robotics.read_text("utf-8").replace("body: |\n", "body: |\n  Edited.\n", 1), "utf-8")
        code, output = build(config, content, site)
        assert code == 0 and "Built" in output, output
        assert renders[-1].rendered < renders[-1].pages / 2, renders[-1]  # the page-by-page path
        _same(_tree(site), _clean_build(config, content, tmp_path / f"clean-{next(steps)}", "2026-11-23T12:00"))
        assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site")) == [".site-old"]
        assert [p.name for p in outside.iterdir()] == ["index.html"]
        assert (outside / "index.html").read_text("utf-8") == "not the site's"

    assert build(config, content, site)[0] == 0
    edited_and_rebuilt()
    # Recycled: the site is the folder of the site before last, and its unchanged files are still its links.
    recycled = old.stat().st_ino
    edited_and_rebuilt()
    assert site.stat().st_ino == recycled
    page = next(p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html")) if (old / p.relative_to(site)).is_file()
                and p.stat().st_ino == (old / p.relative_to(site)).stat().st_ino)  # one page shared, at least

    # Tampered with: a file replaced, strays, a link out, a folder where a file goes, a folder made a link.
    (old / page).unlink()
    (old / page).write_text("tampered", "utf-8")
    (old / "stray.html").write_text("stray", "utf-8")
    (old / "stray" / "deep").mkdir(parents=True)
    (old / "stray" / "deep" / "index.html").write_text("stray", "utf-8")
    (old / "outside.html").symlink_to(outside / "index.html")
    shutil.rmtree(old / "sitemap.xml", ignore_errors=True)
    (old / "sitemap.xml").unlink(missing_ok=True)
    (old / "sitemap.xml" / "x").mkdir(parents=True)
    events = next(p for p in old.iterdir() if p.is_dir() and (p / "index.html").is_file() and p.name != "stray")
    shutil.rmtree(events)
    events.symlink_to(outside, target_is_directory=True)
    edited_and_rebuilt()

    # Half made by a killed build: half its files and folders gone.
    for number, path in enumerate(sorted(old.rglob("*"), reverse=True)):
        if number % 2 and path.is_file():
            path.unlink()
        elif number % 3 == 0 and path.is_dir():
            shutil.rmtree(path)
    edited_and_rebuilt()

    # Another site's folder: copies (other inodes) of another day's site.
    other = tmp_path / "other"
    shutil.copytree(site, other / "site")
    shutil.rmtree(old)
    (other / "site").rename(old)
    edited_and_rebuilt()


def test_two_builds_never_claim_one_retired_folder(tmp_path):
    from generator import recycle

    site = tmp_path / "site"
    (tmp_path / ".site-old" / "a").mkdir(parents=True)
    first = recycle.claim(site)
    assert first is not None and first.folder.is_dir() and not (tmp_path / ".site-old").exists()
    assert recycle.claim(site) is None
    first.discard()
    assert list(tmp_path.iterdir()) == []

    target = tmp_path / "elsewhere"
    (target / "keep").mkdir(parents=True)
    (tmp_path / ".site-old").symlink_to(target, target_is_directory=True)
    assert recycle.claim(site) is None  # a link is removed, never followed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere"] and (target / "keep").is_dir()
