"""An MkDocs plugin for `python -m generator build`: generated HTML pages skip Python-Markdown, and
the post-build fixes are applied as each page is written.

MkDocs renders every page from Markdown, and Python-Markdown parses the HTML of a generated page
twice (its HTML block preprocessor, then MkDocs' anchor scan) only to hand it back unchanged:
about half of MkDocs' time at 1,000 stories. For a page the generator wrote (listed in the
docs folder's manifest, .generated.json) whose body `html_blocks.scan_html` recognises as raw
HTML blocks only, this plugin sets what `Page.render` would have set (content, an empty table of
contents, no title from the body, the ids on the page) without Markdown. Any other page, a
hand-written one or a generated page with Markdown in it (the About, accessibility and privacy
pages), goes through Markdown as before; so does every page when mkdocs.yml adds a Markdown
extension this plugin does not know (md_in_html, for one, reads HTML blocks).

Material's search plugin (kept in mkdocs.yml only for the theme's search button; Pagefind does
the searching) runs a regular expression over every page's HTML, even a page marked
`search: exclude`, where it removes nothing unless the page has a `data-search-` attribute. For
such a page its handler is skipped, which changes nothing it would have written.

A generated page's front matter (JSON values, render/text.py) is read by generator/front_matter.py
where that gives what MkDocs' YAML reader would, at a fraction of the cost.

It also applies `postbuild.fix_html` to each page and HTML template as MkDocs writes it, so the
built site needs no second pass (`python -m generator.postbuild` stays for Zensical builds).

It is registered from generator/build.py, never in mkdocs.yml: Zensical runs no MkDocs plugins
and reads the same file, and a site built without this plugin has the same bytes, only slower
(tests/test_fast_html.py).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from generator import front_matter
from generator.html_blocks import HtmlBody, scan_html
from generator.page_scans import FILE as SCANS_FILE
from generator.page_scans import PageScans
from generator.postbuild import fix_html
from generator.write import read_manifest

# Extensions whose output for a page of raw HTML blocks is those blocks unchanged (MkDocs adds
# toc, tables and fenced_code itself; scan_html refuses a fence line).
SAFE_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list"})
PLUGIN_NAME = "generator-fast-html"
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # Page.render keeps anchor links only above DEBUG


class FastHtmlPlugin(BasePlugin):
    """Generated HTML pages passed through without Markdown; fix_html applied as pages are written."""

    def __init__(self) -> None:
        super().__init__()
        self.generated: frozenset[str] = frozenset()
        self.passed_through = 0  # pages rendered without Markdown in this build (for tests and profiles)
        self.scans = PageScans(None)  # what earlier builds found about these pages (generator/page_scans.py)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        extensions = {_short_name(name) for name in config.markdown_extensions}
        # _Passthrough copies MkDocs 1.6's Page.render: another MkDocs renders every page itself.
        safe = extensions <= SAFE_EXTENSIONS and mkdocs.__version__.startswith("1.6.")
        pages = read_manifest(Path(config.docs_dir)) if safe else []
        self.generated = frozenset(page for page in pages if page.endswith(".md"))
        self.passed_through = 0
        self.scans = PageScans(_cache_folder(config) / SCANS_FILE if safe and config.config_file_path else None)
        return config

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        if page.file.src_uri in self.generated:
            page.read_source = _FastSource(page, self.scans)  # type: ignore[method-assign]
        return page

    @event_priority(-100)  # last: after any other plugin's changes to the Markdown
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if page.file.src_uri in self.generated:
            body = self._scan(markdown)
            if body is not None:
                page.render = _Passthrough(page, body)  # type: ignore[method-assign]
                self.passed_through += 1
        return markdown

    def _scan(self, markdown: str) -> HtmlBody | None:
        """scan_html's answer, from what an earlier build found for the same text when it can."""
        known, anchor_ids = self.scans.body(markdown)
        if known:
            return None if anchor_ids is None else HtmlBody(markdown.strip("\n"), frozenset(anchor_ids))
        body = scan_html(markdown)
        self.scans.scanned(markdown, None if body is None else sorted(body.anchor_ids))
        return body

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.scans.save(limit=4 * len(self.generated))  # front matter and body, this version and one older

    @event_priority(-100)  # last: fixes the page exactly as it is written
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        return fix_html(output)

    @event_priority(-100)
    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        return fix_html(output_content) if template_name.endswith(".html") else output_content


class _FastSource:
    """Stands in for one generated page's `Page.read_source` (MkDocs 1.6.1): its front matter read
    as JSON where generator/front_matter.py is sure that is what YAML would read, else by MkDocs."""

    def __init__(self, page: Page, scans: PageScans) -> None:
        self.page, self.scans = page, scans

    def __call__(self, config: MkDocsConfig) -> None:
        page = self.page
        del page.read_source  # the class's method again, should it run twice
        source = config.plugins.on_page_read_source(page=page, config=config)
        if source is None:
            try:
                source = page.file.content_string
            except OSError:
                _PAGES_LOG.error(f"File not found: {page.file.src_path}")
                raise
            except ValueError:
                _PAGES_LOG.error(f"Encoding error reading file: {page.file.src_path}")
                raise
        if self.scans.exact_front_matter(source):
            page.markdown, page.meta = front_matter.read_exact(source)
            return
        found = front_matter.get_data(source)
        if found is not None:
            self.scans.found_exact(source)
        page.markdown, page.meta = found if found is not None else meta.get_data(source)


class _Passthrough:
    """Stands in for one page's `Page.render` (MkDocs 1.6.1): sets what Markdown would have set."""

    def __init__(self, page: Page, body: HtmlBody) -> None:
        self.page, self.body = page, body

    def __call__(self, config: MkDocsConfig, files: Files) -> None:
        page = self.page
        del page.render  # the class's render again, should it run twice
        page.content = self.body.html
        page.toc = get_toc([])  # Markdown's toc finds no heading inside raw HTML
        page._title_from_render = None  # nor does MkDocs' title extractor: the title comes from meta or the file name
        page.present_anchor_ids = set(self.body.anchor_ids)
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {}  # links inside raw HTML are never rewritten or checked


def _cache_folder(config: MkDocsConfig) -> Path:
    """.cache beside mkdocs.yml (generator/pipeline.py's CACHE)."""
    from generator.pipeline import CACHE

    return Path(config.config_file_path).parent / CACHE


def _short_name(extension: Any) -> str:
    """'toc' for 'toc' or 'markdown.extensions.toc'; the class name's module for an instance."""
    name = extension if isinstance(extension, str) else type(extension).__module__
    return name.removeprefix("markdown.extensions.")


def register(config: MkDocsConfig) -> None:
    """Add the plugin to a loaded MkDocs config (build.py, right after load_config)."""
    plugin = FastHtmlPlugin()
    plugin.load_config({})
    config.plugins[PLUGIN_NAME] = plugin
    handlers = config.plugins.events["page_context"]
    handlers[:] = [_skip_excluded(handler) if _is_material_search(handler) else handler for handler in handlers]


def _is_material_search(handler: Callable[..., Any]) -> bool:
    try:
        from material.plugins.search.plugin import SearchPlugin  # type: ignore[import-untyped]
    except ImportError:  # another theme: nothing to lighten
        return False
    return isinstance(getattr(handler, "__self__", None), SearchPlugin)


def _skip_excluded(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Material's search on_page_context, not run for a page it would neither index nor change."""

    def on_page_context(context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        search = page.meta.get("search")
        if isinstance(search, dict) and search.get("exclude") and "data-search-" not in (page.content or ""):
            return None  # Material indexes nothing for it and its data-search- attribute removal finds none
        return handler(context, page=page, config=config, nav=nav)

    return on_page_context
