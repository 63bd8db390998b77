"""Safe text for every output: Markdown to sanitised HTML, escaping, UK dates in words."""
from __future__ import annotations

import html
import json
from datetime import date, datetime

import markdown
import nh3

_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
         "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "abbr"}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


_MARKDOWN = markdown.Markdown(extensions=["tables"], output_format="html")  # built once: half the cost of a call


def markdown_html(text: str) -> str:
    """Markdown rendered, then cleaned by an allowlist: no script, style, iframe, handlers or js: links."""
    rendered = _MARKDOWN.reset().convert(text)
    # No link_rel: links never open new windows (no target), and a rel left on an <a> whose
    # unsafe href was removed is invalid HTML.
    return nh3.clean(rendered, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"https", "http", "mailto"},
                     link_rel=None)


def esc(text: object) -> str:
    """Escape plain text for HTML text and attribute values."""
    return html.escape(str(text), quote=True)


def front_matter(**values: object) -> str:
    """YAML front matter written as JSON values, which YAML reads exactly (no YAML 1.1 traps)."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def day_in_words(value: date) -> str:
    """'Thursday 19 August 2027'."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def clock(value: datetime) -> str:
    """'4pm', '8:30am', '12 noon'."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"
