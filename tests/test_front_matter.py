"""Generated front matter read as JSON (generator/front_matter.py) is what MkDocs' YAML reading gives."""
from __future__ import annotations

import json

import pytest
from conftest import REPO
from mkdocs.utils.meta import get_data as mkdocs_get_data
from publish_support import build, project

from generator.front_matter import get_data
from generator.render.text import front_matter

AWKWARD = ["plain", "", "a: b # c", "'quoted'", '"double"', "back\\slash", "tab\there", "new\nline", "é ü ß", "😀 emoji",
           "\u2028 line separator", "\x85 next line", "\x7f delete", "\x00 nul", "\ufeff bom", "yes", "null", "08:30",
           "2026-11-20", "~", "&anchor", "*alias", "!tag", "%", "@", "`", "{braces}", "[list]", "- dash", "? q", "| pipe"]
VALUES = [*AWKWARD, 0, 1200, -5, 10**30, True, False, None, [], {}, 1.5, 1e-5, ["a", {"b": ["c", 2]}],
          {"og:title": "x", "twitter:card": "y"}, {"exclude": True}, [AWKWARD]]


@pytest.mark.parametrize("value", VALUES, ids=[repr(value)[:30] for value in VALUES])
@pytest.mark.parametrize("ascii", [False, True])
def test_a_value_is_read_as_yaml_reads_it_or_left_to_yaml(value, ascii):
    doc = f"---\ntitle: \"T\"\nvalue: {json.dumps(value, ensure_ascii=ascii)}\n---\n\n<p>Body</p>\n"
    found = get_data(doc)
    assert found is None or found == mkdocs_get_data(doc)
    if isinstance(value, str) and value.isalnum():
        assert found is not None  # the common case takes the fast path


@pytest.mark.parametrize("doc", [
    "---\nyes: \"a\"\n---\n\nBody\n", "---\ntitle: plain text\n---\n\nBody\n", "---\ntitle:  \"a\"\n---\n\nBody\n",
    "---\ntitle: \"a\"\n\n---\n\nBody\n", "---\nTitle: \"a\"\n---\n\nBody\n", "No front matter\n",
    "---\ntitle: {\"a\":1}\n---\n\nBody\n", "---\ntitle: \"a\"\r\n---\n\nBody\n", "---\ntitle: \"\\ud83d\\ude00\"\n---\n\nB\n",
], ids=["yaml word as key", "plain scalar", "two spaces", "blank line", "capital key", "none", "compact json", "crlf",
        "surrogate pair"])
def test_front_matter_not_written_as_the_generator_writes_it_is_left_to_yaml(doc):
    assert get_data(doc) is None


def test_the_generator_s_front_matter_is_read_fast_and_the_same(tmp_path):
    config, content = project(tmp_path, REPO / "content")
    code, out = build(config, content, tmp_path / "site")
    assert code == 0, out
    docs = config.parent / "docs"
    pages = [page for page in json.loads((docs / ".generated.json").read_text("utf-8")) if page.endswith(".md")]
    slow = []
    for page in pages:
        doc = (docs / page).read_text("utf-8-sig")
        found = get_data(doc)
        assert found is None or found == mkdocs_get_data(doc), page
        if found is None:
            slow.append(page)
    assert slow == ["about.md", "accessibility.md", "privacy.md"]  # written from pages/ by hand, in YAML
    doc = front_matter(title="A", og={"og:title": "B"}, search={"exclude": True}) + "<p>x</p>\n"
    assert get_data(doc) == mkdocs_get_data(doc) == ("<p>x</p>\n", {"title": "A", "og": {"og:title": "B"},
                                                                   "search": {"exclude": True}})
