"""An event's status (confirmed, tentative, cancelled): every word and value that goes with it, once.

Pages, the month grid, cards, share posts, schema.org and iCalendar all read them from here.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from icalendar.enums import STATUS


@dataclass(frozen=True)
class StatusWords:
    label: str | None            # the badge beside a key date (None: no badge)
    mark: str | None             # the short mark on the month grid, where a badge would not fit
    kicker: str                  # the line above a card's title
    banner: tuple[str, str] | None  # (strong, words) at the top of the event's page
    share_prefix: str            # before the title in a suggested post
    summary_prefix: str          # before the title in calendar apps (which may not show STATUS)
    calendar_note: str | None    # a paragraph in the calendar entry's description
    schema_org: str              # schema.org eventStatus
    ical: STATUS


class Status(Enum):
    CONFIRMED = StatusWords(None, None, "Key date", None, "", "", None, "EventScheduled", STATUS.CONFIRMED)
    TENTATIVE = StatusWords(
        "Date to be confirmed", "TBC", "Date to be confirmed",
        ("Date to be confirmed.", "This date has not been confirmed yet and may change: check again nearer the time."),
        "Date to be confirmed: ", "", "This date is provisional: check the event page nearer the time.",
        "EventScheduled", STATUS.TENTATIVE)
    CANCELLED = StatusWords(
        "Cancelled", None, "Cancelled",
        ("Cancelled.", "This event has been called off and will not take place."),
        "Cancelled: ", "Cancelled: ", "This event has been cancelled.", "EventCancelled", STATUS.CANCELLED)

    @property
    def key(self) -> str:
        """'confirmed', 'tentative' or 'cancelled': as written in events.yaml and in CSS classes."""
        return self.name.lower()

    @property
    def words(self) -> StatusWords:
        return self.value


def status_of(value: str) -> Status:
    """The Status for events.yaml's `status:` value."""
    return Status[value.upper()]
