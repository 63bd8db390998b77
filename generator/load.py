"""Load every content file into typed records, collecting all errors before anything is written."""
from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from generator.config import Settings
from generator.errors import ContentError, ErrorList, display_path, display_prefix, warning
from generator.fields import EventRef, ValidationContext, slugify
from generator.images import add_photo_command, inspect_photo
from generator.models import Event, School, Story
from generator.official import HandPage, shared_websites
from generator.plan import find_clashes
from generator.record_cache import RecordCache, key, salt
from generator.source import SourceDoc, read_yaml, size_text
from generator.validate import is_flag, validate_document

STORY_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass
class Content:
    """Every record from the content folder, valid or not yet checked across files."""

    settings: Settings
    root: Path
    schools: list[School] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    pages: tuple[HandPage, ...] = ()  # about, accessibility, privacy (pages/, generator/official.py)

    @property
    def schools_by_id(self) -> dict[str, School]:
        return {school.id: school for school in self.schools}

    @property
    def events_by_id(self) -> dict[str, Event]:
        return {event.id: event for event in self.events}


def load_content(root: Path, settings: Settings, cache: Path | None = None) -> tuple[Content, ErrorList]:
    """Read schools, then events, then stories (each may refer to the ones before).

    `cache`: a folder (.cache beside mkdocs.yml) where each file's loaded records and errors are
    kept for the next load (generator/record_cache.py): an unchanged file is not read again.
    """
    errors = ErrorList()
    content = Content(settings, root)
    limits = settings.limits
    records = RecordCache(cache, salt(repr(settings), settings.time_zone) if cache is not None else "")
    content.schools, school_ids, schools_key = _load_list(
        root / "schools.yaml", School, limits.schools_file_kb, ValidationContext(settings), errors,
        records, "schools")
    _refuse_duplicates(content.schools, "school", errors)
    errors.extend(shared_websites(content.schools))  # a trust's home page given as a school's own
    # When a file cannot be read at all, references to it are not checked (one error, not hundreds).
    context = ValidationContext(settings, schools=school_ids,
                                school_names={school.id: school.name for school in content.schools})
    # What validates an event or a story besides its own file (the settings are in the cache's salt).
    events_context = key("events", schools_key) if schools_key else None
    content.events, event_ids, events_key = _load_list(
        root / "events.yaml", Event, limits.events_file_kb, context, errors, records, events_context,
        size_fix="delete events that ended over 12 months ago, or shorten descriptions")
    _refuse_duplicates(content.events, "event", errors)
    # event_ids also holds the ids of events that failed validation: a story naming one is not
    # told the event is unknown (the event's own error says what to fix).
    refs = {event.id: EventRef.of(event) for event in content.events}
    story_context = replace(context, events=refs if event_ids is not None else None, event_ids=event_ids)
    # A story's validation reads of events.yaml only what EventRef holds and the ids declared.
    stories_context = key("stories", schools_key, repr(sorted(refs.items())), repr(sorted(event_ids or ()))) \
        if schools_key and events_key else None
    content.stories = _load_stories(root, story_context, errors, records, stories_context)
    records.save()
    # Two records at one address (an event and a story with one id, an id the site reserves).
    errors.extend(find_clashes(content))
    return content, errors


Loaded = TypeVar("Loaded")


def _cached(records: RecordCache, path: Path, display: str, max_bytes: int, context_key: str | None,
            kind: type[Loaded], read: Callable[[bytes | None], Loaded]) -> tuple[Loaded, str | None]:
    """read(the file's bytes), or what it gave before for the same bytes, path and context; and that key.

    No key (None) and no caching when the context is not known or the file is too big or
    unreadable: then read(None) reads the file itself and reports the problem as before. A cached
    value that is not a `kind` (a foreign cache file) is not used.
    """
    data = None
    if context_key is not None:
        try:
            with open(path, "rb") as handle:
                data = handle.read() if os.fstat(handle.fileno()).st_size <= max_bytes else None
        except OSError:
            pass
    if data is None:
        return read(None), None
    entry = key(str(path), display, context_key or "", data)
    found = records.get(entry)
    if not isinstance(found, kind):
        found = read(data)
        records.put(entry, found)
    return found, entry


@dataclass(frozen=True)
class _ListFlags:
    """flags() for read_yaml on a list file: true/false fields of each entry's model (picklable, unlike a lambda)."""

    model: Any

    def __call__(self, at: tuple) -> bool:
        return is_flag(self.model, at[1:])


def _story_flags(at: tuple) -> bool:
    return is_flag(Story, at)


def _load_list(path: Path, model, max_kb: int, context: ValidationContext, errors: ErrorList,
               records: RecordCache, context_key: str | None,
               size_fix: str = "make it smaller: shorten the text") -> tuple[list, frozenset[str] | None, str | None]:
    """Records from a list file, every id it declares (None when the file could not be read), and its cache key."""
    display = display_path(path)
    if not path.exists():
        errors.add(ContentError(display, message="the file is missing",
                                fix=f"create {path.name} (see the content guide in README.md)"))
        return [], None, key("missing", str(path))  # no records, no ids: the files that refer to it are cached all the same
    found, entry = _cached(records, path, display, max_kb * 1024, context_key, ListFile,
                           lambda data: _read_list(path, display, model, max_kb, context, size_fix, data))
    errors.extend(found.errors)
    return list(found.records), found.ids, entry


@dataclass(frozen=True)
class ListFile:
    """schools.yaml or events.yaml as read and validated alone (what the record cache keeps for it)."""

    records: tuple  # the valid entries, in file order
    ids: frozenset[str] | None  # every id declared, valid or not (None: the file could not be read whole)
    errors: tuple[ContentError, ...]  # its own errors, in the order they are reported


def _read_list(path: Path, display: str, model, max_kb: int, context: ValidationContext, size_fix: str,
               data: bytes | None) -> ListFile:
    """One list file alone: its records, every id it declares, its errors."""
    doc, errors = read_yaml(path, display, max_kb * 1024, size_fix=size_fix,
                            empty_fix="add the entries, or write [] if there are none yet (the file must stay)",
                            recover=True, flags=_ListFlags(model), data=data)
    if doc is None:
        return ListFile((), None, tuple(errors))
    if not isinstance(doc.data, list):
        errors.append(doc.error((), f"expected a list of entries, each starting with '- ', got {_kind(doc.data)}",
                                "start each entry with '- id: …' (see the content guide in README.md)"))
        return ListFile((), None, tuple(errors))
    records = []
    ids = frozenset(item["id"] for item in doc.data if isinstance(item, dict) and isinstance(item.get("id"), str))
    for index, item in enumerate(doc.data):
        record, item_errors = validate_document(model, item, doc, context=context, base=(index,))
        errors.extend(item_errors)
        if record is not None:
            records.append(record.located(doc, (index,)))
    # A file read only after repairing its syntax may have lost entries: references to it go unchecked.
    return ListFile(tuple(records), None if doc.recovered else ids, tuple(errors))


def _kind(value) -> str:
    return "a set of 'name: value' fields" if isinstance(value, dict) else "a single value"


def _refuse_duplicates(records: list[School] | list[Event], kind: str, errors: ErrorList) -> None:
    seen: dict[str, School | Event] = {}
    for record in records:
        first = seen.setdefault(record.id, record)
        if first is not record:
            line = first.where.doc.where(first.where.path + ("id",))[0]
            errors.add(record.error("id", f"the {kind} id '{record.id}' is used twice (first on line {line})",
                                    f"give each {kind} its own id"))


@dataclass(frozen=True)
class StoryFile:
    """One story file as read and validated alone (what the record cache keeps for it)."""

    doc: SourceDoc | None
    errors: tuple[ContentError, ...]  # its own errors and warnings, in the order they are reported
    story: Story | None  # the record, when the file is well named and its fields are valid
    read_whole: bool  # False when the file's photo (if any) cannot be known: photos then go unjudged


def _load_stories(root: Path, context: ValidationContext, errors: ErrorList, records: RecordCache,
                  context_key: str | None) -> list[Story]:
    folder = root / "stories"
    settings = context.settings
    assert settings is not None, "stories are loaded with the site's settings"
    stories: list[Story] = []
    seen: dict[str, str] = {}
    photos: list[Path] = []
    wanted: dict[Path, str] = {}  # photos that stories name, even stories with errors: path -> story file
    all_read = True  # False when a story could not be read: then its photo's use is unknown
    if not folder.is_dir():
        return stories
    for path, display, story_folder in _story_folder(folder):
        if path.suffix.lower() in IMAGE_SUFFIXES:
            photos.append(path)
            continue
        match = STORY_NAME.match(path.name)
        if not match and path.suffix.lower() not in (".yaml", ".yml"):
            errors.add(ContentError(display, 1, 1, "", _name_problem(path), f"rename it to {_suggest_name(path)}"))
            continue
        if match and path.stem in seen:
            errors.add(ContentError(display, 1, 1, "", f"another story has the same file name ({seen[path.stem]})",
                                    "story file names are their web addresses, so each must be unique: rename one"))
            continue
        if match:
            seen[path.stem] = display
        found, _ = _cached(records, path, display, settings.limits.story_file_kb * 1024, context_key, StoryFile,
                           lambda data: _read_story(path, display, story_folder, match, context, data))  # noqa: B023 - called at once
        errors.extend(found.errors)
        data = found.doc.data if found.doc is not None else None
        if isinstance(data, dict) and isinstance(data.get("image"), dict) and isinstance(data["image"].get("src"), str):
            wanted[(path.parent / data["image"]["src"]).resolve()] = path.name
        all_read = all_read and found.read_whole
        if found.story is None:
            continue
        errors.extend(_check_image(found.story, root, settings))
        stories.append(found.story)
    errors.extend(_check_unused_photos(photos, stories, all_read, wanted))
    errors.extend(_check_copies(stories))
    return stories


def _read_story(path: Path, display: str, folder: Path, match: re.Match | None, context: ValidationContext,
                data: bytes | None) -> StoryFile:
    """One story file alone: read strictly, validated, its own errors and warnings in order.

    `folder` is path.parent, one object for all the stories of a folder (kept once in the cache).
    """
    assert context.settings is not None, "stories are loaded with the site's settings"
    doc, errors = read_yaml(path, display, context.settings.limits.story_file_kb * 1024,
                            recover=True, flags=_story_flags, data=data)
    data_read = doc.data if doc is not None else None
    if not match:  # read it all the same: its date names it, and its photo is not "unused"
        errors.append(ContentError(display, 1, 1, "", _name_problem(path),
                                   f"rename it to {_suggest_name(path, data_read)}"))
    if doc is None or not isinstance(data_read, dict):
        if doc is not None:
            got = "a list" if isinstance(data_read, list) else "a single value"
            errors.append(doc.error((), f"expected the story's fields (title: …, date: …), got {got}",
                                    "start the file with  title: …  (see the content guide in README.md)"))
        return StoryFile(doc, tuple(errors), None, read_whole=False)
    story, story_errors = validate_document(Story, data_read, doc, context=context)
    errors.extend(story_errors)
    if story is None or not match:
        return StoryFile(doc, tuple(errors), None,
                         read_whole=story is not None or not isinstance(data_read.get("image"), dict))
    story = story.located(doc, (), id=path.stem, folder=folder)
    named = date(*map(int, match.groups()[:3]))
    if story.date != named:  # a warning: renaming a published story would break its web address
        errors.append(warning(story.error(
            "date", f"the file name says {named:%Y-%m-%d} but date: says {story.date:%Y-%m-%d}",
            f"before the story is published, rename the file to {story.date:%Y-%m-%d}-{match.group(4)}.yaml; "
            f"or correct the date:  date: {named:%Y-%m-%d}")))
    return StoryFile(doc, tuple(errors), story, read_whole=True)


def _check_unused_photos(photos: list[Path], stories: list[Story], all_read: bool,
                         wanted: dict[Path, str]) -> list[ContentError]:
    """A photo no story uses would still be public once committed: it must be safe, and should go."""
    used = {(story.folder / story.image.src).resolve() for story in stories if story.image}
    missing = {path: name for path, name in wanted.items() if not path.is_file()}
    found = []
    for path in photos:
        resolved = path.resolve()
        if resolved in used or resolved in wanted:
            continue  # a story with errors of its own still uses it: its errors say what to fix
        display = display_path(path)
        problem = inspect_photo(path, path.name)
        close = _closest_name(path, missing)
        if problem:
            found.append(ContentError(display, message=f"{problem[0]}, and no story uses it",
                                      fix="delete it: a photo in a pull request is public even when no story uses "
                                          f"it (add photos with  {add_photo_command()})"))
        elif close:
            photo, story = close
            found.append(ContentError(display, message=f"'{path.name}' is not used by any story, but {story} "
                                                       f"names a photo '{photo.name}' that is missing",
                                      fix=f"rename it to {photo.name}"))
        elif all_read and (owner := _story_named_like(path, stories)):
            found.append(ContentError(display, message=f"'{path.name}' is not used by any story, but its name is "
                                                       f"close to {owner.id}.yaml, which has no image",
                                      fix=f"add it to {owner.id}.yaml as  image:  with  src: {path.name}  and its "
                                          "alt: and consent: lines; or delete the photo (git rm it)"))
        elif all_read:
            found.append(ContentError(display, message=f"'{path.name}' is not used by any story",
                                      fix="delete it (git rm it), or name it under a story's image: as  src: "
                                          f"{path.name}"))
    return found


def _story_named_like(photo: Path, stories: list[Story]) -> Story | None:
    """A story without a photo whose file name is this photo's (the image: block was forgotten)."""
    name = _words(photo.name)
    for story in stories:
        if story.image is None and story.folder == photo.parent and \
                difflib.SequenceMatcher(None, name, _words(story.id)).ratio() >= 0.8:
            return story
    return None


def _words(name: str) -> str:
    """"Netball County Cup (1).jpg" and "2026-11-25-netball-county-cup.jpg" both give netball-county-cup."""
    return re.sub(r"^\d{4}-\d{2}-\d{2}-|-\d+$", "", slugify(Path(name).stem))


def _closest_name(photo: Path, missing: dict[Path, str]) -> tuple[Path, str] | None:
    """The missing photo a story names that this photo most likely is (same words, other spelling)."""
    best, score = None, 0.0
    for wanted, story in missing.items():
        if wanted.parent != photo.resolve().parent:
            continue
        ratio = difflib.SequenceMatcher(None, _words(photo.name), _words(wanted.name)).ratio()
        if ratio > score:
            best, score = (wanted, story), ratio
    return best if score >= 0.8 else None


def _check_copies(stories: list[Story]) -> list[ContentError]:
    """Warn about a story that repeats another's title or photo: often a copy saved twice."""
    found = []
    titles: dict[str, Story] = {}
    for story in stories:
        first = titles.setdefault(" ".join(story.title.casefold().split()), story)
        if first is not story:
            found.append(warning(story.error("title", f"another story has the same title ({first.id}.yaml)",
                                             "if this story is a copy, delete one of them; otherwise give it a "
                                             "title of its own")))
    by_size: dict[int, list[tuple[Story, Path]]] = {}
    for story in stories:
        if story.image is None or story.withdrawn:
            continue
        photo = story.folder / story.image.src
        try:
            by_size.setdefault(photo.stat().st_size, []).append((story, photo))
        except OSError:
            continue  # a missing photo has its own error
    for group in (g for g in by_size.values() if len(g) > 1):  # hash only photos of the same size
        digests: dict[str, tuple[Story, Path]] = {}
        for story, photo in group:
            first, first_photo = digests.setdefault(hashlib.sha256(photo.read_bytes()).hexdigest(), (story, photo))
            if first is story:
                continue
            same = "uses the same photo" if first_photo.resolve() == photo.resolve() else \
                f"has the same photo ({first_photo.name})"
            found.append(warning(story.error(("image", "src"), f"{first.id}.yaml {same}",
                                             "if this story is a copy, delete one of them; otherwise use a "
                                             "photo of this story")))
    return found


def _story_folder(folder: Path) -> list[tuple[Path, str, Path]]:
    """Every file under folder but hidden ones (a name starting with '.'), in path order, with its display_path and folder.

    One directory listing and one resolve per folder, not a stat and a resolve per file: thousands
    of stories made these a tenth of the loader's time. A symlinked folder is not entered (as
    Path.rglob); a symlinked file counts if it leads to a file, and is named where it leads.
    """
    found: list[tuple[tuple[str, ...], Path, str, Path]] = []

    def walk(directory: Path, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError:
            return
        prefix = display_prefix(directory)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    walk(directory / entry.name, parts + (entry.name,))
                elif entry.is_file():
                    path = directory / entry.name
                    display = display_path(path) if entry.is_symlink() else prefix + entry.name
                    found.append((parts + (entry.name,), path, display, directory))
            except OSError:
                continue
    walk(folder, ())
    return [(path, display, directory) for _, path, display, directory in sorted(found, key=lambda item: item[0])]


def _name_problem(path: Path) -> str:
    if path.suffix.lower() == ".yml":
        return "story files end in .yaml, not .yml"
    if path.suffix.lower() != ".yaml":
        return f"'{path.name}' is not a story file (.yaml) or a photo (.jpg, .png, .webp)"
    return f"the file name '{path.name}' is not YYYY-MM-DD-words.yaml (lowercase letters, digits and hyphens)"


def _suggest_name(path: Path, data=None) -> str:
    """YYYY-MM-DD-words.yaml from the name, with the story's own date when the name has none."""
    stem = path.stem
    match = re.match(r"^(\d{4}-\d{2}-\d{2})[-_ ]*(.*)$", stem)
    date_part, words = (match.group(1), match.group(2)) if match else ("YYYY-MM-DD", stem)
    written = data.get("date") if isinstance(data, dict) else None
    if not match and isinstance(written, date) and not isinstance(written, datetime):
        date_part = f"{written:%Y-%m-%d}"
    return f"{date_part}-{slugify(words) or 'story'}.yaml"


def _check_image(story: Story, root: Path, settings: Settings) -> list[ContentError]:
    if story.image is None or story.withdrawn:  # a withdrawn story's photo is never published: it may be gone
        return []
    src = story.image.src
    candidate = (story.folder / src)
    try:
        resolved = candidate.resolve()
        inside = resolved.is_relative_to(root.resolve())
    except (OSError, ValueError):
        inside = False
    if not inside or src.startswith("/") or "\\" in src:
        return [story.error(("image", "src"), f"the image path '{src}' leaves the content folder",
                            "put the photo beside the story file and write just its file name")]
    if resolved.suffix.lower() not in IMAGE_SUFFIXES:
        return [story.error(("image", "src"), f"'{src}' is not a JPEG, PNG or WebP photo",
                            "save the photo as .jpg, .png or .webp")]
    if not resolved.is_file():
        return [story.error(("image", "src"), f"the photo '{src}' is not in {display_path(story.folder)}",
                            "add the photo beside the story file, or correct the file name (capital letters matter)")]
    size, limit = resolved.stat().st_size, settings.limits.photo_mb * 1024 * 1024
    if size > limit:
        return [story.error(("image", "src"), f"the photo is {size_text(size)}, over the limit of {size_text(limit)}",
                            f"run  {add_photo_command(story.where.doc.display, display_path(resolved))}  to shrink "
                            f"it (at most 2000 pixels on the long side is plenty)")]
    problem = inspect_photo(resolved, src, story.where.doc.display)
    return [story.error(("image", "src"), *problem)] if problem else []
