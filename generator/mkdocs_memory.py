"""Let MkDocs forget each page's text once it is no longer needed, so its memory stays flat.

MkDocs 1.6 reads and renders every page before it writes any (commands/build.py: _populate_page
for all, then _build_page for each) and keeps each page's Markdown (`page.markdown`) and HTML
(`page.content`) to the end: at 5,000 stories some 270 MB, the largest part of the site build's
peak. Nothing reads a page's Markdown after it is rendered, nor its HTML after the page is written
(the nav, the sitemap and other pages use titles and addresses; our pages are out of Material's
lunr index), so this plugin, registered by generator/build.py (never in mkdocs.yml: Zensical runs
no plugins), drops each at that point. The output is the same bytes.
"""
from __future__ import annotations

from typing import Any

from mkdocs.plugins import BasePlugin


class ForgetPageText(BasePlugin):
    """page.markdown dropped once rendered, page.content once the page is written."""

    def on_page_content(self, html: str, /, *, page: Any, **_: Any) -> str:
        page.markdown = None
        return html

    def on_post_page(self, output: str, /, *, page: Any, **_: Any) -> str:
        page.content = None
        return output
