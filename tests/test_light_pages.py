"""Light pages (issue 13): one stylesheet of ours instead of nine, and no script holding back the first paint."""
from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import yaml

from generator import routes
from generator.stylesheets import join_stylesheets

REPO = Path(__file__).resolve().parent.parent


def _sheets(docs: Path, **files: str) -> list[str]:
    for name, text in files.items():
        (docs / "stylesheets").mkdir(parents=True, exist_ok=True)
        (docs / "stylesheets" / f"{name}.css").write_text(text, "utf-8")
    return [f"stylesheets/{name}.css" for name in files]


def test_sheets_are_joined_in_order_under_a_name_that_changes_with_them(tmp_path):
    sheets = _sheets(tmp_path, extra=".a { color: red; }\n", print="@media print { .a { display: none; } }\n")
    joined = join_stylesheets(tmp_path, sheets)
    assert joined is not None
    assert joined.text.index(".a{color:red}") < joined.text.index("@media print")  # in order, minified
    assert joined.path == routes.stylesheet_bundle(joined.path.split(".")[-2])
    (tmp_path / "stylesheets" / "extra.css").write_text(".a { color: blue; }\n", "utf-8")
    changed = join_stylesheets(tmp_path, sheets)
    assert changed is not None and changed.path != joined.path


@pytest.mark.parametrize("sheets, files", [
    (["stylesheets/one.css"], {"one": ".a {}"}),
    (["stylesheets/one.css", "stylesheets/two.css"], {"one": '@import "x.css";', "two": ".b {}"}),
    (["stylesheets/one.css", "stylesheets/two.css"], {"one": '@charset "utf-8"; .a {}', "two": ".b {}"}),
    (["stylesheets/one.css", "https://example.org/x.css"], {"one": ".a {}"}),
    (["stylesheets/one.css", "/stylesheets/two.css"], {"one": ".a {}", "two": ".b {}"}),
    (["stylesheets/one.css", "stylesheets/missing.css"], {"one": ".a {}"}),
    (["stylesheets/one.css", "other/two.css"], {"one": ".a {}", "two": ".b { background: url(b.png); }"}),
], ids=["one sheet", "an @import", "an @charset", "another host", "a site-absolute path", "a missing file",
        "url() from another folder"])
def test_nothing_is_joined_where_joining_could_change_a_rule(tmp_path, sheets, files):
    _sheets(tmp_path, **files)
    if "other/two.css" in sheets:
        (tmp_path / "other").mkdir()
        (tmp_path / "stylesheets" / "two.css").rename(tmp_path / "other" / "two.css")
    assert join_stylesheets(tmp_path, sheets) is None


def test_the_repository_sheets_can_be_joined():
    """The deploy links one file only while every sheet of mkdocs.yml stays safe to join."""
    listed = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))["extra_css"]
    assert join_stylesheets(REPO / "docs", listed) is not None


def test_built_pages_link_the_joined_sheet_and_defer_every_script(built_site: Path):
    listed = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))["extra_css"]
    expected = join_stylesheets(REPO / "docs", listed)
    assert expected is not None
    pages = [built_site / "index.html", *sorted(built_site.glob("stories/*/index.html"))[:1],
             *sorted(built_site.glob("events/*/index.html"))[:1]]
    for page in pages:
        tree = lxml.html.fromstring(page.read_bytes())
        sheets = [href for href in tree.xpath("//head/link[@rel='stylesheet']/@href") if "/assets/" not in f"/{href}"]
        assert [href.rsplit("/", 1)[-1] for href in sheets] == [expected.path.rsplit("/", 1)[-1]], page
        scripts = tree.xpath("//script[@src]")
        assert scripts and all(script.get("defer") is not None for script in scripts), page
    assert (built_site / expected.path).read_text("utf-8") == expected.text
