"""The folder a build makes its site in: the retired site's folder, recycled, rather than a new one.

Why: the file systems the site is built on here and in CI (ext4 without a journal) will not reuse
an inode freed in the last minutes, and scan past every such inode on each create and mkdir. A
one-story build that made its site in a new folder (1,700 folders and 3,400 hard links at 1,000
stories) and deleted the site before (as many again) spent most of its system time there, and
made every later build slower. After a swap the site before, kept as .<site>-old, shares nearly
every file with the site in place (hard links: generator/mkdocs_run.py). So the next build claims
that folder (a rename: two builds never share it) and turns it into the new site touching only
what differs, O(changes) instead of O(site).

What the folder held never matters: prepare() keeps a file only where it is the very inode the
build would link there (same device and inode as the file of the current site, or the generated
file, it would be linked from), and moves everything else aside: the files the build writes (so no
writer ever opens a file the current site shares), stale files, folders no output goes into, and
anything foreign (symbolic links, special files). A folder tampered with, left half made by a
killed build, or from another site gives the same bytes as a new folder, only more slowly.
What is moved aside is deleted by a process of its own while the build runs (_sweep's way).
When nothing can be reused (a full build), clear() moves the whole content aside instead.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from generator import routes


def retired(site_dir: Path) -> Path:
    """Where a swap leaves the site it replaced (generator/build.py _swap_in)."""
    return site_dir.with_name(f".{site_dir.name}-old")


def remove_in_background(folder: Path) -> Callable[[], None]:
    """Start deleting folder; returns the wait for it to be gone.

    `rm -rf` in a process of its own where there is one: a thread deleting 6,500 files while the
    build holds the GIL waits for it after every file (13 s against 0.75 s for the process,
    measured beside a busy loop)."""
    remover = shutil.which("rm") if os.name == "posix" else None
    if remover:
        try:
            process = subprocess.Popen([remover, "-rf", "--", str(folder)], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            process = None
        if process is not None:
            def removed() -> None:
                process.wait()
                shutil.rmtree(folder, ignore_errors=True)  # whatever rm could not delete (there should be nothing)
            return removed
    sweeper = threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True})
    sweeper.start()
    return sweeper.join


class Recycled:
    """A retired site folder claimed as a build's staging folder (claim()); prepare() makes it
    ready for the build, close() waits for what it moved aside to be deleted."""

    def __init__(self, folder: Path, site_dir: Path) -> None:
        self.folder, self._site_dir = folder, site_dir
        self._trash: Path | None = None
        self._waits: list[Callable[[], None]] = []
        self.kept = 0
        self.removed = 0
        self.folders: set[str] = set()  # the folders prepare() kept, as os.path.join(folder, path in the site)

    def prepare(self, expected: Mapping[str, str | None]) -> set[str]:
        """Empty the folder but for the files to keep; returns their paths (site-relative, "/").

        expected: every output the build makes from its files, by path in the site, with the file
        it would be hard-linked from (None: written by the build). Outputs made otherwise (the
        sitemap, 404 page, search indexes) are not in it, so they are removed and written anew."""
        folders = {""}
        for dest in expected:
            parent = dest.rpartition("/")[0]
            while parent not in folders:
                folders.add(parent)
                parent = parent.rpartition("/")[0]
        kept: set[str] = set()
        try:
            self._walk(self.folder, "", expected, folders, kept)
        finally:
            if self._trash is not None:
                self._waits.append(remove_in_background(self._trash))
        self.kept = len(kept)
        return kept

    def _walk(self, folder: Path, prefix: str, expected: Mapping[str, str | None], folders: set[str],
              kept: set[str]) -> None:
        self.folders.add(os.path.join(self.folder, prefix.rstrip("/")) if prefix else str(self.folder))
        with os.scandir(folder) as entries:
            listed = list(entries)
        for entry in listed:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if relative in folders and relative not in expected:
                    self._walk(Path(entry.path), relative + "/", expected, folders, kept)
                else:
                    self._move_aside(Path(entry.path))
                continue
            source = expected.get(relative)
            if source is not None and entry.is_file(follow_symlinks=False) and _same_file(entry, source):
                kept.add(relative)
                continue
            self._move_aside(Path(entry.path))

    def drop_search_bundle(self) -> None:
        """Move the retired Pagefind bundle aside at once (claim()): no build keeps it (Pagefind
        writes a new one), so its deletion can start before generate() rather than after MkDocs."""
        bundle = self.folder / routes.SEARCH_BUNDLE.rstrip("/")
        try:
            if stat.S_ISDIR(os.lstat(bundle).st_mode):
                self._waits.append(remove_in_background(self._move_aside(bundle)))
                self._trash = None  # prepare() or clear() starts a trash folder of their own
        except OSError:
            pass  # none (prepare() moves aside whatever is there)

    def clear(self) -> set[str]:
        """Empty the folder, for a build that reuses nothing (a full build): its entries are moved
        aside in a few renames and deleted beside the build, as the old site was before. Returns
        the (no) files kept."""
        self.folders = {str(self.folder)}
        try:
            with os.scandir(self.folder) as entries:
                for entry in list(entries):
                    self._move_aside(Path(entry.path))
        finally:
            if self._trash is not None:
                self._waits.append(remove_in_background(self._trash))
        return set()

    def _move_aside(self, path: Path) -> Path:
        """A file or folder the build does not keep: renamed into a trash folder, deleted beside
        the build (unlinking thousands of files in the build's thread took 1.9 s; a rename frees nothing)."""
        if self._trash is None:
            trash = self._site_dir.with_name(f".{self._site_dir.name}-trash-{os.getpid()}-{time.monotonic_ns()}")
            trash.mkdir()
            self._trash = trash
        path.rename(self._trash / f"{self.removed}")
        self.removed += 1
        return self._trash

    def discard(self) -> None:
        """The folder, unless it was swapped in (a failed build), deleted; then close()."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.close()

    def close(self) -> None:
        """Wait for the folders moved aside to be deleted."""
        for wait in self._waits:
            wait()
        self._waits.clear()


def _same_file(entry: os.DirEntry[str], source: str) -> bool:
    """True when entry is the very file (device and inode) source names."""
    try:
        mine, theirs = entry.stat(follow_symlinks=False), os.stat(source)
    except OSError:
        return False
    return stat.S_ISREG(mine.st_mode) and (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)


def claim(site_dir: Path) -> Recycled | None:
    """Take the retired site folder for this build's staging folder, or None when there is none
    (or it is not a plain folder: whatever it is, it is removed). A rename, so two builds beside
    one site never take the same folder; the folder's mode is set as a new staging folder's."""
    site_dir = site_dir.resolve()
    folder = site_dir.with_name(f".{site_dir.name}-new-{os.getpid()}-{time.monotonic_ns()}")
    try:
        retired(site_dir).rename(folder)
    except OSError:
        return None  # none, or another build took it
    try:
        mode = os.lstat(folder).st_mode
        if not stat.S_ISDIR(mode):
            folder.unlink()  # a symbolic link or a file: never followed
            return None
        folder.chmod(0o755)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    recycled = Recycled(folder, site_dir)
    recycled.drop_search_bundle()
    return recycled
