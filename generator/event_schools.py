"""Which schools a key date is for, in words: every school-specific date names its school(s).

One place decides the wording, so the lists, the month grid, event pages, cards, the embed pages
and the all-schools calendar feeds agree, and nobody mistakes one school's mocks for their own.
A date for every school (`schools: all`) adds nothing.
"""
from __future__ import annotations

from collections.abc import Mapping

from generator.models import Event, School


def school_names(event: Event, schools: Mapping[str, School]) -> list[str]:
    """The names of the schools a date is for, in the event's order; [] for every school."""
    ids = event.school_ids
    return [] if ids is None else [schools[i].name if i in schools else i for i in ids]


def schools_label(event: Event, schools: Mapping[str, School]) -> str | None:
    """'Plymstock School', 'Devonport High School for Boys and Devonport High School for Girls';
    None for a date of every school."""
    names = school_names(event, schools)
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def titled(event: Event, schools: Mapping[str, School]) -> str:
    """The title with its schools: 'Year 11 mock exams (Plymstock School)'; a date of every school keeps its title."""
    label = schools_label(event, schools)
    return f"{event.title} ({label})" if label else event.title
