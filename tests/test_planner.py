"""Messages around key dates and the planner: defaults and overrides, the rules check keeps, and
the planner's page, calendar and feeds (and the changes feed) as calendar apps and readers see them."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import feedparser
import icalendar
import pytest
import vobject
import yaml
from conftest import NOW, REPO, published

from generator import routes
from generator.config import load_settings
from generator.messages import plan_messages
from generator.plan import PLANNER_WEEKS, make_plan
from generator.render.planner import render_planner

OPEN_EVENING = """
- id: open-evening-2027
  title: Open evening
  start: 2027-01-21
  category: community
  updated: 2026-11-22 10:00
  change_note: Moved from 14 to 21 January.
"""


def _add(content: Path, text: str) -> None:
    path = content / "events.yaml"
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def _plan(content: Path, now: str = NOW):
    return make_plan(published(content, now))


def _ids(plan, event_id: str) -> list[str]:
    event = next(e for e in plan.events if e.id == event_id)
    return [m.message.id for m in plan_messages(event, plan.settings)]


# ---- defaults and overrides

def test_an_event_without_messages_gets_its_categorys_defaults(content):
    plan = _plan(content)
    assert _ids(plan, "gcse-results-2027") == ["reminder", "celebrate", "next-steps"]
    event = next(e for e in plan.events if e.id == "gcse-results-2027")
    celebrate = [m for m in plan_messages(event, plan.settings) if m.message.id == "celebrate"][0]
    assert celebrate.default and celebrate.reveals_results
    assert celebrate.send_at.isoformat() == "2027-08-19T08:00:00+01:00"
    assert "GCSE results day" in celebrate.text  # {title} filled in


def test_an_own_message_with_a_defaults_id_replaces_it_and_others_are_added(content):
    _add(content, OPEN_EVENING + """  messages:
    - id: announce
      when: 2 weeks before at 18:00
      text: "Our open evening is on {date}: all welcome."
    - id: last-call
      when: 1 day before
      text: Open evening tomorrow.
      channel: facebook
""")
    plan = _plan(content)
    event = next(e for e in plan.events if e.id == "open-evening-2027")
    messages = {m.message.id: m for m in plan_messages(event, plan.settings)}
    assert set(messages) == {"announce", "last-call"}
    assert not messages["announce"].default
    assert messages["announce"].text == "Our open evening is on Thursday 21 January 2027: all welcome."
    assert messages["announce"].send_at.isoformat() == "2027-01-07T18:00:00+00:00"


def test_default_messages_false_and_messages_none_switch_defaults_off(content):
    _add(content, OPEN_EVENING + """  default_messages: false
  messages:
    - id: own
      when: on the day
      text: Open evening tonight.
- id: quiet-day-2027
  title: Quiet day
  start: 2027-01-22
  category: community
  messages: none
""")
    plan = _plan(content)
    assert _ids(plan, "open-evening-2027") == ["own"]
    assert _ids(plan, "quiet-day-2027") == []


def test_after_counts_from_the_last_day(content):
    plan = _plan(content)
    event = next(e for e in plan.events if e.id == "science-week-2027")
    days = {m.message.id: m.send_at.date() for m in plan_messages(event, plan.settings)}
    assert days == {"announce": date(2027, 2, 19), "on-the-day": date(2027, 3, 5)}


def test_a_results_reminder_may_go_out_before_the_day_and_a_results_message_not_before_eight(content, run_cli):
    _add(content, """
- id: a-level-results-2027
  title: A-level results day
  start: 2027-08-12
  category: results
  messages:
    - id: collect
      when: 1 day before at 18:00
      text: Results can be collected from 08:00 tomorrow.
    - id: celebrate
      when: on the day at 08:00
      text: Congratulations!
    - id: early-but-silent
      when: on the day at 07:00
      text: Doors open at 08:00.
      reveals_results: false
""")
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 0, out


# ---- settings

def _settings_with(tmp_path: Path, change) -> tuple[object, list]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    change(config["extra"]["settings"])
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), "utf-8")
    return load_settings(path)


@pytest.mark.parametrize("name", sorted(routes.RESERVED_CATEGORIES))
def test_planner_and_changes_can_never_be_category_ids(tmp_path, name):
    assert {"planner", "changes"} <= routes.RESERVED_CATEGORIES
    settings, errors = _settings_with(tmp_path, lambda s: s["categories"].update({name: "Oops"}))
    assert settings is None
    assert [e.message for e in errors] == [f"'{name}' cannot be a category: the site already has a feed at that address"]


def test_default_messages_must_name_a_category(tmp_path):
    settings, errors = _settings_with(tmp_path, lambda s: s["default_messages"].update(
        {"sports": [{"id": "x", "when": "on the day", "text": "Hello"}]}))
    assert settings is None and "default_messages names the category 'sports'" in errors[0].message


def test_a_default_that_does_not_fit_an_event_points_at_its_category(tmp_path, content, run_cli):
    def change(settings):
        settings["default_messages"]["science"] = [{"id": "long", "when": "on the day", "text": "Science! " * 40}]
    _settings_with(tmp_path, change)
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW, "--config", str(tmp_path / "mkdocs.yml"))
    assert code == 1
    assert "category: the default message 'long' (mkdocs.yml, default_messages.science) would be" in out
    assert "give a message with  id: long  under messages: to replace it" in out


# ---- the planner's outputs

@pytest.fixture(scope="module")
def bundled():
    return make_plan(published(REPO / "content"))


def test_every_upcoming_key_date_in_the_bundled_content_has_messages_in_the_planner_feeds(bundled):
    files = render_planner(bundled)
    calendar = icalendar.Calendar.from_ical(files[routes.PLANNER_CALENDAR])
    uids = {str(c["UID"]) for c in calendar.walk("VEVENT")}
    feed = feedparser.parse(files[routes.PLANNER_FEED])
    guids = {entry.id for entry in feed.entries}
    pages = "".join(text for path, text in files.items() if path.endswith(".md"))
    for event in bundled.upcoming:
        if event.status == "cancelled":
            continue
        mine = {f"{m.uid_part}@{bundled.settings.host}" for m in plan_messages(event, bundled.settings)
                if m.send_at.date() >= bundled.today}
        assert mine, f"{event.id} has no upcoming messages"
        assert mine <= uids and mine <= guids
        assert f'id="{event.id}-' in pages


def test_the_planner_page_holds_the_next_twelve_weeks_and_links_later_months(bundled):
    soon, later = bundled.planner_window()
    files = render_planner(bundled)
    index = files[routes.docs_path(routes.PLANNER)]
    assert soon and later
    assert all((m.send_at.date() - bundled.today).days < PLANNER_WEEKS * 7 for m in soon)
    assert [m.send_at for m in soon] == sorted(m.send_at for m in soon)
    for month in later:
        assert f'href="{month}/"' in index and routes.docs_path(routes.planner_month(month)) in files
    assert "data-copy=" in index and "Copy message" in index and "../cards/" in index
    assert "Monday 23 November 2026, 6pm" in index  # the send time in words


def _calendar(content: Path) -> tuple[bytes, dict[str, str]]:
    files = render_planner(_plan(content))
    data = files[routes.PLANNER_CALENDAR]
    parsed = icalendar.Calendar.from_ical(data)
    return data, {str(c["UID"]): str(c["DESCRIPTION"]) for c in parsed.walk("VEVENT")}


def test_the_planner_calendar_parses_and_keeps_its_uids_when_a_text_is_edited(content):
    own = OPEN_EVENING + """  messages:
    - id: announce
      when: 7 days before
      text: {text}
"""
    _add(content, own.format(text="Open evening next week."))
    first, before = _calendar(content)
    events = (content / "events.yaml").read_text("utf-8").replace("Open evening next week.", "Open evening soon!")
    (content / "events.yaml").write_text(events, "utf-8")
    second, after = _calendar(content)
    assert list(before) == list(after) and "open-evening-2027.announce@news.plymouthschools.org.uk" in after
    assert "Open evening next week." in before["open-evening-2027.announce@news.plymouthschools.org.uk"]
    assert "Open evening soon!" in after["open-evening-2027.announce@news.plymouthschools.org.uk"]
    for data in (first, second):
        parsed = vobject.readOne(data.decode("utf-8"))
        for vevent in parsed.vevent_list:
            assert isinstance(vevent.dtstart.value, date)  # all day: on the day to post
            assert vevent.summary.value.startswith("Post today: ")
            assert "Post this today at" in vevent.description.value
    assert render_planner(_plan(content))[routes.PLANNER_CALENDAR] == second  # reproducible


def test_the_changes_feed_lists_changed_dates_newest_first_with_their_notes(content):
    _add(content, OPEN_EVENING + """- id: fair-2027
  title: Careers fair
  start: 2027-02-03
  category: careers
  status: cancelled
  updated: 2026-11-21 09:00
  change_note: Cancelled because of building work.
""")
    files = render_planner(_plan(content))
    feed = feedparser.parse(files[routes.CHANGES_FEED])
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert titles[:2] == ["Changed: Open evening", "Changed: Cancelled: Careers fair"]
    assert feed.entries[0].summary.startswith("Moved from 14 to 21 January.")
    assert "Cancelled because of building work." in feed.entries[1].summary
    planner = feedparser.parse(files[routes.PLANNER_FEED])
    assert not planner.bozo and planner.entries
    assert not any(e.id.startswith("fair-2027.") for e in planner.entries)  # a cancelled date sends nothing
    assert render_planner(_plan(content))[routes.CHANGES_FEED] == files[routes.CHANGES_FEED]


def test_the_planner_is_linked_from_subscribe_and_not_from_the_menu(bundled):
    from generator.render.pages import render_pages

    pages = render_pages(bundled, {})
    subscribe = pages[routes.docs_path(routes.SUBSCRIBE)]
    assert "For communications officers" in subscribe and 'href="../planner/"' in subscribe
    nav = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))["nav"]
    assert "planner" not in str(nav)
