"""Every page of the built fixture site passes the Nu Html Checker (vnu.jar, from npm) with zero errors.

Under CI (CI set) a missing Java or vnu.jar fails these tests; elsewhere they skip with a reason.
`make test` installs both.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from browser_support import REPO, VNU_JAR, missing


def _vnu(*args: str) -> subprocess.CompletedProcess:
    java = shutil.which("java")
    if not java:
        missing("no `java` on PATH (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing(f"no {VNU_JAR.relative_to(REPO)} (run `npm ci --ignore-scripts`)")
    return subprocess.run([java, "-jar", str(VNU_JAR), *args], capture_output=True, text=True, timeout=600)


def test_every_page_is_valid_html(built_site: Path):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 10, f"the fixture site has only {len(pages)} HTML pages"
    result = _vnu("--errors-only", "--skip-non-html", str(built_site))
    report = _shorten(result.stderr, built_site)
    if result.returncode or report:
        pytest.fail(f"the Nu Html Checker found errors:\n{report}", pytrace=False)


def test_site_stylesheets_are_valid_css():
    """Our own stylesheets only: Material's minified CSS uses vendor hacks the checker rejects."""
    sheets = sorted(str(path) for path in (REPO / "docs" / "stylesheets").glob("*.css"))
    result = _vnu("--errors-only", "--css", *sheets)
    report = _shorten(result.stderr, REPO)
    if result.returncode or report:
        pytest.fail(f"the Nu Html Checker found CSS errors:\n{report}", pytrace=False)


def _shorten(report: str, folder: Path) -> str:
    """vnu names files as file:/abs/path: show them relative to folder."""
    return report.replace(f"file:{folder.as_posix()}/", "").replace(f"{folder.as_uri()}/", "").strip()


def test_postbuild_removes_exactly_the_invalid_attributes():
    """No Java needed: the rewrite's before and after, on Material's and Zensical's markup."""
    from generator.postbuild import fix_html

    page = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
            '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n'
            '<label class="md-overlay" for="__drawer" aria-hidden="true"></label>\n'
            '<input type="text" autocomplete="off" aria-hidden="true">\n'
            '<label class="md-nav__title" for="__toc">On this page</label>\n')
    assert fix_html(page) == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">\n'
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">\n'
        '<label class="md-overlay" for="__drawer"></label>\n'
        '<input type="text" autocomplete="off" aria-hidden="true">\n'
        '<label class="md-nav__title">On this page</label>\n')
    with_toc = page + '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
    assert '<label class="md-nav__title" for="__toc">' in fix_html(with_toc)  # the label has its checkbox
