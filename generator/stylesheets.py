"""Our stylesheets as one file on the deployed site: mkdocs.yml's extra_css joined, in order.

Each stylesheet linked in a page's head holds back its first paint, and on a phone over slow 4G
eleven of them (Material's two and our nine) cost more in round trips than in bytes (issue 13,
AUDIT.md). The sources stay separate files in docs/stylesheets/, listed in mkdocs.yml, so
`mkdocs serve` and `zensical build` (which runs no hooks) use them as they are; the site build
(generator/build.py, the deploy's) links the joined file in their place. Its name carries a hash
of its bytes, so a browser or proxy holding an older copy (GitHub Pages lets them keep one for 10
minutes) never styles new pages with old rules. The joined file is minified (rcssmin: comments and
spaces out, 8 KB gzipped down to under 5). print.css keeps its own `@media print`, so joining
changes no rule's meaning. Where joining could change one (an `@import` or `@charset`, which must
come first in a file, a `url()` in a sheet from another folder, or a sheet that is not a local
file) nothing is joined and the pages link the sheets as listed.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import rcssmin

from generator import routes
from generator.write import write_atomic

_UNSAFE = re.compile(r"@import|@charset", re.IGNORECASE)


@dataclass(frozen=True)
class JoinedSheets:
    """The joined stylesheet: its site path (for extra_css) and its text."""

    path: str
    text: str

    def write(self, site_dir: Path) -> None:
        """Put the file into a built site folder (MkDocs empties that folder as it builds: call after)."""
        write_atomic(site_dir / self.path, self.text)


def join_stylesheets(docs_dir: Path, sheets: Sequence[str]) -> JoinedSheets | None:
    """The sheets (extra_css entries, paths in docs_dir) as one file, or None when joining is not safe."""
    if len(sheets) < 2:
        return None
    folder = posixpath.dirname(routes.stylesheet_bundle("x"))
    parts = []
    for sheet in sheets:
        sheet = str(sheet)
        if urlsplit(sheet).scheme or urlsplit(sheet).netloc or sheet.startswith("/"):
            return None
        try:
            text = (docs_dir / sheet).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None  # MkDocs links it as listed, and reports nothing: the same page as without us
        if _UNSAFE.search(text) or ("url(" in text and posixpath.dirname(posixpath.normpath(sheet)) != folder):
            return None
        parts.append(text)
    text = rcssmin.cssmin("\n".join(parts)) + "\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return JoinedSheets(routes.stylesheet_bundle(digest), text)
