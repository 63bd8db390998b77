"""Recognise a page body that Python-Markdown would pass through unchanged: raw HTML blocks only.

The generator renders story Markdown itself and writes its pages as HTML after the front matter.
Python-Markdown (as MkDocs 1.6 runs it) stashes each top-level block of HTML verbatim, so its
output for such a page is the body itself, stripped; but finding that out costs two runs of
html.parser over every page (its HTML block preprocessor and MkDocs' anchor scan), a third of a
1,000-story build. `scan_html` decides the same thing with one regular-expression pass.

It is deliberately stricter than Python-Markdown: whatever it is not sure of (text or Markdown
between blocks, an indented or unclosed block, a block's first tag over two lines, a comment, a
script, an uppercase tag, an "&" that starts no complete reference, a tab, a code fence, two
blank lines between blocks) makes it return None, and the page goes through Markdown as before.
So a page is never passed through unless Markdown's output would be the same bytes
(tests/test_fast_html.py compares the two on every generated page of the bundled site, on
tricky bodies and on pages changed at random).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import attrfind_tolerant  # type: ignore[attr-defined]

from markdown.util import BLOCK_LEVEL_ELEMENTS

# The text before a "<" (a gap between blocks, or text inside one), then the tag as html.parser
# reads it, in the plain form the generator writes: a lowercase name, then attributes with quoted,
# bare or no values. A "<" that starts no such tag matches the last alternative, with no name.
_TEXT_AND_TAG = re.compile(
    r"""([^<]*)(?:<(/?)([a-z][a-z0-9-]*)"""
    r"""((?:\s+[^\s"'<>/=`]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?)*\s*)(/?)>|<)"""
)
_END_TAG = re.compile(r"</[a-z][a-z0-9-]*\s*>")
_BLOCK_LEVEL = frozenset(BLOCK_LEVEL_ELEMENTS)
# Markdown treats these specially even inside a block: raw text (script, style), an empty block
# tag (hr), or a parser mode that newer Pythons add (title, textarea).
_SPECIAL = frozenset({"script", "style", "hr", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
                      "noscript", "plaintext"})
# What Python-Markdown's whitespace normalisation or its fenced-code preprocessor would change:
# tabs, carriage returns, its own placeholder marks, a line of spaces, a code fence.
_UNSAFE_CHARACTERS = ("\t", "\r", "\x02", "\x03", "\n```", "\n~~~")
_SPACES_LINE = re.compile(r"^ +$", re.MULTILINE)
# An "&" that starts no complete character or entity reference: Markdown's HTML parser writes a
# missing ";" in, and an unfinished "&#" stops it parsing the rest of the page as HTML.
_OPEN_REFERENCE = re.compile(r"&(?!#[0-9]++;|#[xX][0-9a-fA-F]++;|[a-zA-Z][-.a-zA-Z0-9]*+;)")
# The only text allowed between two top-level blocks: a line break or one blank line, which
# Markdown keeps as they are (two blank lines would become one).
_GAPS = ("\n", "\n\n")
# An attribute named id or name, in any case (not "hidden", "width" or "data-name"): the tags
# whose ids MkDocs records, one in ten of the tags where the words occur; _anchor_ids then reads the
# attributes as html.parser does. (Attribute names are preceded by a space: _TEXT_AND_TAG.)
_ID_OR_NAME = re.compile(r"\s(?:id|name)(?=[\s=]|$)", re.IGNORECASE)


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
    if ("\n " in text and _SPACES_LINE.search(text)) or ("&" in text and _OPEN_REFERENCE.search(text)):
        return None
    if not _END_TAG.fullmatch(text, text.rfind("<")):
        return None  # text after the last end tag
    anchors: set[str] = set()
    stack: list[str] = []
    first = True
    for before, closing, name, attributes, self_closing in _TEXT_AND_TAG.findall(text):
        if not name or name in _SPECIAL or self_closing:
            return None  # a "<" that is not a plain tag (a comment, a doctype, stray text), or a special one
        if not stack:
            # A new top-level block: first, or on the line after the last one or after one blank line.
            if closing or name not in _BLOCK_LEVEL or (before != "" if first else before not in _GAPS):
                return None
            if "\n" in attributes:
                return None  # a block's first tag over two lines: Markdown may not see the block start there
            first = False
        if closing:
            if attributes:
                return None
            if name in stack:
                while stack.pop() != name:
                    pass
            continue
        stack.append(name)
        if ("id" in attributes or "name" in attributes) and _ID_OR_NAME.search(attributes):
            ids = _anchor_ids(name, attributes)
            if ids is None:
                return None
            anchors.update(ids)
    if stack or first:
        return None  # an unclosed block, or no block at all
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
