"""ical_lines folds content lines as icalendar does, byte for byte: every calendar and the planner rely on it."""
from __future__ import annotations

import random
from datetime import date

import icalendar
import pytest
from conftest import published
from icalendar.parser.string import _foldline

from generator.plan import make_plan
from generator.render.ical import _calendar, _feed_calendar, _vevent
from generator.render.ical_lines import component_bytes, fold_ascii
from generator.render.vtimezone import vtimezone

# Backslashes and carets: icalendar never ends a folded piece on one; commas and quotes: escaped text.
ALPHABET = "abc \\^,;:\"x"


@pytest.mark.parametrize("seed", range(5))
def test_fold_ascii_is_icalendars_fold(seed):
    rng = random.Random(seed)
    for length in range(0, 320):
        line = "".join(rng.choice(ALPHABET) for _ in range(length))
        assert fold_ascii(line) == _foldline(line), line


@pytest.mark.parametrize("line", ["", "a" * 74, "a" * 75, "\\" * 300, "^" * 200, "a" * 73 + "\\" + "b" * 100,
                                  "a" * 147 + "\\" * 3 + "c" * 80], ids=len)
def test_fold_ascii_at_the_edges(line):
    assert fold_ascii(line) == _foldline(line)


def test_component_bytes_is_to_ical_for_ascii_and_other_lines():
    event = icalendar.Event.new(uid="x@example.org", summary="Café – GCSE results, " * 6,
                                description="Line one\nLine two; a \\ backslash, " * 5, start=date(2027, 8, 19))
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//example.org//Key dates//EN")
    calendar.add_component(event)
    assert component_bytes(event) == event.to_ical()
    assert component_bytes(calendar) == calendar.to_ical()


def test_every_component_of_the_test_site_is_written_as_icalendar_writes_it(content):
    site = published(content)
    plan = make_plan(site)
    settings = plan.settings
    components = [_vevent(event, settings, plan.schools) for event in plan.events]
    components += [_calendar(settings), vtimezone(settings.time_zone, date(2025, 1, 1), date(2028, 1, 1))]
    components += [_feed_calendar(settings, feed) for feed in plan.feeds if feed.is_calendar]
    assert len(components) > 10
    for component in components:
        assert component_bytes(component) == component.to_ical()
