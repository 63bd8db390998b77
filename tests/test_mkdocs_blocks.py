"""Material's blocks rendered once for many pages (generator/mkdocs_blocks.py) change no byte of the site."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO
from publish_support import build, project, site_files, synthetic_content


def _synthetic(root: Path) -> Path:
    """bench/benchmark.py's stories and events: 30 stories, 10 events."""
    synthetic_content(root, 30, 10)
    story = next(root.glob("stories/*.yaml"))
    text = story.read_text("utf-8").splitlines(keepends=True)
    text[0] = 'title: "Pupils & staff <raise> \\u00a35,000 for \\"Children in Need\\" (it\'s {{ done }})"\n'
    story.write_text("".join(text), "utf-8")  # a title that needs escaping, in the header and elsewhere
    return root


def _odd_page(config: Path) -> None:
    """A hand-written page outside the menu whose front matter title needs escaping."""
    page = config.parent / "docs" / "odd-title.md"
    page.write_text('---\ntitle: Fish & chips <b>"hot"</b> \'n\' peas\n---\n\nA page outside the menu.\n', "utf-8")


@pytest.mark.parametrize("content", ["bundled", "synthetic"])
def test_the_site_is_byte_identical_without_the_block_memo(tmp_path, monkeypatch, content):
    import generator.mkdocs_blocks

    source = REPO / "content" if content == "bundled" else _synthetic(tmp_path / "synthetic")
    config, content_dir = project(tmp_path, source)
    _odd_page(config)
    memos = []
    real_memoize = generator.mkdocs_blocks.memoize

    def memoize(env, nav):
        memos.append(real_memoize(env, nav))
        return memos[-1]

    monkeypatch.setattr(generator.mkdocs_blocks, "memoize", memoize)
    code, out = build(config, content_dir, tmp_path / "memo")
    assert code == 0, out
    monkeypatch.setattr(generator.mkdocs_blocks, "memoize", lambda env, nav: None)
    code, out = build(config, content_dir, tmp_path / "plain")
    assert code == 0, out

    memo, plain = site_files(tmp_path / "memo"), site_files(tmp_path / "plain")
    assert sorted(path for path in set(memo) | set(plain) if memo.get(path) != plain.get(path)) == []
    assert memos[0] is not None and memos[0].reused > memos[0].rendered  # the memo was used, and often
    headers = [rendering for (name, _), kept in memos[0].kept.items() if name == "header" for rendering in kept]
    assert any(rendering.pieces and len(rendering.pieces) == 2 for rendering in headers)  # the title substituted
    assert b"Fish & chips <b>" in memo["odd-title/index.html"]


def test_the_url_filter_keeps_only_answers_that_depend_on_the_depth_alone():
    from mkdocs.utils.templates import url_filter

    from generator.mkdocs_shared import UrlAnswers

    class Page:
        def __init__(self, url):
            self.url = url

    paths = ["", ".", "./", "stories/", "stories/a/", "stories/b/x.jpg", "events/", "a.css", "../up/", "../../x",
             "stories/../events/", "/abs/", "https://example.org/", "#top", "schools/psca/feed.xml", "stories"]
    pages = ["", "stories/", "stories/a/", "stories/b/", "events/calendar/", "404.html", "stories/a/b.html",
             "schools/psca/", "deep/er/still/"]
    remembered = UrlAnswers(url_filter).filter
    for _ in range(2):  # the second time from what was kept
        for url in pages:
            context = {"page": Page(url), "base_url": "."}
            for path in paths:
                assert remembered(context, path) == url_filter(context, path), (url, path)
    context = {"page": None, "base_url": "/base/"}
    assert remembered(context, "stories/") == url_filter(context, "stories/")


def test_the_language_module_is_shared_only_when_it_reads_nothing_but_config():
    from jinja2 import DictLoader, Environment

    from generator.mkdocs_shared import LANGUAGE, share_language_module

    for source, shared in [("{% macro t(k) %}{{ config.x }}{{ k }}{% endmacro %}", True),
                           ("{% macro t(k) %}{{ page.title }}{{ k }}{% endmacro %}", False)]:
        env = Environment(loader=DictLoader({LANGUAGE: source, "page.html": '{% import "' + LANGUAGE
                                             + '" as lang with context %}{{ lang.t("k") }}'}))
        assert share_language_module(env) is shared
        page = env.get_template("page.html")
        config = {"x": 1}
        assert page.render(config=config, page={"title": "a"}) == ("1k" if shared else "ak")
        assert page.render(config=config, page={"title": "b"}) == ("1k" if shared else "bk")
