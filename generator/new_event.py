"""`new-event`: append a key date to content/events.yaml, keeping every comment and the layout.

The entry is checked with the same model and rules as `check` before the file is touched, and
the file is edited with ruamel.yaml's round trip, so people's comments and blank lines stay.
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
import textwrap
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from generator import pipeline, routes
from generator.clock import ClockError, resolve_now
from generator.config import DEFAULT_CONFIG
from generator.errors import ContentError
from generator.fields import DEFAULT_ZONE, ValidationContext, slugify
from generator.models import Event
from generator.source import read_yaml
from generator.validate import validate_document

USAGE = 2
WIDTH = 96  # description lines are folded to about the width the bundled file uses


class NewEventError(Exception):
    """Input that cannot become an event; the message says what to do instead."""


def register(commands) -> None:
    """`new-event`: registered by generator/cli.py."""
    parser = commands.add_parser("new-event", help="add a key date to content/events.yaml (comments and layout kept)")
    parser.add_argument("--title", required=True, help="the event's name, e.g. 'Year 11 open evening'")
    parser.add_argument("--start", required=True, metavar="DATE[ HH:MM]",
                        help="a date (2027-01-20) for all day, or a date and UK time ('2027-01-20 16:00')")
    parser.add_argument("--end", metavar="DATE[ HH:MM]", help="all day: the last day; timed: the finishing time")
    parser.add_argument("--category", required=True, help="a category from mkdocs.yml (extra.settings.categories)")
    parser.add_argument("--series", metavar="ID", help="the same id every year for a recurring date, e.g. gcse-results")
    parser.add_argument("--schools", default="all", metavar="all|ID,ID",
                        help="all (the default), or school ids from content/schools.yaml separated by commas")
    parser.add_argument("--audience", metavar="WHO,WHO", help="e.g. students,parents")
    parser.add_argument("--location", help="where, in plain text")
    parser.add_argument("--url", help="an https:// address with more information (the date's source)")
    parser.add_argument("--description", help="a short description (Markdown)")
    parser.add_argument("--status", choices=("confirmed", "tentative"), default="confirmed",
                        help="tentative when the date is not yet confirmed (default: confirmed)")
    parser.add_argument("--now", metavar="ISO-DATETIME", help="the time written to updated: (default: now)")
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="FILE")


def run(args) -> int:
    """Add the event; exit 0, or 2 with the file untouched when the input is wrong."""
    try:
        event_id, line = add_event(args.config, args.content, vars(args))
    except NewEventError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE
    print(f"added '{event_id}' to {args.content / 'events.yaml'} (line {line}); then run  python -m generator check")
    return 0


def add_event(config: Path, content_dir: Path, options: dict) -> tuple[str, int]:
    """Append the event described by `options` (the command's arguments); its id and first line."""
    checked = pipeline.check(config, content_dir)
    if checked.settings is None or checked.content is None:
        raise NewEventError("the site settings (mkdocs.yml) have errors: run  python -m generator check")
    settings = checked.settings
    path = content_dir / "events.yaml"
    doc, _ = read_yaml(path, str(path), settings.limits.events_file_kb * 1024) if path.is_file() else (None, [])
    if doc is None or not isinstance(doc.data, list):
        raise NewEventError(f"{path} cannot be read as a list of events: run  python -m generator check  and fix it first")
    try:
        now = resolve_now(options.get("now"), ZoneInfo(DEFAULT_ZONE))
    except ClockError as exc:
        raise NewEventError(str(exc)) from None
    taken = {item["id"] for item in doc.data if isinstance(item, dict) and isinstance(item.get("id"), str)}
    taken |= {story.id for story in checked.content.stories} | routes.RESERVED_EVENT_IDS
    entry = _entry(options, now.astimezone(settings.zone))
    entry.insert(0, "id", _fresh_id(options["title"], entry["start"], taken))
    schools = {school.id for school in checked.content.schools}
    _validate(entry, ValidationContext(settings, schools=frozenset(schools)))
    return entry["id"], _append(path, entry)


def _entry(options: dict, now: datetime) -> CommentedMap:
    entry = CommentedMap()
    entry["title"] = _text(options["title"])
    entry["start"] = _when(options["start"])
    if options.get("end"):
        entry["end"] = _when(options["end"])
    entry["category"] = options["category"].strip()
    if options.get("series"):
        entry["series"] = options["series"].strip()
    schools = [s.strip() for s in options.get("schools", "all").split(",") if s.strip()]
    entry["schools"] = "all" if schools in ([], ["all"]) else _flow(schools)
    if options.get("audience"):
        entry["audience"] = _flow([a.strip() for a in options["audience"].split(",") if a.strip()])
    if options.get("location"):
        entry["location"] = _text(options["location"])
    if options.get("url"):
        entry["url"] = _text(options["url"])
    if options.get("description"):
        entry["description"] = _folded(" ".join(options["description"].split()))
    entry["status"] = options.get("status") or "confirmed"
    entry["sequence"] = 0
    entry["updated"] = f"{now:%Y-%m-%d %H:%M}"
    return entry


def _when(value: str) -> date | str:
    """A date stays a date (written plain); a date and time is written as text the loader reads."""
    value = " ".join(value.replace("T", " ").split())
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value


def _text(value: str) -> str:
    """Plain text that YAML 1.1 would misread (no, on, 8:30, 2027-01-20) is written in quotes."""
    value = " ".join(value.split())
    try:
        same = yaml.safe_load(value) == value
    except yaml.YAMLError:
        same = False
    return value if same else DoubleQuotedScalarString(value)


def _flow(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _folded(text: str) -> str:
    lines = textwrap.wrap(text, WIDTH - 4, break_long_words=False, break_on_hyphens=False)
    if len(lines) < 2:
        return _text(text)
    folded = FoldedScalarString(" ".join(lines))
    folded.fold_pos = [sum(len(line) + 1 for line in lines[:n]) - 1 for n in range(1, len(lines))]
    return folded


def _fresh_id(title: str, start: date | str, taken: set[str]) -> str:
    """slug-of-title-YEAR, with -2, -3 … when taken (ids are stable forever, so never reuse one)."""
    year = start.year if isinstance(start, date) else str(start)[:4]
    slug = slugify(title)[:60].strip("-") or "event"
    base = slug if slug.endswith(f"-{year}") or not str(year).isdigit() else f"{slug}-{year}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _validate(entry: CommentedMap, context: ValidationContext) -> None:
    """The entry as check would read it, with check's rules; every error at once."""
    text = _dump([entry])
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "events.yaml"
        copy.write_text(text, "utf-8")
        doc, errors = read_yaml(copy, "the new event", 1024 * 1024)
        if doc is not None:
            _, errors = validate_document(Event, doc.data[0], doc, context=context, base=(0,))
    if errors:
        raise NewEventError("\n".join(_option_error(error) for error in errors)
                            + "\nNothing was added to events.yaml.")


def _option_error(error: ContentError) -> str:
    """The error named by the option that set the field ("--start: …")."""
    option = error.field.split(".")[0].split("[")[0]
    head = f"--{option}: {error.message}" if option else error.message
    return head + (f"\n  fix: {error.fix}" if error.fix else "")


def _yaml() -> YAML:
    editor = YAML()  # round trip: comments, blank lines, flow lists and quotes are kept
    editor.preserve_quotes = True
    editor.indent(mapping=2, sequence=2, offset=0)
    editor.width = 4096  # never re-wrap anyone's lines
    return editor


def _dump(data) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _append(path: Path, entry: CommentedMap) -> int:
    """Append the entry after a blank line; write atomically; the entry's first line number."""
    original = path.read_text("utf-8")
    events = _yaml().load(original)
    if events is None:
        events = CommentedSeq()
    if not events:
        events.fa.set_block_style()
    events.append(entry)
    if len(events) > 1:
        events.yaml_set_comment_before_after_key(len(events) - 1, before="\n")
    text = _dump(events)
    line = text.count("\n") - _dump([entry]).count("\n") + 1
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".events-", suffix=".yaml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return line
