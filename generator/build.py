"""load → validate all → publish → render → write → MkDocs; the site folder changes only on success."""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.config import Settings, load_settings
from generator.errors import ErrorList, display_path
from generator.images import PhotoError, size_photo
from generator.load import Content, load_content
from generator.postbuild import postprocess_site
from generator.publish import Published
from generator.render.cards import (
    SITE_CARD,
    CardFonts,
    CardSpec,
    card_key,
    card_path,
    event_card_spec,
    render_card,
    site_card_spec,
    story_card_spec,
)
from generator.render.feeds import FeedImage, render_feeds, story_feeds
from generator.render.form_data import render_form_data
from generator.render.ical import calendar_feeds, render_calendars
from generator.render.pages import Feed, StoryImage, render_pages
from generator.source import read_yaml
from generator.write import MANIFEST, write_generated


@dataclass
class Checked:
    """The outcome of loading and validating: the content, or every error."""

    settings: Settings | None
    content: Content | None
    errors: ErrorList = field(default_factory=ErrorList)


def check_content(config_path: Path, content_dir: Path) -> Checked:
    """Load settings and content and collect every error."""
    errors = ErrorList()
    settings, setting_errors = load_settings(config_path)
    errors.extend(setting_errors)
    if settings is None:
        return Checked(None, None, errors)
    content, content_errors = load_content(content_dir, settings)
    errors.extend(content_errors.errors)
    return Checked(settings, content, errors)


def render_all(site: Published, cache_dir: Path | None = None, image_cache: Path | None = None) -> dict[str, str | bytes]:
    """Every generated file for the docs folder.

    Card images are cached in cache_dir when given, and the photos' smaller sizes in image_cache
    (by default the folder `images` beside cache_dir).
    """
    if image_cache is None and cache_dir is not None:
        image_cache = cache_dir.parent / IMAGE_CACHE.name
    files: dict[str, str | bytes] = {}
    images: dict[str, StoryImage] = {}
    for story in site.stories:
        if story.image:
            source = story._folder / story.image.src
            target = f"images/stories/{story.id}{source.suffix.lower()}"
            files[target] = data = source.read_bytes()
            try:
                sized = size_photo(data, image_cache)
            except PhotoError as exc:
                raise BuildFailed(f"{display_path(source)}: {exc.message}; {exc.fix}") from None
            srcset = []
            for width, _height, copy in sized.copies:
                path = sized_path(story.id, width)
                files[path] = copy
                srcset.append((path, width))
            images[story.id] = StoryImage(target, sized.width, sized.height, tuple(srcset))
    files.update(render_pages(site, images, feed_descriptors(site)))
    files.update(render_calendars(site))
    files.update(render_feeds(site, {story_id: FeedImage(image.path, len(files[image.path]), _media_type(image.path))
                                     for story_id, image in images.items()}))
    files.update(render_form_data(site.settings, site.schools, site.events))
    files.update(_render_cards(site, {story_id: files[image.path] for story_id, image in images.items()}, cache_dir))
    return files


def feed_descriptors(site: Published) -> list[Feed]:
    """Every feed this build writes, for the subscribe page: calendars, then story feeds.

    A descriptor (render.ical.Feed, render.feeds.Feed) has the title, path and kind the page
    reads, plus its description and group (all, category, school or tag).
    """
    return [*calendar_feeds(site), *story_feeds(site)]


def _media_type(path: str) -> str:
    return {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}.get(
        Path(path).suffix.lower(), "application/octet-stream")


# fonts-dejavu-core (Debian, Ubuntu): the cards' fonts. Without it, Pillow's own scalable font.
CARD_FONTS = Path("/usr/share/fonts/truetype/dejavu")


def _card_fonts() -> CardFonts:
    def read(name: str) -> bytes | None:
        path = CARD_FONTS / name
        return path.read_bytes() if path.is_file() else None

    return CardFonts(bold=read("DejaVuSans-Bold.ttf"), regular=read("DejaVuSans.ttf"))


def _render_cards(site: Published, photos: dict[str, bytes], cache_dir: Path | None) -> dict[str, bytes]:
    """A card per story and per event, and the site's own; each drawn once, then kept in cache_dir
    under the hash of everything that goes into it, so a re-run draws nothing that has not changed."""
    settings, fonts = site.settings, _card_fonts()
    schools = {school.id: school for school in site.schools}
    jobs = [(card_path(story.id), story_card_spec(story, settings, schools, story.id in photos), photos.get(story.id))
            for story in site.stories]
    jobs += [(card_path(event.id), event_card_spec(event, settings), None) for event in site.events]
    jobs.append((SITE_CARD, site_card_spec(settings), None))
    files: dict[str, bytes] = {}
    for path, spec, photo in jobs:
        if path in files:
            raise ValueError(f"two cards would be written to {path}: a story and an event have the same id")
        files[path] = _cached_card(spec, photo, fonts, cache_dir)
    return files


def _cached_card(spec: CardSpec, photo: bytes | None, fonts: CardFonts, cache_dir: Path | None) -> bytes:
    if cache_dir is None:
        return render_card(spec, photo, fonts)
    cached = cache_dir / f"{card_key(spec, photo, fonts)}.jpg"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = render_card(spec, photo, fonts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_name(f".{cached.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, cached)
    return data


def sized_path(story_id: str, width: int) -> str:
    """A smaller copy of a story's photo: images/stories/w400/<id>.jpg (no story id can reach it)."""
    return f"images/stories/w{width}/{story_id}.jpg"


def docs_dir_of(config_path: Path) -> Path:
    doc, _ = read_yaml(config_path, str(config_path), 1024 * 1024)
    name = (doc.data or {}).get("docs_dir", "docs") if doc and isinstance(doc.data, dict) else "docs"
    return (config_path.parent / str(name)).resolve()


CARD_CACHE = Path(".cache/cards")  # beside mkdocs.yml; git-ignored (CI may keep .cache between runs)
IMAGE_CACHE = Path(".cache/images")  # the photos' smaller sizes, by content hash
PREVIEW_DOCS = Path(".cache/preview-docs")  # a preview's docs folder: held stories never enter docs/


class BuildFailed(Exception):
    """The site could not be built (MkDocs failed, or a photo could not be read); the previous site is untouched."""


def build_site(config_path: Path, site: Published, site_dir: Path) -> tuple[int, int]:
    """Generate into the docs folder, build with MkDocs into a new folder, then swap it in.

    A preview (site.previewed: held stories shown) is generated into a copy of the docs folder
    under .cache, so the generated pages that deploys build from never hold an unpublished story.
    """
    cache = config_path.parent
    docs_dir = docs_dir_of(config_path)
    if site.previewed:
        docs_dir = _preview_docs(docs_dir, cache / PREVIEW_DOCS)
    files = render_all(site, cache / CARD_CACHE, cache / IMAGE_CACHE)
    site_dir = site_dir.resolve()
    try:
        written, removed = write_generated(docs_dir, files)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    except OSError as exc:
        raise BuildFailed(f"the generated pages could not be written: {exc}") from exc
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a web server running as another user must read it
        _run_mkdocs(config_path, staging, site.now, docs_dir if site.previewed else None)
        postprocess_site(staging)
        _swap_in(staging, site_dir)
    except OSError as exc:
        raise BuildFailed(f"the new site could not be finished and put in place: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written, removed


def _preview_docs(docs_dir: Path, target: Path) -> Path:
    """target kept a copy of docs_dir's hand-written files; the preview's generated files go on top."""
    generated = set(_manifest(docs_dir)) | {MANIFEST}
    written = {p.relative_to(docs_dir).as_posix(): p for p in docs_dir.rglob("*") if p.is_file()}
    hand = {relative: path for relative, path in written.items() if relative not in generated}
    keep = set(hand) | set(_manifest(target)) | {MANIFEST}
    for path in sorted(target.rglob("*")) if target.is_dir() else ():
        if path.is_file() and path.relative_to(target).as_posix() not in keep:
            path.unlink()  # a hand-written page deleted since the last preview
    for relative, path in sorted(hand.items()):
        copy = target / relative
        if not copy.is_file() or copy.read_bytes() != path.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
    return target


def _manifest(docs_dir: Path) -> list[str]:
    try:
        return [item for item in json.loads((docs_dir / MANIFEST).read_text("utf-8")) if isinstance(item, str)]
    except (OSError, ValueError):
        return []


def _run_mkdocs(config_path: Path, out_dir: Path, now: datetime, docs_dir: Path | None = None) -> None:
    """MkDocs builds into out_dir with its clock set to `now` (SOURCE_DATE_EPOCH: the sitemap's
    dates and sitemap.xml.gz's timestamp), so the same content and now give the same bytes."""
    from jinja2 import TemplateError
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    overrides = {"site_dir": str(out_dir)} | ({"docs_dir": str(docs_dir)} if docs_dir else {})
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
    try:
        config = load_config(config_file=str(config_path), **overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except TemplateError as exc:  # a theme override that does not compile or render
        where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "filename", None) else ""
        raise BuildFailed(f"MkDocs could not build the site: a template failed: {where}{exc.message}") from exc
    except (MkDocsException, OSError, SystemExit) as exc:
        raise BuildFailed(f"MkDocs could not build the site: {exc}") from exc
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _swap_in(new: Path, site_dir: Path) -> None:
    """Replace site_dir with new in two renames, so readers never see half a site.

    If the second rename fails, the first is undone: the previous site stays in place.
    """
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    had_site = site_dir.exists()
    if had_site:
        site_dir.rename(old)
    try:
        new.rename(site_dir)
    except BaseException:
        if had_site:
            old.rename(site_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
