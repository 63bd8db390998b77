"""Shared fixtures: the repository, the small valid content set, a frozen clock."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
BASE_CONTENT = DATA / "base"
NOW = "2026-11-23T12:00"


def published(content: Path, now: str = NOW, *, config: Path = REPO / "mkdocs.yml", preview: bool = False):
    """`content` checked and published through the pipeline as every build does; fails the test on any error."""
    from generator import pipeline
    from generator.publish import publish

    checked = pipeline.check(config, content, now)
    assert checked.publishable, [error.as_text() for error in checked.errors.sorted()] or checked.usage
    return publish(checked.content, checked.now, preview=preview)


def loaded(content: Path, *, config: Path = REPO / "mkdocs.yml"):
    """`content` loaded and validated through the pipeline (the records, before publishing); fails on any error."""
    from generator import pipeline

    checked = pipeline.check(config, content, NOW)
    assert checked.publishable, [error.as_text() for error in checked.errors.sorted()] or checked.usage
    return checked.content


def render_all(site, card_cache: Path | None = None, image_cache: Path | None = None) -> dict[str, bytes]:
    """Every generated file for a published set (plan → images → render), as the pipeline makes them.

    Cards are cached in card_cache when given, the photos' smaller sizes in image_cache (by default
    the folder `images` beside card_cache).
    """
    from generator.plan import make_plan
    from generator.render.site import render_with_caches

    if image_cache is None and card_cache is not None:
        image_cache = card_cache.parent / "images"
    return render_with_caches(make_plan(site), card_cache, image_cache).as_dict()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the small valid content set, at tmp_path/content."""
    target = tmp_path / "content"
    shutil.copytree(BASE_CONTENT, target)
    return target


@pytest.fixture
def run_cli(monkeypatch, capsys, tmp_path):
    """Run the CLI in-process from tmp_path; returns (exit code, stdout, stderr)."""
    from generator.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.chdir(tmp_path)
        args = list(args)
        if args and args[0] in ("check", "build") and "--config" not in args:
            args += ["--config", str(REPO / "mkdocs.yml")]
        code = main(args)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


# Built-site fixtures for the browser, vnu and Zensical tests (helpers: tests/browser_support.py).

@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture content generated and built with MkDocs once per test session."""
    from browser_support import build_fixture_site

    return build_fixture_site(tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """The built fixture site served over HTTP on 127.0.0.1; the base URL ends with '/'."""
    from browser_support import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory) -> Path:
    """The fixture content plus a story, an event and a school per XSS payload, built once per session
    (tests/test_sanitise.py and tests/test_xss_browser.py; helpers: tests/publish_support.py)."""
    from publish_support import build, project, write_xss_content

    root = tmp_path_factory.mktemp("xss")
    config, content = project(root)
    write_xss_content(content)
    code, out = build(config, content, root / "site")
    if code != 0:
        pytest.fail(f"the XSS fixture site did not build (exit code {code}):\n{out}")
    return root / "site"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one for the session: Playwright's sync API allows one
    instance per thread, so every module in this thread shares it (tests/test_browser.py,
    tests/test_submit_form.py)."""
    from browser_support import CHROMIUM, CHROMIUM_ARGS, missing

    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed (make test-deps)")
    with sync_playwright() as playwright:
        try:
            # Playwright gives every launch a fresh, temporary user data directory.
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        except Error as exc:
            pytest.fail(f"Chromium at {CHROMIUM} would not start: {exc}")
        yield browser
        browser.close()
