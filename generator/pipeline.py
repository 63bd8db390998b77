"""One pipeline: load → publish → plan → images → render → write (→ MkDocs), the same for every caller.

The CLI, `serve`, the benchmark and the tests all run content through these functions, so no
caller can skip, reorder or re-implement a stage. Each stage's result is a typed value:
- check():    settings (mkdocs.yml, read and validated once), content, the clock, every error;
- generate(): the published set, its site plan (every route, feed, window and status decided
  once) and every generated file (an OutputSet: one producer per path);
- write_docs(): those files into the docs folder (the one writer, atomic, stale files removed);
- build():    generate, write and run MkDocs into a new folder swapped in only on success.

`--keep-going` (the deploy's build) sets aside every story whose file (or photo) has an error:
such a story is held back exactly like a draft while everything else publishes. Errors anywhere
else (events.yaml, schools.yaml, the settings) still stop the build: a half-read events file would
delete subscribers' dates.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import IntEnum
from pathlib import Path

from generator import official
from generator.clock import ClockError, resolve_now
from generator.config import Settings, load_settings
from generator.errors import WARNINGS_TAIL, ContentError, ErrorList
from generator.load import Content, load_content
from generator.outputs import OutputSet
from generator.past_checks import ended_tentative
from generator.pictures import ImageFailed
from generator.plan import make_plan
from generator.publish import Published, publish
from generator.render.site import render_site
from generator.write import read_manifest, write_generated

CACHE = Path(".cache")  # beside mkdocs.yml; git-ignored (CI may keep it between runs)


class Status(IntEnum):
    """A command's outcome, as its exit status."""

    OK = 0
    CONTENT_ERRORS = 1
    USAGE = 2


@dataclass(frozen=True)
class Checked:
    """Settings, content and every error, as of `now`.

    `errors` stop publishing (its `warnings` never do). `held_back` are errors in story files that --keep-going set aside:
    those stories (`held_back_ids`, by file name) are left out of `content`. `usage` is a problem
    with the command rather than the content (an unreadable --now, git unable to answer --base).
    """

    config: Path
    settings: Settings | None
    content: Content | None
    now: datetime | None = None
    errors: ErrorList = field(default_factory=ErrorList)
    held_back: ErrorList = field(default_factory=ErrorList)
    held_back_ids: frozenset[str] = frozenset()
    usage: str | None = None

    @property
    def status(self) -> Status:
        if self.usage:
            return Status.USAGE
        return Status.CONTENT_ERRORS if self.errors or self.held_back else Status.OK

    @property
    def publishable(self) -> bool:
        """True when the content may be published (held-back stories aside)."""
        return (self.settings is not None and self.content is not None and self.now is not None
                and not self.errors and not self.usage)

    @property
    def docs_dir(self) -> Path:
        return (self.config.parent / (self.settings.docs_dir if self.settings else "docs")).resolve()

    @property
    def site_dir(self) -> Path:
        """mkdocs.yml's site_dir: the folder that is deployed."""
        return (self.config.parent / (self.settings.site_dir if self.settings else "site")).resolve()

    @property
    def cache_dir(self) -> Path:
        return self.config.parent / CACHE


def check(config: Path, content_dir: Path, now_text: str | None = None, *, base: str | None = None,
          keep_going: bool = False, production: bool = False, environ: Mapping[str, str] = os.environ) -> Checked:
    """Load the settings and content, resolve the clock, and collect every error.

    `base`: also compare events.yaml with that git ref (check --base). `keep_going`: set aside
    the errors of story files and leave those stories out, if no other error stands.
    `production`: also refuse unset contact settings and placeholders left in hand-written pages
    (generator/official.py).
    """
    settings, setting_errors = load_settings(config)
    errors = ErrorList()
    errors.extend(setting_errors)
    if settings is None:
        return Checked(config, None, None, errors=errors)
    content, content_errors = load_content(content_dir, settings, config.parent / CACHE)  # .cache/records.pickle
    errors.extend(content_errors)  # its warnings too: printed, never counted as errors
    content.pages, page_errors = official.load_pages(config)
    errors.extend(page_errors)
    if production:
        docs_dir = (config.parent / settings.docs_dir).resolve()
        errors.extend(official.production_errors(config, settings, docs_dir, set(read_manifest(docs_dir))))
    try:
        now = resolve_now(now_text, settings.zone, environ)
    except ClockError as exc:
        return Checked(config, settings, content, errors=errors, usage=str(exc))
    errors.extend(ended_tentative(content.events, settings, now))  # warnings: they never stop publishing
    if base:
        from generator.history import HistoryError, compare_with_base

        try:
            errors.extend(compare_with_base(content, base, now))
        except HistoryError as exc:
            return Checked(config, settings, content, now, errors=errors, usage=str(exc))
    if keep_going and errors:
        stories = content.root / "stories"
        blocking = [error for error in errors.errors if _story_file(error, stories) is None]
        if not blocking:
            held = frozenset(str(_story_file(error, stories)) for error in errors.errors)
            kept = [story for story in content.stories if story.id not in held]
            return Checked(config, settings, replace(content, stories=kept), now,
                           held_back=errors, held_back_ids=held)
    return Checked(config, settings, content, now, errors=errors)


def _story_file(error: ContentError, stories: Path) -> str | None:
    """The story (its file name without extension) an error belongs to, or None if it is not a story's.

    An error belongs to a story when it is in a file of the stories folder: the story file itself,
    or its photo (which shares the story's name).
    """
    path = Path(error.path)
    try:
        inside = path.resolve().is_relative_to(stories.resolve())
    except (OSError, ValueError):
        inside = False
    return path.stem if inside and path.name and path.resolve() != stories.resolve() else None


@dataclass(frozen=True)
class Generated:
    """One build's published set and every file it generates for the docs folder."""

    site: Published
    outputs: OutputSet


def generate(checked: Checked, *, preview: bool = False, cache_dir: Path | None = None,
             pages_ready: Callable[[OutputSet], None] | None = None) -> Generated:
    """publish → plan → render: every generated file, from content that passed check().

    Card images and the photos' smaller sizes are cached in `cache_dir` (default: .cache beside
    mkdocs.yml) under the hash of what goes into them. `pages_ready`: called with the files made
    so far once the pages are among them (render_site; build() starts the search index there).
    """
    from generator.build import BuildFailed

    if not checked.publishable or checked.content is None or checked.now is None:
        raise ValueError("generate() needs content that passed check()")
    site = publish(checked.content, checked.now, preview=preview)
    plan = make_plan(site)
    try:
        outputs = render_site(plan, cache_dir if cache_dir is not None else checked.cache_dir, pages_ready)
    except ImageFailed as exc:
        raise BuildFailed(str(exc)) from None
    return Generated(site, outputs)


def write_docs(docs_dir: Path, generated: Generated) -> tuple[int, int]:
    """Write the generated files into docs_dir (only changed bytes) and remove stale ones: (written, removed)."""
    return write_generated(docs_dir, generated.outputs)


@dataclass(frozen=True)
class Built:
    site: Published
    written: int
    removed: int


def build(checked: Checked, site_dir: Path, *, preview: bool = False, inputs_digest: str | None = None) -> Built:
    """generate, write the docs folder, run MkDocs into a new folder and swap it in for site_dir.

    Raises build.BuildFailed when MkDocs or a file operation fails; site_dir is then untouched.
    `inputs_digest` (generator/inputs.py, read before the content was): recorded beside the new
    site, with the warnings printed (a re-run with the same inputs keeps the site and prints them
    again). Never after a build that held stories back: their errors, and the exit status they
    give, come from check() on every run, so such a build always runs (its pages are still reused).
    """
    from generator import inputs
    from generator.build import EarlyStart, build_site

    early = EarlyStart(checked.config, checked.docs_dir, site_dir)  # the old site's deletion; Pagefind once the pages are made
    try:
        generated = generate(checked, preview=preview, pages_ready=early.pages_ready)
        inputs.forget(site_dir)  # before the swap: the record never describes a site it did not make
        written, removed = build_site(checked.config, checked.docs_dir, generated, site_dir, early)
    finally:
        early.close()  # whatever happened: no Pagefind left running, nothing left beside the site
    if (inputs_digest and not preview and checked.settings and checked.content and checked.now
            and not checked.held_back):
        zone = checked.settings.zone
        due = [story.publish_at for story in checked.content.stories if story.publish_at is not None]
        warnings = {fmt: "\n".join(checked.errors.report(fmt, WARNINGS_TAIL))
                    for fmt in ("text", "github")} if checked.errors.warnings else {}
        inputs.record(site_dir, inputs_digest, inputs.live_window(due, checked.now, zone), zone, warnings)
    return Built(generated.site, written, removed)
