"""`check --base REF`: changes to events.yaml that would hurt subscribers' calendars, found against git.

Calendar apps keep what they once saw: they take a new date only when SEQUENCE rises, drop an
event silently when it disappears from a feed, and show a renamed id (a new UID) twice. Without
a database, the previous state is the content at a git ref, e.g. the pull request's base branch.
"""
from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from generator.config import Settings
from generator.errors import ContentError, display_path
from generator.fields import ValidationContext
from generator.git import run_git
from generator.load import Content
from generator.models import Event
from generator.plan import in_feeds
from generator.source import SourceDoc, read_yaml
from generator.validate import validate_document


class HistoryError(Exception):
    """git cannot give the content at the ref (not a repository, unknown ref, no git)."""


def compare_with_base(content: Content, ref: str, now: datetime) -> list[ContentError]:
    """Errors for every unsafe change to events.yaml since `ref`, as of `now`."""
    path = content.root / "events.yaml"
    previous = load_previous_events(path, ref, content.settings)
    doc = _current_doc(content, path)
    if doc is None or not isinstance(doc.data, list):
        return []  # the file itself is broken: that error is already reported
    return compare_events(previous, content.events, doc, ref, now, content.settings)


def load_previous_events(path: Path, ref: str, settings: Settings) -> list[Event]:
    """The events in `path` at git `ref`; none if the file did not exist then.

    Old entries are read with the same loader and model, leniently: an entry that does not pass
    today's rules (a category since removed, a tighter limit) is checked without the site's lists,
    and one that fails even so is skipped.
    """
    if ref.startswith("-"):
        raise HistoryError(f"--base: '{ref}' is not a git ref")
    folder = path.parent if path.parent.is_dir() else Path.cwd()
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    try:
        relative = path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise HistoryError(f"{display_path(path)} is not inside the git repository at {top}") from None
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False) is None:
        raise HistoryError(f"--base: '{ref}' is not a commit in this repository "
                           "(in CI, fetch the base branch first, e.g. git fetch origin main, and pass origin/main)")
    if _git(folder, "cat-file", "-e", f"{ref}:{relative}", check=False) is None:
        return []
    data = _git(folder, "show", f"{ref}:{relative}", text=False)
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "events.yaml"
        copy.write_bytes(data)
        doc, _ = read_yaml(copy, f"{ref}:{relative}", settings.limits.events_file_kb * 1024)
    if doc is None or not isinstance(doc.data, list):
        return []
    events = []
    for index, item in enumerate(doc.data):
        event, _ = validate_document(Event, item, doc, context=ValidationContext(settings), base=(index,))
        if event is None:
            event, _ = validate_document(Event, item, doc, context=ValidationContext(), base=(index,))
        if event is not None:
            events.append(event)
    return events


def compare_events(previous: list[Event], current: list[Event], doc: SourceDoc, ref: str,
                   now: datetime, settings: Settings) -> list[ContentError]:
    """The three rules: date/time/status changes raise sequence; no deletions in the feeds; no renames."""
    errors: list[ContentError] = []
    before = {event.id: event for event in previous}
    present = {item["id"] for item in doc.data if isinstance(item, dict) and isinstance(item.get("id"), str)}
    for event in current:
        old = before.get(event.id)
        if old is not None:
            errors.extend(_sequence_errors(old, event, doc, ref))
    added = [event for event in current if event.id not in before]
    for old in previous:
        if old.id in present:
            continue
        twin = next((new for new in added if _same_event(old, new)), None)
        if twin is not None:
            errors.append(twin.error(
                "id", f"this event was '{old.id}' in {ref}: a new id is a new event to calendar apps, "
                      "so subscribers would see it twice and the old one never goes",
                f"ids are stable forever: change it back to '{old.id}'"))
        elif in_feeds(old, now, settings):
            errors.append(_deleted(old, previous, present, doc, ref, now, settings))
    return errors


def _current_doc(content: Content, path: Path) -> SourceDoc | None:
    for event in content.events:
        if event.source is not None:
            return event.source.doc
    doc, _ = read_yaml(path, display_path(path), content.settings.limits.events_file_kb * 1024)
    return doc


def _when(event: Event) -> tuple:
    """What subscribers' calendars hold: start and (inclusive) end."""
    return (event.start, event.last_day) if event.all_day else (event.start, event.end or event.start)


def _same_event(old: Event, new: Event) -> bool:
    return _when(old) == _when(new) and old.title == new.title


def _show(event: Event) -> str:
    start, end = _when(event)
    text = f"{start:%Y-%m-%d}" if event.all_day else f"{start:%Y-%m-%d %H:%M}"
    if end != start:
        text += f" to {end:%Y-%m-%d}" if event.all_day else (
            f"–{end:%H:%M}" if end.date() == start.date() else f" to {end:%Y-%m-%d %H:%M}")
    return text


def _sequence_errors(old: Event, new: Event, doc: SourceDoc, ref: str) -> list[ContentError]:
    path = new.source.path if new.source else ()
    field = "sequence" if path + ("sequence",) in doc.positions else "id"
    changes = []
    if _when(old) != _when(new):
        same_days = (old.all_day, old.start_day, old.last_day) == (new.all_day, new.start_day, new.last_day)
        changes.append(f"the {'time' if same_days else 'date'} (was {_show(old)}, now {_show(new)})")
    if old.status != new.status:
        changes.append(f"the status (was {old.status}, now {new.status})")
    if changes and new.sequence <= old.sequence:
        return [new.error(field, f"{' and '.join(changes)} changed since {ref}, but sequence is still {new.sequence}: "
                                 "calendar apps ignore a change unless sequence goes up",
                          f"raise sequence to {old.sequence + 1}"
                          + ("" if field == "sequence" else f": add a line  sequence: {old.sequence + 1}"))]
    if new.sequence < old.sequence:
        return [new.error(field, f"sequence went down from {old.sequence} to {new.sequence} since {ref}: "
                                 "calendar apps would ignore this event's later changes",
                          f"set sequence back to {old.sequence}; it may only go up")]
    return []


def _deleted(old: Event, previous: list[Event], present: set[str], doc: SourceDoc, ref: str,
             now: datetime, settings: Settings) -> ContentError:
    """Point at where the entry used to be: the next entry that is still there (else the file's first line)."""
    order = [event.id for event in previous]
    following = [i for i in order[order.index(old.id) + 1:] if i in present]
    earlier = [i for i in order[: order.index(old.id)] if i in present]
    anchor = (following or earlier[-1:] or [""])[0]
    line, column = 1, 1
    if anchor:
        index = next(i for i, item in enumerate(doc.data) if isinstance(item, dict) and item.get("id") == anchor)
        line, column = doc.where((index,))
    today = now.date()
    when = ("is still to come" if old.start_day >= today else "is under way" if old.last_day >= today else
            f"ended on {old.last_day:%Y-%m-%d}, less than {settings.feed_past_days} days ago")
    return ContentError(doc.display, line, column, "",
                        f"the event '{old.id}' ({old.title}, {_show(old)}) was deleted since {ref}, but it {when}, "
                        "so it is still in subscribers' calendars: deleting it drops it from them without a word",
                        f"put it back with  status: cancelled  and  sequence: {old.sequence + 1}  "
                        f"(an event may be deleted once it ended over {settings.feed_past_days} days ago)")


def _git(folder: Path, *args: str, check: bool = True, text: bool = True):
    """Run git in `folder`; its output, or None when `check` is off and git says no."""
    output = run_git(folder, *args, error=HistoryError, command="--base", check=check)
    if output is None:
        return None
    return output.decode("utf-8", "replace") if text else output
