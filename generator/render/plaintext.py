"""Markdown as plain text, for places that cannot show HTML: calendar descriptions and add-to-calendar links."""
from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser
from urllib.parse import urljoin

import markdown

from generator import routes
from generator.config import Settings
from generator.event_schools import titled
from generator.models import Event, School
from generator.status import status_of

_BLOCKS = {"p", "div", "ul", "ol", "blockquote", "pre", "table", "tr", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "iframe", "object", "template"}
_MARKDOWN = markdown.Markdown(output_format="html")  # one parser, reset per use: building one costs ~1 ms


class _PlainText(HTMLParser):
    """Collects text: blocks become paragraphs, list items lines, links 'text (address)'."""

    def __init__(self, base_url: str | None):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []
        self.skipping = 0
        self.preformatted = 0
        self.lists: list[int] = []  # per open list: 0 for bullets, else the next item number

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            if not (tag == "p" and self._after_marker()):  # <li><p>: the text stays beside its marker
                self.parts.append("\n\n")
            self.preformatted += tag == "pre"
            if tag in ("ul", "ol"):
                self.lists.append(int(tag == "ol"))
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            number = self.lists[-1] if self.lists else 0
            self.parts.append(f"\n{number}. " if number else "\n- ")
            if number:
                self.lists[-1] += 1
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def _after_marker(self) -> bool:
        for part in reversed(self.parts):
            if part.strip():
                return part.startswith("\n") and part.endswith((". ", "- "))
        return False

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
            self.preformatted -= tag == "pre"
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            if href and not href.startswith(("#", "javascript:")):
                href = urljoin(self.base_url, href) if self.base_url else href
                if href not in text and href.removeprefix("mailto:") not in text:
                    self.parts.append(f" ({href})")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data if self.preformatted else data.replace("\n", " "))


# Text with none of Markdown's marks reads the same as plain text: skip the (slow) parser.
_MARKUP = re.compile(r"[*_`\[\]<>#&\\!|~]|^\s*(?:[-+=]|\d+[.)])(?:\s|$)|^ {4}|^\t", re.MULTILINE)


def markdown_plain(text: str, base_url: str | None = None) -> str:
    """Plain text of a Markdown snippet; relative links are made absolute against base_url."""
    if not _MARKUP.search(text):
        paragraphs = re.split(r"\n\s*\n", text.strip())
        return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)
    parser = _PlainText(base_url)
    parser.feed(_MARKDOWN.reset().convert(text))
    parser.close()
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def event_description(event: Event, settings: Settings) -> str:
    """Plain text for a calendar entry and add-to-calendar links: the description, status, source and page."""
    page = settings.url(routes.event(event.id))
    parts = [markdown_plain(event.description, page)] if event.description else []
    note = status_of(event.status).words.calendar_note
    if note:
        parts.append(note)
    if event.url:
        parts.append(f"Source: {event.url}")
    parts.append(f"Details: {page}")
    return "\n\n".join(parts)


def event_summary(event: Event, schools: Mapping[str, School] | None = None) -> str:
    """The title; a cancelled event says so, as several apps show STATUS:CANCELLED no differently.

    Given the schools, a school's own date names them ('Year 11 mock exams (Plymstock School)'),
    so a subscriber to every school's dates never mistakes it for their own.
    """
    return status_of(event.status).words.summary_prefix + (titled(event, schools) if schools is not None else event.title)
