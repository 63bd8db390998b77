"""Helpers for the built-site tests: build a fixture site, serve it, find the tools.

Used by tests/test_browser.py, tests/test_vnu.py and tests/test_zensical.py through the
session fixtures appended to tests/conftest.py.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
NOW = "2026-11-23T12:00"

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Debian's Chromium, quiet and offline: no first-run, sync, component or background requests.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The WCAG 2.0, 2.1 and 2.2 A and AA rules of axe-core.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def missing(reason: str) -> None:
    """A tool the test needs is missing: fail under CI (so CI never passes by skipping), else skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping; `make test` installs it)")
    pytest.skip(reason)


def fixture_content() -> Path:
    """The richer fixture content when the pages tests provide one, else the small base set."""
    rich = DATA / "site"
    return rich if (rich / "schools.yaml").is_file() else DATA / "base"


def copy_project(target: Path) -> Path:
    """Copy mkdocs.yml, overrides/, pages/ and the hand-written pages of docs/ into target.

    Generated pages (listed in docs/.generated.json) are left behind, so the fixture build
    generates its own from the fixture content. Returns the copied mkdocs.yml.
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", target / "overrides")
    shutil.copytree(REPO / "pages", target / "pages")  # the About, accessibility and privacy pages
    docs = REPO / "docs"
    generated = set(_manifest(docs)) | {".generated.json"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).relative_to(docs)
        return {name for name in names if (relative / name).as_posix().removeprefix("./") in generated}

    shutil.copytree(docs, target / "docs", ignore=ignore)
    return target / "mkdocs.yml"


def _manifest(docs: Path) -> list[str]:
    try:
        return [item for item in json.loads((docs / ".generated.json").read_text("utf-8")) if isinstance(item, str)]
    except (OSError, ValueError):
        return []


def build_fixture_site(root: Path) -> Path:
    """Generate and build the fixture site with MkDocs under root; returns the site folder."""
    from generator.cli import main

    config = copy_project(root / "project")
    site = root / "site"
    code = main(["build", "--config", str(config), "--content", str(fixture_content()),
                 "--site-dir", str(site), "--now", NOW])
    if code != 0:
        pytest.fail(f"the fixture site did not build (exit code {code}); see the output above")
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output readable
        pass


@contextmanager
def serve(folder: Path):
    """Serve folder on 127.0.0.1 at a free port, in a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def first_page(site: Path, section: str, exclude: tuple[str, ...] = (), prefer: str = "") -> str:
    """The URL path of a built page in a section folder, e.g. 'stories/<id>/'.

    The first by name, or the first whose HTML contains `prefer` when one does.
    """
    folder = site / section
    names = sorted(p.name for p in folder.iterdir() if (p / "index.html").is_file()) if folder.is_dir() else []
    names = [name for name in names if name not in exclude and not name.isdigit() and name != "page"]
    if not names:
        pytest.fail(f"the fixture site has no page under /{section}/")
    preferred = [name for name in names if prefer and prefer in (folder / name / "index.html").read_text("utf-8")]
    return f"{section}/{(preferred or names)[0]}/"


def format_violations(url: str, violations: list[dict]) -> str:
    """axe-core violations as text a person can act on."""
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"\n* {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - at {' '.join(map(str, node['target']))}")
            lines.append(f"    {' '.join(node['html'].split())[:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def site_search(page, term: str):
    """Search the site as a person would (overrides/partials/search.html, Pagefind's UI): open the
    search from the header, type `term`, wait for the results; returns the results' locator."""
    dialog = page.locator("dialog#psn-search")
    if not dialog.evaluate("d => d.open"):
        page.click("[data-psn-search-open]")
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for(timeout=20_000)
    box.fill("")
    box.focus()
    page.keyboard.type(term)
    page.wait_for_function(
        "term => { const m = document.querySelector('.pagefind-ui__message');"
        " const results = [...document.querySelectorAll('.pagefind-ui__result')];"
        " return m && m.textContent.includes(term) && !/Searching/.test(m.textContent)"
        " && !document.querySelector('.pagefind-ui__loading')"
        " && results.every(r => r.querySelector('.pagefind-ui__result-link')); }",
        arg=term, timeout=20_000)
    return page.locator(".pagefind-ui__result")
