"""A component's iCalendar bytes: icalendar's content lines, folded as icalendar folds them, but faster.

icalendar writes every content line (names, parameters, escaping, order); only the folding at 75
octets (RFC 5545, 3.1) is done here, for ASCII lines. icalendar's fold walks each line one
character at a time in Python, which was over half of the calendars' and the planner's time;
an ASCII line has one octet a character, so its pieces are slices: the same bytes. Any other line
is folded by icalendar itself (Contentline.to_ical). Shared by the calendar and planner renderers.
"""
from __future__ import annotations

import icalendar
from icalendar.parser import Contentline

_LIMIT = 75          # icalendar's limit: a piece ends before the character that would reach 75 octets
_SEPARATOR = "\r\n "  # CRLF and one space
_ESCAPES = "\\^"      # icalendar never ends a piece on a TEXT (\) or parameter (^) escape's first character


def component_bytes(component: icalendar.Component) -> bytes:
    """component.to_ical(), byte for byte."""
    return b"\r\n".join(_line_bytes(line) for line in component.content_lines() if line) + b"\r\n"


def _line_bytes(line: Contentline) -> bytes:
    if not line.isascii() or "\n" in line:
        return line.to_ical()  # icalendar's own fold (which refuses a raw newline, as before)
    return fold_ascii(line).encode("ascii")


def fold_ascii(line: str) -> str:
    """icalendar.parser._foldline(line) for an ASCII line: pieces of 74 characters, each but the first
    after CRLF and a space; a piece that would end on a backslash or caret leaves it to the next."""
    size = _LIMIT - 1
    if len(line) <= size:
        return line
    pieces = []
    start = 0
    while len(line) - start > size:
        end = start + size
        if line[end - 1] in _ESCAPES:
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return _SEPARATOR.join(pieces)
