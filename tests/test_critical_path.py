"""What a rebuild after a small edit waits for, cut down (issue 13): the inputs digest taken once
per `python -m generator build`, and the previous site deleted by a process of its own.

(Pagefind's early start is tested with the search: tests/test_search_pages.py.)
"""
from __future__ import annotations

from pathlib import Path

import pytest

from generator import build as site_build
from generator import inputs


def _project(root: Path) -> list[str]:
    (root / "mkdocs.yml").write_text("site_name: Test\n", "utf-8")
    (root / "content").mkdir()
    (root / "content" / "events.yaml").write_text("[]\n", "utf-8")
    return ["build", "--config", str(root / "mkdocs.yml"), "--content", str(root / "content"),
            "--site-dir", str(root / "site")]


def test_the_build_reuses_the_digest_kept_site_took_once(tmp_path: Path, monkeypatch):
    argv = _project(tmp_path)
    calls: list[tuple] = []
    real = inputs.inputs_digest

    def counted(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(inputs, "inputs_digest", counted)
    key = (tmp_path / "mkdocs.yml", tmp_path / "content", tmp_path / "site", inputs.build_options(False, False))
    assert inputs.kept_site(argv) is None and len(calls) == 1  # no site yet
    assert inputs.taken_digest(*key) == real(*key) and len(calls) == 2, "not remembered without remember=True"
    calls.clear()
    assert inputs.kept_site(argv, remember=True) is None
    first = inputs.taken_digest(*key)
    assert len(calls) == 1 and first == real(*key)
    (tmp_path / "content" / "events.yaml").write_text("[] # edited\n", "utf-8")
    assert inputs.taken_digest(*key) != first, "taken once: the next call hashes the inputs again"


@pytest.mark.parametrize("rm", [True, False], ids=["rm process", "thread"])
def test_the_previous_site_is_deleted_while_the_build_runs(tmp_path: Path, monkeypatch, rm):
    if not rm:
        monkeypatch.setattr(site_build.shutil, "which", lambda name: None)
    site = tmp_path / "site"
    old = tmp_path / ".site-old"
    (old / "a" / "b").mkdir(parents=True)
    (old / "a" / "b" / "page.html").write_text("old", "utf-8")
    site_build._sweep(site)()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    site_build._sweep(site)()  # nothing to delete
