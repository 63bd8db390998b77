"""Field types for content files: strict parsing, messages in plain English, and JSON Schema.

Each type is a PlainValidator, so pydantic never coerces behind our back (a number is not a
title) and every message carries a `fix`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import PlainValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.dates import date_words

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?:[ T,]+(\d{1,2})[:.](\d{2}))?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DEFAULT_ZONE = "Europe/London"
KEY = "{key}"  # in a fix: replaced by the key of the field at fault (see validate.py)

if TYPE_CHECKING:
    from generator.config import Settings
    from generator.models import Event


@dataclass(frozen=True)
class ValidationContext:
    """What validators may look up beyond the value itself: the site's settings and the ids other
    files declare. None means "not known" (that file could not be read), so the reference is not
    checked: one error for a broken file, not one per story that names something in it."""

    settings: Settings | None = None
    schools: frozenset[str] | None = None       # school ids in schools.yaml
    events: Mapping[str, EventRef] | None = None  # valid events by id, as far as a story may know them
    event_ids: frozenset[str] | None = None     # every event id declared, valid or not
    school_names: Mapping[str, str] | None = None  # school id -> name, to answer a school written by its name


@dataclass(frozen=True)
class EventRef:
    """What a story's validation may know of an event (a results story's results day): no more, so
    generator/record_cache.py can key a story's cached record by these alone, and editing an event's
    title or description does not make every story be read and validated again."""

    id: str
    category: str
    start_day: date

    @classmethod
    def of(cls, event: Event) -> EventRef:
        return cls(event.id, event.category, event.start_day)


def context_of(info: ValidationInfo | None) -> ValidationContext:
    """The ValidationContext a loader passed to pydantic (an empty one when there is none)."""
    found = info.context if info is not None else None
    return found if isinstance(found, ValidationContext) else ValidationContext()


def fail(message: str, fix: str = "", at: str = "", item: int | None = None) -> PydanticCustomError:
    """Our error, carried through pydantic with its fix.

    `at` names a sibling field to point at instead, for a rule checked on one field that the
    user fixes in another (a results story's publish_at is checked with its results_day).
    `item` is the index of the list item at fault, so the column points at that very tag or id.
    """
    context: dict[str, Any] = {"fix": fix}
    if at:
        context["at"] = at
    if item is not None:
        context["item"] = item
    return PydanticCustomError("content", message.replace("{", "{{").replace("}", "}}"), context)


def describe(value: Any) -> str:
    """How a YAML value reads to a person, for 'expected X, got Y'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, datetime):
        return f"the date and time {value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a set of 'name: value' fields"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _zone(info: ValidationInfo | None) -> ZoneInfo:
    settings = context_of(info).settings
    return ZoneInfo(settings.time_zone if settings else DEFAULT_ZONE)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        quoted = f'"{value}"' if isinstance(value, (int, float, bool, date)) else "…"
        raise fail(f"expected text, got {describe(value)}",
                   f"put the text in quotes, e.g. {quoted}" if quoted != "…" else "write plain text")
    if _CONTROL.search(value):
        raise fail("the text holds an invisible control character", "retype the text, or paste it as plain text")
    if not value.strip():
        raise fail("the text is empty", "write some text, or remove the field if it is optional")
    return value


def parse_line(value: Any) -> str:
    """One line of plain text: a title, a name, a place."""
    value = _text(value)
    if "\n" in value.strip():
        raise fail("expected one line of text, got several", "join the lines into one")
    return value.strip()


def parse_text(value: Any) -> str:
    """Plain text that may run over several lines (a summary)."""
    return " ".join(_text(value).split())


def parse_markdown(value: Any) -> str:
    return _text(value).strip("\n")


def parse_slug(value: Any) -> str:
    if not isinstance(value, str) or not _SLUG.match(value):
        suggestion = slugify(str(value)) if isinstance(value, (str, int)) else ""
        raise fail(f"expected an id of lowercase letters, digits and hyphens, got {describe(value)}",
                   f"write it as {suggestion}" if suggestion else "use lowercase letters, digits and hyphens, e.g. gcse-results-2027")
    return value


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def parse_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise fail(f"expected true or false, got {describe(value)}", "write true or false")
    return value


def parse_count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise fail(f"expected a whole number (0 or more), got {describe(value)}", "write a number such as 0, 1, 2")
    return value


def parse_day(value: Any, info: ValidationInfo | None = None) -> date:
    """A calendar date written 2027-08-19."""
    if isinstance(value, datetime):
        raise fail(f"expected a date without a time, got {describe(value)}", f"write it as {value:%Y-%m-%d}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _DATE.match(value.strip())
        if match:
            return _real_date(value.strip(), *map(int, match.groups()))
    raise fail(f"expected a date like 2027-08-19, got {describe(value)}",
               _day_first_fix(value, _key(info), with_time=False) or "write the date as YYYY-MM-DD, e.g. 2027-08-19")


def _key(info: ValidationInfo | None) -> str:
    """The field's key in a fix; pydantic gives no field name to these validators, so
    `{key}` stands in and validate.py writes the key the user typed."""
    return (info.field_name if info else None) or KEY


def _day_first_fix(value: Any, key: str, with_time: bool | None) -> str:
    """11/12/26 is how people in the UK write 11 December 2026: offer it back the way YAML needs.

    `with_time`: False for a date field, True for a date-and-time field, None when either will do.
    """
    match = _DAY_FIRST.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return ""
    first, _, second, year, hour, minute = match.groups()
    year_ = int(year) + 2000 if len(year) == 2 else int(year)
    try:
        day = date(year_, int(second), int(first))  # day first, as in the UK
        how = "reading it day first, as in the UK"
    except ValueError:
        try:
            day = date(year_, int(first), int(second))  # 12/25/2026 can only be month first
            how = "reading it month first"
        except ValueError:
            return ""
    written = f"{day:%Y-%m-%d}"
    if hour is not None and with_time is not False and int(hour) < 24 and int(minute) < 60:
        written += f" {int(hour):02d}:{minute}"
    elif with_time:
        return (f"write it as  {key}: {written} 08:00  (the date year first, then the time it should go "
                f"public; that date is {date_words(day)}, {how})")
    return f"write it as  {key}: {written}  ({date_words(day)}, {how})"


def _real_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise fail(f"{text} is not a date on the calendar", "check the day and month (YYYY-MM-DD)") from None


def parse_local_datetime(value: Any, info: ValidationInfo | None = None) -> datetime:
    """A date and time, Europe/London unless it carries an offset; refuses times the clocks skip or repeat."""
    try:
        return _parse_local_datetime(value, _zone(info), _key(info))
    except OverflowError:  # 9999-12-31 23:59 -05:00 is past the last datetime Python has; pydantic would not catch it
        raise fail(f"{describe(value)} is too far in the past or the future", "check the year") from None


def _parse_local_datetime(value: Any, zone: ZoneInfo, key: str = "") -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(zone)
        return _local(value, zone, f"{value:%Y-%m-%d %H:%M}")
    if isinstance(value, str):
        match = _DATETIME.match(value.strip())
        if match:
            year, month, day, hour, minute, second, offset = match.groups()
            day_ = _real_date(value.strip()[:10], int(year), int(month), int(day))
            if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
                raise fail(f"{value.strip()} is not a time of day", "use the 24-hour clock, 00:00 to 23:59")
            naive = datetime.combine(day_, time(int(hour), int(minute), int(second or 0)))
            if offset:
                return naive.replace(tzinfo=_offset(offset)).astimezone(zone)
            return _local(naive, zone, value.strip())
    if isinstance(value, date):
        raise fail(f"expected a date and time like 2027-08-19 08:00, got {describe(value)}",
                   f"add the time: {value:%Y-%m-%d} 08:00")
    raise fail(f"expected a date and time like 2027-08-19 08:00, got {describe(value)}",
               _day_first_fix(value, key, with_time=True) or "write it as YYYY-MM-DD HH:MM (24-hour clock, UK time)")


def _offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise fail(f"{text} is not a time-zone offset",
                   "leave the offset off for UK time, or use one such as +01:00 (British Summer Time)")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _local(naive: datetime, zone: ZoneInfo, text: str) -> datetime:
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        raise fail(f"{text} does not exist in {zone.key}: the clocks go forward an hour that night",
                   f"use a time after the change, e.g. {naive + timedelta(hours=1):%Y-%m-%d %H:%M}")
    if first.utcoffset() != second.utcoffset():
        early, late = first.strftime("%z"), second.strftime("%z")
        raise fail(f"{text} happens twice in {zone.key}: the clocks go back an hour that night",
                   f"add the offset to say which: {text}{early[:3]}:{early[3:]} (the first, summer time) "
                   f"or {text}{late[:3]}:{late[3:]} (the second)")
    return first


def parse_when(value: Any, info: ValidationInfo | None = None) -> date | datetime:
    """An event's start or end: a date (all day) or a date and time (timed)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE.match(value.strip()):
        return parse_day(value, info)
    if isinstance(value, (str, datetime)) and (isinstance(value, datetime) or _DATETIME.match(value.strip())):
        return parse_local_datetime(value, info)
    raise fail(f"expected a date like 2027-08-19 or a date and time like 2027-08-19 08:00, got {describe(value)}",
               _day_first_fix(value, _key(info), with_time=None)
               or "write a date (all day) as YYYY-MM-DD, or a timed start as YYYY-MM-DD HH:MM")


def parse_https_url(value: Any) -> str:
    if not isinstance(value, str):
        raise fail(f"expected a web address, got {describe(value)}", "write the full address, starting https://")
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme != "https":
        raise fail(f"expected an https:// address, got {describe(text)}", _https_fix(text, parts.scheme))
    if not parts.netloc or "." not in parts.netloc or re.search(r"\s", text):
        raise fail(f"{describe(text)} is not a complete web address", "copy the address from the browser's address bar")
    bad = sorted(set(re.findall(r'["<>\\^`{|}]', text)))
    if bad:
        raise fail(f"the address holds {' '.join(bad)}, which a web address cannot contain",
                   "copy the address from the browser's address bar (it writes such characters as %22, %3C …)")
    return text


def _https_fix(text: str, scheme: str) -> str:
    """The fix for an address that is not https: the secure address only where there is one."""
    if scheme == "http" and text[5:].lstrip("/"):
        return f"use the secure address: https://{text[5:].lstrip('/')}"
    bare = text.removeprefix("//")
    host = bare.split("/", 1)[0].split(":", 1)[0]
    if scheme == "mailto" or (not scheme and "@" in host):
        return "an email address cannot be a link here; link to a web page instead, e.g. the school's contact page"
    if (not scheme or "." in scheme) and "." in host and "@" not in host and not re.search(r"\s", text):
        return f"use the secure address: https://{bare}"  # a bare plymstockschool.org.uk
    return "only https web addresses are allowed, e.g. https://www.example.org/page"


# Each type: the Python type the value ends up as (what mypy sees), our parser, and its JSON Schema.
Line = Annotated[str, PlainValidator(parse_line), WithJsonSchema({"type": "string", "minLength": 1})]
Text = Annotated[str, PlainValidator(parse_text), WithJsonSchema({"type": "string", "minLength": 1})]
Markdown = Annotated[str, PlainValidator(parse_markdown), WithJsonSchema({"type": "string", "minLength": 1})]
Slug = Annotated[str, PlainValidator(parse_slug), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})]
Flag = Annotated[bool, PlainValidator(parse_bool), WithJsonSchema({"type": "boolean"})]
Count = Annotated[int, PlainValidator(parse_count), WithJsonSchema({"type": "integer", "minimum": 0})]
Day = Annotated[date, PlainValidator(parse_day),
                WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"})]
LocalDateTime = Annotated[datetime, PlainValidator(parse_local_datetime), WithJsonSchema(
    {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2})?\s*(Z|[+-]\d{2}:?\d{2})?$",
     "description": "YYYY-MM-DD HH:MM, UK time"})]
When = Annotated[date | datetime, PlainValidator(parse_when), WithJsonSchema(
    {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?\s*(Z|[+-]\d{2}:?\d{2})?)?$",
     "description": "YYYY-MM-DD for all day, or YYYY-MM-DD HH:MM (UK time)"})]
HttpsUrl = Annotated[str, PlainValidator(parse_https_url),
                     WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https://"})]
