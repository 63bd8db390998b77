"""What the browser form (/submit/) needs from the build: the JSON Schemas and the site's lists.

The form validates with the generated schemas (run by the bundled ajv) and takes everything a
schema cannot say from form-data.json: limits, school names, tags, categories, audiences, results
days and the ids already taken. No rule is written here twice: each value is read from the settings,
the schools and the events.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial

from generator import routes
from generator.config import Settings
from generator.fragment_cache import fragment
from generator.images import MAX_SIDE
from generator.models import Event, School
from generator.schema import build_schemas


def render_form_data(settings: Settings, schools: Iterable[School], events: Iterable[Event]) -> dict[str, str]:
    """Docs path → text: the published schemas and the form's data file."""
    schools = sorted(schools, key=lambda school: school.name.lower())
    events = list(events)
    ids = [s.id for s in schools]  # the schemas follow from these and the settings (in the fragment cache's salt)
    schemas = fragment("schemas", ids, partial(build_schemas, settings, ids))
    files = {routes.schema(kind): schemas[routes.schema_name(kind)] for kind in routes.SCHEMA_KINDS}
    limits = settings.limits
    data = {
        "repository": settings.repository,
        "branch": settings.branch,
        "time_zone": settings.time_zone,
        "limits": {"title": limits.title, "summary": limits.summary, "alt": limits.alt,
                   "description": limits.description, "story_file_kb": limits.story_file_kb,
                   "photo_mb": limits.photo_mb, "photo_side": MAX_SIDE},
        "schools": [{"id": school.id, "name": school.name} for school in schools],
        "tags": [{"id": key, "label": label} for key, label in settings.tags.items()],
        "categories": [{"id": key, "label": label} for key, label in settings.categories.items()],
        "audiences": [{"id": key, "label": label} for key, label in settings.audiences.items()],
        "results": {
            "tag": settings.results_tag,
            "release_time": f"{settings.results_release_time:%H:%M}",
            "days": [{"id": event.id, "title": event.title, "date": event.start_day.isoformat()}
                     for event in sorted(events, key=lambda e: (e.start_day, e.id))
                     if event.category == settings.results_category and event.status != "cancelled"],
        },
        "event_ids": sorted({event.id for event in events} | routes.RESERVED_EVENT_IDS),
        "schema_lines": {"story": "# yaml-language-server: $schema=../../schemas/story.schema.json"},
    }
    files[routes.FORM_DATA] = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    return files
