"""Peak memory of a build's process tree, split into the build itself and its search indexer.

`os.wait4` reports only the largest resident set of any one process in the tree. Issue 13 asks for
the generator and site build's peak with the search indexer's beside it, and a build may run more
than one Python process at once (workers forked to render pages on both cores), whose resident sets
share pages copy-on-write. So a thread samples the tree while it runs: every process's proportional
set size (Pss, /proc/PID/smaps_rollup: shared pages divided among their sharers, so a sum does not
count a forked worker's inherited pages twice), summed per group at each sample, the peak kept.
The Pagefind binary (and its Node wrapper, if any) is the "search" group; everything else is "build".
Linux only; elsewhere the figures are 0 and the benchmark falls back on wait4's figure.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

SEARCH_NAMES = ("pagefind",)
INTERVAL = 0.05  # seconds: short enough to catch a worker that lives a second or two


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc/*/stat."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += tree.get(current, [])
    return found


def _pss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _group(pid: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "build"
    return "search" if any(name in command for name in SEARCH_NAMES) else "build"


class TreeSampler:
    """`with TreeSampler(pid) as sampler: ...` then sampler.peak["build"], sampler.peak["search"] in MB."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = {"build": 0.0, "search": 0.0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        if Path("/proc/self/smaps_rollup").exists():
            self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            totals = {"build": 0.0, "search": 0.0}
            for pid in _descendants(self.pid):
                if pid != os.getpid():
                    totals[_group(pid)] += _pss_mb(pid)
            for name, value in totals.items():
                self.peak[name] = max(self.peak[name], value)
            self._stop.wait(INTERVAL)
