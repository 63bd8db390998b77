"""The site build: the docs folder written, MkDocs run into a new folder, swapped in only on success."""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from generator import heap, mkdocs_run, recycle
from generator.outputs import OutputSet
from generator.pipeline import Generated, write_docs
from generator.search_index import PAGES as SEARCH_PAGES
from generator.search_index import BackgroundIndex, SearchIndexFailed
from generator.stylesheets import join_stylesheets
from generator.write import MANIFEST, read_manifest

PREVIEW_DOCS = Path(".cache/preview-docs")  # a preview's docs folder: held stories never enter docs/


class BuildFailed(Exception):
    """The site could not be built (MkDocs failed, or a photo could not be read); the previous site is untouched."""


class EarlyStart:
    """What a build starts before generate(), for build_site to finish: the claim of the site
    before last as this build's staging folder (generator/recycle.py; where there is none to
    claim, its deletion by _sweep, which gets generate's time too), and the search
    index, started as soon as the pages are made (render_site's pages_ready). After a small edit
    Pagefind is the build's longest path: so it runs while the feeds and calendars are made, on
    the core generate leaves idle. close() stops the one and waits for the other."""

    def __init__(self, config_path: Path, docs_dir: Path, site_dir: Path):
        self.index = BackgroundIndex(docs_dir, site_dir.resolve(), config_path.parent / SEARCH_PAGES)
        self.recycled = recycle.claim(site_dir)
        self.swept = _sweep(site_dir.resolve()) if self.recycled is None else (lambda: None)

    def pages_ready(self, outputs: OutputSet) -> None:
        try:
            self.index.start_from(outputs)
        except SearchIndexFailed as exc:
            raise BuildFailed(f"the new site could not be finished and put in place: {exc}") from exc

    def close(self) -> None:
        self.index.close()
        if self.recycled is not None:
            self.recycled.discard()  # claimed but never swapped in (generate failed): nothing left beside the site
        self.swept()


def build_site(config_path: Path, docs_dir: Path, generated: Generated, site_dir: Path,
               early: EarlyStart | None = None) -> tuple[int, int]:
    """Write the generated files into the docs folder, build with MkDocs into a new folder, then swap it in.

    A preview (site.previewed: held stories shown) is written into a copy of the docs folder
    under .cache, so the generated pages that deploys build from never hold an unpublished story.
    `early`: what the build started before generate() (EarlyStart): this finishes it.
    """
    site = generated.site
    if site.previewed:
        docs_dir = _preview_docs(docs_dir, config_path.parent / PREVIEW_DOCS)
    site_dir = site_dir.resolve()
    recycled = early.recycled if early else recycle.claim(site_dir)
    swept = early.swept if early else _sweep(site_dir) if recycled is None else (lambda: None)
    search = early.index if early else None
    if search is None or search.misses(generated.outputs):
        if search is not None:
            search.close()
        search = BackgroundIndex(docs_dir, site_dir, config_path.parent / SEARCH_PAGES)  # Pagefind, beside MkDocs
    staging = None
    try:
        try:
            search.start_from(generated.outputs)  # unless generate() did: Pagefind is the longest path
            written, removed = write_docs(docs_dir, generated)
            generated.outputs.release()  # MkDocs reads the files from docs_dir
            heap.give_back()  # the generator's freed memory, back before MkDocs' pages fill it (peak memory)
            site_dir.parent.mkdir(parents=True, exist_ok=True)
            staging = recycled.folder if recycled else Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-",
                                                                              dir=site_dir.parent))
        except SearchIndexFailed as exc:
            raise BuildFailed(f"the new site could not be finished and put in place: {exc}") from exc
        except OSError as exc:
            raise BuildFailed(f"the generated pages could not be written: {exc}") from exc
        try:
            staging.chmod(0o755)  # mkdtemp makes it private; a web server running as another user must read it
            search.start(docs_dir)  # unless start_from did
            pages = _run_mkdocs(config_path, staging, site.now, docs_dir if site.previewed else None, previous=site_dir,
                                recycled=recycled)
            search.finish(staging)  # Pagefind's search index, into staging/pagefind/
            mkdocs_run.forget(site_dir)  # before the swap: the record never describes a site it did not make
            _swap_in(staging, site_dir)
            mkdocs_run.remember(site_dir, pages)
        except OSError as exc:
            raise BuildFailed(f"the new site could not be finished and put in place: {exc}") from exc
    finally:
        search.close()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if recycled is not None:
            recycled.discard()
        swept()
    return written, removed


def _sweep(site_dir: Path) -> Callable[[], None]:
    """Delete the site the previous build replaced (kept beside it as .<site>-old) while this build
    runs, when it could not be claimed for recycling; returns the wait for it to be gone.

    Deleting thousands of files is slow on a busy disk, and most of them are hard links that the
    new site shares (generator/mkdocs_run.py), so the swap leaves the old folder for the next build.
    It is renamed first, so this build's swap never meets it (recycle.remove_in_background says how).
    """
    old = recycle.retired(site_dir)
    trash = old.with_name(f"{old.name}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        old.rename(trash)
    except OSError:
        return lambda: None  # none (or it cannot be moved: _swap_in removes it)
    return recycle.remove_in_background(trash)


def _preview_docs(docs_dir: Path, target: Path) -> Path:
    """target kept a copy of docs_dir's hand-written files; the preview's generated files go on top."""
    generated = set(read_manifest(docs_dir)) | {MANIFEST}
    written = {p.relative_to(docs_dir).as_posix(): p for p in docs_dir.rglob("*") if p.is_file()}
    hand = {relative: path for relative, path in written.items() if relative not in generated}
    keep = set(hand) | set(read_manifest(target)) | {MANIFEST}
    for path in sorted(target.rglob("*")) if target.is_dir() else ():
        if path.is_file() and path.relative_to(target).as_posix() not in keep:
            path.unlink()  # a hand-written page deleted since the last preview
    for relative, path in sorted(hand.items()):
        copy = target / relative
        if not copy.is_file() or copy.read_bytes() != path.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
    return target


def _run_mkdocs(config_path: Path, out_dir: Path, now: datetime, docs_dir: Path | None = None,
                previous: Path | None = None, recycled: recycle.Recycled | None = None) -> mkdocs_run.Result:
    """MkDocs builds into out_dir with its clock set to now's day (SOURCE_DATE_EPOCH: the sitemap's
    dates and sitemap.xml.gz's timestamp), so the same content and day give the same bytes.

    `previous`: the site folder out_dir will replace; the pages it holds that nothing changed are
    reused rather than rendered again (generator/mkdocs_run.py). `recycled`: out_dir is a retired
    site's folder, made into the new site by changing only what differs (generator/recycle.py)."""
    from jinja2 import TemplateError
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.mkdocs_fast import register
    from generator.mkdocs_memory import ForgetPageText

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    overrides = {"site_dir": str(out_dir)} | ({"docs_dir": str(docs_dir)} if docs_dir else {})
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    # Noon on now's day (UK time), not now itself: the site's inputs include the day of `now`, never
    # its time, so a re-run later the same day may keep the site it built (generator/inputs.py).
    os.environ["SOURCE_DATE_EPOCH"] = str(int(now.replace(hour=12, minute=0, second=0, microsecond=0).timestamp()))
    try:
        config = load_config(config_file=str(config_path), **overrides)
        register(config)  # generated HTML pages skip Markdown; postbuild's fixes applied as pages are written
        config.plugins["generator-forget-page-text"] = ForgetPageText()  # generator/mkdocs_memory.py
        joined = join_stylesheets(Path(config["docs_dir"]), config["extra_css"])  # one stylesheet, not nine
        if joined:
            config["extra_css"] = [joined.path]
        config.plugins.on_startup(command="build", dirty=False)
        try:
            result = mkdocs_run.build(config, config_path, previous, recycled)
        finally:
            config.plugins.on_shutdown()
        if joined:
            joined.write(out_dir)
        return result
    except TemplateError as exc:  # a theme override that does not compile or render
        filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
        where = f"{filename}:{line}: " if filename else ""
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

    If the second rename fails, the first is undone: the previous site stays in place. The old
    site is left as .<site>-old, for the next build to recycle (generator/recycle.py) or delete (_sweep).
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
