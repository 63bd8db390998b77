"""Site paths, the docs files that serve them, and relative links between them.

A page is named by its site path ('stories/x/', '' for the home page). With MkDocs'
use_directory_urls, `stories/x.md` is served at /stories/x/, so links are written relative to
the page's folder and work on any host or sub-path.
"""
from __future__ import annotations

# Section pages that have pages below them in the nav are index.md files, as mkdocs.yml names them.
SECTIONS = {"stories/", "schools/", "events/", "tags/"}


def docs_path(url: str) -> str:
    """The docs file that MkDocs serves at a site path: '' → index.md, 'stories/x/' → stories/x.md."""
    if not url:
        return "index.md"
    if url in SECTIONS:
        return url + "index.md"
    return url.rstrip("/") + ".md"


def page_url(base: str, number: int) -> str:
    """The site path of page `number` of a paginated list whose first page is `base`."""
    return base if number == 1 else f"{base}page/{number}/"


class Here:
    """The page being rendered: turns site paths into links relative to it."""

    def __init__(self, url: str):
        self.url = url
        self._folders = url.split("/")[:-1]  # 'stories/x/' → ['stories', 'x']

    def to(self, target: str) -> str:
        """A relative link to a site path ('schools/plymstock/', 'images/x.jpg', '' for home)."""
        parts = target.split("/")
        shared = 0
        for mine, theirs in zip(self._folders, parts[:-1], strict=False):
            if mine != theirs:
                break
            shared += 1
        return "../" * (len(self._folders) - shared) + "/".join(parts[shared:]) or "./"
