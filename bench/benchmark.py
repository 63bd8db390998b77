"""Side by side with Material for MkDocs' blog plugin: the same stories built by both, in one run.

`make bench` (or `.venv/bin/python bench/benchmark.py [--stories N ...] [--events M] [--runs R]`)
generates N synthetic 400-word stories over the bundled schools and tags and M key dates into a
temporary folder, builds them with this project (`python -m generator build`, one process per
build) and the same N stories as posts with Material's blog plugin, and writes the medians of R
runs, the machine's details and the ratios to BENCHMARKS.md (DESIGN.md, "Scale"; issue 13):

- ours: a clean build (no caches: every card drawn), with caches kept (the site folder and the
  generated pages removed, .cache kept, as the deploy restores it), a re-run with nothing
  changed, after one story changed, after one event changed, after a settings change, after a
  template change (a comment added to overrides/main.html);
- Material's blog: a clean build (it keeps no cache);
- the generator step alone (load, validate, publish, plan, render, write), per record, as the
  target defines it: CPU seconds in a fresh process with the card and Markdown caches warm, imports
  apart (bench/generator_step.py);
- peak memory of each build's process tree, the build and its search indexer apart
  (bench/memory.py samples the tree's proportional set sizes; os.wait4's largest resident set is
  the fallback);
- search: what a query downloads (bench/search_bytes.py, once Pagefind is in) and the size of
  each lunr index; page sizes;
- a second run with one story in ten carrying a 2000 px photo: the cost per photo, cached and not.

Between runs the harness moves the previous run's folders aside rather than deleting them, and
deletes them all once every run is over: this machine's ext4 has no journal, and such an ext4
skips every inode freed in the last minute (five while its inode table is unwritten) on each
create, so a harness that deleted a 5,000-file site before a run would make that run's creates,
ours and Material's alike, pay for the harness's clean-up. What a build deletes itself (the old
site after a rebuild) it still pays for.

N defaults to 100 and 1,000; 5,000 on request (`--stories 5000`, one run unless --runs says
otherwise). With several N in one run (`--stories 1000 5000`), the larger N's table compares its
clean-build cost per story with the smaller's (issue 13: within 20%). Speed is measured here,
never in a timed test.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


sys.path.insert(0, str(REPO / "bench"))
from memory import TreeSampler  # type: ignore[import-not-found]  # noqa: E402

NOW = "2026-11-23T12:00"
SCHOOLS = [line.split(":", 1)[1].strip() for line in (REPO / "content" / "schools.yaml").read_text("utf-8").splitlines()
           if line.startswith("- id:")]
TAGS = ["science", "aspiration", "arts", "sport", "careers", "community", "reading", "music"]
CATEGORIES = ["careers", "exams", "term", "holiday", "science", "community"]
WORDS = ("pupils students teachers school city partnership science robots music concert sport match final "
         "award reading library careers employers apprenticeship dartmoor expedition volunteers community "
         "charity garden theatre performance choir orchestra coding engineering maths challenge national "
         "regional county proud brilliant effort team families visit museum history art gallery").split()
QUERIES = ["science", "results day"]
PHOTO_EVERY = 10

# The blog plugin's site: Material's defaults, search and blog, no social cards (ours draws them).
MATERIAL_CONFIG = """site_name: Material blog benchmark
site_url: https://example.org/
theme:
  name: material
  font: false
plugins:
  - search
  - blog
"""


TRASH: list[Path] = []  # where set_aside moves folders; main() deletes it when every run is over


def set_aside(path: Path) -> None:
    """Move `path` out of the way (into TRASH) instead of deleting it: see the module docstring."""
    if not path.exists():
        return
    if not TRASH:
        TRASH.append(Path(tempfile.mkdtemp(prefix="bench-trash-")))
    os.rename(path, Path(tempfile.mkdtemp(prefix=path.name, dir=TRASH[0])) / path.name)


# ---- content

def body_words(n: int) -> tuple[str, str, str]:
    """A story's title, summary and a 400-word Markdown body in five paragraphs, different for each n."""
    rng = random.Random(n)
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(80)).capitalize() + "." for _ in range(5)]
    paragraphs[2] = f"**Highlights** from story {n}: " + paragraphs[2]
    title = f"Story {n}: " + " ".join(rng.choice(WORDS) for _ in range(6))
    summary = f"Summary of story {n}: " + " ".join(rng.choice(WORDS) for _ in range(20)) + "."
    return title, summary, "\n\n".join(paragraphs)


def story_day(n: int) -> date:
    return date(2026, 11, 22) - timedelta(days=n % 4000)


def story_id(n: int) -> str:
    return f"{story_day(n).isoformat()}-story-{n}"


def make_content(root: Path, stories: int, events: int, photo_every: int = 0) -> int:
    """A content folder of the given size (the bundled schools); returns how many photos it has."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "content" / "schools.yaml", root / "schools.yaml")
    folder = root / "stories"
    folder.mkdir()
    photos = 0
    for n in range(stories):
        title, summary, body = body_words(n)
        text = (f"title: \"{title}\"\ndate: {story_day(n).isoformat()}\nschool: {SCHOOLS[n % len(SCHOOLS)]}\n"
                f"summary: \"{summary}\"\nbody: |\n  " + body.replace("\n\n", "\n\n  ") +
                f"\ntags: [{TAGS[n % len(TAGS)]}, {TAGS[(n + 3) % len(TAGS)]}]\n")
        if photo_every and n % photo_every == 0:
            write_photo(folder / f"{story_id(n)}.jpg", n)
            text += f"image:\n  src: {story_id(n)}.jpg\n  alt: Pupils at event {n}\n  consent: true\n"
            photos += 1
        (folder / f"{story_id(n)}.yaml").write_text(text, "utf-8")
    (root / "events.yaml").write_text("".join(event_text(n) for n in range(events)), "utf-8")
    return photos


def event_text(n: int, title: str | None = None) -> str:
    day = date(2025, 9, 1) + timedelta(days=(n * 7) % 730)
    return (f"- id: bench-event-{n}\n  title: {title or f'Key date {n}'}\n  start: {day.isoformat()}\n"
            f"  category: {CATEGORIES[n % len(CATEGORIES)]}\n  schools: [{SCHOOLS[n % len(SCHOOLS)]}]\n"
            f"  audience: [students, parents]\n  updated: 2026-11-20 09:00\n\n")


def write_photo(path: Path, seed: int) -> None:
    """A 2000x1333 JPEG without EXIF, with a pattern unique to seed (as `add-photo` would leave it)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (2000, 1333), ((seed * 53) % 256, (seed * 97) % 256, 180))
    draw = ImageDraw.Draw(image)
    for step in range(0, 2000, 25):
        draw.line([(step, 0), (2000 - step, 1333)], fill=((seed * 31 + step) % 256, 40, 90), width=9)
        draw.ellipse([(step, step % 1333), (step + 60, step % 1333 + 60)], fill=(step % 256, 200, (seed * 7) % 256))
    image.save(path, "JPEG", quality=85)


def make_project(root: Path) -> Path:
    """mkdocs.yml, overrides/ and the hand-written pages of docs/ (generated ones left behind)."""
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    reset_docs(root)
    return root / "mkdocs.yml"


def reset_docs(root: Path) -> None:
    """docs/ as a fresh checkout has it: hand-written pages only."""
    docs = REPO / "docs"
    try:
        generated = set(json.loads((docs / ".generated.json").read_text("utf-8"))) | {".generated.json"}
    except (OSError, ValueError):
        generated = {".generated.json"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).relative_to(docs)
        return {name for name in names if (relative / name).as_posix().removeprefix("./") in generated}

    set_aside(root / "docs")
    shutil.copytree(docs, root / "docs", ignore=ignore)


def make_material(root: Path, stories: int) -> Path:
    """The same stories as posts of Material's blog plugin: same titles, dates, tags and Markdown bodies."""
    posts = root / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MATERIAL_CONFIG, "utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", "utf-8")
    (root / "docs" / "blog" / "index.md").write_text("# Blog\n", "utf-8")
    for n in range(stories):
        title, summary, body = body_words(n)
        tags = f"  - {TAGS[n % len(TAGS)]}\n  - {TAGS[(n + 3) % len(TAGS)]}\n"
        (posts / f"{story_id(n)}.md").write_text(
            f"---\ndate: {story_day(n).isoformat()}\ncategories:\n{tags}---\n\n# {title}\n\n{summary}\n\n"
            f"<!-- more -->\n\n{body}\n", "utf-8")
    return root / "mkdocs.yml"


# ---- measuring

def run(command: list[str], cwd: Path) -> tuple[float, float, dict[str, float]]:
    """Run a build; (seconds, CPU seconds of its process tree, peak MB of the build and of its search
    indexer). Exits if it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    with TreeSampler(process.pid) as sampler:
        output = process.stdout.read() if process.stdout else b""
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{output.decode(errors='replace')[-3000:]}")
    peak = dict(sampler.peak)
    peak["build"] = peak["build"] or usage.ru_maxrss / 1024  # no /proc: the largest process instead
    return seconds, usage.ru_utime + usage.ru_stime, peak


def ours(config: Path, content: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--config", str(config), "--content", str(content),
            "--site-dir", str(site), "--now", NOW]


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file with `new`."""
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def measure_ours(tmp: Path, stories: int, events: int, runs: int, photo_every: int = 0,
                 scenarios: tuple[str, ...] = ("clean", "cached", "unchanged", "story", "event", "settings", "template")
                 ) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, float], int, Path]:
    """Each scenario `runs` times: (seconds and CPU seconds per scenario, peak MB of the build and of the
    search indexer, photos, the last site folder)."""
    root = tmp / ("ours-photos" if photo_every else "ours")
    config = make_project(root)
    content = root / "content"
    photos = make_content(content, stories, events, photo_every)
    site = root / "site"
    first = content / "stories" / f"{story_id(0)}.yaml"
    times: dict[str, list[float]] = {name: [] for name in scenarios}
    cpu: dict[str, list[float]] = {name: [] for name in scenarios}
    peak = {"build": 0.0, "search": 0.0}
    for r in range(runs):
        for name in scenarios:
            if name in ("clean", "cached"):
                set_aside(site)
                reset_docs(root)
                if name == "clean":
                    set_aside(root / ".cache")
            elif name == "story":
                edit(first, "body: |\n  ", f"body: |\n  Edited {r}. ")
            elif name == "event":
                edit(content / "events.yaml", "title: Key date 0", f"title: Key date 0 edit {r}")
            elif name == "settings":
                edit(config, "site_description: ", f"site_description: ({r}) ")
            elif name == "template":
                with (root / "overrides" / "main.html").open("a", encoding="utf-8") as template:
                    template.write(f"{{# benchmark edit {r} #}}\n")
            seconds, used, mb = run(ours(config, content, site), root)
            times[name].append(seconds)
            cpu[name].append(used)
            peak = {group: max(peak[group], mb[group]) for group in peak}
    return times, cpu, peak, photos, site


def measure_material(tmp: Path, stories: int, runs: int) -> tuple[list[float], list[float], float, Path]:
    root = tmp / "material"
    config = make_material(root, stories)
    site = root / "site"
    times, cpu, peak = [], [], 0.0
    for _ in range(runs):
        set_aside(site)
        seconds, used, mb = run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(site)], root)
        times.append(seconds)
        cpu.append(used)
        peak = max(peak, mb["build"])
    return times, cpu, peak, site


def generator_step(tmp: Path, stories: int, events: int) -> dict[str, float]:
    """The generator step alone, as the target defines it (bench/generator_step.py): medians of CPU
    seconds (and ms a record) in a fresh process, the card and Markdown caches warm."""
    from generator_step import measure

    root = tmp / "step"
    make_project(root)
    make_content(root / "content", stories, events)
    figures = measure(root, NOW)
    figures["per_record"] = figures["cpu"] / (stories + events) * 1000
    return figures


def search_figures(site: Path) -> str:
    """What each query downloads (bench/search_bytes.py, Pagefind's) or n/a while it is not in."""
    try:
        sys.path.insert(0, str(REPO / "bench"))
        from search_bytes import search_bytes  # type: ignore[import-not-found]
    except ImportError:
        return "n/a"
    try:
        return ", ".join(f"{q!r} {kb(size)}" for q, size in zip(QUERIES, search_bytes(site, QUERIES), strict=True))
    except Exception as exc:  # a measuring helper must not lose the whole run
        return f"n/a ({exc})"


def kb(size: float) -> str:
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def size(path: Path) -> str:
    return kb(path.stat().st_size) if path.is_file() else "—"


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else "?"
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "Markdown", "PyYAML"))
    return [f"- machine: {cpu}, {os.cpu_count()} cores, {memory} MB memory; {platform.platform()}",
            f"- Python {platform.python_version()}; {versions}",
            f"- load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"]


# ---- the report

def section(n: int, events: int, runs: int, tmp: Path, photo_runs: bool,
            smaller: tuple[int, float] | None = None) -> tuple[list[str], list[str], float]:
    """One N: the table's lines, the targets missed and our clean-build seconds per story.

    smaller: (N, clean seconds per story) of a smaller N measured in the same run, for the
    "cost per story grows at most 20%" row."""
    print(f"{n} stories, {events} events, {runs} run(s) each", flush=True)
    material, material_cpu, material_peak, material_site = measure_material(tmp, n, runs)
    print(f"  Material blog clean: {statistics.median(material):.2f} s", flush=True)
    times, cpu, peak, _, site = measure_ours(tmp, n, events, runs)
    median = {name: statistics.median(values) for name, values in times.items()}
    median_cpu = {name: statistics.median(values) for name, values in cpu.items()}
    mc = statistics.median(material_cpu)
    print("  ours: " + ", ".join(f"{name} {value:.2f} s" for name, value in median.items()), flush=True)
    step = generator_step(tmp, n, events)
    per_record = step["per_record"]
    m = statistics.median(material)
    clean_target, cached_target = (0.3, 0.2) if n >= 5000 else (0.9, 0.33)
    unchanged_target = 3.0 if n >= 5000 else 1.0
    missed = []

    def row(label: str, name: str, target: str, met: bool, ratio: bool = True) -> str:
        if not met:
            missed.append(f"{n}: {label}")
        value, used = median[name], median_cpu[name]
        shown = f"{value / m:.2f} ({used / mc:.2f})" if ratio else "—"
        theirs = f"{m:.2f} s ({mc:.1f} s)" if ratio else "—"
        return f"| {label} | {theirs} | {value:.2f} s ({used:.1f} s) | {shown} | {target} | {'yes' if met else '**no**'} |"

    lines = [f"### {n} stories, {events} key dates ({runs} run{'s' if runs > 1 else ''}, medians)", "",
             "Wall-clock seconds, with the CPU seconds of the build's process tree in brackets (steadier on a busy "
             "machine); ratios are ours over Material's.", "",
             "| | Material blog | this project | ratio | target | met |", "|---|---|---|---|---|---|",
             row("clean build, no caches", "clean", f"≤ {clean_target}×", median["clean"] <= clean_target * m),
             row("caches kept (site removed)", "cached", f"≤ {cached_target}×", median["cached"] <= cached_target * m),
             row("re-run, nothing changed", "unchanged", f"≤ {unchanged_target:g} s",
                 median["unchanged"] <= unchanged_target, ratio=False),
             row("one story changed", "story", "≤ 5 s" if n <= 1000 else "—",
                 n > 1000 or median["story"] <= 5, ratio=False),
             row("one event changed", "event", "≤ 5 s" if n <= 1000 else "—",
                 n > 1000 or median["event"] <= 5, ratio=False),
             row("settings changed", "settings", "—", True, ratio=False),
             row("template changed", "template", "—", True, ratio=False),
             f"| generator step alone (CPU; card, Markdown and record caches warm; imports {step['import_cpu']:.2f} s apart) "
             f"| — | {step['cpu']:.2f} s = {per_record:.2f} ms a record | — "
             f"| ≤ 1 ms a record | {'yes' if per_record <= 1 else '**no**'} |",
             f"| peak memory, generator and site build | {material_peak:.0f} MB | {peak['build']:.0f} MB "
             f"| {peak['build'] / material_peak:.2f} | {'≤ 400 MB' if n >= 5000 else '—'} "
             f"| {'yes' if n < 5000 or peak['build'] <= 400 else '**no**'} |",
             f"| peak memory, search indexer (beside it) | — | {peak['search']:.0f} MB | — | — | |",
             per_story_row(n, m, median["clean"], smaller, missed),
             f"| lunr search index | {size(material_site / 'search' / 'search_index.json')} "
             f"| {size(site / 'search' / 'search_index.json')} | — | — | |",
             f"| search download per query | — | {search_figures(site)} | — | — | |",
             f"| home page | {size(material_site / 'index.html')} | {size(site / 'index.html')} | — | — | |",
             f"| archive / blog index | {size(material_site / 'blog' / 'index.html')} "
             f"| {size(site / 'stories' / 'index.html')} | — | — | |",
             f"| a story / post | {size(next(material_site.glob('blog/20*/*/*/story-0-*/index.html'), material_site))} "
             f"| {size(site / 'stories' / story_id(0) / 'index.html')} | — | — | |"]
    if per_record > 1:
        missed.append(f"{n}: generator step")
    if photo_runs:
        photo_times, _, _, photos, _ = measure_ours(tmp, n, events, 1, PHOTO_EVERY, ("clean", "cached"))
        per_clean = (photo_times["clean"][0] - median["clean"]) / photos
        per_cached = (photo_times["cached"][0] - median["cached"]) / photos
        lines += ["", f"With one story in {PHOTO_EVERY} carrying a 2000 px photo ({photos} photos, one run): "
                      f"clean {photo_times['clean'][0]:.2f} s, caches kept {photo_times['cached'][0]:.2f} s; "
                      f"**{per_clean * 1000:.0f} ms a photo uncached, {per_cached * 1000:.0f} ms cached**."]
    for folder in tmp.iterdir():
        set_aside(folder)
    return lines, missed, median["clean"] / n


def per_story_row(n: int, material: float, clean: float, smaller: tuple[int, float] | None,
                  missed: list[str]) -> str:
    """Clean-build cost per story, against the smaller N of the same run when there is one."""
    ours_ms = clean / n * 1000
    if smaller is None:
        return f"| clean build per story | {material / n * 1000:.1f} ms | {ours_ms:.1f} ms | — | flat | see larger N |"
    small_n, small_seconds = smaller
    growth = clean / n / small_seconds - 1
    met = growth <= 0.2
    if not met:
        missed.append(f"{n}: cost per story")
    return (f"| clean build per story | {material / n * 1000:.1f} ms | {ours_ms:.1f} ms "
            f"({growth:+.0%} on {small_n:,}'s {small_seconds * 1000:.1f} ms) | — | ≤ +20% | {'yes' if met else '**no**'} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[100, 1000], metavar="N")
    parser.add_argument("--events", type=int, default=300, metavar="M")
    parser.add_argument("--runs", type=int, help="runs per figure (default 3, or 1 at 5,000 stories and over)")
    parser.add_argument("--no-photos", action="store_true", help="skip the run with photos")
    parser.add_argument("--note", default="", help="a line on the conditions, written under the table")
    parser.add_argument("--output", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    lines = ["# Benchmarks", "", "Written by `make bench` (bench/benchmark.py): this project and Material for MkDocs' blog "
             "plugin build the same synthetic 400-word stories in one run (our build also has the key dates, "
             "every card and feed). Figures are medians; times are wall-clock.", "", *machine()]
    if args.note:
        lines += [f"- conditions: {args.note}"]
    missed: list[str] = []
    smaller: tuple[int, float] | None = None
    try:
        for n in sorted(args.stories):
            runs = args.runs or (1 if n >= 5000 else 3)
            tmp = Path(tempfile.mkdtemp(prefix="bench-"))
            part, misses, per_story = section(n, args.events, runs, tmp, not args.no_photos, smaller)
            set_aside(tmp)
            lines += ["", *part]
            missed += misses
            smaller = (n, per_story)
    finally:
        for trash in TRASH:  # every run is over: the deletions can no longer slow one
            shutil.rmtree(trash, ignore_errors=True)
    lines += ["", f"- load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
              "", "Reproduce: `make bench` (N = 100 and 1,000), `make bench BENCH_ARGS='--stories 1000 5000'` (5,000 "
              "once, compared per story with 1,000). "
              "Targets: DESIGN.md, \"Scale\", and issue 13."]
    args.output.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {args.output}")
    for miss in missed:
        print(f"  MISSED: {miss}")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
