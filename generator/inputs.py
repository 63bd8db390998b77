"""A build's inputs, recorded beside the site it made: a re-run with nothing changed keeps that site.

A site is a function of: every file of the content folder; mkdocs.yml; the theme files (its
custom_dir), the hand-written files of docs/ and pages/; the generator's own code, the cards' fonts,
Python's and every installed package's version; the build's options; the day of `now` (UK time); and which stories
are live at `now`. The last is decided by the content and `now`: the recorded *window* is the
span of `now` around the build in which no story becomes due (embargo release) and the day does
not change, so a re-run inside it publishes exactly the same stories. A withdrawal or any other
edit changes a content file, hence the digest. Whatever the window, a re-run in another day or
past a `publish_at` always builds.

The record (`.inputs-<site>.json` beside the site folder) is removed before a build swaps a new
site in and written only after it succeeded, so it never describes a site it did not make. It is
written only after a build with no error and no held-back story (those are reported by every
build); a build's warnings are kept in it and printed again when the site is kept. This module
imports little, so `python -m generator build` can answer before loading the rest of the
generator (generator/__main__.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from generator.clock import ClockError, resolve_now
from generator.write import MANIFEST, read_manifest, write_atomic

BIG_FILE = 1024 * 1024  # larger files (photos) are known by size and modification time, not read whole
CODE = Path(__file__).resolve().parent
PAGES_DIR = "pages"  # the partnership's hand-written pages beside mkdocs.yml (generator/official.py reads them)
# The cards' fonts: generator.pictures.CARD_FONTS (not imported from there: that would load Pillow).
CARD_FONTS = Path("/usr/share/fonts/truetype/dejavu")
CARD_FONT_FILES = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")  # generator.pictures.card_fonts()


def record_path(site_dir: Path) -> Path:
    """Where the inputs of the site in site_dir are recorded: beside it, never inside (it is deployed)."""
    site_dir = site_dir.resolve()
    return site_dir.with_name(f".inputs-{site_dir.name}.json")


def inputs_digest(config: Path, content_dir: Path, site_dir: Path, options: str) -> str | None:
    """One hash of everything a build reads (all but `now`), or None when mkdocs.yml cannot be read."""
    try:
        raw = config.read_bytes()
        settings = yaml.load(raw, Loader=yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader") else yaml.safe_load(raw)
        root = config.resolve().parent
        docs = root / str(settings.get("docs_dir", "docs"))
        theme = settings.get("theme") or {}
        custom = root / str(theme["custom_dir"]) if isinstance(theme, dict) and theme.get("custom_dir") else None
    except (OSError, yaml.YAMLError, AttributeError, TypeError):
        return None
    digest = hashlib.sha256()
    digest.update(f"{options}\0{site_dir.resolve()}\0{content_dir.resolve()}\0{sys.version}\0".encode())
    digest.update(raw)
    digest.update("\0".join(_installed()).encode())
    generated = set(read_manifest(docs)) | {MANIFEST}
    for label, folder, skip in (("content", content_dir, set()), ("docs", docs, generated),
                                ("pages", root / PAGES_DIR, set()), ("theme", custom, set()), ("code", CODE, set())):
        digest.update(f"\0{label}\0".encode())
        if folder is not None:
            _tree(digest, folder, skip)
    for font in CARD_FONT_FILES:  # system files: known by size and modification time
        try:
            stat = (CARD_FONTS / font).stat()
            digest.update(f"{font}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
        except OSError:
            digest.update(f"{font}\0missing\0".encode())
    return digest.hexdigest()


def _installed() -> list[str]:
    """Every installed distribution as its metadata folder names it (name and version), sorted.

    Listing the folders is a hundred times faster than importlib.metadata's parsing of each one.
    Each folder on sys.path is listed once, by its real path: the same installation reached as ''
    (the current folder), through PYTHONPATH, or twice, gives the same list, so the caches salted
    with it are shared by `python -m generator`, `make` and the bench.
    """
    found: set[str] = set()
    for entry in dict.fromkeys(os.path.realpath(entry or ".") for entry in sys.path):
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        found.update(f"{entry}/{name}" for name in names if name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def _tree(digest, folder: Path, skip: set[str]) -> None:
    """Every file under folder (but `skip` and __pycache__), by path and content, in a stable order."""
    found = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in files:
            path = os.path.join(top, name)
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            if relative not in skip:
                found.append((relative, path))
    for relative, path in sorted(found):
        stat = os.stat(path)
        if stat.st_size > BIG_FILE:
            digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
        else:
            with open(path, "rb") as handle:
                digest.update(f"{relative}\0{stat.st_size}\0".encode() + handle.read())


def live_window(publish_times: list[datetime], now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The span around `now` in which the same stories are live and it is the same day in `zone`."""
    day = now.astimezone(zone).date()
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return (max([start] + [t for t in publish_times if t <= now]),
            min([end] + [t for t in publish_times if t > now]))


def record(site_dir: Path, digest: str, window: tuple[datetime, datetime], zone: ZoneInfo,
           warnings: dict[str, str] | None = None) -> None:
    """Record the inputs of the site just built, and the warnings it printed (by --format) to print again."""
    write_atomic(record_path(site_dir), json.dumps({"inputs": digest, "zone": zone.key, "from": window[0].isoformat(),
                                                    "until": window[1].isoformat(), "warnings": warnings or {}},
                                                   indent=1), durable=True)


def forget(site_dir: Path) -> None:
    record_path(site_dir).unlink(missing_ok=True)


def unchanged(site_dir: Path, digest: str | None, now_text: str | None, environ=os.environ) -> bool:
    """True when site_dir was built from exactly these inputs, at a `now` inside the same window."""
    if digest is None or not site_dir.is_dir():
        return False
    try:
        recorded = json.loads(record_path(site_dir).read_text("utf-8"))
        zone = ZoneInfo(recorded["zone"])
        now = resolve_now(now_text, zone, environ)
        start, end = datetime.fromisoformat(recorded["from"]), datetime.fromisoformat(recorded["until"])
    except (OSError, ValueError, KeyError, TypeError, ClockError):
        return False
    return recorded["inputs"] == digest and start <= now < end


def build_options(keep_going: bool, production: bool = False) -> str:
    """The options that change what a build publishes (a preview is never recorded)."""
    return f"keep-going={keep_going} production={production}"


def kept_site(argv: list[str], remember: bool = False) -> str | None:
    """For `python -m generator build ...`: the message to print when the site is kept as it is, else None.

    Reads only the options of `build` (generator/cli.py declares them); anything it does not
    expect leaves the answer to the full command. `remember` (generator/__main__.py, whose
    process then runs that one build): the digest is kept for it (taken_digest).
    """
    import argparse

    if not argv or argv[0] != "build":
        return None
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--now")
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--keep-going", action="store_true")
    parser.add_argument("--production", action="store_true")
    parser.add_argument("--format", choices=("text", "github"))
    try:
        args, rest = parser.parse_known_args(argv[1:])
    except (argparse.ArgumentError, SystemExit):
        return None
    if rest or not args.config.is_file() or not args.content.is_dir():
        return None
    options = build_options(args.keep_going, args.production)
    digest = inputs_digest(args.config, args.content, args.site_dir, options)
    if not unchanged(args.site_dir, digest, args.now):
        if remember:
            _TAKEN[_key(args.config, args.content, args.site_dir, options)] = digest
        return None
    return kept_message(args.site_dir, args.format or "text")


_TAKEN: dict[tuple[Path, Path, Path, str], str | None] = {}  # kept_site's digest, for the build that follows


def _key(config: Path, content_dir: Path, site_dir: Path, options: str) -> tuple[Path, Path, Path, str]:
    return config.resolve(), content_dir.resolve(), site_dir.resolve(), options


def taken_digest(config: Path, content_dir: Path, site_dir: Path, options: str) -> str | None:
    """inputs_digest, reusing (once) the one kept_site just took for the same build: hashing the
    content, docs and code trees twice cost the build ~0.2 s before it started. Taken earlier
    still before the content is read, so an edit made during the build is still seen next time."""
    key = _key(config, content_dir, site_dir, options)
    if key in _TAKEN:
        return _TAKEN.pop(key)
    return inputs_digest(config, content_dir, site_dir, options)


def kept_message(site_dir: Path, fmt: str = "text") -> str:
    """What a kept build prints: the warnings the build of that site printed, then that it was kept."""
    try:
        warnings = json.loads(record_path(site_dir).read_text("utf-8")).get("warnings") or {}
        shown = str(warnings.get(fmt, "")) if isinstance(warnings, dict) else ""
    except (OSError, ValueError, AttributeError):
        shown = ""
    kept = f"Nothing changed since {site_dir} was built (content, settings, theme and the day): kept it as it is."
    return f"{shown}\n{kept}" if shown else kept
