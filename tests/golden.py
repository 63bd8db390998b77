"""Golden output: the bundled site's generated files at a frozen `now`, kept in tests/golden/.

The snapshot has two parts:
- `files.sha256`: every generated file's path and sha256, so any change anywhere (a page, a
  feed, a card image, a file added or removed) shows up;
- a handful of representative files in full (pages, feeds, calendars), so the change can be read.

tests/test_golden.py compares a fresh render with it. After an intended change, update it with

    make golden            # shows the diff, then asks before writing
    .venv/bin/python tests/golden.py --update --yes   # accept without asking

and name the difference in the commit message.
"""
from __future__ import annotations

import argparse
import difflib
import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
NOW = "2026-11-29T09:00"
HASHES = "files.sha256"

# Representative outputs, shown in full: one of each page kind, feed and calendar.
SHOWN = (
    "index.md",
    "stories/index.md",
    "stories/2026-11-20-robotics-final.md",
    "schools/plymstock.md",
    "tags/science.md",
    "events/index.md",
    "events/calendar.md",
    "events/gcse-results-2027.md",
    "events/mock-exams-plymstock-2026.md",
    "subscribe.md",
    "calendar.ics",
    "calendar/results.ics",
    "schools/plymstock/calendar.ics",
    "events/gcse-results-2027.ics",
    "events/careers-evening-st-boniface-2027.ics",
    "feed.xml",
    "atom.xml",
    "feed.json",
    "schools/plymstock/atom.xml",
    "api/events.json",
    "api/stories.json",
    "embed/plymstock/index.html",
)


def render_snapshot(cache: Path) -> dict[str, bytes]:
    """Snapshot file name → bytes, from the bundled content at NOW (images cached under `cache`)."""
    sys.path.insert(0, str(REPO))
    from generator import pipeline

    checked = pipeline.check(REPO / "mkdocs.yml", REPO / "content", NOW)
    if not checked.publishable:
        raise SystemExit("the bundled content has errors: run  python -m generator check")
    return snapshot_of(dict(pipeline.generate(checked, cache_dir=cache).outputs.items()))


def snapshot_of(data: dict[str, bytes]) -> dict[str, bytes]:
    lines = [f"{hashlib.sha256(value).hexdigest()}  {path}" for path, value in sorted(data.items())]
    snapshot = {HASHES: ("\n".join(lines) + "\n").encode()}
    for path in SHOWN:
        if path in data:
            snapshot[path.replace("/", "__")] = data[path]
    return snapshot


def stored() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(GOLDEN.glob("*")) if path.is_file()}


def diff(old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """A unified diff of every snapshot file that differs (added and removed files included)."""
    out: list[str] = []
    for name in sorted(set(old) | set(new)):
        before = old.get(name, b"").decode("utf-8", "replace").splitlines(keepends=True)
        after = new.get(name, b"").decode("utf-8", "replace").splitlines(keepends=True)
        if before != after:
            out.extend(difflib.unified_diff(before, after, f"golden/{name}", f"now/{name}"))
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description="Show or accept differences from the golden output.")
    parser.add_argument("--update", action="store_true", help="write the new snapshot (after showing the diff)")
    parser.add_argument("--yes", action="store_true", help="accept without asking")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        new = render_snapshot(REPO / ".cache" if (REPO / ".cache").is_dir() else Path(scratch))
    old = stored()
    changes = diff(old, new)
    if not changes:
        print("The output matches the golden snapshot.")
        return 0
    print(changes, end="")
    if not args.update:
        print("The output differs from the golden snapshot (above). Accept it with  make golden")
        return 1
    if not args.yes and input("Accept these differences as the new golden output? [y/N] ").strip().lower() != "y":
        print("Left the golden snapshot as it was.")
        return 1
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name in set(old) - set(new):
        (GOLDEN / name).unlink()
    for name, data in new.items():
        (GOLDEN / name).write_bytes(data)
    print(f"Wrote the new golden snapshot to {GOLDEN.relative_to(REPO)}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
