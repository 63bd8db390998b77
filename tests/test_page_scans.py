"""What the fast path found about generated pages, kept between builds (generator/page_scans.py),
changes no byte of the site and is trusted only for the same text and the same code."""
from __future__ import annotations

import json
from pathlib import Path

from publish_support import build, fast_plugins, project, site_files, synthetic_content


def _synthetic(root: Path) -> Path:
    return synthetic_content(root, 20, 8)


def test_a_build_from_kept_scans_is_byte_identical(tmp_path, monkeypatch):
    config, content = project(tmp_path, _synthetic(tmp_path / "synthetic"))
    plugins = fast_plugins(monkeypatch)
    code, out = build(config, content, tmp_path / "first")
    assert code == 0, out
    kept = config.parent / ".cache" / "page-scans.json"
    entries = json.loads(kept.read_text("utf-8"))["pages"]
    assert plugins[-1].scans.hits == 0 and len(entries) > 2 * 20  # front matter and body of every generated page

    code, out = build(config, content, tmp_path / "second")  # another folder: every page rendered again
    assert code == 0, out
    assert plugins[-1].scans.hits == len(entries)  # every answer from the file
    assert plugins[-1].passed_through == plugins[0].passed_through
    first, second = site_files(tmp_path / "first"), site_files(tmp_path / "second")
    assert sorted(path for path in set(first) | set(second) if first.get(path) != second.get(path)) == []


def test_kept_scans_answer_only_for_the_same_text_and_code(tmp_path, monkeypatch):
    import generator.page_scans as page_scans

    path = tmp_path / "page-scans.json"
    scans = page_scans.PageScans(path)
    doc, body = '---\ntitle: "A"\n---\n\n<p id="x">A</p>\n', '<p id="x">A</p>\n'
    assert not scans.exact_front_matter(doc) and scans.body(body) == (False, None)
    scans.found_exact(doc)
    scans.scanned(body, ["x"])
    scans.scanned("text, not HTML", None)
    scans.save(limit=10)

    again = page_scans.PageScans(path)
    assert again.exact_front_matter(doc) and not again.exact_front_matter(doc.replace("A", "B"))
    assert again.body(body) == (True, ["x"]) and again.body(body + " ") == (False, None)
    assert again.body("text, not HTML") == (True, None)
    again.save(limit=1)  # a build that used two answers: the third, older one is kept only up to the limit
    assert len(page_scans.PageScans(path).known) == 3
    few = page_scans.PageScans(path)
    few.scanned("another body", None)
    few.save(limit=2)
    assert len(page_scans.PageScans(path).known) == 2

    monkeypatch.setattr(page_scans, "_SALT", "other code")
    assert page_scans.PageScans(path).known == {}  # another checker or library version: nothing trusted
    path.write_text("{not json", "utf-8")
    monkeypatch.setattr(page_scans, "_SALT", None)
    assert page_scans.PageScans(path).known == {}


def test_read_exact_gives_what_get_data_gave():
    from generator import front_matter

    doc = ('---\ntitle: "Fish & chips \\u2013 \\"hot\\""\nog: {"og:title": "A – B", "n": 3}\nfeeds: [{"href": "a/"}]\n'
           'search: {"exclude": true}\n---\n\n<p>Body</p>\n')
    found = front_matter.get_data(doc)
    assert found is not None and front_matter.read_exact(doc) == found
