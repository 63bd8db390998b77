"""Records are typed and frozen after validation; the pipeline's result is typed."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BASE_CONTENT, NOW, REPO
from pydantic import ValidationError

from generator import pipeline
from generator.pipeline import Status


@pytest.fixture(scope="module")
def checked() -> pipeline.Checked:
    return pipeline.check(REPO / "mkdocs.yml", BASE_CONTENT, NOW)


def test_a_story_knows_its_id_folder_and_source(checked):
    story = checked.content.stories[0]
    assert story.id and story.folder is not None and story.folder.is_relative_to(BASE_CONTENT / "stories")
    assert (story.folder / f"{story.id}.yaml").is_file()
    assert story.source is not None and story.source.doc.display.endswith(f"{story.id}.yaml")


@pytest.mark.parametrize("kind", ["stories", "events", "schools"])
def test_records_cannot_change_after_validation(checked, kind):
    record = getattr(checked.content, kind)[0]
    with pytest.raises(ValidationError, match="frozen"):
        record.title = "changed" if kind != "schools" else None
    with pytest.raises(ValidationError, match="frozen"):
        record.id = "another-id"


def test_event_schools_is_all_or_a_list(checked):
    for event in checked.content.events:
        assert event.schools == "all" or (isinstance(event.schools, list) and event.schools)
        assert (event.school_ids is None) == (event.schools == "all")


def test_loader_only_fields_are_not_yaml_keys(content: Path, run_cli):
    story = next((content / "stories").glob("*.yaml"))
    story.write_text(story.read_text("utf-8") + "id: my-own-id\nfolder: elsewhere\n", "utf-8")
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 1
    assert "unknown field 'id'" in out and "unknown field 'folder'" in out
    assert "did you mean 'id'" not in out and "source" not in out


def test_check_returns_a_typed_status(tmp_path):
    ok = pipeline.check(REPO / "mkdocs.yml", BASE_CONTENT, NOW)
    assert ok.status is Status.OK and ok.publishable and ok.now is not None
    bad_clock = pipeline.check(REPO / "mkdocs.yml", BASE_CONTENT, "not a time")
    assert bad_clock.status is Status.USAGE and "--now" in (bad_clock.usage or "") and not bad_clock.publishable
    assert ok.docs_dir == (REPO / "docs").resolve() and ok.site_dir == (REPO / "site").resolve()


@pytest.mark.parametrize("line, expected", [
    ("docs_dir: 5", "mkdocs.yml:{line}:11: docs_dir: expected text, got the number 5"),
    ("site_dir: [a, b]", "mkdocs.yml:{line}:11: site_dir: expected text, got a list"),
], ids=["docs_dir a number", "site_dir a list"])
def test_bad_folder_settings_are_reported_at_their_line(tmp_path, line, expected):
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    key = line.split(":")[0]
    lines = text.splitlines()
    at = next(i for i, item in enumerate(lines) if item.startswith(f"{key}:"))
    lines[at] = line
    config = tmp_path / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", "utf-8")
    checked = pipeline.check(config, BASE_CONTENT, NOW)
    assert checked.settings is None and checked.status is Status.CONTENT_ERRORS
    shown = [error.as_text().split("\n")[0] for error in checked.errors.sorted()]
    assert any(text.endswith(expected.format(line=at + 1)) for text in shown), shown
