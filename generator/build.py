"""load → validate all → publish → render → write → MkDocs; the site folder changes only on success."""
from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.config import Settings, load_settings
from generator.errors import ContentError, ErrorList
from generator.load import Content, load_content
from generator.publish import Published, publish
from generator.render.pages import render_pages
from generator.source import read_yaml
from generator.write import write_generated


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


def render_all(site: Published) -> dict[str, str | bytes]:
    """Every generated file for the docs folder."""
    files: dict[str, str | bytes] = {}
    images: dict[str, str] = {}
    for story in site.stories:
        if story.image:
            source = story._folder / story.image.src
            target = f"images/stories/{story.id}{source.suffix.lower()}"
            files[target] = source.read_bytes()
            images[story.id] = target
    files.update(render_pages(site, images))
    return files


def docs_dir_of(config_path: Path) -> Path:
    doc, _ = read_yaml(config_path, str(config_path), 1024 * 1024)
    name = (doc.data or {}).get("docs_dir", "docs") if doc and isinstance(doc.data, dict) else "docs"
    return (config_path.parent / str(name)).resolve()


class BuildFailed(Exception):
    """MkDocs could not build the site; the previous site is untouched."""


def build_site(config_path: Path, site: Published, site_dir: Path) -> tuple[int, int]:
    """Generate into the docs folder, build with MkDocs into a new folder, then swap it in."""
    written, removed = write_generated(docs_dir_of(config_path), render_all(site))
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        _run_mkdocs(config_path, staging)
        _swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written, removed


def _run_mkdocs(config_path: Path, out_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_path), site_dir=str(out_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, OSError, SystemExit) as exc:
        raise BuildFailed(f"MkDocs could not build the site: {exc}") from exc


def _swap_in(new: Path, site_dir: Path) -> None:
    """Replace site_dir with new in two renames, so readers never see half a site."""
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def publish_checked(checked: Checked, now: datetime) -> Published:
    return publish(checked.content, now)
