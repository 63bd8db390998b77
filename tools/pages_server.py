"""Serve a built site as GitHub Pages does: gzip for text, 404.html for a missing path.

    python tools/pages_server.py [SITE_DIR] [--port 8000]

What GitHub Pages does and this copies, so that `make audit` (tools/audit.py) measures what
readers get: a folder answers with its index.html (and a folder without its trailing slash is
redirected to it); a missing path answers 404 with the site's 404.html; HTML, CSS, JavaScript,
JSON, XML, SVG, iCal and text are sent gzip-compressed to a client that accepts it (with
`Vary: Accept-Encoding`); every answer may be cached for 10 minutes (`Cache-Control:
max-age=600`). Only for local measurement: it binds 127.0.0.1 and never writes.
"""
from __future__ import annotations

import argparse
import gzip
import mimetypes
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
              "application/rss+xml", "application/atom+xml", "application/feed+json", "application/manifest+json")
TYPES = {".ics": "text/calendar", ".json": "application/json", ".js": "application/javascript",
         ".xml": "application/xml", ".webmanifest": "application/manifest+json", ".txt": "text/plain"}
MAX_AGE = 600


def content_type(path: Path) -> str:
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind in TYPES.values() else kind


class PagesHandler(BaseHTTPRequestHandler):
    root: Path
    cache: dict[Path, bytes]  # gzip-compressed bodies, compressed once

    def log_message(self, format, *args):  # quiet
        pass

    def do_HEAD(self) -> None:
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root):
            return self.answer(404, self.root / "404.html", body)
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            target = target / "index.html"
        if target.is_file():
            return self.answer(200, target, body)
        return self.answer(404, self.root / "404.html", body)

    def answer(self, status: int, file: Path, body: bool) -> None:
        if not file.is_file():
            self.send_error(status)
            return
        kind = content_type(file)
        data = file.read_bytes()
        zipped = kind.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            if file not in self.cache:
                self.cache[file] = gzip.compress(data, compresslevel=6, mtime=0)
            data = self.cache[file]
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        self.send_header("Vary", "Accept-Encoding")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if body:
            self.wfile.write(data)


def make_server(site: Path, port: int = 0) -> ThreadingHTTPServer:
    handler = type("Handler", (PagesHandler,), {"root": Path(site).resolve(), "cache": {}})
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


@contextmanager
def serving(site: Path, port: int = 0):
    """Serve site in a thread; yields the base URL ('http://127.0.0.1:PORT/')."""
    server = make_server(site, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    server = make_server(args.site, args.port)
    print(f"Serving {args.site} compressed at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
