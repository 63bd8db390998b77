"""`build` end to end on the small content set: generates, builds, refuses on errors, cleans up."""
from __future__ import annotations

import shutil

from conftest import NOW, REPO

from generator.inputs import record_path


def _project(tmp_path):
    """A copy of the site configuration and hand-written pages, so builds write only under tmp_path."""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "docs", tmp_path / "docs", ignore=_generated)
    if (REPO / "overrides").is_dir():
        shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    shutil.copytree(REPO / "pages", tmp_path / "pages")
    return tmp_path / "mkdocs.yml"


def _generated(folder, names):
    import json

    manifest = REPO / "docs" / ".generated.json"
    listed = set(json.loads(manifest.read_text())) if manifest.exists() else set()
    tops = {p.split("/")[0] for p in listed} | {".generated.json"}
    return [n for n in names if folder == str(REPO / "docs") and n in tops]


def test_build_writes_the_site_and_holds_embargoed_stories(tmp_path, content, run_cli):
    config = _project(tmp_path)
    code, out, _ = run_cli("build", "--config", str(config), "--content", "content", "--site-dir", "site", "--now", NOW)
    assert code == 0, out
    site = tmp_path / "site"
    assert (site / "index.html").is_file()
    assert (site / "stories" / "2026-11-20-robotics-final" / "index.html").is_file()
    assert not (site / "stories" / "2026-11-21-results-story").exists()
    assert "2026-11-21-results-story" not in (site / "sitemap.xml").read_text()
    assert "held back: 2026-11-21-results-story (due 2027-08-19 08:00)" in out


def test_a_second_build_with_nothing_changed_writes_nothing(tmp_path, content, run_cli):
    config = _project(tmp_path)
    args = ("build", "--config", str(config), "--content", "content", "--site-dir", "site", "--now", NOW)
    run_cli(*args)
    code, out, _ = run_cli(*args)
    assert code == 0 and "Nothing changed since site was built" in out  # kept whole (generator/inputs.py)
    record_path(tmp_path / "site").unlink()  # without the record of its inputs, the build runs and rewrites nothing
    code, out, _ = run_cli(*args)
    assert code == 0 and "(0 generated files changed, 0 removed)" in out


def test_a_deleted_story_disappears_from_generated_pages(tmp_path, content, run_cli):
    config = _project(tmp_path)
    args = ("build", "--config", str(config), "--content", "content", "--site-dir", "site", "--now", NOW)
    run_cli(*args)
    (content / "stories" / "2026-11-20-robotics-final.yaml").unlink()
    code, out, _ = run_cli(*args)
    assert code == 0
    assert not (tmp_path / "docs" / "stories" / "2026-11-20-robotics-final.md").exists()
    assert not (tmp_path / "site" / "stories" / "2026-11-20-robotics-final").exists()


def test_build_refuses_while_an_error_stands_and_keeps_the_old_site(tmp_path, content, run_cli):
    config = _project(tmp_path)
    args = ("build", "--config", str(config), "--content", "content", "--site-dir", "site", "--now", NOW)
    assert run_cli(*args)[0] == 0
    before = (tmp_path / "site" / "index.html").read_bytes()
    (content / "events.yaml").write_text("- id: x\n  title: X\n  start: 2027-02-29\n  category: results\n")
    code, out, _ = run_cli(*args)
    assert code == 1
    assert out.endswith("Nothing was published.\n")
    assert "content/events.yaml:3:10: start: 2027-02-29 is not a date on the calendar" in out
    assert (tmp_path / "site" / "index.html").read_bytes() == before
