"""Load every content file into typed records, collecting all errors before anything is written."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.config import Settings
from generator.errors import ContentError, ErrorList, display_path
from generator.fields import ValidationContext, slugify
from generator.images import add_photo_command, inspect_photo
from generator.models import Event, School, Story
from generator.plan import find_clashes
from generator.source import read_yaml, size_text
from generator.validate import validate_document

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

    @property
    def schools_by_id(self) -> dict[str, School]:
        return {school.id: school for school in self.schools}

    @property
    def events_by_id(self) -> dict[str, Event]:
        return {event.id: event for event in self.events}


def load_content(root: Path, settings: Settings) -> tuple[Content, ErrorList]:
    """Read schools, then events, then stories (each may refer to the ones before)."""
    errors = ErrorList()
    content = Content(settings, root)
    limits = settings.limits
    content.schools, school_ids = _load_list(root / "schools.yaml", School, limits.schools_file_kb,
                                             ValidationContext(settings), errors)
    _refuse_duplicates(content.schools, "school", errors)
    # When a file cannot be read at all, references to it are not checked (one error, not hundreds).
    context = ValidationContext(settings, schools=school_ids)
    content.events, event_ids = _load_list(root / "events.yaml", Event, limits.events_file_kb, context, errors,
                                           size_fix="delete events that ended over 12 months ago, or shorten descriptions")
    _refuse_duplicates(content.events, "event", errors)
    # event_ids also holds the ids of events that failed validation: a story naming one is not
    # told the event is unknown (the event's own error says what to fix).
    story_context = replace(context, events=content.events_by_id if event_ids is not None else None,
                            event_ids=event_ids)
    content.stories = _load_stories(root, story_context, errors)
    # Two records at one address (an event and a story with one id, an id the site reserves).
    errors.extend(find_clashes(content))
    return content, errors


def _load_list(path: Path, model, max_kb: int, context: ValidationContext, errors: ErrorList,
               size_fix: str = "make it smaller: shorten the text") -> tuple[list, frozenset[str] | None]:
    """Records from a list file, and every id it declares (None when the file could not be read)."""
    display = display_path(path)
    if not path.exists():
        errors.add(ContentError(display, message="the file is missing",
                                fix=f"create {path.name} (see the content guide in README.md)"))
        return [], None
    doc, load_errors = read_yaml(path, display, max_kb * 1024, size_fix=size_fix,
                                 empty_fix="add the entries, or write [] if there are none yet (the file must stay)")
    errors.extend(load_errors)
    if doc is None:
        return [], None
    if not isinstance(doc.data, list):
        errors.add(doc.error((), f"expected a list of entries, each starting with '- ', got {_kind(doc.data)}",
                             "start each entry with '- id: …' (see the content guide in README.md)"))
        return [], None
    records = []
    ids = frozenset(item["id"] for item in doc.data if isinstance(item, dict) and isinstance(item.get("id"), str))
    for index, item in enumerate(doc.data):
        record, item_errors = validate_document(model, item, doc, context=context, base=(index,))
        errors.extend(item_errors)
        if record is not None:
            records.append(record.located(doc, (index,)))
    return records, ids


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


def _load_stories(root: Path, context: ValidationContext, errors: ErrorList) -> list[Story]:
    folder = root / "stories"
    settings = context.settings
    assert settings is not None, "stories are loaded with the site's settings"
    stories: list[Story] = []
    seen: dict[str, str] = {}
    photos: list[Path] = []
    all_read = True  # False when a story could not be read: then its photo's use is unknown
    if not folder.is_dir():
        return stories
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not _hidden(p, folder)):
        display = display_path(path)
        if path.suffix.lower() in IMAGE_SUFFIXES:
            photos.append(path)
            continue
        match = STORY_NAME.match(path.name)
        if not match:
            errors.add(ContentError(display, 1, 1, "", _name_problem(path), f"rename it to {_suggest_name(path)}"))
            continue
        if path.stem in seen:
            errors.add(ContentError(display, 1, 1, "", f"another story has the same file name ({seen[path.stem]})",
                                    "story file names are their web addresses, so each must be unique: rename one"))
            continue
        seen[path.stem] = display
        doc, load_errors = read_yaml(path, display, settings.limits.story_file_kb * 1024)
        errors.extend(load_errors)
        all_read = all_read and doc is not None and isinstance(doc.data, dict)
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            got = "a list" if isinstance(doc.data, list) else "a single value"
            errors.add(doc.error((), f"expected the story's fields (title: …, date: …), got {got}",
                                 "start the file with  title: …  (see the content guide in README.md)"))
            continue
        story, story_errors = validate_document(Story, doc.data, doc, context=context)
        errors.extend(story_errors)
        if story is None:
            all_read = all_read and not isinstance(doc.data.get("image"), dict)
            continue
        story = story.located(doc, (), id=path.stem, folder=path.parent)
        errors.extend(_check_image(story, root, settings))
        stories.append(story)
    errors.extend(_check_unused_photos(photos, stories, all_read))
    return stories


def _check_unused_photos(photos: list[Path], stories: list[Story], all_read: bool) -> list[ContentError]:
    """A photo no story uses would still be public once committed: it must be safe, and should go."""
    used = {(story.folder / story.image.src).resolve() for story in stories if story.image}
    found = []
    for path in photos:
        if path.resolve() in used:
            continue
        display = display_path(path)
        problem = inspect_photo(path, path.name)
        if problem:
            found.append(ContentError(display, message=f"{problem[0]}, and no story uses it",
                                      fix="delete it: a photo in a pull request is public even when no story uses "
                                          f"it (add photos with  {add_photo_command()})"))
        elif all_read:
            found.append(ContentError(display, message=f"'{path.name}' is not used by any story",
                                      fix="delete it (git rm it), or name it under a story's image: as  src: "
                                          f"{path.name}"))
    return found


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def _name_problem(path: Path) -> str:
    if path.suffix.lower() == ".yml":
        return "story files end in .yaml, not .yml"
    if path.suffix.lower() != ".yaml":
        return f"'{path.name}' is not a story file (.yaml) or a photo (.jpg, .png, .webp)"
    return f"the file name '{path.name}' is not YYYY-MM-DD-words.yaml (lowercase letters, digits and hyphens)"


def _suggest_name(path: Path) -> str:
    stem = path.stem
    match = re.match(r"^(\d{4}-\d{2}-\d{2})[-_ ]*(.*)$", stem)
    date_part, words = (match.group(1), match.group(2)) if match else ("YYYY-MM-DD", stem)
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
