"""Content errors as a person reads them: file, line, column, field, what is wrong, how to fix it."""
from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one place of one content file."""

    path: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""
    fix: str = ""
    warning: bool = False  # a warning is printed but never fails check or holds a story back

    def as_text(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        if self.warning:
            where += ": warning"
        head = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return head + (f"\n  fix: {self.fix}" if self.fix else "")

    def as_github(self) -> str:
        props = f"file={_escape_property(self.path)}"
        if self.line:
            props += f",line={self.line},col={self.column or 1}"
        if self.field:
            props += f",title={_escape_property(self.field)}"
        text = self.message + (f"\nfix: {self.fix}" if self.fix else "")
        return f"::{'warning' if self.warning else 'error'} {props}::{_escape_data(text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def warning(error: ContentError) -> ContentError:
    """The same problem as a warning: printed, but check still passes."""
    return replace(error, warning=True)


@dataclass
class ErrorList:
    """Collects every error of a run, so the user sees them all at once.

    Warnings are kept apart (`warnings`): they are printed, never counted as errors, never fail a
    run and never hold a story back.
    """

    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)

    def add(self, error: ContentError) -> None:
        target = self.warnings if error.warning else self.errors
        if error not in target:
            target.append(error)

    def extend(self, errors) -> None:
        if isinstance(errors, ErrorList):
            errors = errors.errors + errors.warnings
        for error in errors:
            self.add(error)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def sorted(self) -> list[ContentError]:
        """Errors and warnings in file and line order."""
        return sorted(self.errors + self.warnings, key=lambda e: (e.path, e.line, e.column, e.field, e.message))

    def report(self, fmt: str = "text", tail: str | None = None) -> list[str]:
        """The lines a run prints: each error and warning (`fmt` "github": as Actions annotations), then the summary and tail."""
        lines = [error.as_github() if fmt == "github" else error.as_text() for error in self.sorted()]
        return lines + ([f"{self.summary()} {tail}"] if tail is not None else [])

    def summary(self) -> str:
        """'2 errors in 2 files.', '2 errors and 1 warning in 3 files.', '1 warning in 1 file.'"""
        files = len({e.path for e in self.errors + self.warnings})
        counts = [_plural(len(self.errors), "error")] if self.errors else []
        counts += [_plural(len(self.warnings), "warning")] if self.warnings else []
        return f"{' and '.join(counts) or '0 errors'} in {_plural(files, 'file')}."


WARNINGS_TAIL = "Warnings do not stop publishing: check each one."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def did_you_mean(word: str, choices, kind: str = "") -> str:
    """A 'did you mean' hint for a near-miss id, key, tag or category."""
    choices = sorted(str(c) for c in choices)
    if not choices:
        return ""
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if len(choices) <= 12:
        return f"use one of: {', '.join(choices)}"
    return f"use one of the {kind or 'listed'} ids"


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is inside it, for short messages."""
    try:
        return str(_resolved(path).relative_to(_resolved_folder(Path.cwd())))
    except ValueError:
        return str(path)


def display_prefix(folder: Path) -> str:
    """What display_path(folder / name) puts before `name` ('' or a text ending in '/') for a file that
    is not a symlink: worked out once for a folder of thousands of stories."""
    try:
        text = str(_resolved_folder(folder.absolute()).relative_to(_resolved_folder(Path.cwd())))
    except ValueError:
        text = str(folder)
    return "" if text == "." else text if text.endswith("/") else text + "/"


def _resolved(path: Path) -> Path:
    """path.resolve(), its folder resolved once for all its files: the loader names thousands of
    files in one folder, and resolving each one's full path was a twentieth of a build."""
    if path.name in ("", "..") or path.is_symlink():
        return path.resolve()
    return _resolved_folder(path.parent.absolute()) / path.name


@functools.lru_cache(maxsize=256)
def _resolved_folder(folder: Path) -> Path:
    """An absolute folder, resolved (only names in messages depend on it, so a folder's symlink
    changed under a running `serve` at worst shortens a message less)."""
    return folder.resolve()
