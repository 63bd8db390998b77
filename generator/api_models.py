"""The shapes of /api/events.json and /api/stories.json: one declaration for the files and their JSON Schemas.

render/api.py fills these models and writes what they serialise to; api_schemas() writes their
JSON Schemas (served under /schemas/api/, apart from the content schemas for editors), so the data
and its description cannot drift apart. Version "1": fields may be added, never removed or changed,
so the schemas allow properties they do not list.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from generator import routes
from generator.config import Settings

VERSION: Literal["1"] = "1"

# Absolute https addresses; date-times to the second with their UK offset (+00:00 or +01:00).
Url = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]
Instant = Annotated[datetime, PlainSerializer(lambda value: value.isoformat(timespec="seconds"), return_type=str),
                    WithJsonSchema({"type": "string", "format": "date-time"})]
Day = Annotated[date, WithJsonSchema({"type": "string", "format": "date"})]


class ApiModel(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class SchoolRef(ApiModel):
    """A school, by its id in content/schools.yaml and its name."""

    id: str
    name: str


class Term(ApiModel):
    """A tag, category or audience: its id and the site's label for it."""

    id: str
    label: str


class Site(ApiModel):
    name: str
    url: Url


class Photo(ApiModel):
    """A story's photo as published (the full-size copy)."""

    url: Url
    alt: str = Field(description="What the photo shows: use it as the image's alt text")
    width: int | None = Field(description="Pixels, when known")
    height: int | None = Field(description="Pixels, when known")


class Story(ApiModel):
    """A published story, without its body (read it at `url`)."""

    id: str = Field(description="Stable: the story's file name and address")
    title: str
    date: Day = Field(description="The story's date")
    published: Instant = Field(description="When it went public: its embargo time, else 00:00 UK time on its date")
    schools: list[SchoolRef]
    summary: str = Field(description="Plain text, at most 280 characters")
    tags: list[Term]
    url: Url = Field(description="The story's page")
    image: Photo | None = Field(description="Its photo, or null when it has none")
    card: Url = Field(description="A 1200x630 JPEG for link previews and social media")


class Event(ApiModel):
    """A key date. All day: `start` and `end` are dates, `end` the last day (inclusive). Timed:
    date-times with their UK offset, `end` null when the entry gives no finishing time."""

    id: str = Field(description="Stable forever: the calendar UID is built from it")
    title: str
    start: Day | Instant
    end: Day | Instant | None
    all_day: bool
    status: Literal["confirmed", "tentative", "cancelled"] = Field(
        description="tentative: the date is to be confirmed; cancelled: it will not take place")
    category: Term
    schools: Literal["all"] | list[SchoolRef] = Field(description='"all", or the schools it is for')
    audience: list[Term]
    location: str | None
    external_url: Url | None = Field(description="Where the date comes from or more information, if given")
    url: Url = Field(description="The key date's page on this site")
    ics: Url = Field(description="The key date alone as an iCalendar file")
    card: Url = Field(description="A 1200x630 JPEG for link previews and social media")
    updated: Instant | None = Field(description="When the entry last changed, if recorded")
    upcoming: bool = Field(description="true while it is on or ahead (as of the build): its last day is today or later")


class EventsFile(ApiModel):
    """Every published key date: upcoming ones in date order (first day, start time, id), then ended ones, latest first."""

    schema_: Url = Field(alias="$schema")
    version: Literal["1"]
    generated: Instant = Field(description="The latest change to the content it lists (never the build's clock)")
    site: Site
    events: list[Event]


class StoriesFile(ApiModel):
    """Every published story, newest first (drafts, embargoed and withdrawn stories are never in it)."""

    schema_: Url = Field(alias="$schema")
    version: Literal["1"]
    generated: Instant = Field(description="When the newest story it lists went public (never the build's clock)")
    site: Site
    stories: list[Story]


FILES: dict[str, type[ApiModel]] = {"events": EventsFile, "stories": StoriesFile}
TITLES = {"events": "Key dates (API)", "stories": "Stories (API)"}


def api_schemas(settings: Settings) -> dict[str, str]:
    """Site path → JSON Schema text for each API file."""
    result = {}
    for kind, model in FILES.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": settings.url(routes.api_schema(kind)),
                  "title": TITLES[kind], **model.model_json_schema(by_alias=True, mode="serialization")}
        result[routes.api_schema(kind)] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return result


def dump(model: ApiModel) -> str:
    """An API file's text: the model as JSON, fields in declared order (pydantic's own encoder: the
    same text as json.dumps(indent=1, ensure_ascii=False), which is many times slower with an indent)."""
    return model.model_dump_json(by_alias=True, indent=1) + "\n"
