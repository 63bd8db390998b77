"""The generator step as issue 13's target defines it: per record, beyond Markdown rendering, image work excluded.

`python bench/generator_step.py ROOT NOW` (run by bench/benchmark.py, once per measurement, in a
fresh process as `python -m generator build` would be) times pipeline.check + generate +
write_docs on the project at ROOT and prints one JSON line: CPU and wall seconds of the step, and
the CPU seconds spent importing the pipeline before it (reported apart: the target is per record).
The caller runs it once first, so the card cache (.cache/cards: image work), the Markdown cache
(.cache/markdown.json: story bodies' HTML) and the record cache (.cache/records.pickle: each
content file's validated records, errors and warnings) are warm: what is left is the generator's own work.
CPU seconds, not wall-clock, because a shared machine's load inflates the latter.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def measure(root: Path, now: str, runs: int = 3) -> dict[str, float]:
    """Median figures of `runs` warm runs (after one that fills the caches) on the project at root."""
    def once() -> dict[str, float]:
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), str(root), now], cwd=root,
                              capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(f"the generator step failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        return json.loads(done.stdout.splitlines()[-1])

    once()  # draws the cards and renders the bodies into the caches
    results = [once() for _ in range(runs)]
    return {key: statistics.median(result[key] for result in results) for key in results[0]}


def main() -> int:
    root, now = Path(sys.argv[1]), sys.argv[2]
    sys.path.insert(0, str(REPO))
    started = time.process_time()
    from generator import pipeline

    imported = time.process_time() - started
    cpu, wall = time.process_time(), time.perf_counter()
    checked = pipeline.check(root / "mkdocs.yml", root / "content", now)
    if not checked.publishable:
        print(json.dumps([error.as_text() for error in checked.errors.sorted()[:3]]), file=sys.stderr)
        return 1
    generated = pipeline.generate(checked, cache_dir=root / ".cache")
    pipeline.write_docs(checked.docs_dir, generated)
    records = len(checked.content.stories) + len(checked.content.events) if checked.content else 0
    print(json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                      "import_cpu": imported, "records": records}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
