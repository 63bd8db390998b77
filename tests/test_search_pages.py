"""The search index built beside MkDocs (generator/search_pages.py, search_index.BackgroundIndex).

`build` hands Pagefind each indexed page's `data-pagefind-body` element, made from the generated
pages, instead of the built site: the bundle must be the one Pagefind makes from the built site
(`python -m generator.search_index SITE`, the Zensical path) byte for byte: same pages, meta, sort
keys, excerpts and headings. A Pagefind that fails, or a build that fails while Pagefind runs,
leaves the previous site and nothing beside it.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from browser_support import DATA
from publish_support import build, project, tree_hashes

from generator import routes
from generator.search_index import BackgroundIndex, index_site
from generator.search_pages import LANGUAGE, search_pages, write_search_pages
from generator.write import MANIFEST

REPO = Path(__file__).resolve().parent.parent


def _bundle(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_bundle_is_the_one_pagefind_makes_from_the_built_site(built_site: Path, tmp_path: Path):
    rebuilt = tmp_path / "site"
    shutil.copytree(built_site, rebuilt, ignore=shutil.ignore_patterns(routes.SEARCH_BUNDLE.rstrip("/")))
    index_site(rebuilt)  # what the build did before, and what the Zensical path still does
    ours, theirs = _bundle(built_site / routes.SEARCH_BUNDLE), _bundle(rebuilt / routes.SEARCH_BUNDLE)
    assert sorted(ours) == sorted(theirs)
    assert [path for path in ours if ours[path] != theirs[path]] == []
    assert sum(path.startswith("fragment/") for path in ours) >= 10


def test_the_language_is_the_themes():
    """Pagefind names its index after <html lang>, which Material takes from theme.language."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # mkdocs.yml's !!python/name tags
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=Loader)  # noqa: S506 (a SafeLoader)
    assert config["theme"]["language"] == LANGUAGE


def _page(head: dict, body: str = "<h1>A</h1>\n") -> bytes:
    lines = "".join(f"{key}: {json.dumps(value)}\n" for key, value in head.items())
    return f"---\n{lines}---\n\n{body}".encode()


def test_only_pages_with_search_meta_are_made_and_their_values_are_escaped():
    outputs = [
        ("stories/a.md", _page({"title": "A", "pagefind": {"type": "Story", "date": "Monday", "rank": '2 "x" <y>'}})),
        ("schools/b.md", _page({"pagefind": {"type": "School", "rank": "0 b"}})),
        ("tags/c.md", _page({"title": "C"})),
        ("index.md", b"<h1>Home</h1>\n"),
        ("feed.xml", b"---\npagefind: {}\n---\n"),
    ]
    pages = dict(search_pages(outputs))
    assert sorted(pages) == ["schools/b/index.html", "stories/a/index.html"]
    assert 'data-rank="2 &quot;x&quot; &lt;y&gt;"' in pages["stories/a/index.html"]
    assert 'data-date=""' in pages["schools/b/index.html"] and f'<html lang="{LANGUAGE}">' in pages["schools/b/index.html"]
    assert "<h1>A</h1>" in pages["stories/a/index.html"] and "title" not in pages["stories/a/index.html"]


def test_built_page_is_docs_path_reversed():
    for url in ("stories/x/", "events/gcse-results-2027/", "schools/", "", "stories/2026/"):
        built = routes.built_page(routes.docs_path(url))
        assert built == url + "index.html", url


def _docs(folder: Path, pages: dict[str, bytes]) -> Path:
    """A docs folder holding these generated pages and their manifest, as write_docs leaves it."""
    for relative, data in pages.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    (folder / MANIFEST).write_text(json.dumps(sorted(pages)), "utf-8")
    return folder


def test_with_no_page_to_index_the_built_site_is_indexed(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<!doctype html><html lang="en-GB"><body><h1>Hello</h1></body></html>', "utf-8")
    docs = _docs(tmp_path / "docs", {"tags/c.md": _page({"title": "C"})})
    search = BackgroundIndex(docs, tmp_path / "out", tmp_path / "pages")
    try:
        search.start()
        search.finish(site)
    finally:
        search.close()
    assert (site / routes.SEARCH_BUNDLE / "pagefind-entry.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "pages", "site"]


# ---- failures leave the previous site

@pytest.fixture(scope="module")
def good(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-pages")
    config, content = project(root, DATA / "base")
    code, out = build(config, content, root / "site")
    assert code == 0, out
    return root, tree_hashes(root / "site")


@pytest.fixture
def work(good, tmp_path):
    root, hashes = good
    for name in ("project", "content", "site"):
        shutil.copytree(root / name, tmp_path / name, symlinks=True)
    return tmp_path  # without the inputs record beside the site: the build runs


def _rebuild_unchanged(work: Path, hashes: dict[str, str]) -> str:
    code, out = build(work / "project" / "mkdocs.yml", work / "content", work / "site")
    assert code == 1, out
    assert tree_hashes(work / "site") == hashes
    assert sorted(p.name for p in work.iterdir() if p.name.startswith(".site")) == [], "folders left behind"
    return out


def test_a_failing_pagefind_fails_the_build_with_its_message_and_leaves_the_site(good, work, monkeypatch):
    import generator.search_index

    def failing(site_dir, output=None):
        return [sys.executable, "-c", "import sys; print('Error: simulated indexing failure'); sys.exit(3)"]

    monkeypatch.setattr(generator.search_index, "command", failing)
    out = _rebuild_unchanged(work, good[1])
    assert "Pagefind could not index the site (exit 3): Error: simulated indexing failure" in out
    assert "Traceback" not in out


def test_a_missing_pagefind_says_how_to_install_it(good, work, monkeypatch):
    import generator.search_index

    monkeypatch.setattr(generator.search_index, "command", lambda site_dir, output=None: [str(work / "no-such-program")])
    out = _rebuild_unchanged(work, good[1])
    assert "Pagefind could not run" in out and "make deps installs it" in out and "Traceback" not in out


def test_a_mkdocs_failure_stops_pagefind_and_leaves_nothing_behind(good, work, monkeypatch):
    from mkdocs.exceptions import BuildError

    import generator.mkdocs_run

    def fail(*args, **kwargs):
        raise BuildError("simulated failure")

    monkeypatch.setattr(generator.mkdocs_run, "build", fail)
    out = _rebuild_unchanged(work, good[1])
    assert "MkDocs could not build the site: simulated failure" in out


def test_close_before_pagefind_finishes_stops_it(tmp_path: Path):
    docs = _docs(tmp_path / "docs", {f"stories/s{i}.md": _page({"pagefind": {"type": "Story", "rank": str(i)}}, f"<h1>S{i}</h1>\n")
                                     for i in range(50)})
    search = BackgroundIndex(docs, tmp_path / "site", tmp_path / "pages")
    search.start()
    search.close()
    assert sorted(p.name for p in tmp_path.iterdir()) in (["docs"], ["docs", "pages"])


def test_a_rebuild_writes_only_the_pages_that_changed_and_removes_the_rest(tmp_path: Path):
    def story(i: int, text: str = "") -> bytes:
        return _page({"pagefind": {"type": "Story", "rank": str(i)}}, f"<h1>S{i}</h1>\n<p>{text}</p>\n")

    pages = tmp_path / "pages"
    docs = _docs(tmp_path / "docs", {"stories/a.md": story(1), "stories/b.md": story(2), "tags/t.md": _page({})})
    assert write_search_pages(docs, pages) == 2
    a, b = pages / "stories/a/index.html", pages / "stories/b/index.html"
    os.utime(a, (1, 1))
    shutil.rmtree(docs)
    docs = _docs(docs, {"stories/a.md": story(1), "stories/b.md": story(2, "changed"), "stories/c.md": story(3)})
    assert write_search_pages(docs, pages) == 3
    assert a.stat().st_mtime == 1 and "changed" in b.read_text("utf-8") and (pages / "stories/c/index.html").is_file()
    shutil.rmtree(docs)
    docs = _docs(docs, {"stories/c.md": story(3)})
    (pages / ".hashes.json").unlink()  # as a run stopped half-way leaves it
    (pages / "stray.html").write_text("<h1>not ours</h1>", "utf-8")
    assert write_search_pages(docs, pages) == 1
    assert sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*.html")) == ["stories/c/index.html"]


# ---- start_from: Pagefind started from the build's own bytes, before the docs folder is written

def _outputs(pages: dict[str, bytes]):
    from generator.outputs import OutputSet

    outputs = OutputSet()
    outputs.add_all(pages, "test")
    return outputs


def _stories(n: int, text: str = "") -> dict[str, bytes]:
    return {f"stories/s{i}.md": _page({"pagefind": {"type": "Story", "rank": str(i)}}, f"<h1>S{i}</h1>\n<p>{text}</p>\n")
            for i in range(n)}


def _index(tmp_path: Path, name: str, pages: dict[str, bytes], early: bool) -> tuple[bool, dict[str, bytes]]:
    """(whether start_from started Pagefind, the bundle) for these generated pages."""
    site = tmp_path / f"{name}-site"
    site.mkdir()
    docs = _docs(tmp_path / f"{name}-docs", pages)
    search = BackgroundIndex(docs, tmp_path / f"{name}-out", tmp_path / "pages")
    try:
        started = search.start_from(_outputs(pages)) if early else False
        search.start()
        search.finish(site)
    finally:
        search.close()
    return started, _bundle(site / routes.SEARCH_BUNDLE)


@pytest.mark.skipif(os.name != "posix", reason="start_from hands Pagefind the lock: posix only")
def test_start_from_gives_the_bundle_the_docs_folder_gives(tmp_path: Path):
    pages = _stories(5) | {"tags/t.md": _page({"title": "T"}), "about.md": b"# About\n"}
    assert _index(tmp_path, "late", pages, early=False) == (False, _index(tmp_path, "early", pages, early=True)[1])
    changed = _stories(5) | {"stories/s2.md": _page({"pagefind": {"type": "Story", "rank": "2"}}, "<h1>New</h1>\n")}
    early, bundle = _index(tmp_path, "early-changed", changed, early=True)
    (tmp_path / "pages" / ".hashes.json").unlink()  # the process path rewrites every page
    assert early and bundle == _index(tmp_path, "late-changed", changed, early=False)[1]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [], "folders left behind"


@pytest.mark.skipif(os.name != "posix", reason="start_from hands Pagefind the lock: posix only")
def test_start_from_leaves_many_changed_pages_and_a_held_folder_to_the_process(tmp_path: Path, monkeypatch):
    from generator import search_pages as pages_module

    monkeypatch.setattr(BackgroundIndex, "MOST_WRITTEN", 3)
    pages = _stories(5)
    search = BackgroundIndex(tmp_path / "docs", tmp_path / "site", tmp_path / "pages")
    assert not search.start_from(_outputs(pages))  # 5 pages to write, no record: left to start()
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == [".lock"]
    write_search_pages(_docs(tmp_path / "docs", pages), tmp_path / "pages")
    held = pages_module.lock(tmp_path / "pages", wait=False)  # another build indexing beside this mkdocs.yml
    assert held is not None
    try:
        one_changed = pages | _stories(1, "changed")
        assert not BackgroundIndex(tmp_path / "docs", tmp_path / "site", tmp_path / "pages").start_from(_outputs(one_changed))
    finally:
        os.close(held)
    search = BackgroundIndex(tmp_path / "docs", tmp_path / "site", tmp_path / "pages")
    try:
        assert search.start_from(_outputs(one_changed))
        assert "changed" in (tmp_path / "pages" / "stories/s0/index.html").read_text("utf-8")
    finally:
        search.close()


@pytest.mark.skipif(os.name != "posix", reason="start_from hands Pagefind the lock: posix only")
def test_pagefind_holds_the_pages_folder_while_it_runs_and_a_killed_one_fails_clearly(tmp_path: Path):
    from generator import search_pages as pages_module
    from generator.search_index import SearchIndexFailed

    search = BackgroundIndex(tmp_path / "docs", tmp_path / "site", tmp_path / "pages")
    try:
        assert search.start_from(_outputs(_stories(50)))
        assert pages_module.lock(tmp_path / "pages", wait=False) is None, "the lock went with the build's descriptor"
        search._process.kill()  # type: ignore[union-attr]
        with pytest.raises(SearchIndexFailed, match=r"Pagefind could not index the site \(exit -9\)"):
            search.finish(tmp_path / "site")
    finally:
        search.close()
    free = pages_module.lock(tmp_path / "pages", wait=False)
    assert free is not None
    os.close(free)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]


def test_the_pagefind_binary_is_run_directly_where_installed(monkeypatch, tmp_path: Path):
    from generator.search_index import command, pagefind_program

    assert command(tmp_path)[0] != sys.executable, "pagefind[bin] is installed: no second Python start-up"
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\n", "utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    assert pagefind_program() == [str(fake.resolve())]


def test_a_failure_after_pagefind_started_during_generate_stops_it_and_leaves_the_site(good, work, monkeypatch):
    """build() starts Pagefind as soon as the pages are made (render_site's pages_ready), while
    the feeds are still to come: a failure there stops it, and nothing is left beside the site."""
    import generator.render.site
    from generator.build import BuildFailed
    from generator.search_index import BackgroundIndex as Index

    started = []
    real = Index.start_from

    def recording(self, outputs):
        started.append(real(self, outputs))
        return started[-1]

    def fail(*args, **kwargs):
        assert started == [True], "Pagefind was not started before the feeds"
        raise BuildFailed("simulated failure after the pages")

    monkeypatch.setattr(Index, "start_from", recording)
    monkeypatch.setattr(generator.render.site, "render_feeds", fail)
    code, out = build(work / "project" / "mkdocs.yml", work / "content", work / "site")
    assert code == 1 and "simulated failure after the pages" in out and "Traceback" not in out, out
    assert tree_hashes(work / "site") == good[1]
    assert sorted(p.name for p in work.iterdir() if p.name.startswith(".site")) == [], "folders left behind"


def test_an_indexed_page_made_after_pagefind_started_restarts_the_index(tmp_path: Path):
    pages = _stories(2)
    outputs = _outputs(pages)
    search = BackgroundIndex(tmp_path / "docs", tmp_path / "site", tmp_path / "pages")
    try:
        assert search.start_from(outputs)
        outputs.add("about.md", b"# About\n", "official")
        assert not search.misses(outputs)
        outputs.add("stories/late.md", _page({"pagefind": {"type": "Story", "rank": "9"}}), "a later renderer")
        assert search.misses(outputs)
    finally:
        search.close()


def test_the_first_build_into_a_folder_not_yet_made_indexes_it(good, work):
    site = work / "new" / "folder" / "site"
    code, out = build(work / "project" / "mkdocs.yml", work / "content", site)
    assert code == 0, out
    assert (site / routes.SEARCH_BUNDLE / "pagefind-entry.json").is_file()
