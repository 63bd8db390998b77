"""School, Story and Event: typed records whose field names are the YAML keys.

Cross-references (a school id, a tag, a category) are checked here against the validation
context, so an error points at the very value that is wrong.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from generator.dates import day_words, span_days
from generator.errors import ContentError, did_you_mean
from generator.fields import (
    Count,
    Day,
    Flag,
    HttpsUrl,
    Line,
    LocalDateTime,
    Markdown,
    Slug,
    Text,
    When,
    context_of,
    describe,
    fail,
)
from generator.handles import Focus, SchoolSocial
from generator.hashtags import Hashtags
from generator.messages import ChangeNote, Messages, check_event_messages
from generator.posts import X_LIMIT, compose, x_length
from generator.source import SourceDoc


@dataclass(frozen=True)
class Source:
    """Where a record was read: its document and the path of its value inside it."""

    doc: SourceDoc
    path: tuple


# The loader, not the YAML, sets the fields below: their validation alias is a key no YAML file can
# hold, so `id:` in a story (or `source:` anywhere) is still refused as an unknown field.
_LOADER_ONLY = "\x00set by the loader"


def loader_only(default: Any) -> Any:
    """A field the loader fills in after validation (never read from YAML, never in the JSON Schema)."""
    return Field(default, exclude=True, repr=False, validation_alias=_LOADER_ONLY)


class Record(BaseModel):
    """A content record: unknown keys are errors, values are never silently coerced, and once
    validated it never changes (frozen): every stage after the loader reads the same record."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    source: SkipJsonSchema[Source | None] = loader_only(None)

    def located(self, doc: SourceDoc, path: tuple, **loader_fields: Any) -> Self:
        """This record with where it was read (and any other loader-only field) filled in."""
        return self.model_copy(update={"source": Source(doc, path), **loader_fields})

    @property
    def where(self) -> Source:
        """Where the record was read; only records made in code (tests) have none."""
        if self.source is None:
            raise ValueError("a record made in code has no source file to point an error at")
        return self.source

    def error(self, field: str | tuple, message: str, fix: str = "") -> ContentError:
        field_path = (field,) if isinstance(field, str) else field
        return self.where.doc.error(self.where.path + field_path, message, fix)


def _settings(info: ValidationInfo):
    return context_of(info).settings


def _limit(info: ValidationInfo, name: str, value: str, what: str) -> str:
    settings = _settings(info)
    maximum = getattr(settings.limits, name) if settings else None
    if maximum and len(value) > maximum:
        raise fail(f"the {what} is {len(value)} characters, over the limit of {maximum}",
                   f"shorten it by {len(value) - maximum} characters")
    return value


def _known(value: str, choices, kind: str, where: str, item: int | None = None) -> str:
    if value not in choices:
        raise fail(f"unknown {kind} '{value}'", f"{did_you_mean(value, choices, kind)} {where}".strip(), item=item)
    return value


def _then(hint: str, more: str) -> str:
    """Join a 'did you mean' hint and a pointer to where the ids live into one readable fix."""
    if not hint:
        return more
    return f"{hint} {more}" if hint.endswith(("?", ".")) else f"{hint}. {more}"


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _check_schools(value: list, info: ValidationInfo, key: str) -> None:
    """Each item is a known school id; a name or a near miss is answered with the id to use."""
    context = context_of(info)
    known, names = context.schools, context.school_names or {}
    for index, school in enumerate(value):
        if known is not None and isinstance(school, str) and school in known:
            continue
        if not isinstance(school, (str, int)) or isinstance(school, bool):
            raise fail(f"expected a school id, got {describe(school)}",
                       "write the school's id from content/schools.yaml", item=index)
        if known is None:
            continue  # schools.yaml could not be read: its own error says so
        match = match_school(str(school), known, names)
        if match is None:
            raise fail(f"unknown school '{school}'",
                       _then(did_you_mean(str(school), known, "school"), "Ids are listed in content/schools.yaml"),
                       item=index)
        named = f"the id of {names[match]}, " if match in names else ""
        use = f"use  {key}: {match} " if len(value) == 1 and key == "school" else f"write {match} instead"
        raise fail(f"unknown school '{school}'", f"{use} ({named}from content/schools.yaml)", item=index)


_GENERIC_WORDS = {"school", "college", "academy", "the", "community", "of", "for", "and", "high", "sch"}


def _words(text: str) -> str:
    text = text.lower().replace("'", "").replace("’", "")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def match_school(written: str, ids, names: Mapping[str, str]) -> str | None:
    """The id of the school meant by a name, a short name or a near miss (Hele's School, Plymstock, plymstok)."""
    keys: dict[str, set[str]] = {}
    for school_id in ids:
        candidates = {_words(school_id.replace("-", " "))}
        if school_id in names:
            full = _words(names[school_id])
            candidates |= {full, " ".join(w for w in full.split() if w not in _GENERIC_WORDS)}
        for key in candidates - {""}:
            keys.setdefault(key, set()).add(school_id)
    wanted = _words(written)
    found = keys.get(wanted) or keys.get(" ".join(w for w in wanted.split() if w not in _GENERIC_WORDS))
    if not found:
        starts = {i for key, owners in keys.items() if key.startswith(wanted + " ") for i in owners} if wanted else set()
        found = starts or None
    if not found:
        close = difflib.get_close_matches(wanted, list(keys), n=3, cutoff=0.75)
        found = {i for key in close for i in keys[key]} if close else None
        if found and len(close) > 1 and len({next(iter(keys[k])) for k in close}) > 1:
            found = keys[close[0]]
    return next(iter(found)) if found and len(found) == 1 else None


class School(Record):
    """A school in the partnership (content/schools.yaml)."""

    id: Slug = Field(description="Stable id, used in URLs and in stories' school field", examples=["plymstock"])
    name: Line = Field(examples=["Plymstock School"])
    trust: Line | None = Field(None, description="The multi-academy trust, if any")
    urn: Count | None = Field(None, description="The DfE unique reference number")
    website: HttpsUrl | None = None
    social: SchoolSocial | None = Field(None, description="Optional: the school's own accounts, named in suggested posts")


class Image(Record):
    """A story's photo, stored beside the story file."""

    src: Line = Field(description="File name of the photo, beside the story file", examples=["2026-11-20-robotics-final.jpg"])
    alt: Line = Field(description="What the photo shows, for people who cannot see it (no full names)",
                      examples=["Four pupils holding a small tracked robot"])
    consent: Flag = Field(description="true: photo consent is held for everyone identifiable", examples=["true"])
    focus: Focus | None = Field(None, description="Optional: where the subject is, so crops keep it: [across, down] "
                                                  "as percentages (0-100) from the top left, or a word: top, bottom, "
                                                  "left, right, centre", examples=["[50, 30]", "top"])

    @field_validator("alt")
    @classmethod
    def _alt_length(cls, value: str, info: ValidationInfo) -> str:
        return _limit(info, "alt", value, "alt text")

    @field_validator("consent")
    @classmethod
    def _consent_held(cls, value: bool) -> bool:
        if value is not True:
            raise fail("a photo can only be published with consent for everyone identifiable in it",
                       "check the school's consent records, then set consent: true; otherwise remove the image")
        return value


SchoolIds = Annotated[list[Slug], BeforeValidator(_one_or_many)]




class Social(Record):
    """A story's own text and hashtags for the suggested social media post."""

    text: Text | None = Field(None, description="Plain text for the post (instead of the summary); "
                                                "with the link and hashtags it must fit X's 280 characters")
    hashtags: Hashtags = Field(
        default_factory=list, validate_default=True,
        description="Words without '#', each of letters, digits and '_'", examples=["[PlymouthSchools, Robotics]"])

    @field_validator("hashtags")
    @classmethod
    def _fits_x(cls, tags: list[str], info: ValidationInfo) -> list[str]:
        seen = [tag.lower() for tag in tags]
        for index, tag in enumerate(seen):
            if tag in seen[:index]:
                raise fail("a hashtag is listed twice", "list each hashtag once", item=index)
        if "text" not in info.data:
            return tags  # the text itself is wrong and has its own error
        text = info.data["text"] or ""
        link = "https://example.org/stories/x/"  # any address: X counts every link as 23
        length = x_length(compose(text, link, tags), link)
        if length > X_LIMIT:
            what = "text, link as 23 and hashtags" if text else "link as 23 and hashtags"
            raise fail(f"the social post would be {length} characters as X counts them ({what}), "
                       f"over X's limit of {X_LIMIT}",
                       f"shorten the text by {length - X_LIMIT} characters, or drop a hashtag" if text
                       else f"drop hashtags: {length - X_LIMIT} characters too many",
                       at="text" if text else "")
        return tags

    @model_validator(mode="after")
    def _something(self) -> Social:
        if self.text is None and not self.hashtags:
            raise fail("it has neither text nor hashtags", "give it text, hashtags or both, or remove it")
        return self


class Story(Record):
    """A good-news story (content/stories/YYYY-MM-DD-slug.yaml)."""

    title: Line = Field(description="Plain-text headline, at most 120 characters",
                        examples=["Year 9 robotics team reach the national final"])
    date: Day = Field(description="The story's date", examples=["2026-11-20"])
    school: SchoolIds = Field(description="A school id from content/schools.yaml, or a list of ids", examples=["plymstock"])
    summary: Text = Field(description="One or two plain-text sentences for feeds, cards and posts (at most 280 characters)",
                          examples=["Four Year 9 pupils built a rescue robot …"])
    body: Markdown = Field(description="The story, in Markdown", examples=["The team met every lunchtime for a term."])
    image: Image | None = None
    tags: list[Slug] = Field(default_factory=list, description="Tags from the site's list", examples=["[science, aspiration]"])
    publish_at: LocalDateTime | None = Field(None, description="Embargo: not public before this UK time")
    draft: Flag = Field(False, description="true keeps the story off the site")
    withdrawn: Flag = Field(False, description="true takes the story down from every page, feed and image at the "
                                               "next build (consent withdrawn); its photo need not stay")
    results_day: Slug | None = Field(None, validate_default=True,
                                     description="For a story about exam results: the id of its results-day event")
    social: Social | None = Field(None, description="Optional: your own text and hashtags for the suggested "
                                                    "social media post (otherwise the summary is used)")

    id: SkipJsonSchema[str] = loader_only("")  # the file name without .yaml: its stable address
    folder: SkipJsonSchema[Path] = loader_only(Path())  # the folder the file (and its photo) is in

    def published_at(self, zone) -> datetime:
        """When the story went public, for feeds and structured data: its embargo time if it has one,
        else 00:00 UK time on its date (a story's hour is otherwise unknown, and a time from the
        build's clock would change on every build)."""
        return self.publish_at.astimezone(zone) if self.publish_at else datetime.combine(self.date, time(0), zone)

    @field_validator("title")
    @classmethod
    def _title_length(cls, value: str, info: ValidationInfo) -> str:
        return _limit(info, "title", value, "title")

    @field_validator("summary")
    @classmethod
    def _summary_length(cls, value: str, info: ValidationInfo) -> str:
        return _limit(info, "summary", value, "summary")

    @field_validator("school", mode="before")
    @classmethod
    def _schools_known(cls, value: Any, info: ValidationInfo) -> Any:
        """Runs before the ids are parsed, so a school written by its name gets the id to use."""
        value = _one_or_many(value)
        if not isinstance(value, list):
            return value  # not a list or an id: the type's own error says so
        if not value:
            raise fail("the story names no school", "write school: <school id>")
        _check_schools(value, info, "school")
        if len(set(map(str, value))) != len(value):
            raise fail("a school is listed twice", "list each school once")
        return value

    @field_validator("tags")
    @classmethod
    def _tags_known(cls, value: list[str], info: ValidationInfo) -> list[str]:
        settings = _settings(info)
        if settings:
            for index, tag in enumerate(value):
                _known(tag, settings.tags, "tag", "(tags are listed in mkdocs.yml under extra.settings.tags)", index)
        if len(set(value)) != len(value):
            raise fail("a tag is listed twice", "list each tag once")
        return value

    @field_validator("results_day")
    @classmethod
    def _results_rule(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A results story names its results day and is held until the JCQ release time.

        Each error points at the line to change: the tags, the results_day or the publish_at.
        An event that is declared but invalid has its own error, so it is not reported again here.
        """
        settings, events = _settings(info), context_of(info).events
        if settings is None or events is None or "tags" not in info.data:
            return value
        if value is None and settings.results_tag not in info.data["tags"]:
            return value  # most stories: no need to list the results days (every event, for every story)
        choices = sorted(e.id for e in events.values() if e.category == settings.results_category)
        if value is None:
            if settings.results_tag in info.data["tags"]:
                example = f", e.g. results_day: {choices[0]}" if choices else ""
                raise fail(f"a story tagged '{settings.results_tag}' must name its results day",
                           f"add  results_day: <the id of its results-day event in content/events.yaml>{example}",
                           at="tags")
            return value
        event = events.get(value)
        if event is None:
            if value in (context_of(info).event_ids or ()):
                return value
            raise fail(f"there is no event '{value}' in content/events.yaml",
                       did_you_mean(value, choices or events, "results-day"))
        if event.category != settings.results_category:
            raise fail(f"'{value}' is a {event.category} event, not a results day",
                       _then(did_you_mean(value, choices, "results-day"),
                             f"A results day is an event with  category: {settings.results_category}"))
        if "publish_at" not in info.data:
            return value  # publish_at itself is wrong and has its own error
        release = datetime.combine(event.start_day, settings.results_release_time, settings.zone)
        publish_at = info.data["publish_at"]
        if publish_at is None:
            raise fail(f"a results story needs publish_at: it may not be public before {release:%H:%M} "
                       f"on {day_words(release.date())} (JCQ rules)",
                       f"add  publish_at: {release:%Y-%m-%d %H:%M}  (or later)")
        if publish_at < release:
            raise fail(f"{publish_at:%Y-%m-%d %H:%M} is before results are released at {release:%H:%M} "
                       f"on {day_words(release.date())}: a results story may not be public earlier (JCQ rules)",
                       f"set  publish_at: {release:%Y-%m-%d %H:%M}  (or later)", at="publish_at")
        return value


class Event(Record):
    """A key date (an entry of content/events.yaml)."""

    id: Slug = Field(description="Stable forever: the calendar UID is built from it", examples=["gcse-results-2027"])
    title: Line = Field(examples=["GCSE results day"])
    start: When = Field(description="A date (all day) or a date and time (timed), UK time", examples=["2027-08-19"])
    end: When | None = Field(None, description="All day: the last day, inclusive. Timed: the end time")
    category: Slug = Field(description="A category from the site's list", examples=["results"])
    series: Slug | None = Field(None, description="Optional: the series of dates this one belongs to, the same "
                                "every year; a past date's page links to the next one", examples=["gcse-results"])
    schools: Literal["all"] | list[str] = Field("all", description="all, or a list of school ids", examples=["all"])
    audience: list[Slug] = Field(default_factory=list, description="Who it is for", examples=["[students, parents]"])
    location: Line | None = None
    url: HttpsUrl | None = Field(None, description="Where to find out more (the date's source)")
    description: Markdown | None = Field(None, description="A short description, in Markdown")
    status: Literal["confirmed", "tentative", "cancelled"] = "confirmed"
    sequence: Count = Field(0, description="Raise it by one whenever the date, time or status changes")
    updated: LocalDateTime | None = Field(None, description="When this entry last changed, UK time")
    change_note: ChangeNote | None = Field(None, description="What changed, for the changes feed (plain text)")
    default_messages: Flag = Field(True, description="false: none of the category's default messages")
    messages: Messages | None = Field(None, validate_default=True,
                                      description="Messages around the date (see README), or none")

    @field_validator("title")
    @classmethod
    def _title_length(cls, value: str, info: ValidationInfo) -> str:
        return _limit(info, "title", value, "title")

    @field_validator("description")
    @classmethod
    def _description_length(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _limit(info, "description", value, "description") if value else value

    @field_validator("category")
    @classmethod
    def _category_known(cls, value: str, info: ValidationInfo) -> str:
        settings = _settings(info)
        if settings:
            _known(value, settings.categories, "category", "(categories are listed in mkdocs.yml under extra.settings.categories)")
        return value

    @field_validator("audience")
    @classmethod
    def _audience_known(cls, value: list[str], info: ValidationInfo) -> list[str]:
        settings = _settings(info)
        if settings:
            for index, item in enumerate(value):
                _known(item, settings.audiences, "audience",
                       "(audiences are listed in mkdocs.yml under extra.settings.audiences)", index)
        return value

    @field_validator("schools", mode="plain")
    @classmethod
    def _schools(cls, value: Any, info: ValidationInfo) -> Literal["all"] | list[str]:
        if value == "all":
            return "all"
        value = _one_or_many(value)
        if not isinstance(value, list) or not value:
            raise fail(f"expected all or a list of school ids, got {describe(value)}",
                       "write  schools: all  or  schools: [plymstock, heles]")
        _check_schools(value, info, "schools")
        return value

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: Any, info: ValidationInfo) -> Any:
        start = info.data.get("start")
        if end is None or start is None:
            return end
        if isinstance(start, datetime) != isinstance(end, datetime):
            raise fail("start and end must both be dates (all day) or both dates with times",
                       f"write  end: {end:%Y-%m-%d}  to match the all-day start" if not isinstance(start, datetime)
                       else f"give end a time too, e.g.  end: {end:%Y-%m-%d} 17:00")
        if end < start:
            raise fail(f"the event ends ({_show(end)}) before it starts ({_show(start)})",
                       "end is the last day (or the finishing time): make it the same as start or later")
        return end

    @field_validator("messages")
    @classmethod
    def _messages_fit(cls, value: Any, info: ValidationInfo) -> Any:
        return check_event_messages(value, info)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def start_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        """The last day the event touches (inclusive): generator.dates decides it for every output."""
        return span_days(self.start, self.end)[1]

    @property
    def start_time(self) -> datetime:
        """A timed event's start instant (an all-day event has none: ask all_day first)."""
        if not isinstance(self.start, datetime):
            raise ValueError(f"{self.id} is an all-day event: it has no start time")
        return self.start

    @property
    def end_time(self) -> datetime:
        """A timed event's end instant, or its start when it gives no end."""
        end = self.end or self.start
        if not isinstance(end, datetime):
            raise ValueError(f"{self.id} is an all-day event: it has no end time")
        return end

    @property
    def school_ids(self) -> list[str] | None:
        """None for every school, or the list of ids."""
        return None if self.schools == "all" else list(self.schools)


def _show(value) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value.isoformat()
