"""MkDocs' build, able to start from the previous site: only pages whose source changed are rendered again.

`build()` follows `mkdocs.commands.build.build` of the pinned MkDocs 1.6.1 step for step (the
same plugin events in the same order, the same outputs), with one difference. When the record
beside the previous site (`.pages-<site>.json`, written by generator/build.py after the swap)
says that site was built from the same *site-wide inputs*, the outputs of every unchanged page
and static file are hard-linked from the previous site into the new folder (empty, or the site
before last recycled: generator/recycle.py), and only the rest is rendered or copied. Everything
else is a full build, exactly as MkDocs makes it.

When hundreds of pages need rendering and WORKERS is 2, a forked child renders every other page
that no plugin collects (Material's search plugin skips pages with `search: exclude`) while the
parent renders the rest in order. It is off (WORKERS = 1): measured on the quiet 2-core machine
(29 November 2026), Pagefind already takes the other core while MkDocs renders, so a second
renderer gained nothing at 1,000 stories (caches kept: 12.9/15.2/18.3 s with one renderer,
12.8/15.9/16.0 s with two) and its copy-on-write pages raised the build's peak memory from 123 to
163 MB (1,000 stories) and from 344 to 532 MB at 5,000, over issue 13's 400 MB.

Site-wide inputs (any change: every page is rendered again):
- mkdocs.yml's bytes and the docs folder built from (settings, nav, theme options, extra);
- the theme's custom_dir (overrides/), Python's and every installed package's version
  (MkDocs, Material, Markdown and its extensions), and the generator's own code;
- the day of `now` (SOURCE_DATE_EPOCH, set to noon on that day by generator/build.py);
- the names of the hand-written pages (those not in docs/.generated.json): adding or deleting one
  may change how other pages' links resolve;
- the stylesheets and scripts every page links (the joined stylesheet's name carries its hash).

Rendered again even when their source is unchanged: hand-written pages (a handful; they may link
to any page), the pages in the nav (their neighbours' titles and the menu), and any page that had
entries in the previous search plugin index (Material's search plugin collects entries as pages
are rendered, so its index is complete only if those pages are rendered; generated pages opt out
of it with `search: exclude`). Always written: sitemap.xml(.gz), 404.html and the search
plugin's index. A removed page or file is simply never linked.

A page depends on nothing but its own source and the site-wide inputs above: the generator
rewrites every page whose words change (a story due or withdrawn changes the pages that list
it, and their bytes), and the menu lists sections only. tests/test_incremental.py proves it,
byte for byte, against clean builds.

Hard links are safe because nothing ever writes to a linked path: the folder starts empty (a
recycled one keeps only files that are already those links), only unchanged outputs are linked,
and the post-build fixes replace files by rename (write_atomic).
A file's source is known by size, modification and change time and inode, as git's index does,
so no source is read to decide. Compiled templates are cached in .cache/templates.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import routes
from generator.inputs import CODE, _installed, _tree
from generator.recycle import Recycled
from generator.write import MANIFEST, read_manifest, write_atomic

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

log = logging.getLogger(__name__)
FORMAT = 1  # the record's layout: a record of another layout is ignored
WORKERS = 1  # processes that render pages (2: a forked second renderer; see above for why not)
FORK_AT_LEAST = 100  # pages for the child: fewer are not worth a fork


def record_path(site_dir: Path) -> Path:
    """Where the pages of the site in site_dir are recorded: beside it, never inside (it is deployed)."""
    site_dir = site_dir.resolve()
    return site_dir.with_name(f".pages-{site_dir.name}.json")


@dataclass(frozen=True)
class Result:
    """What a build rendered (`rendered` of `pages`), what it linked from the previous site (by
    path in the site), and the record to keep beside the site once it is in place."""

    record: dict[str, Any]
    pages: int
    rendered: int
    linked: frozenset[str] = frozenset()


def forget(site_dir: Path) -> None:
    """Remove the record before the site changes, so it never describes a site it did not make."""
    record_path(site_dir).unlink(missing_ok=True)


def remember(site_dir: Path, result: Result) -> None:
    """Record the pages of the site now in site_dir, with the folder's identity (a folder replaced
    or emptied by anything else is never mistaken for it)."""
    stat = site_dir.stat()
    write_atomic(record_path(site_dir), json.dumps(result.record | {"site": [stat.st_ino, stat.st_mtime_ns]}),
                 durable=True)


def _previous(site_dir: Path | None, site_wide: str) -> dict[str, Any] | None:
    """The previous site's record, if it describes the folder there and the same site-wide inputs."""
    if site_dir is None or not site_dir.is_dir():
        return None
    try:
        recorded = json.loads(record_path(site_dir).read_text("utf-8"))
        stat = site_dir.stat()
        same = (recorded["format"] == FORMAT and recorded["site_wide"] == site_wide
                and recorded["site"] == [stat.st_ino, stat.st_mtime_ns] and isinstance(recorded["files"], dict))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return recorded if same else None


def _site_wide(config: MkDocsConfig, config_file: Path, hand_written: list[str]) -> str:
    """One hash of every input that reaches every page (the module docstring lists them)."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{sys.version}\0{config.docs_dir}\0{os.environ.get('SOURCE_DATE_EPOCH')}\0".encode())
    digest.update(config_file.read_bytes())
    digest.update("\0".join(_installed()).encode())
    digest.update("\0".join(hand_written).encode())
    # The stylesheets and scripts every page links: the build swaps mkdocs.yml's nine stylesheets for
    # one file named by its contents' hash (generator/stylesheets.py), so an edited stylesheet is here.
    digest.update("\0".join(str(item) for item in [*config.extra_css, *config.extra_javascript]).encode())
    for label, folder in (("theme", config.theme.custom_dir), ("code", CODE)):
        digest.update(f"\0{label}\0".encode())
        if folder:
            _tree(digest, Path(folder), set())
    return digest.hexdigest()


def _stamp(file: File) -> list[Any]:
    """What a source file is known by: size, times and inode (a generated file: its content's hash)."""
    if file.abs_src_path is None:
        return [hashlib.sha256(file.content_bytes).hexdigest()]
    stat = os.stat(file.abs_src_path)
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def _searched(site_dir: Path) -> set[str]:
    """The page URLs with entries in the previous site's search plugin index."""
    try:
        index = json.loads((site_dir / routes.MKDOCS_SEARCH_INDEX).read_text("utf-8"))
        return {str(entry["location"]).partition("#")[0] for entry in index["docs"]}
    except FileNotFoundError:
        return set()
    except (OSError, ValueError, KeyError, TypeError):
        return {"*"}  # unreadable: treat every page as searched (rendered again)


def _template_cache(config_file: Path):
    """Compiled theme templates kept in .cache/templates (Jinja checks each against its source's
    hash): compiling Material's templates costs more than rendering a story page."""
    from jinja2 import FileSystemBytecodeCache

    from generator.pipeline import CACHE

    folder = config_file.parent / CACHE / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


class _Linker:
    """Hard-links files of the previous site into the new one (a copy where links are refused).
    `kept`: the paths a recycled staging folder already holds as those very links (generator/recycle.py)."""

    def __init__(self, previous: Path | None, site: Path, kept: set[str] | None = None) -> None:
        self.previous, self.site = previous or Path(), site
        self.made: set[str] = set()
        self.kept = kept or set()

    def link(self, dest_uri: str, source: str | None = None) -> None:
        """dest_uri from the previous site, or from `source` (a generated file in the docs folder:
        written by rename, never in place, so the site's link keeps the bytes it was built with)."""
        if dest_uri in self.kept:
            return
        target = os.path.join(self.site, dest_uri)
        folder = os.path.dirname(target)
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        source = source or os.path.join(self.previous, dest_uri)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def build(config: MkDocsConfig, config_file: Path, previous_site: Path | None = None,
          recycled: Recycled | None = None) -> Result:
    """Build the site into config.site_dir, reusing previous_site's unchanged outputs when its record allows.

    `recycled`: config.site_dir is a retired site's folder (generator/recycle.py): instead of
    emptying it, the build keeps the files in it that are already the links it would make.

    Raises what mkdocs.commands.build.build raises (Abort for a BuildError or in strict mode).
    """
    from mkdocs import utils
    from mkdocs.commands.build import _build_extra_template, _build_page, _build_theme_template, _populate_page
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    from generator.mkdocs_blocks import memoize as memoize_blocks
    from generator.mkdocs_theme import add_theme_files

    logger = logging.getLogger("mkdocs")
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warning_counter)
    inclusion = InclusionLevel.is_included
    try:
        start = time.monotonic()
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        if recycled is None:
            utils.clean_directory(config.site_dir)

        files = get_files(config)
        env = config.theme.get_env()
        env.bytecode_cache = _template_cache(config_file)
        add_theme_files(files, env, config)  # MkDocs' add_files_from_theme, hidden folders unwalked
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        doc_files = files.documentation_pages(inclusion=inclusion)
        generated = set(read_manifest(Path(config.docs_dir))) | {MANIFEST}
        hand_written = sorted(file.src_uri for file in doc_files if file.src_uri not in generated)
        site_wide = _site_wide(config, config_file, hand_written)
        previous = _previous(previous_site, site_wide)
        stamps = {file.dest_uri: [file.src_uri, *_stamp(file)] for file in files if inclusion(file.inclusion)}
        reused = _reusable(files, stamps, previous, previous_site, nav, set(hand_written),
                           set(config.extra_templates))

        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            assert file.page is not None
            if file.dest_uri not in reused:
                _populate_page(file.page, config, files)

        env = config.plugins.on_env(env, config=config, files=files)
        memoize_blocks(env, nav)  # menu, tabs and scripts rendered once for pages outside the menu

        kept: set[str] = set()
        if recycled is not None and previous is None:
            recycled.clear()  # a full build: nothing in it can be kept
        elif recycled is not None:
            kept = recycled.prepare(_expected(files, stamps, reused, generated, previous_site))
        linker = _Linker(previous_site, Path(config.site_dir), kept)
        linker.made |= recycled.folders if recycled else set()  # they exist: no makedirs for each
        for file in files:
            if file.is_documentation_page() or not inclusion(file.inclusion):
                continue
            if file.dest_uri in reused:
                linker.link(file.dest_uri)
            elif file.src_uri in generated and file.abs_src_path:
                linker.link(file.dest_uri, file.abs_src_path)  # cards, photos, feeds, calendars: linked, not copied
            else:
                file.copy_file()
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)

        todo = []
        for file in doc_files:
            if file.dest_uri in reused:
                linker.link(file.dest_uri)
            else:
                todo.append(file)

        def render(file: File) -> None:
            assert file.page is not None
            _build_page(file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())

        _render_pages(todo, render)
        rendered = len(todo)
        for file in doc_files:
            if file.dest_uri not in reused:
                assert file.page is not None
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)

        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            raise Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!")
        log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds "
                 f"({rendered} of {len(doc_files)} pages rendered)")
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            logging.getLogger("mkdocs.commands.build").error(str(e))
            raise Abort("Aborted with a BuildError!") from e
        raise
    finally:
        logger.removeHandler(warning_counter)
    return Result({"format": FORMAT, "site_wide": site_wide, "files": stamps}, len(doc_files), rendered,
                  frozenset(reused))


def _expected(files: Files, stamps: dict[str, list[Any]], reused: set[str], generated: set[str],
              previous_site: Path | None) -> dict[str, str | None]:
    """Every output made from a file, with the file build() links it from (None: rendered or copied)."""
    expected: dict[str, str | None] = dict.fromkeys(stamps)
    for file in files:
        dest = file.dest_uri
        if dest not in expected:
            continue
        if dest in reused and previous_site is not None:
            expected[dest] = os.path.join(previous_site, dest)
        elif not file.is_documentation_page() and file.src_uri in generated and file.abs_src_path:
            expected[dest] = file.abs_src_path
    return expected


def _render_pages(todo: list[File], render) -> None:
    """Render the pages in todo, on two cores when there are many (a forked child takes every other
    page that Material's search plugin skips; the parent renders the rest, in order, so the plugin
    sees every page it indexes exactly as in MkDocs' own build). Raises PageWorkerFailed if the child fails."""
    shared = [file for file in todo if _unsearched(file)][1::2] if WORKERS > 1 and hasattr(os, "fork") else []
    if len(shared) < FORK_AT_LEAST:
        for file in todo:
            render(file)
        return
    child_pages = {id(file) for file in shared}
    sys.stdout.flush()
    sys.stderr.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its share, then out, never back into the caller's code
        os.close(read)
        status = 0
        try:
            for file in shared:
                render(file)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
            os.write(write, f"{exc}".encode()[:4000])
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    try:
        for file in todo:
            if id(file) not in child_pages:
                render(file)
    finally:
        with os.fdopen(read, "rb") as pipe:
            message = pipe.read().decode(errors="replace")
        _, status = os.waitpid(pid, 0)
    if status:
        raise PageWorkerFailed(f"a page could not be built: {message or f'the worker stopped (status {status})'}")


class PageWorkerFailed(OSError):
    """The process rendering the other share of the pages failed; its error, as text (the build reports it)."""


def _unsearched(file: File) -> bool:
    """True for a page Material's search plugin skips (front matter `search: exclude`): nothing collects it."""
    search = file.page.meta.get("search") if file.page is not None else None
    return isinstance(search, dict) and search.get("exclude") is True


def _reusable(files: Files, stamps: dict[str, list[Any]], previous: dict[str, Any] | None, previous_site: Path | None,
              nav, hand_written: set[str], extra_templates: set[str]) -> set[str]:
    """The destinations whose previous output is still right: same source, same site-wide inputs,
    and no reason to render again (the module docstring)."""
    if previous is None or previous_site is None:
        return set()
    before = previous["files"]
    searched = _searched(previous_site)
    in_nav = {page.file.dest_uri for page in nav.pages}
    reused = set()
    for file in files:
        dest = file.dest_uri
        if before.get(dest) != stamps.get(dest) or file.src_uri in hand_written or file.src_uri in extra_templates:
            continue
        if file.is_documentation_page() and (dest in in_nav or "*" in searched or file.url in searched):
            continue
        if (previous_site / dest).is_file():
            reused.add(dest)
    return reused
