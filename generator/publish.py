"""What is live as of `now`: drafts and embargoed stories are held back from every output."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from generator.config import Settings
from generator.load import Content
from generator.models import Event, School, Story


@dataclass
class Held:
    """A story kept out of this build, and when it is due (None for a draft)."""

    story: Story
    due: datetime | None


@dataclass
class Published:
    """The published set: the only thing renderers ever see."""

    settings: Settings
    now: datetime
    schools: list[School]
    events: list[Event]
    stories: list[Story]
    held: list[Held] = field(default_factory=list)


def publish(content: Content, now: datetime) -> Published:
    """Split stories into live and held as of `now`; sort everything into a stable order."""
    live, held = [], []
    for story in content.stories:
        if story.draft:
            held.append(Held(story, None))
        elif story.publish_at is not None and story.publish_at > now:
            held.append(Held(story, story.publish_at))
        else:
            live.append(story)
    live.sort(key=lambda s: (s.date, s.publish_at or datetime.min.replace(tzinfo=now.tzinfo), s.id), reverse=True)
    held.sort(key=lambda h: (h.due is None, h.due or now, h.story.id))
    events = sorted(content.events, key=lambda e: (e.start_day, str(e.start), e.id))
    schools = sorted(content.schools, key=lambda s: s.name.lower())
    return Published(content.settings, now, schools, events, live, held)


def describe_held(held: list[Held], zone) -> str:
    """'1 draft; 1 held until 2027-08-19 08:00' for the check and build summaries."""
    drafts = sum(1 for h in held if h.due is None)
    timed = [h.due for h in held if h.due is not None]
    parts = []
    if drafts:
        parts.append(f"{drafts} draft" + ("s" if drafts > 1 else ""))
    if len(timed) == 1:
        parts.append(f"1 held until {timed[0].astimezone(zone):%Y-%m-%d %H:%M}")
    elif timed:
        parts.append(f"{len(timed)} held, the next until {min(timed).astimezone(zone):%Y-%m-%d %H:%M}")
    return "; ".join(parts)
