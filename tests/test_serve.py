"""`python -m generator serve`'s regenerate step: writes the pages, and reports errors without a traceback."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import NOW, REPO

from generator.serve import regenerate


def _project(tmp_path: Path) -> Path:
    shutil.copy2(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs").mkdir()
    return tmp_path / "mkdocs.yml"


def test_regenerate_writes_the_pages_then_nothing_when_unchanged(tmp_path, content, capsys):
    config = _project(tmp_path)
    assert regenerate(config, content, NOW)
    assert (tmp_path / "docs" / "index.md").is_file()
    assert "Regenerated docs" in capsys.readouterr().out
    assert regenerate(config, content, NOW)
    assert "(0 files changed, 0 removed)" in capsys.readouterr().out


def test_content_errors_are_printed_and_the_last_good_pages_kept(tmp_path, content, capsys):
    config = _project(tmp_path)
    assert regenerate(config, content, NOW)
    capsys.readouterr()
    story = next((content / "stories").glob("*.yaml"))
    story.write_text(story.read_text("utf-8") + "\ntitel: a typo\n", "utf-8")
    assert not regenerate(config, content, NOW)
    out = capsys.readouterr().out
    assert "titel" in out and "The preview still shows the last good pages." in out and "Traceback" not in out
    assert (tmp_path / "docs" / "index.md").is_file()


def test_a_bad_clock_is_one_line(tmp_path, content, capsys):
    config = _project(tmp_path)
    assert not regenerate(config, content, "not a time")
    out = capsys.readouterr().out
    assert "error:" in out and "Traceback" not in out
