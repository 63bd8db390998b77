"""What `check` says about dates that have already ended, as of `now`: warnings, never errors.

A `tentative` date whose last day has passed still reads "to be confirmed" in subscribers'
calendars, so check names it (file:line) and says what to do. It never stops a build: a date
cannot be confirmed in hindsight by a build that refuses to run.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from generator.config import Settings
from generator.dates import date_words, event_days
from generator.errors import ContentError, warning
from generator.models import Event


def ended_tentative(events: Iterable[Event], settings: Settings, now: datetime) -> list[ContentError]:
    """A warning for each tentative event whose last day is before today."""
    today = now.astimezone(settings.zone).date()
    found = []
    for event in events:
        last = event_days(event, settings.zone)[1]
        if event.status == "tentative" and last < today and event.source is not None:
            found.append(warning(event.error(
                "status", f"this date ended on {date_words(last)} but is still tentative (to be confirmed)",
                "if it took place as shown, write  status: confirmed  and raise sequence by one; if it did not, "
                "correct start and end, or write  status: cancelled")))
    return found
