"""Safe text for every output: Markdown to sanitised HTML, escaping, front matter (dates: generator.dates)."""
from __future__ import annotations

import functools
import html
import json
import re

import markdown
import nh3

from generator import markdown_cache

_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
         "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "abbr"}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
_SCHEMES = {"https", "http", "mailto"}  # so never javascript:, data:, vbscript: …
# Removed with everything inside them (other tags outside the allowlist lose the tag, keep the text).
_DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
# nh3 writes every attribute as name="value" (a '"' inside becomes &quot;), so this matches its <a> tags exactly.
_LINK = re.compile(r'<a((?:\s[\w:-]+="[^"]*")*)>')


_MARKDOWN = markdown.Markdown(extensions=["tables"], output_format="html")  # built once: half the cost of a call


def forget_rendered() -> None:
    """Drop the HTML kept for repeats within a build (markdown_html's in-process cache)."""
    _markdown_html.cache_clear()


def markdown_html(text: str) -> str:
    """Markdown rendered, then cleaned by an allowlist: no script, style, iframe, handlers or js: links.

    From the build's cache when it has the text (the same bytes rendering would give).
    """
    found = markdown_cache.lookup(text)
    if found is None:
        found = _markdown_html(text)
        markdown_cache.remember(text, found)
    return found


@functools.lru_cache(maxsize=8192)  # a story's body goes into its page and into three feeds: render it once
def _markdown_html(text: str) -> str:
    """markdown_html, rendered.

    Links to other sites get rel="noopener". nh3's own link_rel is not used: it would also put a
    rel on an <a> whose unsafe href was removed, which is invalid HTML.
    """
    cleaned = _MARKDOWN.reset().convert(text)
    # Twice: markup that nests oddly (a <p> inside a <button> inside a <p>) can come out of one pass
    # in a form a browser would re-read differently; the second pass reads it as a browser
    # would, and what it writes reads back as itself.
    for _ in range(2):
        cleaned = nh3.clean(cleaned, tags=_TAGS, clean_content_tags=_DROP_WITH_CONTENT, attributes=_ATTRIBUTES,
                            url_schemes=_SCHEMES, link_rel=None, strip_comments=True)
    return _LINK.sub(_external_rel, cleaned)


def _external_rel(match: re.Match) -> str:
    attributes = match.group(1)
    if re.search(r'\shref="https?://', attributes, re.IGNORECASE):
        return f'<a{attributes} rel="noopener">'
    return match.group(0)


def esc(text: object) -> str:
    """Escape plain text for HTML text and attribute values: html.escape(text, quote=True).

    Most texts (titles, names, dates, addresses) have nothing to escape; five `in` tests find that
    about three times faster than escape's five replacements, on some 100,000 texts a build.
    """
    text = str(text)
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text, quote=True)
    return text


# json.dumps(value, ensure_ascii=False) builds a new encoder on every call: a dozen calls a page.
_JSON = json.JSONEncoder(ensure_ascii=False)


def front_matter(**values: object) -> str:
    """YAML front matter written as JSON values, which YAML reads exactly (no YAML 1.1 traps)."""
    lines = [f"{key}: {_JSON.encode(value)}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n"
