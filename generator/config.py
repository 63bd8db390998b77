"""Site settings: one declared, validated place (the `extra.settings` block of mkdocs.yml).

They live in mkdocs.yml so MkDocs, Zensical and the generator read one file, and templates can
use them as `config.extra.settings`.
"""
from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, field_validator, model_validator

from generator.errors import ContentError, display_path
from generator.fields import HttpsUrl, Line, LocalDateTime, Slug, describe, fail
from generator.hashtags import Hashtag
from generator.messages import Message
from generator.routes import RESERVED_CATEGORIES, RESERVED_TAGS
from generator.source import read_yaml

DEFAULT_CONFIG = Path("mkdocs.yml")


def _parse_clock(value) -> time:
    text = value if isinstance(value, str) else ""
    try:
        hour, minute = (int(part) for part in text.split(":"))
        return time(hour, minute)
    except ValueError:
        raise fail(f"expected a time like \"08:00\", got {value!r}", 'write it in quotes: "08:00"') from None


Clock = Annotated[time, PlainValidator(_parse_clock)]

_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_BRANCH = re.compile(r"^(?!/)(?!.*(?:\.\.|//|@\{|\.lock$|/$|\.$))[A-Za-z0-9._/-]{1,200}$")


def _parse_repository(value) -> str:
    if not isinstance(value, str) or not _REPOSITORY.match(value) or value.endswith((".git", "/.", "/..")):
        raise fail(f"expected a GitHub repository as owner/name, got {value!r}",
                   "write it as on GitHub, e.g.  repository: plymouth-schools/news")
    return value


def _parse_branch(value) -> str:
    if not isinstance(value, str) or not _BRANCH.match(value):
        raise fail(f"expected a git branch name, got {value!r}", "write the branch stories go to, e.g.  branch: main")
    return value


Repository = Annotated[str, PlainValidator(_parse_repository)]
Branch = Annotated[str, PlainValidator(_parse_branch)]
# The repository setting as bundled: a placeholder until the partnership's repository exists
# (`build --production` refuses it, generator/official.py).
PLACEHOLDER_REPOSITORY = "plymouth-schools/news"
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"                      # the mailbox
                    r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"              # the domain's first part
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")     # and the rest


def _parse_email(value) -> str:
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and text.lower().startswith("mailto:"):
        raise fail(f"expected an email address, got {text!r}", f"write the address alone: {text[7:]}")
    if not isinstance(text, str) or not _EMAIL.match(text):
        raise fail(f"expected an email address like comms@example.org, got {describe(value)}",
                   "write the communications team's shared mailbox, e.g.  contact_email: news@example.org")
    return text


def _parse_days(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
        raise fail(f"expected a number of working days from 1 to 60, got {describe(value)}",
                   "write how many working days a reply takes, e.g.  response_days: 10")
    return value


Email = Annotated[str, PlainValidator(_parse_email)]
WorkingDays = Annotated[int, PlainValidator(_parse_days)]


class Limits(BaseModel):
    """Length and size limits; a site may tighten DESIGN.md's, never loosen them."""

    model_config = ConfigDict(extra="forbid")
    title: int = Field(120, gt=0, le=120)
    summary: int = Field(280, gt=0, le=280)
    alt: int = Field(250, gt=0, le=250)
    description: int = Field(1000, gt=0, le=1000)
    story_file_kb: int = Field(256, gt=0, le=256)
    events_file_kb: int = Field(2048, gt=0, le=2048)
    schools_file_kb: int = Field(512, gt=0, le=512)
    photo_mb: int = Field(10, gt=0, le=10)


class Settings(BaseModel):
    """Everything about the site that is not content."""

    model_config = ConfigDict(extra="forbid")
    site_name: Line
    site_url: HttpsUrl
    docs_dir: Line = "docs"  # MkDocs' own keys, relative to mkdocs.yml: read here once for the generator
    site_dir: Line = "site"
    time_zone: str = "Europe/London"
    results_release_time: Clock = time(8, 0)
    results_category: Slug = "results"
    results_tag: Slug = "results"
    default_updated: LocalDateTime
    feed_past_days: int = Field(365, ge=0)
    categories: dict[str, Line]
    tags: dict[str, Line]
    audiences: dict[str, Line]
    limits: Limits = Limits()
    # Where the browser form (/submit/) sends people: GitHub's new-file and edit pages of this
    # repository and branch. None: the form offers copy and download only.
    repository: Repository | None = None
    branch: Branch = "main"
    # Messages every key date of a category gets unless it overrides them (generator/messages.py).
    default_messages: dict[str, list[Message]] = {}
    # Hashtags every suggested post carries (without '#'), unless a story gives its own.
    hashtags: list[Hashtag] = Field(default_factory=list)
    # The site's name in the header on phones, where the full site_name would be cut short.
    short_name: Line | None = None
    # Who runs the site and how to reach them, filled into the About, accessibility and privacy
    # pages (pages/*.md, generator/official.py). Unset: a bracketed placeholder on those pages,
    # which `build --production` refuses to publish.
    contact_email: Email | None = None
    contact_page: HttpsUrl | None = None
    data_controller: Line | None = None
    response_days: WorkingDays | None = None
    web_host: Line | None = None
    log_retention: Line | None = None

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise fail(f"unknown time zone '{value}'", "use a name such as Europe/London") from None
        return value

    @field_validator("tags")
    @classmethod
    def _tags_free(cls, value: dict[str, str]) -> dict[str, str]:
        for tag in value:
            if tag in RESERVED_TAGS:  # /tags/<tag>/ would be the tags page's own address
                raise fail(f"'{tag}' cannot be a tag: the site already has a page at that address",
                           f"choose another word for it, e.g. {tag}-{value[tag].lower().replace(' ', '-')}"
                           if value[tag].lower() != tag else f"choose another word for it, e.g. {tag}-stories")
        return value

    @field_validator("categories")
    @classmethod
    def _categories_free(cls, value: dict[str, str]) -> dict[str, str]:
        for category in value:
            if category in RESERVED_CATEGORIES:  # /calendar/<category>.ics would be another feed's address
                raise fail(f"'{category}' cannot be a category: the site already has a feed at that address",
                           f"choose another word for it, e.g. {category}-dates")
        return value

    @model_validator(mode="after")
    def _default_messages_known(self) -> Settings:
        for category, messages in self.default_messages.items():
            if category not in self.categories:
                raise fail(f"default_messages names the category '{category}', which is not one of the categories",
                           "use a category from categories, or add it there")
            ids = [message.id for message in messages]
            for index, message_id in enumerate(ids):
                if message_id in ids[:index]:
                    raise fail(f"two default messages of '{category}' have the id '{message_id}'",
                               "give each message of a category its own id")
        return self

    @field_validator("hashtags")
    @classmethod
    def _hashtags_once(cls, value: list[str]) -> list[str]:
        if len(value) > 5:
            raise fail(f"at most 5 hashtags here, got {len(value)}: every post carries them all",
                       "keep the few that matter most; a story can add its own under social.hashtags")
        seen = [tag.lower() for tag in value]
        for index, tag in enumerate(seen):
            if tag in seen[:index]:
                raise fail("a hashtag is listed twice", "list each hashtag once", item=index)
        return value

    @field_validator("site_url")
    @classmethod
    def _slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _results_known(self) -> Settings:
        if self.results_category not in self.categories:
            raise fail(f"results_category '{self.results_category}' is not one of the categories",
                       "add it under categories")
        if self.results_tag not in self.tags:
            raise fail(f"results_tag '{self.results_tag}' is not one of the tags", "add it under tags")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def host(self) -> str:
        return self.site_url.split("://", 1)[1].split("/", 1)[0]

    def url(self, path: str) -> str:
        """The absolute URL of a site path such as 'stories/x/'."""
        return self.site_url + path.lstrip("/")


def load_settings(config_path: Path = DEFAULT_CONFIG) -> tuple[Settings | None, list[ContentError]]:
    """Read and validate the settings from mkdocs.yml."""
    from generator.validate import validate_document

    display = display_path(config_path)
    doc, errors = read_yaml(config_path, display, 1024 * 1024)
    if doc is None or errors:
        return None, errors
    if not isinstance(doc.data, dict):
        return None, [doc.error((), "expected a set of settings", "see README.md, Configuration")]
    extra = doc.data.get("extra") or {}
    raw = dict((extra.get("settings") or {}) if isinstance(extra, dict) else {})
    top = ("site_name", "site_url", "docs_dir", "site_dir")
    for key in top:
        if key in doc.data or key in ("site_name", "site_url"):
            raw[key] = doc.data.get(key)
    # Errors in the settings block point at extra.settings.<key>; MkDocs' own keys at the top.
    prefix = {key: (key,) for key in top}
    settings, errors = validate_document(Settings, raw, doc, base=("extra", "settings"), remap=prefix)
    return settings, errors
