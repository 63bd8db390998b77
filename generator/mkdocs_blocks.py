"""Material's blocks that come out the same on most pages rendered once per build, not once a page.

Material's base.html renders the tabs, the side menu (with the table of contents), the JSON
config, the stylesheet links and the script tags afresh for every page: a quarter of MkDocs'
template time at 1,000 stories, for HTML that is the same on every story page. On a page outside
the menu (no menu item active, no `hide` in its front matter, an empty table of contents) these
blocks read nothing of the page but the addresses that the `url` and `script_tag` filters make
relative to it, and `base_url`. So `memoize` wraps those blocks of the compiled base.html: the
first page renders a block while the two filters record what they were asked and answered; a
later page with the same `base_url` reuses that HTML when every recorded call answers the same
for it, else renders the block afresh. (Of the url calls, only those whose path starts in the
recording page's first folder or this page's are asked again: the others answer by the page's
depth alone, generator/mkdocs_shared.py.) Pages in the menu,
and any block not listed, render as before.

Material's header block (its partials/header.html) is the same on such pages
but for the page's title, which header.html prints as `page.meta.title`, else `page.title`, and
which nothing else of the header reads. So the first page of a folder renders it for real and
twice more with a front matter holding only a sentinel title (two sentinels that escaping, case
or length would tell apart): when both renderings split at their sentinel into the same pieces,
and those pieces joined by the page's own title give the real rendering, later pages get the
pieces joined by their title (the filters' answers checked as above).
generator/mkdocs_shared.py also makes Material's language module once a build and keeps the url
filter's answers that depend only on a page's depth.

MkDocs only: registered by generator/mkdocs_run.py on the theme's Jinja environment, never from a
template or mkdocs.yml (Zensical renders the same templates without it). The site is the same
bytes with and without it (tests/test_mkdocs_blocks.py builds the bundled site both ways).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from generator.mkdocs_shared import UrlAnswers, share_language_module

# Blocks of Material's base.html that read the page only through base_url and the two filters
# when the page is outside the menu (Material 9.x; a block missing from the theme is skipped).
BLOCKS = ("tabs", "site_nav", "config", "styles", "libs", "scripts")
FILTERS = ("url", "script_tag")  # the filters whose answers depend on the page, recorded and checked
TITLED = ("header",)  # blocks of base.html the same on such pages but for the page title
SENTINELS = ("\x00psn-TITLE-a&<\"'\x00", "\x00psn-title-bb>&amp;\x00")  # told apart by escaping, case or length
KEEP = 8  # remembered renderings of one block for one base_url (one per folder of pages, at most)

Call = tuple[Callable[..., Any], Any, str]  # filter, its value, its answer


@dataclass
class _Rendering:
    html: str
    pieces: list[str] | None  # a titled block: its HTML split where the page's title goes
    place: tuple[int, str | None]  # the recording page's (depth, first folder): UrlAnswers.place
    calls: list[Call]  # the calls to check on every page
    by_first: dict[str, list[Call]]  # url calls by their path's first segment: checked on a page in that folder


def _kept(html: str, pieces: list[str] | None, page: Any, calls: list[Call], urls: UrlAnswers) -> _Rendering:
    """A rendering to reuse. A url call whose path's first segment is neither the recording page's
    first folder nor the reusing page's answers by depth alone (UrlAnswers), the same for both:
    such calls are checked only on a page in their folder."""
    rendering = _Rendering(html, pieces, urls.place(page.url), [], {})
    for call in calls:
        if call[0] is not urls.filter:
            rendering.calls.append(call)
        elif (first := urls.first(str(call[1]))) is not None:
            rendering.by_first.setdefault(first, []).append(call)
    return rendering


def _same(rendering: _Rendering, context: Context, urls: UrlAnswers) -> bool:
    """True when every filter call the rendering made answers the same for this context's page."""
    depth, top = urls.place(context["page"].url)
    if depth != rendering.place[0]:
        return False
    calls = list(rendering.calls)
    for first in (top, rendering.place[1]) if top != rendering.place[1] else (top,):
        if first is not None:
            calls += rendering.by_first.get(first, [])
    return all(original(context, value) == answer for original, value, answer in calls)


@dataclass
class BlockMemo:
    """The renderings kept for this build, and how often they were reused (for tests and profiles)."""

    kept: dict[tuple[str, str], list[_Rendering]] = field(default_factory=dict)
    recording: list[list[Call]] = field(default_factory=list)
    reused: int = 0
    rendered: int = 0
    checked: tuple[Any, bool] = (None, False)  # the page being rendered, and whether it is outside the menu

    def outside_menu(self, page: Any, nav: Any) -> bool:
        """_outside_menu, asked once a page: the answer holds for all of one page's blocks."""
        if page is None or self.checked[0] is not page:
            self.checked = (page, _outside_menu(page, nav))
        return self.checked[1]


def memoize(env: Environment, nav: Any) -> BlockMemo | None:
    """Wrap BLOCKS of env's base.html and record the page-relative filters; None if the theme has no such blocks."""
    base = env.get_template("base.html")
    names = [name for name in BLOCKS if name in base.blocks]
    if not names or not all(name in env.filters for name in FILTERS):
        return None
    memo = BlockMemo()
    urls = UrlAnswers(env.filters["url"])
    env.filters["url"] = urls.filter
    share_language_module(env)
    for name in FILTERS:
        # script_tag's answer is its value's url answer in a tag made of the value alone
        # (MkDocs 1.6's script_tag_filter): checking that url answer is checking it, for less.
        env.filters[name] = _recorded(env.filters[name], memo, urls.filter if name == "script_tag" else None)
    for name in names:
        base.blocks[name] = _memoized(name, base.blocks[name], memo, nav, urls)
    for name in TITLED:
        if name in base.blocks:
            base.blocks[name] = _memoized(name, base.blocks[name], memo, nav, urls, titled=True)
    return memo


def _recorded(original: Callable[..., Any], memo: BlockMemo, url: Callable[..., Any] | None = None
              ) -> Callable[..., Any]:
    """A page-relative filter that tells the block being recorded what it answered (or, given the
    url filter it consults, what that answered for str(value))."""

    @pass_context
    def recorded(context: Context, value: Any) -> Any:
        answer = original(context, value)
        if memo.recording:
            if url is None:
                memo.recording[-1].append((original, value, answer))
            else:
                memo.recording[-1].append((url, str(value), url(context, str(value))))
        return answer

    return recorded


def _memoized(name: str, render: Callable[[Context], Iterator[str]], memo: BlockMemo, nav: Any, urls: UrlAnswers,
              titled: bool = False) -> Callable[[Context], Iterator[str]]:
    def block(context: Context) -> Iterator[str]:
        page = context.get("page")
        base_url = context.get("base_url")
        if not isinstance(base_url, str) or not memo.outside_menu(page, nav):
            yield from render(context)
            return
        title = _title(page) if titled else ""
        renderings = memo.kept.setdefault((name, base_url), [])
        for rendering in renderings:
            if _same(rendering, context, urls):
                memo.reused += 1
                yield rendering.html if rendering.pieces is None else title.join(rendering.pieces)
                return
        html, calls = _render(render, context, memo)
        memo.rendered += 1
        pieces = _pieces(render, context, memo) if titled else None
        if len(renderings) < KEEP and (not titled or (pieces is not None and title.join(pieces) == html)):
            renderings.append(_kept(html, pieces, page, calls, urls))
        yield html

    return block


def _render(render: Callable[[Context], Iterator[str]], context: Context, memo: BlockMemo) -> tuple[str, list[Call]]:
    """The block's HTML and the filter calls it made."""
    memo.recording.append([])
    try:
        html = "".join(render(context))
    finally:
        calls = memo.recording.pop()
    return html, calls


def _pieces(render: Callable[[Context], Iterator[str]], context: Context, memo: BlockMemo) -> list[str] | None:
    """The block's HTML split where the page's title goes, rendered with front matter holding
    only a sentinel title; None unless both sentinels split it into the same pieces."""
    page = context["page"]
    saved, split = page.meta, []
    try:
        for sentinel in SENTINELS:
            page.meta = {"title": sentinel}
            split.append(_render(render, context, memo)[0].split(sentinel))
    finally:
        page.meta = saved
    return split[0] if split[0] == split[1] else None


def _title(page: Any) -> str:
    """The title Material's header.html prints: page.meta.title if set and not empty, else page.title."""
    meta = page.meta
    return str(meta["title"]) if meta and meta.get("title") else str(page.title)


def _outside_menu(page: Any, nav: Any) -> bool:
    """True for a page these blocks read only through base_url and the filters: outside the menu
    (no menu item active), nothing hidden by its front matter, no table of contents."""
    if page is None or getattr(page, "parent", None) is not None or not isinstance(getattr(page, "url", None), str):
        return False
    if getattr(page, "toc", None) is None:
        return False
    meta = getattr(page, "meta", None)
    if not isinstance(meta, dict) or "hide" in meta or len(page.toc):
        return False
    return not any(getattr(item, "active", True) for item in nav.items) and page not in nav.pages
