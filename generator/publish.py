"""What is live as of `now`: drafts, embargoed and withdrawn stories are held back from every output."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from generator.config import Settings
from generator.load import Content
from generator.models import Event, School, Story
from generator.official import HandPage
from generator.plan import event_order


@dataclass
class Held:
    """A story kept out of this build, and when it is due (None for a draft or a withdrawn story)."""

    story: Story
    due: datetime | None

    @property
    def reason(self) -> str:
        """'withdrawn', 'draft' or 'embargoed'."""
        return "withdrawn" if self.story.withdrawn else "draft" if self.due is None else "embargoed"


@dataclass
class Published:
    """The published set: the only thing renderers ever see."""

    settings: Settings
    now: datetime
    schools: list[School]
    events: list[Event]
    stories: list[Story]
    held: list[Held] = field(default_factory=list)
    previewed: dict[str, Held] = field(default_factory=dict)  # preview builds: held stories shown anyway
    pages: tuple[HandPage, ...] = ()  # the hand-written pages with settings slots (generator/official.py)


def publish(content: Content, now: datetime, preview: bool = False) -> Published:
    """Split stories into live and held as of `now`; sort everything into a stable order.

    A preview (never deployed) shows drafts and embargoed stories too, listed in `previewed` so
    their pages carry a "not yet published" banner; withdrawn stories stay out even there.
    """
    live, held, previewed = [], [], {}
    for story in content.stories:
        if story.withdrawn:
            held.append(Held(story, None))
            continue
        if story.draft:
            waiting = Held(story, None)
        elif story.publish_at is not None and story.publish_at > now:
            waiting = Held(story, story.publish_at)
        else:
            live.append(story)
            continue
        if preview:
            previewed[story.id] = waiting
            live.append(story)
        else:
            held.append(waiting)
    live.sort(key=lambda s: (s.date, s.publish_at or datetime.min.replace(tzinfo=now.tzinfo), s.id), reverse=True)
    held.sort(key=lambda h: (h.due is None, h.due or now, h.story.id))
    events = sorted(content.events, key=event_order)
    schools = sorted(content.schools, key=lambda s: s.name.lower())
    return Published(content.settings, now, schools, events, live, held, previewed, content.pages)


def describe_held(held: list[Held], zone) -> str:
    """'1 draft; 1 withdrawn; 1 held until 2027-08-19 08:00' for the check and build summaries."""
    drafts = sum(1 for h in held if h.reason == "draft")
    withdrawn = sum(1 for h in held if h.reason == "withdrawn")
    timed = [h.due for h in held if h.due is not None]
    parts = []
    if drafts:
        parts.append(f"{drafts} draft" + ("s" if drafts > 1 else ""))
    if withdrawn:
        parts.append(f"{withdrawn} withdrawn")
    if len(timed) == 1:
        parts.append(f"1 held until {timed[0].astimezone(zone):%Y-%m-%d %H:%M}")
    elif timed:
        parts.append(f"{len(timed)} held, the next until {min(timed).astimezone(zone):%Y-%m-%d %H:%M}")
    return "; ".join(parts)
