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
    """Every file of a built site by its path, .gz files decompressed (a sitemap.xml.gz hides nothing)."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
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


def _line(text: str, limit: int, fallback: str) -> str:
    return text if "\n" not in text and "\r" not in text and len(text.strip()) and len(text) <= limit else fallback


XSS_SCHOOL = "xss-academy"
XSS_SCHOOL_NAME = '"><script>alert(1)</script> Academy'


def write_xss_content(content: Path) -> list[str]:
    """Add a story and an event per payload (and a school) to a content folder; returns the payloads."""
    found = payloads()
    schools = content / "schools.yaml"
    schools.write_text(schools.read_text("utf-8") + f"- id: {XSS_SCHOOL}\n  name: {_q(XSS_SCHOOL_NAME)}\n"
                       f"  trust: {_q('<img src=x onerror=alert(1)>')}\n", "utf-8")
    events = [content.joinpath("events.yaml").read_text("utf-8").rstrip("\n")]
    stories = content / "stories"
    picture = None
    for number, payload in enumerate(found):
        short = f"<script>alert({number})</script>"
        day = date(2026, 1, 1) + timedelta(days=number)
        story_id = f"{day.isoformat()}-xss-{number:02d}"
        if picture is None:
            picture = photo(stories / f"{story_id}.png", size=(64, 48), seed=number, fmt="PNG")
        else:
            (stories / f"{story_id}.png").write_bytes(picture)
        summary = " ".join(payload.split()) or short
        social = f"social:\n  text: {_q(summary)}\n" if len(summary) <= 200 else ""
        stories.joinpath(f"{story_id}.yaml").write_text(
            f"title: {_q(_line(payload, 120, short))}\n"
            f"date: {day.isoformat()}\n"
            f"school: [{XSS_SCHOOL if number % 3 == 0 else 'heles'}]\n"
            f"summary: {_q(summary if len(summary) <= 280 else short)}\n"
            f"body: {_q(payload + chr(10) * 2 + 'Before ' + payload + ' after.')}\n"
            f"image:\n  src: {story_id}.png\n  alt: {_q(_line(payload, 250, short))}\n  consent: true\n"
            f"tags: [community]\n{social}", "utf-8")
        start = date(2027, 3, 1) + timedelta(days=number)
        url = payload if payload.startswith("https://") else "https://example.org/?q=%22%3E%3Cscript%3E"
        events.append(
            f"- id: xss-{number:02d}\n"
            f"  title: {_q(_line(payload, 120, short))}\n"
            f"  start: {start.isoformat()}\n"
            f"  category: community\n"
            f"  schools: [{XSS_SCHOOL if number % 2 else 'heles'}]\n"
            f"  location: {_q(_line(payload, 120, short))}\n"
            f"  url: {_q(url)}\n"
            f"  description: {_q(payload[:1000])}")
    content.joinpath("events.yaml").write_text("\n".join(events) + "\n", "utf-8")
    return found
