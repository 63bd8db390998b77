"""Helpers for the publishing-safety tests: build a project copy, read every file of a built site.

Used by test_embargo.py, test_atomic.py, test_reproducible.py, test_sanitise.py and
test_xss_browser.py. Builds run in-process through the CLI, into folders under tmp_path.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

from browser_support import DATA, copy_project

NOW = "2026-11-23T12:00"
PAYLOADS_FILE = DATA / "xss_payloads.txt"


def build(config: Path, content: Path, site: Path, *extra: str, now: str | None = NOW) -> tuple[int, str]:
    """`python -m generator build` in-process; returns (exit code, what it printed)."""
    import contextlib

    from generator.cli import main

    args = ["build", "--config", str(config), "--content", str(content), "--site-dir", str(site), *extra]
    if now:
        args += ["--now", now]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue() + err.getvalue()


def project(root: Path, content_from: Path = DATA / "site") -> tuple[Path, Path]:
    """A copy of the site configuration and hand-written pages, and of a content set: (mkdocs.yml, content)."""
    config = copy_project(root / "project")
    content = root / "content"
    shutil.copytree(content_from, content)
    return config, content


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, gzipped files decompressed (a sitemap.xml.gz, or
    Pagefind's index and result fragments under pagefind/, hide nothing)."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(site).as_posix()] = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return found


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file (and every folder's presence), to compare a folder before and after."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        found[relative] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
    return found


def mentions(files: dict[str, bytes], *needles: str | bytes) -> list[str]:
    """'path: needle' for every file that contains a needle (text needles case-insensitively)."""
    found = []
    for path, data in files.items():
        lowered = data.lower()
        for needle in needles:
            if isinstance(needle, str):
                hit = needle.lower().encode() in lowered or json.dumps(needle.lower())[1:-1].encode() in lowered
            else:
                hit = needle in data
            if hit:
                found.append(f"{path}: {needle if isinstance(needle, str) else f'{len(needle)} bytes of a photo'}")
    return found


def photo(path: Path, size=(1600, 1000), seed: int = 0, exif: bytes | None = None, fmt: str = "JPEG") -> bytes:
    """Write a photo with a pattern unique to `seed` (so its bytes are too); returns its bytes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, ((seed * 53) % 256, (seed * 97) % 256, 180))
    draw = ImageDraw.Draw(image)
    for step in range(0, size[0], 40):
        draw.line([(step, 0), (size[0] - step, size[1])], fill=((seed * 31 + step) % 256, 40, 90), width=7)
    options = {"exif": exif} if exif else {}
    image.save(path, fmt, **({"quality": 90} if fmt == "JPEG" else {}), **options)
    return path.read_bytes()


# ---- the XSS fixture: every payload in every text field of a story, an event and a school

def payloads() -> list[str]:
    found = []
    for line in PAYLOADS_FILE.read_text("utf-8").splitlines():
        if not line or line.startswith("## "):
            continue
        found.append(line[4:].encode("latin-1", "backslashreplace").decode("unicode_escape") if line.startswith("esc:")
                     else line)
    return found


def _q(text: str) -> str:
    """A YAML double-quoted scalar that reads back exactly as text (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=True)


def pack(items: list[str], limit: int, separator: str = " ", one_line: bool = True) -> list[str]:
    """The payloads joined into as few values as fit the limit, each payload whole and in order.

    A page shows one story's title, so putting several payloads in each keeps the site (and the
    browser test that opens every page) small while every payload still lands in every field.
    Each payload is also sanitised on its own in tests/test_sanitise.py.
    """
    found, current = [], ""
    for item in items:
        if (one_line and ("\n" in item or "\r" in item)) or len(item) > limit or not item.strip():
            continue
        joined = f"{current}{separator}{item}" if current else item
        if len(joined) > limit:
            found.append(current)
            joined = item
        current = joined
    return found + ([current] if current else [])


XSS_SCHOOL = "xss-academy"
XSS_SCHOOL_NAME = '"><script>alert(1)</script> Academy'


def xss_records() -> tuple[list[dict], list[dict]]:
    """The payload stories and events, as the values each field gets: (stories, events)."""
    found = payloads()
    titles = pack(found, 120)
    summaries = pack([" ".join(p.split()) for p in found], 280)
    alts = pack(found, 250)
    socials = pack([" ".join(p.split()) for p in found], 200)
    bodies = pack(found, 2500, "\n\n", one_line=False)
    descriptions = pack(found, 1000, "\n\n", one_line=False)
    stories, events = [], []
    for number, title in enumerate(titles):
        day = date(2026, 1, 1) + timedelta(days=number)
        stories.append({"id": f"{day.isoformat()}-xss-{number:02d}", "date": day.isoformat(), "title": title,
                        "summary": summaries[number % len(summaries)], "alt": alts[number % len(alts)],
                        "social": socials[number % len(socials)], "body": bodies[number % len(bodies)],
                        "school": XSS_SCHOOL if number % 3 == 0 else "heles"})
    locations = titles[1:] + titles[:1]
    for number in range(max(len(titles), len(descriptions))):
        events.append({"id": f"xss-{number:02d}", "title": titles[number % len(titles)],
                       "start": (date(2027, 3, 1) + timedelta(days=number)).isoformat(),
                       "location": locations[number % len(locations)],
                       "description": descriptions[number % len(descriptions)],
                       "school": XSS_SCHOOL if number % 2 else "heles",
                       "url": ("https://example.org/?q=x'onmouseover='alert(1)'" if number % 2
                               else "https://example.org/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")})
    return stories, events


def write_xss_content(content: Path) -> None:
    """Add the payload stories (each with a photo), events and a school to a content folder."""
    schools = content / "schools.yaml"
    schools.write_text(schools.read_text("utf-8") + f"- id: {XSS_SCHOOL}\n  name: {_q(XSS_SCHOOL_NAME)}\n"
                       f"  trust: {_q('<img src=x onerror=alert(1)>')}\n", "utf-8")
    stories_dir = content / "stories"
    stories, events = xss_records()
    picture = None
    for story in stories:
        if picture is None:
            picture = photo(stories_dir / f"{story['id']}.png", size=(64, 48), seed=1, fmt="PNG")
        else:
            (stories_dir / f"{story['id']}.png").write_bytes(picture)
        stories_dir.joinpath(f"{story['id']}.yaml").write_text(
            f"title: {_q(story['title'])}\ndate: {story['date']}\nschool: [{story['school']}]\n"
            f"summary: {_q(story['summary'])}\nbody: {_q(story['body'])}\n"
            f"image:\n  src: {story['id']}.png\n  alt: {_q(story['alt'])}\n  consent: true\n"
            f"tags: [community]\nsocial:\n  text: {_q(story['social'])}\n", "utf-8")
    lines = [content.joinpath("events.yaml").read_text("utf-8").rstrip("\n")]
    for event in events:
        lines.append(f"- id: {event['id']}\n  title: {_q(event['title'])}\n  start: {event['start']}\n"
                     f"  category: community\n  schools: [{event['school']}]\n  location: {_q(event['location'])}\n"
                     f"  url: {_q(event['url'])}\n  description: {_q(event['description'])}")
    content.joinpath("events.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def synthetic_content(root: Path, stories: int, events: int) -> Path:
    """bench/benchmark.py's synthetic stories and key dates, written into root (returned)."""
    import sys

    bench = str(Path(__file__).resolve().parent.parent / "bench")
    sys.path.insert(0, bench)
    try:
        import benchmark  # type: ignore[import-not-found]
    finally:
        sys.path.remove(bench)
    benchmark.make_content(root, stories, events)
    return root


def fast_plugins(monkeypatch) -> list:
    """The fast-path plugin (generator/mkdocs_fast.py) of each build from now on, in order."""
    import generator.mkdocs_fast

    plugins: list = []
    real_register = generator.mkdocs_fast.register

    def register(mkdocs_config):
        real_register(mkdocs_config)
        plugins.append(mkdocs_config.plugins[generator.mkdocs_fast.PLUGIN_NAME])

    monkeypatch.setattr(generator.mkdocs_fast, "register", register)
    return plugins
