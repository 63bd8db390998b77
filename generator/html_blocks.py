"""Recognise a page body that Python-Markdown would pass through unchanged: raw HTML blocks only.

The generator renders story Markdown itself and writes its pages as HTML after the front matter.
Python-Markdown (as MkDocs 1.6 runs it) stashes each top-level block of HTML verbatim, so its
output for such a page is the body itself, stripped; but finding that out costs two runs of
html.parser over every page (its HTML block preprocessor and MkDocs' anchor scan), a third of a
1,000-story build. `scan_html` decides the same thing with one regular-expression pass.

It is deliberately stricter than Python-Markdown: whatever it is not sure of (text or Markdown
between blocks, an indented or unclosed block, a comment, a script, a tab, a code fence, two
blank lines between blocks) makes it return None, and the page goes through Markdown as before.
So a page is never passed through unless Markdown's output would be the same bytes
(tests/test_fast_html.py compares the two on every generated page of the bundled and a
synthetic site).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import attrfind_tolerant  # type: ignore[attr-defined]

from markdown.util import BLOCK_LEVEL_ELEMENTS

# A start or end tag as html.parser reads it, in the plain form the generator writes: a name, then
# attributes with quoted, bare or no values. Anything else where a "<" stands means "not sure".
# A "<" that starts no such tag matches the last alternative, with no name.
_TAG_OR_LT = re.compile(
    r"""<(/?)([a-zA-Z][a-zA-Z0-9-]*)"""
    r"""((?:\s+[^\s"'<>/=`]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?)*)\s*(/?)>|<"""
)
_BLOCK_LEVEL = frozenset(BLOCK_LEVEL_ELEMENTS)
# Markdown treats these specially even inside a block: raw text (script, style), an empty block
# tag (hr), or a parser mode that newer Pythons add (title, textarea).
_SPECIAL = frozenset({"script", "style", "hr", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
                      "noscript", "plaintext"})
# What Python-Markdown's whitespace normalisation or its fenced-code preprocessor would change:
# tabs, carriage returns, its own placeholder marks, a line of spaces, a code fence.
_UNSAFE_CHARACTERS = ("\t", "\r", "\x02", "\x03", "\n```", "\n~~~")
_SPACES_LINE = re.compile(r"^ +$", re.MULTILINE)
# The only text allowed between two top-level blocks: a line break or one blank line, which
# Markdown keeps as they are (two blank lines would become one).
_GAPS = ("\n", "\n\n")


@dataclass(frozen=True)
class HtmlBody:
    """A body Markdown would pass through: its HTML (what Markdown returns) and the ids it holds."""

    html: str
    anchor_ids: frozenset[str]


def scan_html(markdown: str) -> HtmlBody | None:
    """The body as Python-Markdown would render it, if it is only top-level HTML blocks; else None."""
    text = markdown.strip("\n")
    if not text or text != text.strip() or any(unsafe in text for unsafe in _UNSAFE_CHARACTERS):
        return None
    if "\n " in text and _SPACES_LINE.search(text):
        return None
    anchors: set[str] = set()
    stack: list[str] = []
    position = 0  # where the current top-level gap starts (while the stack is empty)
    for tag in _TAG_OR_LT.finditer(text):
        closing, name, attributes, self_closing = tag.groups()
        if name is None:
            return None  # a "<" that is not a plain tag: a comment, a doctype, stray text
        start = tag.start()
        name = name.lower()
        if name in _SPECIAL or self_closing:
            return None
        if not stack:
            # A new top-level block: first, or on the line after the last one or after one blank line.
            gap = text[position:start]
            if closing or name not in _BLOCK_LEVEL or (gap != "" if position == 0 else gap not in _GAPS):
                return None
        if closing:
            if attributes:
                return None
            if name in stack:
                while stack.pop() != name:
                    pass
                if not stack:
                    position = tag.end()
            continue
        stack.append(name)
        if "id" in attributes or "name" in attributes:
            ids = _anchor_ids(name, attributes)
            if ids is None:
                return None
            anchors.update(ids)
    if stack or position != len(text):
        return None  # an unclosed block, or text after the last one
    return HtmlBody(text, frozenset(anchors))


def _anchor_ids(name: str, attributes: str) -> set[str] | None:
    """The ids MkDocs records for one start tag (`id`, and `name` on a link), read as html.parser
    does; None for an id without a value (MkDocs would record None)."""
    found = set()
    for match in attrfind_tolerant.finditer(attributes):
        key, _, value = match.group(1, 2, 3)
        key = key.lower()
        if key == "id" or (key == "name" and name == "a"):
            if value is None:
                return None
            if value[:1] == value[-1:] and value[:1] in "'\"" and len(value) > 1:
                value = value[1:-1]
            found.add(unescape(value))
    return found
