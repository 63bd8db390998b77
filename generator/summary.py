"""`summary --base REF`: what a pull request adds or changes, in plain English, as Markdown.

Written for the pull-request check's job summary, where a reviewer reads it. It never stops on
broken content (the check step reports that): a story or event that cannot be read is named
by its file or id, and everything else is summarised as usual.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from generator import pipeline
from generator.config import DEFAULT_CONFIG, Settings
from generator.dates import MONTHS, clock, day_words, event_days, when_text
from generator.git import run_git
from generator.history import HistoryError, load_previous_events
from generator.load import IMAGE_SUFFIXES, STORY_NAME
from generator.models import Event
from generator.source import read_yaml
from generator.status import status_of

# Bookkeeping fields: their change is never news to a reviewer.
QUIET_EVENT_FIELDS = ("sequence", "updated")
STORY_FILE_BYTES = 256 * 1024


class SummaryError(Exception):
    """git cannot answer (not a repository, unknown ref)."""


@dataclass
class Files:
    """Content files at the base ref and now, by path relative to the repository's top folder."""

    top: Path
    prefix: str  # the content folder, relative to top ("content")
    before: dict[str, str] = field(default_factory=dict)  # path → blob hash at the ref
    now: dict[str, str] = field(default_factory=dict)  # path → blob hash of the working tree's file


def summarise(config: Path, content_dir: Path, ref: str) -> str:
    """The Markdown summary of content changes between git `ref` and the working tree."""
    files = _files(content_dir, ref)
    checked = pipeline.check(config, content_dir)
    lines = ["## What this pull request changes", ""]
    sections: list[tuple[str, list[str]]] = []
    settings = checked.settings
    schools = {school.id: school.name for school in checked.content.schools} if checked.content else {}
    sections += _story_sections(files, ref, checked, schools)
    if settings is None:
        lines += ["The site settings (`mkdocs.yml`) have errors, so key dates are not summarised: "
                  "the check step lists the errors.", ""]
    else:
        sections += _event_sections(files, content_dir, ref, checked, settings)
    sections += _photo_sections(files)
    for heading, items in sections:
        if items:
            lines += [f"### {heading}", "", *items, ""]
    if not any(items for _, items in sections):
        lines += [f"No stories, key dates or photos changed since {_code(ref)}.", ""]
    if checked.errors:
        count = len(checked.errors.errors)
        lines += [f"**{count} problem{'' if count == 1 else 's'} to fix first:** the check step shows "
                  f"{'it' if count == 1 else 'each one'} on its line in the pull request's files. "
                  "Nothing with an error is published.", ""]
    guide = config.parent / "CONTRIBUTING.md"
    if guide.is_file():
        lines += [f"How to send a story or a key date, and what each message means: {_guide_link(guide.name)}.", ""]
    return "\n".join(lines)


# Stories

def _story_sections(files: Files, ref: str, checked, schools: dict[str, str]) -> list[tuple[str, list[str]]]:
    stories = {story.id: story for story in checked.content.stories} if checked.content else {}
    zone = checked.settings.zone if checked.settings else None
    before = _by_story_id(files.before, files.prefix)
    now = _by_story_id(files.now, files.prefix)
    added, changed, removed = [], [], []
    for story_id, path in sorted(now.items()):
        story = stories.get(story_id)
        data = _mapping(_read_now(files, path)) if story is None else {}
        if story_id not in before:
            added.append(_new_story(path, story, data, schools, zone, checked.content is not None))
            continue
        old_path = before[story_id]
        if files.before[old_path] == files.now[path]:
            continue
        old = _mapping(_read_at(files, ref, old_path))
        new = data or _mapping(_read_now(files, path))
        title = story.title if story else _text(new.get("title")) or _text(old.get("title"))
        fields = [key for key in sorted(set(old) | set(new), key=_story_order) if old.get(key) != new.get(key)]
        what = f": {', '.join(_field_words(key) for key in fields)}" if fields else ""
        moved = f" (moved from {_code(old_path)})" if old_path != path else ""
        changed.append(f"- {_title(title)} ({_code(path)}){moved}{what}" + ("" if story or not checked.content else _unreadable()))
    for story_id, old_path in sorted(before.items()):
        if story_id not in now:
            title = _text(_mapping(_read_at(files, ref, old_path)).get("title"))
            removed.append(f"- {_code(old_path)}" + (f" (was {_title(title)})" if title else ""))
    return [("New stories", added), ("Stories changed", changed), ("Stories removed", removed)]


def _new_story(path: str, story, data: dict, schools: dict[str, str], zone, validated: bool) -> str:
    if story is not None:
        names = ", ".join(schools.get(school, school) for school in story.school)
        return f"- {_title(story.title)}: {_md(names)}, {day_words(story.date)}{_held(story, zone)} ({_code(path)})"
    title = _text(data.get("title"))
    school = data.get("school")
    ids = [school] if isinstance(school, str) else [s for s in school if isinstance(s, str)] if isinstance(school, list) else []
    facts = [", ".join(schools.get(s, s) for s in ids)] if ids else []
    if isinstance(data.get("date"), date) and not isinstance(data.get("date"), datetime):
        facts.append(day_words(data["date"]))
    detail = f": {_md(', '.join(facts))}" if facts else ""
    return f"- {_title(title) if title else 'A story'}{detail} ({_code(path)})" + (_unreadable() if validated else "")


def _held(story, zone) -> str:
    """Why a new story will not appear at once: a draft, or its embargo in words."""
    if story.draft:
        return "; a draft, not published until `draft: true` is removed"
    if story.withdrawn:
        return "; marked withdrawn, so never published"
    if story.publish_at is not None:
        due = story.publish_at.astimezone(zone)
        return f"; embargoed until {clock(due)} on {day_words(due.date())}"
    return ""


def _story_order(key: str) -> tuple[int, str]:
    order = ("title", "date", "school", "summary", "body", "image", "tags", "publish_at", "draft", "withdrawn",
             "results_day", "social")
    return (order.index(key), key) if key in order else (len(order), key)


def _field_words(key: str) -> str:
    return {"image": "photo", "publish_at": "embargo (publish_at)", "results_day": "results day",
            "social": "social media post", "withdrawn": "withdrawn (taken down)"}.get(key, key)


# Key dates

def _event_sections(files: Files, content_dir: Path, ref: str, checked, settings: Settings) -> list[tuple[str, list[str]]]:
    path = content_dir / "events.yaml"
    try:
        previous = load_previous_events(path, ref, settings)
    except HistoryError as exc:
        raise SummaryError(str(exc)) from None
    current = checked.content.events if checked.content else []
    doc, _ = read_yaml(path, "content/events.yaml", settings.limits.events_file_kb * 1024) if path.is_file() else (None, [])
    if doc is None or not isinstance(doc.data, list):
        if files.before.get(f"{files.prefix}events.yaml") == files.now.get(f"{files.prefix}events.yaml"):
            return []
        return [("Key dates", ["- `content/events.yaml` cannot be read: the check step says why, "
                               "so its changes are not listed here."])]
    present: list[str] = [item["id"] for item in doc.data if isinstance(item, dict) and isinstance(item.get("id"), str)]
    before = {event.id: event for event in previous}
    now = {event.id: event for event in current}
    zone = settings.zone
    added: list[str] = []
    changed: list[str] = []
    cancelled: list[str] = []
    removed: list[str] = []
    for event_id in present:
        event, old = now.get(event_id), before.get(event_id)
        if event is None:
            if old is None or _raw_entry(doc, event_id) != _raw_old_entry(files, ref, event_id, settings):
                (added if old is None else changed).append(f"- {_code(event_id)}{_unreadable()}")
            continue
        if old is None:
            where = f"{when_text(event, zone)} ({_md(settings.categories.get(event.category, event.category))})"
            status = f", {status_of(event.status).words.plain}" if event.status != "confirmed" else ""
            added.append(f"- {_title(event.title)}: {where}{status}")
        elif event.status == "cancelled" and old.status != "cancelled":
            cancelled.append(f"- {_title(event.title)}: {when_text(event, zone)}")
        else:
            differences = _event_changes(old, event, settings)
            if differences:
                changed.append(f"- {_title(old.title)}: {'; '.join(differences)}")
    for event in previous:
        if event.id not in present:
            removed.append(f"- {_title(event.title)} ({_code(event.id)}): {when_text(event, zone)}")
    return [("Key dates added", added), ("Key dates changed", changed), ("Key dates cancelled", cancelled),
            ("Key dates removed", removed)]


def _event_changes(old: Event, new: Event, settings: Settings) -> list[str]:
    zone = settings.zone
    changes = []
    if when_text(old, zone) != when_text(new, zone):
        changes.append(_moved(old, new, zone))
    if old.status != new.status:
        changes.append(f"{status_of(old.status).words.plain} → {status_of(new.status).words.plain}")
    if old.title != new.title:
        changes.append(f"now called {_title(new.title)}")
    others = [key for key, info in Event.model_fields.items()
              if not info.exclude and key not in ("id", "title", "start", "end", "status", *QUIET_EVENT_FIELDS)
              and getattr(old, key) != getattr(new, key)]
    if others:
        changes.append(f"{', '.join(others)} changed")
    return changes


def _moved(old: Event, new: Event, zone) -> str:
    """'19 → 26 August 2027'; '4pm to 7pm → 5pm to 8pm on Wednesday 20 January 2027'; else both in full."""
    old_days, new_days = event_days(old, zone), event_days(new, zone)
    if old.all_day and new.all_day and old_days[0] == old_days[1] and new_days[0] == new_days[1]:
        return _days_moved(old_days[0], new_days[0])
    if not old.all_day and not new.all_day and old_days == new_days and old_days[0] == old_days[1]:
        return f"{_times(old, zone)} → {_times(new, zone)} on {day_words(new_days[0])}"
    return f"{when_text(old, zone)} → {when_text(new, zone)}"


def _days_moved(old: date, new: date) -> str:
    if (old.year, old.month) == (new.year, new.month):
        return f"{old.day} → {new.day} {MONTHS[new.month - 1]} {new.year}"
    if old.year == new.year:
        return f"{old.day} {MONTHS[old.month - 1]} → {new.day} {MONTHS[new.month - 1]} {new.year}"
    return f"{old.day} {MONTHS[old.month - 1]} {old.year} → {new.day} {MONTHS[new.month - 1]} {new.year}"


def _times(event: Event, zone) -> str:
    start = event.start_time.astimezone(zone)
    if event.end is None or event.end == event.start:
        return clock(start)
    return f"{clock(start)} to {clock(event.end_time.astimezone(zone))}"


def _raw_entry(doc, event_id: str) -> Any:
    return next((item for item in doc.data if isinstance(item, dict) and item.get("id") == event_id), None)


def _raw_old_entry(files: Files, ref: str, event_id: str, settings: Settings) -> Any:
    data = _read_at(files, ref, f"{files.prefix}events.yaml", settings.limits.events_file_kb * 1024)
    return next((item for item in data if isinstance(item, dict) and item.get("id") == event_id), None) \
        if isinstance(data, list) else None


# Photos

def _photo_sections(files: Files) -> list[tuple[str, list[str]]]:
    def photos(paths: dict[str, str]) -> dict[str, str]:
        return {path: blob for path, blob in paths.items()
                if PurePosixPath(path).is_relative_to(PurePosixPath(files.prefix) / "stories")
                and PurePosixPath(path).suffix.lower() in IMAGE_SUFFIXES}

    before, now = photos(files.before), photos(files.now)
    added = [f"- {_code(path)}" for path in sorted(now) if path not in before]
    replaced = [f"- {_code(path)}" for path in sorted(now) if path in before and before[path] != now[path]]
    removed = [f"- {_code(path)}" for path in sorted(before) if path not in now]
    return [("Photos added", added), ("Photos replaced", replaced), ("Photos removed", removed)]


# Files and git

def _files(content_dir: Path, ref: str) -> Files:
    """Every file under the content folder at `ref` and in the working tree, with git's blob hashes."""
    if ref.startswith("-"):
        raise SummaryError(f"--base: '{ref}' is not a git ref")
    folder = content_dir if content_dir.is_dir() else Path.cwd()
    top = Path(_git_out(folder, "rev-parse", "--show-toplevel").decode().strip())
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False) is None:
        raise SummaryError(f"--base: '{ref}' is not a commit in this repository "
                           "(in CI, fetch the base branch first, e.g. git fetch origin main, and pass origin/main)")
    try:
        prefix = content_dir.resolve().relative_to(top.resolve()).as_posix() + "/"
    except ValueError:
        raise SummaryError(f"{content_dir} is not inside the git repository at {top}") from None
    files = Files(top, prefix)
    listing = _git_out(top, "ls-tree", "-r", "-z", "--full-tree", ref, "--", prefix)
    for entry in filter(None, listing.split(b"\0")):
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        if kind == "blob":
            files.before[name.decode("utf-8", "replace")] = blob
    for path in sorted(content_dir.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(content_dir).parts):
            data = path.read_bytes()
            files.now[prefix + path.relative_to(content_dir).as_posix()] = _blob_hash(data)
    return files


def _blob_hash(data: bytes) -> str:
    """git's object id for a file's bytes (SHA-1 repositories), to compare without running git per file."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _by_story_id(paths: dict[str, str], prefix: str) -> dict[str, str]:
    stories: dict[str, str] = {}
    for path in paths:
        name = PurePosixPath(path)
        if name.is_relative_to(PurePosixPath(prefix) / "stories") and name.suffix == ".yaml":
            stories.setdefault(name.stem if STORY_NAME.match(name.name) else path, path)
    return stories


def _read_now(files: Files, path: str) -> Any:
    return _parse(files.top / path, path, STORY_FILE_BYTES)


def _read_at(files: Files, ref: str, path: str, limit: int = STORY_FILE_BYTES) -> Any:
    data = _git(files.top, "show", f"{ref}:{path}", check=False)
    if data is None:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / PurePosixPath(path).name
        copy.write_bytes(data)
        return _parse(copy, f"{ref}:{path}", limit)


def _parse(path: Path, display: str, limit: int) -> Any:
    """The file's data, read as strictly as the loader does; None when it cannot be read."""
    try:
        doc, _ = read_yaml(path, display, limit)
    except (OSError, ValueError):
        return None
    return doc.data if doc is not None else None


def _git_out(folder: Path, *args: str) -> bytes:
    output = _git(folder, *args)
    assert output is not None  # check=True: a failure raised SummaryError
    return output


def _git(folder: Path, *args: str, check: bool = True) -> bytes | None:
    return run_git(folder, *args, error=SummaryError, command="summary", check=check)


# Markdown

def _mapping(data: Any) -> dict:
    return data if isinstance(data, dict) else {}


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _md(text: str) -> str:
    """Plain text safe inside Markdown: no markup, links or HTML from content reach the summary."""
    text = " ".join(text.split())
    return "".join(f"\\{char}" if char in "\\`*_[]<>|~&" else char for char in text)


def _code(path: str) -> str:
    """A file name as code: a name may hold any character, but never ends the code span or the line."""
    return "`" + "".join("'" if char == "`" else " " if not char.isprintable() else char for char in path) + "`"


def _guide_link(name: str) -> str:
    """A link to the guide on GitHub when run by GitHub Actions (a job summary has no base URL), else its name."""
    server, repository = os.environ.get("GITHUB_SERVER_URL", ""), os.environ.get("GITHUB_REPOSITORY", "")
    if server.startswith("https://") and re.fullmatch(r"[\w.-]+/[\w.-]+", repository):
        return f"[{name}]({server}/{repository}/blob/HEAD/{name})"
    return _code(name)


def _title(title: str) -> str:
    return f"**{_md(title)}**" if title else "(no title)"


def _unreadable() -> str:
    return ": has errors, see the check step"


# Command line

def register(commands) -> None:
    """`summary --base REF`: registered by generator/cli.py."""
    parser = commands.add_parser(
        "summary",
        help="what the content gained or changed since a git ref, in plain English (Markdown, for a pull request)")
    parser.add_argument("--base", required=True, metavar="GIT-REF",
                        help="the git ref to compare with, e.g. origin/main (fetch it first in CI)")
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="FILE")


def run(args) -> int:
    """Print the summary; exit 0 whatever the content's state, 2 when git cannot answer."""
    import sys

    try:
        print(summarise(args.config, args.content, args.base), end="")
    except SummaryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
