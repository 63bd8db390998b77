"""Generated HTML pages skip Python-Markdown (generator/mkdocs_fast.py, html_blocks.py): the site is
byte-identical with and without the fast path, and a page the scan is not sure of goes through
Markdown, so no text is ever lost or changed.
"""
from __future__ import annotations

import json
from pathlib import Path

import markdown
import pytest
from conftest import REPO
from mkdocs.structure.pages import _HTMLHandler
from publish_support import build, fast_plugins, project, site_files, synthetic_content

from generator.html_blocks import scan_html

EXTENSIONS = ["attr_list", "tables", "toc", "fenced_code"]  # mkdocs.yml's, and what MkDocs adds itself


def markdown_html(body: str) -> str:
    """What MkDocs' Markdown makes of a page body (mkdocs.yml's extensions)."""
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": False}}).convert(body)


def html_ids(body: str) -> set[str]:
    """The ids MkDocs records for a page's raw HTML (its own parser)."""
    handler = _HTMLHandler()
    handler.feed(body)
    handler.close()
    return handler.present_anchor_ids


PURE = {
    "blocks after one blank line": '<h1>Title</h1>\n\n<p class="intro">Some <em>text</em> &amp; more.</p>',
    "blocks after a line break": "<h2>Key dates</h2>\n<ul>\n<li>One</li>\n</ul>",
    "blank lines inside a block": '<div class="story-body">\n<p>One *not emphasis*</p>\n\n\n<p>Two</p>\n</div>',
    "same element nested": "<div><div><p>a</p></div>\n\n<p>b</p></div>",
    "void and unclosed inline elements": '<p>a<br>b<img src="x.jpg" alt="x">c</p>\n\n<figure><img src="y.jpg" alt=""></figure>',
    "a quoted > in an attribute": '<p title="a > b">text</p>',
    "ids, escaped and on links": '<h2 id="a&amp;b">x</h2>\n\n<p><a name="here" id=\'there\'>y</a></p>',
    "surrounding blank lines": "\n\n<p>x</p>\n\n",
}
NOT_SURE = {
    "Markdown between blocks": "<h1>Title</h1>\n\nSome *emphasis* here.\n\n<p>x</p>",
    "text after a block on its line": "<p>x</p> and *more*",
    "text after a block on the next line": "<p>x</p>\n*more*",
    "text ending in > after the last block": "<p>x</p> *a* > b>",
    "an uppercase tag": "<P>x</P>",
    "an inline element first": '<a href="x">link</a>\n\n<p>x</p>',
    "two blank lines between blocks": "<p>a</p>\n\n\n<p>b</p>",
    "an indented block": "    <p>code?</p>",
    "a comment": "<!-- note -->\n\n<p>x</p>",
    "a script": "<div><script>var a = '<p>';</script></div>",
    "a tab": "<p>a\tb</p>",
    "a carriage return": "<p>a</p>\r\n<p>b</p>",
    "a code fence": "<div>\n```\n<p>x</p>\n```\n</div>",
    "a line of spaces": "<div>\n  \n</div>",
    "an unclosed block": "<div><p>x</p>",
    "a stray <": "<p>1 < 2</p>",
    "an unfinished character reference": '<p>school&#x"27;s</p>\n\n<p>x</p>',
    "a reference without its ;": "<p>&amp b</p>",
    "a block's first tag over two lines": '<nav\n class="pager">x</nav>',
    "a self-closing block": "<hr/>\n\n<p>x</p>",
    "an hr": "<hr>\n\n<p>x</p>",
    "an empty page": "\n\n",
}


@pytest.mark.parametrize("body", PURE.values(), ids=PURE.keys())
def test_a_pure_html_body_is_what_markdown_makes_of_it(body):
    found = scan_html(body)
    assert found is not None
    assert found.html == markdown_html(body)
    assert found.anchor_ids == html_ids(body)


@pytest.mark.parametrize("body", NOT_SURE.values(), ids=NOT_SURE.keys())
def test_a_body_the_scan_is_not_sure_of_goes_through_markdown(body):
    assert scan_html(body) is None


def _build_both(tmp_path: Path, content_from: Path, monkeypatch) -> tuple[dict[str, bytes], dict[str, bytes], int]:
    """The same project built with the fast path and without it (Markdown for every page, then
    postbuild's pass over the site, as before); returns both sites' files and how many pages passed through."""
    import generator.build
    import generator.mkdocs_fast
    from generator.postbuild import postprocess_site

    config, content = project(tmp_path, content_from)
    plugins = fast_plugins(monkeypatch)
    code, out = build(config, content, tmp_path / "fast")
    assert code == 0, out
    assert postprocess_site(tmp_path / "fast") == 0  # every fix already made as the pages were written
    fast = site_files(tmp_path / "fast")

    real_finish = generator.build.BackgroundIndex.finish

    def postprocess_then_index(self, staging):
        postprocess_site(staging)
        real_finish(self, staging)

    monkeypatch.setattr(generator.mkdocs_fast, "register", lambda mkdocs_config: None)
    monkeypatch.setattr(generator.build.BackgroundIndex, "finish", postprocess_then_index)
    code, out = build(config, content, tmp_path / "slow")
    assert code == 0, out
    return fast, site_files(tmp_path / "slow"), plugins[0].passed_through


def _differences(fast: dict[str, bytes], slow: dict[str, bytes]) -> list[str]:
    return sorted(path for path in set(fast) | set(slow) if fast.get(path) != slow.get(path))


def test_the_bundled_site_is_byte_identical_without_the_fast_path(tmp_path, monkeypatch):
    """Also the scan against Markdown itself on every generated page: only about, accessibility and
    privacy (written from pages/ in Markdown) must go through Markdown."""
    fast, slow, passed = _build_both(tmp_path, REPO / "content", monkeypatch)
    assert _differences(fast, slow) == []
    markdown_pages = []
    pages = _generated_pages(tmp_path / "project" / "docs")
    for relative, body in pages.items():
        found = scan_html(body)
        if found is None:
            markdown_pages.append(relative)
        else:
            assert (found.html, found.anchor_ids) == (markdown_html(body), html_ids(body)), relative
    assert markdown_pages == ["about.md", "accessibility.md", "privacy.md"]
    assert passed == len(pages) - 3  # the fast path was taken for every other page


def _generated_pages(docs: Path) -> dict[str, str]:
    """Each generated page's body (front matter removed, as MkDocs reads it)."""
    from mkdocs.utils.meta import get_data

    pages = [relative for relative in json.loads((docs / ".generated.json").read_text("utf-8")) if relative.endswith(".md")]
    return {relative: get_data((docs / relative).read_text("utf-8-sig"))[0] for relative in pages}


def test_a_synthetic_site_is_byte_identical_without_the_fast_path(tmp_path, monkeypatch):
    """bench/benchmark.py's stories and events: 40 stories, 20 events."""
    synthetic_content(tmp_path / "synthetic", 40, 20)
    fast, slow, passed = _build_both(tmp_path / "build", tmp_path / "synthetic", monkeypatch)
    assert _differences(fast, slow) == []
    assert passed > 60


def _mini_site(root: Path, extensions: list[str]) -> Path:
    """A tiny MkDocs project: a hand-written page, and two generated ones (pure HTML; HTML and Markdown)."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("<p>Hand-written, through *Markdown*.</p>\n\nSome *text*.\n")
    (docs / "pure.md").write_text("---\ntitle: Pure\n---\n\n<h1>Pure</h1>\n\n<p>Only *HTML*.</p>\n")
    (docs / "mixed.md").write_text("---\ntitle: Mixed\n---\n\n<h1>Mixed</h1>\n\nA generated page with *Markdown* in it.\n")
    (docs / ".generated.json").write_text(json.dumps(["mixed.md", "pure.md"]))
    config = root / "mkdocs.yml"
    config.write_text(f"site_name: Mini\ntheme: mkdocs\nmarkdown_extensions: {json.dumps(extensions)}\n")
    return config


def _mkdocs(config_path: Path, site: Path, fast: bool) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator.mkdocs_fast import PLUGIN_NAME, register

    config = load_config(config_file=str(config_path), site_dir=str(site))
    if fast:
        register(config)
    mkdocs_build(config)
    return config.plugins[PLUGIN_NAME].passed_through if fast else 0


@pytest.mark.parametrize("extensions, passed", [(["attr_list"], 1), (["md_in_html"], 0)],
                         ids=["known extensions", "md_in_html: every page through Markdown"])
def test_a_generated_page_with_markdown_in_it_goes_through_markdown(tmp_path, monkeypatch, extensions, passed):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795435200")  # the theme's build date, the same in both builds
    config = _mini_site(tmp_path, extensions)
    assert _mkdocs(config, tmp_path / "fast", fast=True) == passed
    _mkdocs(config, tmp_path / "slow", fast=False)
    mixed = (tmp_path / "fast" / "mixed" / "index.html").read_text("utf-8")
    assert "<p>A generated page with <em>Markdown</em> in it.</p>" in mixed  # no text lost, none left as Markdown
    assert "<p>Only *HTML*.</p>" in (tmp_path / "fast" / "pure" / "index.html").read_text("utf-8")
    assert "<p>Some <em>text</em>.</p>" in (tmp_path / "fast" / "index.html").read_text("utf-8")
    assert _differences(site_files(tmp_path / "fast"), site_files(tmp_path / "slow")) == []


SNIPPETS = ["*x*", "\n", "\n\n", " ", "    ", "text", "<p>", "</p>", "</div>", "<div>", "<br>", "<span>",
            "</span>", "&amp;", "<!-- c -->", '<h2 id="a">', "</h2>", "<hr>", "`", "_y_", "<", ">", '"', "'", "=",
            "&#x", "&amp", " & ", "<p\n>", "<a\nhref='x'>", "\t", "<hr/>", "<script>", "```"]


def test_a_changed_page_passes_through_only_as_markdown_would_render_it():
    """A golden story page with snippets inserted at random (seeded): whenever the scan accepts the
    result, Markdown makes the same of it."""
    import random

    from mkdocs.utils.meta import get_data

    page, _ = get_data((REPO / "tests" / "golden" / "stories__2026-11-20-robotics-final.md").read_text("utf-8"))
    page = page[: page.index('\n\n<details class="comms-panel">')]  # whole blocks, short enough to convert 300 times
    assert scan_html(page) is not None
    chance = random.Random(13)
    accepted = 0
    for _ in range(300):
        body = page
        for _ in range(chance.randint(1, 3)):
            where = chance.randrange(len(body) + 1)
            body = body[:where] + chance.choice(SNIPPETS) + body[where:]
        found = scan_html(body)
        if found is not None:
            accepted += 1
            assert (found.html, found.anchor_ids) == (markdown_html(body), html_ids(body)), body
    assert accepted > 30  # enough cases where the scan passes a changed page through
