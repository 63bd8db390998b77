"""What the site search (Pagefind, generator/search_index.py) knows about a page, as front matter.

A story, key date or school page carries `pagefind: {type, date, rank}`; overrides/main.html then
wraps the page's content in `data-pagefind-body` and hands these to Pagefind as meta (shown with
each result: what the hit is, and its date), a `type` filter and the `rank` sort key. Pages without
it (lists, the home page, hand-written pages) are not indexed.

`rank` orders every result (the search UI sorts by it, ascending): school pages first, then
upcoming and ongoing key dates, soonest first, then stories and past key dates, newest first. So
"GCSE results" shows next summer's results day above last summer's.
"""
from __future__ import annotations

from datetime import date

from generator.dates import day_words, event_days, when_text
from generator.models import Event, School, Story
from generator.plan import SitePlan

STORY, KEY_DATE, SCHOOL = "Story", "Key date", "School"
PAST = " (past)"

__all__ = ["KEY_DATE", "SCHOOL", "STORY", "event_search", "school_search", "story_search"]


def _newest_first(day: date) -> str:
    return f"{99999999 - int(day.isoformat().replace('-', '')):08d}"


def story_search(plan: SitePlan, story: Story) -> dict:
    """Front matter for a story page: a story, its date, ranked with past dates by recency."""
    return {"pagefind": {"type": STORY, "date": day_words(story.date), "rank": f"2 {_newest_first(story.date)} {story.id}"}}


def event_search(plan: SitePlan, event: Event) -> dict:
    """Front matter for a key date's page: upcoming ones (not yet ended) rank above every past one."""
    first, last = event_days(event, plan.zone)
    when = when_text(event, plan.zone)
    if last >= plan.today:
        return {"pagefind": {"type": KEY_DATE, "date": when, "rank": f"1 {first.isoformat()} {event.id}"}}
    return {"pagefind": {"type": KEY_DATE, "date": when + PAST, "rank": f"2 {_newest_first(last)} {event.id}"}}


def school_search(plan: SitePlan, school: School) -> dict:
    """Front matter for a school's page: found by its name, first among the results."""
    return {"pagefind": {"type": SCHOOL, "rank": f"0 {school.id}"}}
