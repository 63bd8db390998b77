"""Measure the generator against DESIGN.md's scale targets (5,000 stories, 1,000 events).

Targets: the generator step (load, validate, publish, render, write) costs at most about 1 ms
per story or event; a re-run with nothing changed writes nothing; no page grows with the number
of stories. Run:  .venv/bin/python bench/benchmark.py [--stories N] [--events N]
It prints figures and exits 1 when a target is missed. It never runs MkDocs (that cost is MkDocs').
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator import pipeline  # noqa: E402

SCHOOLS = ["plymstock", "heles", "utc-plymouth"]
TAGS = ["science", "aspiration", "arts", "sport", "careers", "community"]


def make_content(root: Path, stories: int, events: int) -> None:
    """A content folder of the given size, shaped like real content (bodies of a few paragraphs)."""
    shutil.copytree(REPO / "tests" / "data" / "base", root)
    for old in (root / "stories").glob("*.yaml"):
        old.unlink()
    first = date(2014, 1, 1)
    body = "\n\n".join(["Pupils from the school took part in a city-wide event and did brilliantly. "
                        "Their teachers said the whole school was proud of them."] * 3)
    for n in range(stories):
        day = first + timedelta(days=n % 4500)
        folder = root / "stories" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{day.isoformat()}-story-number-{n}.yaml").write_text(
            f"title: Story number {n} about a great achievement\ndate: {day.isoformat()}\n"
            f"school: {SCHOOLS[n % 3]}\nsummary: A short summary of story {n}.\n"
            f"body: |\n  " + body.replace("\n", "\n  ") + f"\ntags: [{TAGS[n % 6]}, {TAGS[(n + 1) % 6]}]\n", "utf-8")
    lines = []
    for n in range(events):
        day = date(2026, 1, 1) + timedelta(days=n % 700)
        lines.append(f"- id: event-{n}\n  title: Event {n}\n  start: {day.isoformat()}\n  category: careers\n"
                     f"  schools: [{SCHOOLS[n % 3]}]\n  audience: [students]\n  updated: 2026-11-20 09:00\n")
    (root / "events.yaml").write_text("\n".join(lines), "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    records = args.stories + args.events
    with tempfile.TemporaryDirectory() as tmp:
        content, docs, cache = Path(tmp) / "content", Path(tmp) / "docs", Path(tmp) / "cache"
        make_content(content, args.stories, args.events)
        docs.mkdir()
        times = []
        for run in ("cold", "warm"):
            started = time.perf_counter()
            checked = pipeline.check(REPO / "mkdocs.yml", content, "2026-11-23T12:00")
            assert checked.publishable, checked.errors.sorted()[:3]
            loaded = time.perf_counter()
            generated = pipeline.generate(checked, cache_dir=cache)
            files = generated.outputs
            rendered = time.perf_counter()
            written, removed = pipeline.write_docs(docs, generated)
            finished = time.perf_counter()
            times.append((run, loaded - started, rendered - loaded, finished - rendered, written))
        sampled = ("index.md", "stories/index.md", "schools/plymstock.md", "tags/science/index.md")
        sizes = {name: len(files[name]) for name in sampled if name in files}
    failed = False
    print(f"{args.stories} stories, {args.events} events ({records} records)")
    for run, load, render, write, written in times:
        per = (load + render + write) / records * 1000
        print(f"  {run}: load+validate {load:.2f} s, publish+render {render:.2f} s, write {write:.2f} s "
              f"= {per:.2f} ms per record; {written} files written")
    warm_per = sum(times[1][1:4]) / records * 1000
    if warm_per > 1.0:
        print(f"  MISSED: warm run {warm_per:.2f} ms per record (target about 1 ms)")
        failed = True
    if times[1][4]:
        print(f"  MISSED: the re-run wrote {times[1][4]} files (target: none)")
        failed = True
    for name, size in sizes.items():
        print(f"  {name}: {size / 1024:.1f} KB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
