"""MkDocs forgets each page's text once it is no longer needed (generator/mkdocs_memory.py), changing no byte."""
from __future__ import annotations

from types import SimpleNamespace

from generator.mkdocs_memory import ForgetPageText


def test_a_page_s_markdown_goes_once_rendered_and_its_html_once_written():
    page = SimpleNamespace(markdown="# Title", content=None)
    plugin = ForgetPageText()
    assert plugin.on_page_content("<h1>Title</h1>", page=page, config=None, files=None) == "<h1>Title</h1>"
    assert page.markdown is None
    page.content = "<h1>Title</h1>"
    assert plugin.on_post_page("<html>…</html>", page=page, config=None) == "<html>…</html>"
    assert page.content is None


def test_the_build_registers_it_and_mkdocs_yml_does_not():
    from conftest import REPO

    registered = [path.name for path in (REPO / "generator").glob("*.py") if "ForgetPageText()" in path.read_text("utf-8")]
    assert registered, "the site build (generator/build.py or whatever runs MkDocs) registers the plugin"
    assert "forget" not in (REPO / "mkdocs.yml").read_text("utf-8").lower()
