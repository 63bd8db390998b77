"""/api/events.json and /api/stories.json: valid against their published JSON Schemas, published content
only, absolute addresses, the plan's order, and the same bytes for the same content."""
from __future__ import annotations

import json
import shutil

import jsonschema
import pytest
from conftest import DATA, REPO, published, render_all

from generator import routes
from generator.api_models import EventsFile, StoriesFile, api_schemas
from generator.plan import make_plan

SITE = "https://news.plymouthschools.org.uk/"


@pytest.fixture(scope="module")
def fixture_files(tmp_path_factory) -> dict[str, bytes]:
    """Every generated file of the pages fixture (three schools, events of every shape, held stories)."""
    return render_all(published(DATA / "site"), tmp_path_factory.mktemp("cards") / "cards")


@pytest.fixture(scope="module")
def bundled_files(tmp_path_factory) -> dict[str, bytes]:
    return render_all(published(REPO / "content", "2026-11-29T09:00"), tmp_path_factory.mktemp("cards") / "cards")


def _data(files, kind: str) -> dict:
    return json.loads(files[routes.api(kind)])


def _validator(files, kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(files[routes.api_schema(kind)])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("kind", routes.API_KINDS)
@pytest.mark.parametrize("which", ["fixture_files", "bundled_files"])
def test_each_file_validates_against_its_published_schema(request, which, kind):
    files = request.getfixturevalue(which)
    data = _data(files, kind)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(files, kind).iter_errors(data)]
    assert errors == []
    assert data["version"] == "1" and data["$schema"] == SITE + routes.api_schema(kind)
    assert data[kind], f"no {kind} in the API"


@pytest.mark.parametrize("kind", routes.API_KINDS)
def test_the_schema_rejects_a_broken_file(fixture_files, kind):
    """The check above would pass with an empty schema: a missing field and a wrong type are caught."""
    validator, data = _validator(fixture_files, kind), _data(fixture_files, kind)
    item = data[kind][0]
    del item["title"]
    item["url"] = 42
    messages = sorted(e.message for e in validator.iter_errors(data))
    assert messages == ["'title' is a required property", "42 is not of type 'string'"]


def test_the_schemas_come_from_the_models_and_sit_apart_from_the_content_schemas(fixture_files):
    plan = make_plan(published(DATA / "site"))
    assert {path: text.encode() for path, text in api_schemas(plan.settings).items()} == {
        routes.api_schema(kind): fixture_files[routes.api_schema(kind)] for kind in routes.API_KINDS}
    for kind, model in (("events", EventsFile), ("stories", StoriesFile)):
        schema = json.loads(fixture_files[f"schemas/api/{kind}.schema.json"])
        assert schema["$id"] == SITE + f"schemas/api/{kind}.schema.json"
        assert set(schema["required"]) == {field.alias or name for name, field in model.model_fields.items()}
    assert "schemas/story.schema.json" in fixture_files  # the editors' schemas are still where they were


def test_stories_are_published_ones_only_without_bodies(fixture_files):
    stories = _data(fixture_files, "stories")["stories"]
    plan = make_plan(published(DATA / "site"))
    assert [s["id"] for s in stories] == [s.id for s in plan.stories]  # the plan's order: newest first
    assert "2026-11-21-draft-news" not in fixture_files[routes.api("stories")].decode()
    assert "2026-11-22-embargoed-news" not in fixture_files[routes.api("stories")].decode()
    robotics = next(s for s in stories if s["id"] == "2026-11-20-robotics-final")
    assert set(robotics) == {"id", "title", "date", "published", "schools", "summary", "tags", "url", "image", "card"}
    assert robotics["url"] == SITE + "stories/2026-11-20-robotics-final/"
    assert robotics["card"] == SITE + "cards/2026-11-20-robotics-final.jpg"
    assert robotics["image"]["url"] == SITE + "images/stories/2026-11-20-robotics-final.png"
    assert robotics["image"]["alt"] and robotics["image"]["width"] > 0 and robotics["image"]["height"] > 0
    assert robotics["schools"] == [{"id": "plymstock", "name": "Plymstock School"}]
    assert {"id": "science", "label": "Science"} in robotics["tags"]
    assert [s["image"] for s in stories if s["id"] == "2026-11-10-online-safety"] == [None]


def test_events_upcoming_first_with_dates_times_and_addresses(fixture_files):
    data = _data(fixture_files, "events")
    plan = make_plan(published(DATA / "site"))
    events = {e["id"]: e for e in data["events"]}
    assert list(events) == [e.id for e in plan.upcoming_first]  # upcoming dates first, then past ones, latest first
    flags = [e["upcoming"] for e in data["events"]]
    assert flags == sorted(flags, reverse=True) and False in flags
    half_term = events["autumn-half-term-2026"]
    assert (half_term["start"], half_term["end"], half_term["all_day"]) == ("2026-10-26", "2026-10-30", True)
    assert half_term["schools"] == "all" and half_term["upcoming"] is False
    careers = events["careers-evening-2027"]
    assert (careers["start"], careers["end"], careers["all_day"]) == ("2027-01-20T16:00:00+00:00", "2027-01-20T19:00:00+00:00", False)
    assert careers["schools"] == [{"id": "heles", "name": "Hele's School"}] and careers["upcoming"] is True
    assert careers["location"] == "Main hall" and careers["category"] == {"id": "careers", "label": "Careers"}
    assert events["open-evening-2027"]["end"] is None  # timed, no finishing time given
    assert events["gcse-results-2027"]["end"] == "2027-08-19"  # summer: all day, no offset to get wrong
    assert events["sports-day-plymstock-2027"]["status"] == "cancelled"
    assert events["british-science-week-2027"]["external_url"] == "https://www.britishscienceweek.org"
    assert events["winter-exhibition-2026"]["upcoming"] is True  # ongoing on 23 November
    assert careers["url"] == SITE + "events/careers-evening-2027/"
    assert careers["ics"] == SITE + "events/careers-evening-2027.ics"
    assert careers["card"] == SITE + "cards/careers-evening-2027.jpg"
    assert {"id": "parents", "label": "Parents and carers"} in careers["audience"]


def test_a_summer_time_is_written_with_its_uk_offset(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DATA / "site", content)
    with (content / "events.yaml").open("a") as events:
        events.write("- id: summer-concert-2027\n  title: Summer concert\n  start: 2027-06-10 18:00\n"
                     "  end: 2027-06-10 20:30\n  category: community\n  updated: 2026-11-22 10:15\n")
    files = render_all(published(content), tmp_path / "cards")
    data = _data(files, "events")
    concert = next(e for e in data["events"] if e["id"] == "summer-concert-2027")
    assert (concert["start"], concert["end"]) == ("2027-06-10T18:00:00+01:00", "2027-06-10T20:30:00+01:00")
    assert concert["updated"] == data["generated"] == "2026-11-22T10:15:00+00:00"  # the latest change listed
    assert list(_validator(files, "events").iter_errors(data)) == []


def test_generated_comes_from_the_content_not_the_clock(tmp_path):
    site = published(DATA / "site")
    later = published(DATA / "site", "2026-11-25T12:00")
    first = render_all(site, tmp_path / "cards")
    again = render_all(site, tmp_path / "cards")
    moved = render_all(later, tmp_path / "cards")
    for kind in routes.API_KINDS:
        assert first[routes.api(kind)] == again[routes.api(kind)]
        assert json.loads(first[routes.api(kind)])["generated"] == json.loads(moved[routes.api(kind)])["generated"]
    assert first[routes.api("stories")] == moved[routes.api("stories")]  # no story became due in between
    newest = max(s.published_at(site.settings.zone) for s in site.stories)
    assert json.loads(first[routes.api("stories")])["generated"] == newest.isoformat(timespec="seconds")
    assert json.loads(first[routes.api("events")])["generated"] == "2026-11-01T00:00:00+00:00"  # default_updated


def test_the_urls_follow_the_configured_site_url(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text("utf-8").replace(
        "site_url: https://news.plymouthschools.org.uk/", "site_url: https://example.org/news/"), "utf-8")
    files = render_all(published(DATA / "site", config=config), tmp_path / "cards")
    text = files[routes.api("events")].decode() + files[routes.api("stories")].decode()
    assert "news.plymouthschools.org.uk" not in text
    assert '"url": "https://example.org/news/events/careers-evening-2027/"' in text


def test_no_api_file_has_a_relative_address(bundled_files):
    def addresses(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("url", "card", "ics", "external_url", "$schema") and item is not None:
                    yield item
                yield from addresses(item)
        elif isinstance(value, list):
            for item in value:
                yield from addresses(item)

    found = [url for kind in routes.API_KINDS for url in addresses(_data(bundled_files, kind))]
    assert len(found) > 50 and [url for url in found if not url.startswith("https://")] == []


def test_the_bundled_api_lists_every_published_story_and_event(bundled_files):
    site = published(REPO / "content", "2026-11-29T09:00")
    assert [s["id"] for s in _data(bundled_files, "stories")["stories"]] == [s.id for s in site.stories]
    assert {e["id"] for e in _data(bundled_files, "events")["events"]} == {e.id for e in site.events}
    assert site.held and not {h.story.id for h in site.held} & {s["id"] for s in _data(bundled_files, "stories")["stories"]}


def test_nothing_in_the_api_is_made_up_for_an_empty_site(tmp_path):
    content = tmp_path / "content"
    (content / "stories").mkdir(parents=True)
    (content / "schools.yaml").write_text((DATA / "site" / "schools.yaml").read_text("utf-8"), "utf-8")
    (content / "events.yaml").write_text("[]\n", "utf-8")
    files = render_all(published(content), tmp_path / "cards")
    for kind in routes.API_KINDS:
        data = _data(files, kind)
        assert data[kind] == [] and data["generated"] == "2026-11-01T00:00:00+00:00"
        assert list(_validator(files, kind).iter_errors(data)) == []
