"""robots.txt (generator/render/robots.py) and the GitHub Pages-like server of `make audit`
(tools/pages_server.py): gzip for text, 404.html for a missing path, a folder's trailing slash."""
from __future__ import annotations

import gzip
import sys
import urllib.error
import urllib.request
from pathlib import Path

from conftest import BASE_CONTENT, REPO, published

from generator import routes
from generator.plan import make_plan
from generator.render.robots import render_robots

sys.path.insert(0, str(REPO / "tools"))
from pages_server import serving  # noqa: E402


def test_robots_allows_every_page_and_names_the_sitemap_by_its_absolute_url():
    plan = make_plan(published(BASE_CONTENT))
    files = render_robots(plan)
    assert list(files) == [routes.ROBOTS] == ["robots.txt"]
    lines = files[routes.ROBOTS].splitlines()
    assert lines[1:] == ["User-agent: *", "Allow: /", "", f"Sitemap: {plan.settings.site_url}sitemap.xml"]
    assert lines[0].startswith("# ") and lines[-1].startswith("Sitemap: https://")


def _get(url: str, gzip_ok: bool = True):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_pages_server_compresses_text_serves_404_html_and_adds_the_slash(tmp_path: Path):
    (tmp_path / "stories").mkdir()
    page = "<!DOCTYPE html><title>x</title>" + "words " * 200
    (tmp_path / "stories" / "index.html").write_text(page, "utf-8")
    (tmp_path / "404.html").write_text("<!DOCTYPE html><title>Not found</title>", "utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(100))
    with serving(tmp_path) as base:
        status, headers, body = _get(base + "stories/")
        assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
        assert gzip.decompress(body).decode("utf-8") == page and len(body) < len(page)
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        status, headers, body = _get(base + "stories/", gzip_ok=False)
        assert status == 200 and "Content-Encoding" not in headers and body.decode("utf-8") == page
        status, headers, body = _get(base + "photo.jpg")
        assert status == 200 and "Content-Encoding" not in headers and headers["Content-Type"] == "image/jpeg"
        status, headers, _ = _get(base + "stories")
        assert status == 301 and headers["Location"] == "/stories/"
        status, headers, body = _get(base + "no/such/page/")
        assert status == 404 and b"Not found" in gzip.decompress(body)
        status, _, body = _get(base + "../../etc/passwd")
        assert status == 404
