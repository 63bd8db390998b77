"""Messages around key dates: what a comms officer posts, and when, before, on and after each date.

An event may carry `messages:` in content/events.yaml; every category may have default messages in
the settings (mkdocs.yml `extra.settings.default_messages`), so a new event gets sensible ones
without writing any. An event's own message with a default's id replaces that default;
`default_messages: false` drops the defaults, `messages: none` drops every message.

When a message goes out, relative to its event (`when:`):

    14 days before            2 weeks before at 18:00
    on the day                on the day at 08:00
    1 day after               3 weeks after at 12:30

"before" and "on the day" count from the event's first day, "after" from its last day; without
"at HH:MM" a message goes out at DEFAULT_TIME (UK time). The text may hold {title} (the event's
title) and {date} (its first day in words).

Rules `check` keeps (see `message_errors`): each post fits its channel (X counts the link as 23,
Bluesky 300, other channels CHANNELS' limits; a message without a channel must fit X and
Bluesky), the send time exists in UK time (not in the spring-forward gap, not twice in the
autumn), and a message that announces or celebrates results (`reveals_results: true`, the default
for a results-category message on or after the day) does not go out before the release time on
the results day (JCQ: 08:00 UK time).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, WithJsonSchema, field_validator

from generator.dates import day_words
from generator.fields import Slug, Text, describe, fail, parse_text
from generator.hashtags import Hashtags
from generator.posts import BLUESKY_LIMIT, X_LIMIT, bluesky_length, compose, x_length

if TYPE_CHECKING:
    from generator.config import Settings

DEFAULT_TIME = time(9, 0)
CHANGE_NOTE_LIMIT = 280   # a change note: one or two sentences, like a summary
PLACEHOLDERS = ("title", "date")

# Each channel's limit and how it counts a post with our link; None: the message fits every channel.
CHANNELS: dict[str, tuple[str, int]] = {
    "x": ("X", X_LIMIT),
    "bluesky": ("Bluesky", BLUESKY_LIMIT),
    "facebook": ("Facebook", 2000),     # our own generic limit: Facebook's is far longer
    "linkedin": ("LinkedIn", 3000),
    "instagram": ("Instagram", 2200),   # no link: "link in bio"
}
INSTAGRAM_HASHTAGS = 30

_WHEN = re.compile(r"^(?:(?P<day>on the day)|(?P<count>\d{1,3}) (?P<unit>days?|weeks?) (?P<side>before|after))"
                   r"(?: at (?P<hour>\d{1,2}):(?P<minute>\d{2}))?$")
WHEN_PATTERN = _WHEN.pattern.replace("(?P<", "(?<")  # for the JSON Schema: JavaScript names groups without P


@dataclass(frozen=True)
class SendWhen:
    """A parsed `when:`: days from the anchor (negative before), the anchor (first or last day), the time."""

    days: int
    anchor: Literal["first", "last"]
    at: time
    text: str

    @property
    def on_or_after_the_day(self) -> bool:
        return self.days >= 0

    def day(self, first: date, last: date) -> date:
        return (first if self.anchor == "first" else last) + timedelta(days=self.days)

    def __str__(self) -> str:
        return self.text


def parse_when(value: Any) -> SendWhen:
    if isinstance(value, SendWhen):
        return value
    text = " ".join(value.split()).lower() if isinstance(value, str) else None
    match = _WHEN.match(text) if text else None
    if text is None or match is None:
        raise fail(f"expected when the message goes out, like '14 days before', 'on the day at 08:00' or "
                   f"'1 day after', got {describe(value)}",
                   "write  N days before,  N weeks before,  on the day  or  N days after, "
                   "optionally followed by  at HH:MM  (UK time)")
    at = DEFAULT_TIME
    if match["hour"] is not None:
        hour, minute = int(match["hour"]), int(match["minute"])
        if hour > 23 or minute > 59:
            raise fail(f"{match['hour']}:{match['minute']} is not a time of day", "use the 24-hour clock, 00:00 to 23:59")
        at = time(hour, minute)
    if match["day"]:
        return SendWhen(0, "first", at, text)
    count = int(match["count"]) * (7 if match["unit"].startswith("week") else 1)
    if count == 0:
        raise fail(f"'{text}' is the day itself", "write  on the day  instead")
    if match["side"] == "before":
        return SendWhen(-count, "first", at, text)
    return SendWhen(count, "last", at, text)


When = Annotated[SendWhen, PlainValidator(parse_when),
                 WithJsonSchema({"type": "string", "pattern": WHEN_PATTERN})]




class Message(BaseModel):
    """A message to post around a key date."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug = Field(description="Stable: with the event id, the message's calendar identity", examples=["reminder"])
    when: When = Field(description="e.g. '14 days before', 'on the day at 08:00', '1 day after' (UK time)",
                       examples=["14 days before"])
    text: Text = Field(description="The post, plain text; {title} and {date} are filled in from the event",
                       examples=["{title} is on {date}."])
    hashtags: Hashtags = Field(default_factory=list, examples=["[Results]"])
    channel: Literal["x", "bluesky", "facebook", "linkedin", "instagram"] | None = Field(
        None, description="Only for this channel (otherwise it must fit every channel)")
    reveals_results: bool | None = Field(None, description="true: it announces or celebrates results, so it waits "
                                                           "for the release time on the results day")

    @field_validator("text")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        for name in re.findall(r"\{([^{}]*)\}", value):
            if name not in PLACEHOLDERS:
                raise fail(f"unknown placeholder '{name}' in braces in the text",
                           "use {title} (the event's title) or {date} (its date in words), or remove the braces")
        if re.search(r"[{}]", re.sub(r"\{(title|date)\}", "", value)):
            raise fail("the text has an unmatched '{' or '}'", "write {title} or {date}, or remove the brace")
        return value

    @field_validator("hashtags")
    @classmethod
    def _once(cls, tags: list[str]) -> list[str]:
        seen = [tag.lower() for tag in tags]
        for index, tag in enumerate(seen):
            if tag in seen[:index]:
                raise fail("a hashtag is listed twice", "list each hashtag once", item=index)
        return tags


def _none(value: Any) -> Any:
    """`messages: none` (or an empty list): this event sends no messages, not even the defaults."""
    if isinstance(value, str):
        if value.strip().lower() != "none":
            raise fail(f"expected a list of messages or none, got {describe(value)}",
                       "write  messages: none  to send no messages, or a list of  - id: … when: … text: …")
        return []
    if not isinstance(value, list):
        raise fail(f"expected a list of messages or none, got {describe(value)}",
                   "write  messages: none  to send no messages, or a list of  - id: … when: … text: …")
    ids = [item.get("id") for item in value if isinstance(item, dict)]
    for index, message_id in enumerate(ids):
        if message_id is not None and message_id in ids[:index]:
            raise fail(f"two messages have the id '{message_id}'", "give each message its own id", item=index)
    return value


Messages = Annotated[list[Message], BeforeValidator(_none),
                     WithJsonSchema({"anyOf": [{"type": "string", "const": "none"},
                                               {"type": "array", "items": Message.model_json_schema()}]})]


def _check_change_note(value: Any) -> str:
    text = parse_text(value)
    if "<" in text or "](" in text:
        raise fail("a change note is plain text, without HTML or Markdown links",
                   "say what changed in words, e.g. \"Moved from 12 to 13 August (JCQ).\"")
    if len(text) > CHANGE_NOTE_LIMIT:
        raise fail(f"the change note is {len(text)} characters, over the limit of {CHANGE_NOTE_LIMIT}",
                   f"shorten it by {len(text) - CHANGE_NOTE_LIMIT} characters")
    return text


ChangeNote = Annotated[str, PlainValidator(_check_change_note), WithJsonSchema({"type": "string",
                                                                                "maxLength": CHANGE_NOTE_LIMIT})]


# ---- an event's messages, resolved

@dataclass(frozen=True)
class Planned:
    """A message for one event, resolved: its text filled in, its send time in UK time."""

    event_id: str
    message: Message
    text: str
    send_at: datetime
    default: bool          # from the settings, not the event
    reveals_results: bool

    @property
    def uid_part(self) -> str:
        return f"{self.event_id}.{self.message.id}"


def effective(messages: Sequence[Message] | None, use_defaults: bool, category: str,
              settings: Settings) -> list[tuple[Message, bool]]:
    """The event's messages: the category's defaults (unless switched off), own messages replacing a
    default with the same id; (message, is_default) in default order, then own ones. An empty list
    (`messages: none`) is no messages at all."""
    if messages is not None and not messages:
        return []
    own = list(messages or [])
    defaults = list(settings.default_messages.get(category, [])) if use_defaults else []
    own_ids = {m.id for m in own}
    result = [(m, True) for m in defaults if m.id not in own_ids]
    return result + [(m, False) for m in own]


def fill(text: str, title: str, first: date) -> str:
    return text.replace("{title}", title).replace("{date}", day_words(first))


def send_time(day: date, at: time, zone: ZoneInfo) -> tuple[datetime, str | None]:
    """The instant, and why it is not one (the clocks skip it or repeat it), for an error."""
    naive = datetime.combine(day, at)
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        return first, "gap"
    if first.utcoffset() != second.utcoffset():
        return first, "twice"
    return first, None


def post_for(text: str, url: str, hashtags: Sequence[str], channel: str) -> str:
    """The post as it goes to a channel: Instagram has no link."""
    return compose(text, "" if channel == "instagram" else url, hashtags)


def length(post: str, url: str, channel: str) -> int:
    if channel == "x":
        return x_length(post, url)
    return bluesky_length(post)


def check(message: Message, is_default: bool, title: str, first: date, last: date, category: str, url: str,
          settings: Settings) -> tuple[Planned | None, list[tuple[str, str, str]]]:
    """The message resolved, and its errors as (field, message, fix)."""
    errors: list[tuple[str, str, str]] = []
    what = f"the default message '{message.id}' (mkdocs.yml, default_messages.{category})" if is_default \
        else f"message '{message.id}'"
    text = fill(message.text, title, first)
    for channel in [message.channel] if message.channel else ["x", "bluesky"]:
        name, limit = CHANNELS[channel]
        post = post_for(text, url, message.hashtags, channel)
        size = length(post, url, channel)
        if size > limit:
            how = " (a link counts as 23)" if channel == "x" else ""
            errors.append(("text", f"{what} would be {size} characters on {name}{how}, over its limit of {limit}",
                           f"shorten the text or drop hashtags: {size - limit} characters too many"
                           + ("" if message.channel else ", or give it  channel:  for a longer channel")))
        if channel == "instagram" and len(message.hashtags) > INSTAGRAM_HASHTAGS:
            errors.append(("hashtags", f"{what} has {len(message.hashtags)} hashtags, over Instagram's "
                           f"{INSTAGRAM_HASHTAGS}", f"drop {len(message.hashtags) - INSTAGRAM_HASHTAGS} hashtags"))
    day = message.when.day(first, last)
    send_at, problem = send_time(day, message.when.at, settings.zone)
    stamp = f"{day.isoformat()} {message.when.at:%H:%M}"
    if problem == "gap":
        errors.append(("when", f"{what} would go out at {stamp}, which does not exist in {settings.time_zone}: "
                       "the clocks go forward an hour that night",
                       f"choose another time, e.g.  {_with_time(message.when.text, '09:00')}"))
    elif problem == "twice":
        errors.append(("when", f"{what} would go out at {stamp}, which happens twice in {settings.time_zone}: "
                       "the clocks go back an hour that night, so it is ambiguous",
                       f"choose a time outside 01:00 to 02:00, e.g.  {_with_time(message.when.text, '09:00')}"))
    reveals = message.reveals_results
    if reveals is None:
        reveals = category == settings.results_category and message.when.on_or_after_the_day
    if reveals:
        release = datetime.combine(first, settings.results_release_time, settings.zone)
        if send_at < release:
            errors.append(("when", f"{what} announces results (reveals_results) but would go out at {stamp}, "
                           f"before results are released at {release:%H:%M} on {day_words(first)} (JCQ rules)",
                           f"send it  on the day at {release:%H:%M}  or later; a reminder that reveals "
                           "nothing may say  reveals_results: false"))
    if errors:
        return None, errors
    return Planned("", message, text, send_at, is_default, reveals), []


def _with_time(when: str, clock_text: str) -> str:
    return re.sub(r" at \d{1,2}:\d{2}$", "", when) + f" at {clock_text}"


def check_event_messages(value: Any, info: Any) -> Any:
    """Event.messages' validator: every message the event will send (its own and the defaults) is
    checked; the first error points at the message (or, for a default, at the category)."""
    from generator import routes
    from generator.dates import span_days
    from generator.fields import context_of

    settings, data = context_of(info).settings, info.data
    if settings is None or any(key not in data for key in ("id", "title", "start", "end", "category",
                                                            "default_messages")):
        return value  # a field it needs has its own error
    first, last = span_days(data["start"], data["end"], settings.zone)
    url = settings.url(routes.event(data["id"]))
    own = list(value or [])
    for message, is_default in effective(value, data["default_messages"], data["category"], settings):
        _, errors = check(message, is_default, data["title"], first, last, data["category"], url, settings)
        if errors:
            _, text, fix = errors[0]
            if is_default:
                raise fail(text, f"{fix}; or, for this event, give a message with  id: {message.id}  under "
                                 "messages: to replace it", at="category")
            raise fail(text, fix, item=own.index(message))
    return value


def plan_messages(event: Any, settings: Settings) -> list[Planned]:
    """An event's messages, resolved, in send order (a message that fails its checks is left out:
    check reports it, and the build never gets that far)."""
    from generator import routes
    from generator.dates import event_days

    first, last = event_days(event, settings.zone)
    url = settings.url(routes.event(event.id))
    planned = []
    for message, is_default in effective(event.messages, event.default_messages, event.category, settings):
        found, _ = check(message, is_default, event.title, first, last, event.category, url, settings)
        if found is not None:
            planned.append(Planned(event.id, message, found.text, found.send_at, is_default, found.reveals_results))
    return sorted(planned, key=lambda p: (p.send_at, p.event_id, p.message.id))
