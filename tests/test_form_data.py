"""What the build writes for the browser form (/submit/): the published schemas, form-data.json,
the repository settings, and the vendored validator with its licences. No browser needed."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator import pipeline
from generator.render.form_data import render_form_data
from generator.routes import FORM_DATA, RESERVED_EVENT_IDS

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "docs" / "javascripts" / "vendor"


@pytest.fixture(scope="module")
def bundled():
    checked = pipeline.check(REPO / "mkdocs.yml", REPO / "content", "2026-11-29T09:00")
    assert checked.publishable and checked.content
    return checked.content.settings, checked.content


def test_the_build_publishes_the_same_schemas_as_make_schema(bundled):
    settings, content = bundled
    files = render_form_data(settings, content.schools, content.events)
    assert sorted(files) == ["schemas/events.schema.json", "schemas/schools.schema.json", "schemas/story.schema.json",
                             FORM_DATA]
    for name in ("events", "schools", "story"):
        assert files[f"schemas/{name}.schema.json"] == (REPO / "schemas" / f"{name}.schema.json").read_text("utf-8")


def test_the_schemas_carry_the_site_limits_and_the_consent_rule(bundled):
    settings, content = bundled
    files = render_form_data(settings, content.schools, content.events)
    story = json.loads(files["schemas/story.schema.json"])
    assert story["properties"]["title"]["maxLength"] == settings.limits.title
    assert story["properties"]["summary"]["maxLength"] == settings.limits.summary
    image = story["$defs"]["Image"]["properties"]
    assert image["alt"]["maxLength"] == settings.limits.alt and image["consent"]["const"] is True
    event = json.loads(files["schemas/events.schema.json"])["$defs"]["Event"]["properties"]
    assert event["title"]["maxLength"] == settings.limits.title
    assert [branch.get("maxLength") for branch in event["description"]["anyOf"]] == [settings.limits.description, None]


def test_form_data_comes_from_the_settings_schools_and_events(bundled):
    settings, content = bundled
    data = json.loads(render_form_data(settings, content.schools, content.events)[FORM_DATA])
    assert data["repository"] == "plymouth-schools/news" and data["branch"] == "main"
    assert {school["id"] for school in data["schools"]} == {school.id for school in content.schools}
    assert [school["name"] for school in data["schools"]] == sorted((s.name for s in content.schools), key=str.lower)
    assert [(tag["id"], tag["label"]) for tag in data["tags"]] == list(settings.tags.items())
    assert [c["id"] for c in data["categories"]] == list(settings.categories)
    assert [a["id"] for a in data["audiences"]] == list(settings.audiences)
    assert data["limits"]["title"] == settings.limits.title and data["limits"]["photo_side"] == 2000
    assert data["results"]["release_time"] == "08:00" and data["results"]["tag"] == settings.results_tag
    assert {day["id"] for day in data["results"]["days"]} == {
        e.id for e in content.events if e.category == settings.results_category and e.status != "cancelled"}
    assert set(data["event_ids"]) == {e.id for e in content.events} | RESERVED_EVENT_IDS
    assert data["schema_lines"]["story"] == (REPO / "content" / "stories" / "2026-11-20-robotics-final.yaml").read_text(
        "utf-8").splitlines()[0]


@pytest.mark.parametrize("value", ["plymouth schools/news", "news", "https://github.com/a/b", "a/b/c", "-a/b"])
def test_a_repository_that_is_not_owner_slash_name_is_an_error(tmp_path, value):
    from generator.config import load_settings

    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text("utf-8").replace(
        "repository: plymouth-schools/news", f"repository: {json.dumps(value)}"), "utf-8")
    settings, errors = load_settings(config)
    assert settings is None
    assert [(e.field, e.message.split(",")[0]) for e in errors] == [
        ("extra.settings.repository", "expected a GitHub repository as owner/name")]
    assert "repository: plymouth-schools/news" in errors[0].fix


def test_a_bad_branch_is_an_error(tmp_path):
    from generator.config import load_settings

    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text("utf-8").replace("branch: main", "branch: main..x"), "utf-8")
    _, errors = load_settings(config)
    assert [e.field for e in errors] == ["extra.settings.branch"]


def test_the_vendored_validator_is_the_pinned_version_with_its_licences():
    """`make vendor` writes both files from node_modules; run it again after changing package.json."""
    pinned = json.loads((REPO / "package.json").read_text("utf-8"))["devDependencies"]
    header = (VENDOR / "ajv2020.min.js").read_text("utf-8").splitlines()[0]
    bundled = dict(re.findall(r"([@\w./-]+?)@(\d[\w.-]*) \(", header))
    assert bundled["ajv"] == pinned["ajv"] and bundled["ajv-formats"] == pinned["ajv-formats"], header
    licences = (VENDOR / "ajv2020.LICENSES.txt").read_text("utf-8")
    for name, version in bundled.items():
        assert f"{name} {version} (" in licences
    assert licences.count("Permission is hereby granted") >= 4  # the MIT licences, each in full


def test_the_form_page_loads_only_files_from_this_site():
    page = (REPO / "docs" / "submit.md").read_text("utf-8")
    sources = re.findall(r'(?:src|href)="([^"#]+)"', page)
    assert sources and all(not re.match(r"^[a-z]+:|^//", source) for source in sources), sources
    assert (REPO / "docs" / "javascripts" / "submit.js").is_file() and (REPO / "docs" / "stylesheets" / "submit.css").is_file()
