"""An event's status (confirmed, tentative, cancelled): every word and value that goes with it, once.

Pages, the month grid, cards, share posts, schema.org and iCalendar all read them from here.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
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
    plain: str                   # in a sentence, e.g. a pull request's summary: "tentative → confirmed"


class Status(Enum):
    CONFIRMED = StatusWords(None, None, "Key date", None, "", "", None, "EventScheduled", STATUS.CONFIRMED,
                           "confirmed")
    TENTATIVE = StatusWords(
        "Date to be confirmed", "TBC", "Date to be confirmed",
        ("Date to be confirmed.", "This date has not been confirmed yet and may change: check again nearer the time."),
        "Date to be confirmed: ", "", "This date is provisional: check the event page nearer the time.",
        "EventScheduled", STATUS.TENTATIVE, "to be confirmed")
    CANCELLED = StatusWords(
        "Cancelled", None, "Cancelled",
        ("Cancelled.", "This event has been called off and will not take place."),
        "Cancelled: ", "Cancelled: ", "This event has been cancelled.", "EventCancelled", STATUS.CANCELLED,
        "cancelled")

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


def shown_words(status: Status, ended: bool) -> StatusWords:
    """The words a page shows for a key date as of now. Once a date has ended, "to be confirmed"
    is no longer news: no badge, mark or banner says it (the event page says the date has passed);
    a cancelled date keeps its badge. Calendars and data keep the real status."""
    if not ended:
        return status.words
    if status is Status.TENTATIVE:
        return replace(status.words, label=None, mark=None, kicker=Status.CONFIRMED.words.kicker, banner=None)
    return replace(status.words, banner=None)
