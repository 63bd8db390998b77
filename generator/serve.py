"""A live preview: regenerate docs/ when content/ changes, while `mkdocs serve` rebuilds the site.

The generator is a step before the site build, not an MkDocs plugin (DESIGN.md), so the preview
runs two things side by side:
- a watchdog observer on the content folder that re-runs the pipeline up to the docs folder
  (pipeline.check, generate, write_docs: no MkDocs) a moment after the last change;
- `mkdocs serve` (or `zensical serve`) in a child process, which watches docs/, mkdocs.yml and
  overrides/ and reloads the browser when the generated pages change.
Content errors are printed as `check` prints them and the preview keeps running with the last good
pages, so fixing the file is enough. The clock is read again on every run unless --now is given,
so an embargoed story appears once its time has passed.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

from generator import pipeline
from generator.official import PAGES_DIR

QUIET_SECONDS = 0.3  # editors write a file in several steps: wait for them to finish


def regenerate(config: Path, content: Path, now_text: str | None) -> bool:
    """Check the content and rewrite the generated pages; print the outcome. True on success."""
    stamp = datetime.now().strftime("%H:%M:%S")
    try:
        checked = pipeline.check(config, content, now_text)
        if checked.usage:
            print(f"[{stamp}] error: {checked.usage}", flush=True)
            return False
        if checked.errors:
            for error in checked.errors.sorted():
                print(error.as_text())
            print(f"[{stamp}] {checked.errors.summary()} The preview still shows the last good pages.", flush=True)
            return False
        written, removed = pipeline.write_docs(checked.docs_dir, pipeline.generate(checked))
    except Exception as exc:  # a bug must not stop the preview: say what failed and keep watching
        print(f"[{stamp}] error: the pages could not be generated: {type(exc).__name__}: {exc}", flush=True)
        return False
    print(f"[{stamp}] Regenerated docs ({written} files changed, {removed} removed).", flush=True)
    return True


class _Debounced:
    """Runs `action` once, QUIET_SECONDS after the last of a burst of calls to `poke`."""

    def __init__(self, action):
        self._action = action
        self._poked = threading.Event()
        self._last = 0.0
        threading.Thread(target=self._run, daemon=True, name="regenerate").start()

    def poke(self, *_args) -> None:
        self._last = time.monotonic()
        self._poked.set()

    def _run(self) -> None:
        while True:
            self._poked.wait()
            while time.monotonic() - self._last < QUIET_SECONDS:
                time.sleep(QUIET_SECONDS / 3)
            self._poked.clear()
            self._action()


def watch(content: Path, on_change, *more: Path):
    """Start a watchdog observer that calls on_change for any change under content (and `more` folders)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type in ("created", "modified", "deleted", "moved"):
                on_change()

    observer = Observer()
    observer.schedule(Handler(), str(content), recursive=True)
    for folder in more:
        observer.schedule(Handler(), str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


def _stop(_signal, _frame):
    raise KeyboardInterrupt


def serve(config: Path, content: Path, now_text: str | None, dev_addr: str, tool: str = "mkdocs") -> int:
    """Generate once, then preview at dev_addr until Ctrl+C; returns an exit code."""
    regenerate(config, content, now_text)
    pages = [config.parent / PAGES_DIR] if (config.parent / PAGES_DIR).is_dir() else []  # about, accessibility, privacy
    observer = watch(content, _Debounced(lambda: regenerate(config, content, now_text)).poke, *pages)
    command = [sys.executable, "-m", tool, "serve", "--config-file", str(config), "--dev-addr", dev_addr]
    if tool == "mkdocs":
        command.append("--watch-theme")  # overrides/ too
    print(f"Watching {content}/ for changes; preview at http://{dev_addr}/ (Ctrl+C to stop).", flush=True)
    try:
        child = subprocess.Popen(command)
    except OSError as exc:
        print(f"error: could not start {tool} serve: {exc}", file=sys.stderr)
        observer.stop()
        return 1
    signal.signal(signal.SIGTERM, _stop)  # `kill` stops the child too, as Ctrl+C does
    try:
        return child.wait()
    except KeyboardInterrupt:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
        print("\nPreview stopped.")
        return 0
    finally:
        observer.stop()
