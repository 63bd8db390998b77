"""The committed JSON Schemas match the models, and they accept the bundled content."""
from __future__ import annotations

import json

from conftest import REPO

from generator import pipeline
from generator.schema import build_schemas


def _current():
    checked = pipeline.check(REPO / "mkdocs.yml", REPO / "content")
    assert not checked.errors, [e.as_text() for e in checked.errors.errors]
    return build_schemas(checked.settings, [s.id for s in checked.content.schools])


def test_committed_schemas_are_up_to_date():
    for name, text in _current().items():
        committed = (REPO / "schemas" / name).read_text("utf-8")
        assert committed == text, f"schemas/{name} is stale: run  make schema"


def test_story_schema_lists_tags_and_schools_and_forbids_unknown_keys():
    story = json.loads(_current()["story.schema.json"])
    assert story["additionalProperties"] is False
    assert "science" in story["properties"]["tags"]["items"]["enum"]
    assert {"plymstock"} <= set(story["properties"]["school"]["anyOf"][0]["enum"])
    assert set(story["required"]) == {"title", "date", "school", "summary", "body"}


def test_bundled_files_point_at_their_schema():
    stories = sorted((REPO / "content" / "stories").glob("*.yaml"))
    assert stories
    for path in stories:
        assert path.read_text("utf-8").startswith("# yaml-language-server: $schema=../../schemas/story.schema.json\n"), path
    assert (REPO / "content/events.yaml").read_text().startswith("# yaml-language-server: $schema=../schemas/events.schema.json")
