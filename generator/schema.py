"""JSON Schemas for editors, from the same models that validate (plus the site's lists)."""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from generator import routes
from generator.config import Settings
from generator.models import Event, School, Story
from generator.write import write_atomic


def build_schemas(settings: Settings, school_ids: list[str]) -> dict[str, str]:
    """File name → schema text for story, events and schools files."""
    limits = settings.limits
    story = Story.model_json_schema()
    _max_length(story["properties"]["title"], limits.title)
    _max_length(story["properties"]["summary"], limits.summary)
    _max_length(story["$defs"]["Image"]["properties"]["alt"], limits.alt)
    story["$defs"]["Image"]["properties"]["consent"]["const"] = True  # no photo is published without consent
    story["properties"]["tags"]["items"] = {"enum": sorted(settings.tags)}
    school_ref = {"enum": sorted(school_ids)} if school_ids else {"type": "string"}
    story["properties"]["school"] = {
        "description": story["properties"]["school"].get("description", ""),
        "anyOf": [school_ref, {"type": "array", "items": school_ref, "minItems": 1}]}
    story["properties"]["results_day"] = {"anyOf": [{"type": "string"}, {"type": "null"}],
                                          "description": "For a story about exam results: the id of its results-day event"}
    events = TypeAdapter(list[Event]).json_schema()
    event = events["$defs"]["Event"]
    _max_length(event["properties"]["title"], limits.title)
    _max_length(event["properties"]["description"], limits.description)
    event["properties"]["category"]["enum"] = sorted(settings.categories)
    event["properties"]["audience"]["items"] = {"enum": sorted(settings.audiences)}
    event["properties"]["schools"] = {
        "description": "all, or a list of school ids",
        "anyOf": [{"const": "all"}, {"type": "array", "items": school_ref, "minItems": 1}], "default": "all"}
    schools = TypeAdapter(list[School]).json_schema()
    result = {}
    for name, schema, title in (("story", story, "A story"), ("events", events, "Key dates"),
                                ("schools", schools, "Schools")):
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": settings.url(routes.schema(name)), "title": title, **schema}
        result[routes.schema_name(name)] = json.dumps(schema, indent=2, sort_keys=True, default=str) + "\n"
    return result


def _max_length(schema: dict, limit: int) -> None:
    """The site's length limit on a text field (or on the text branch of an optional one), in characters."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string":
            branch["maxLength"] = limit


def write_schemas(out_dir: Path, schemas: dict[str, str]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas.items():
        path = out_dir / name
        if not path.is_file() or path.read_text("utf-8") != text:
            write_atomic(path, text)
            written.append(path)
    return written
