"""`new-event`: a key date appended to the bundled events.yaml, every other byte kept; bad input
changes nothing and exits 2."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOW = "2026-11-29T10:00"


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled content folder (the real events.yaml, comments and all)."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path / "content"


def _new_event(run_cli, *args: str):
    return run_cli("new-event", "--content", "content", "--config", str(REPO / "mkdocs.yml"), "--now", NOW, *args)


def test_an_event_is_appended_and_nothing_else_changes(bundled, run_cli):
    before = (bundled / "events.yaml").read_bytes()
    code, out, err = _new_event(
        run_cli, "--title", "Year 6 open evening", "--start", "2027-01-14 18:00", "--end", "2027-01-14T20:00",
        "--category", "community", "--schools", "heles, plymstock", "--audience", "students,parents",
        "--location", "Main hall: Hele's School", "--url", "https://www.heles.plymouth.sch.uk",
        "--description", "Tour the school, meet the teachers and see pupils' work in science, art and sport. "
                         "Talks from the head teacher at 6:30pm and 7:15pm; no need to book.",
        "--status", "tentative")
    assert (code, err) == (0, "")
    line = before.count(b"\n") + 2
    assert out == f"added 'year-6-open-evening-2027' to content/events.yaml (line {line}); " \
                  "then run  python -m generator check\n"
    after = (bundled / "events.yaml").read_bytes()
    assert after == before + (
        b"\n"
        b"- id: year-6-open-evening-2027\n"
        b"  title: Year 6 open evening\n"
        b"  start: 2027-01-14 18:00\n"
        b"  end: 2027-01-14 20:00\n"
        b"  category: community\n"
        b"  schools: [heles, plymstock]\n"
        b"  audience: [students, parents]\n"
        b"  location: \"Main hall: Hele's School\"\n"
        b"  url: https://www.heles.plymouth.sch.uk\n"
        b"  description: >-\n"
        b"    Tour the school, meet the teachers and see pupils' work in science, art and sport. Talks\n"
        b"    from the head teacher at 6:30pm and 7:15pm; no need to book.\n"
        b"  status: tentative\n"
        b"  sequence: 0\n"
        b"  updated: 2026-11-29 10:00\n")
    assert after.decode().splitlines()[line - 1] == "- id: year-6-open-evening-2027"
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 0, out
    assert "Year 6 open evening" in (bundled / "events.yaml").read_text("utf-8")


def test_the_simplest_event_and_a_fresh_id_when_the_first_is_taken(bundled, run_cli):
    args = ("--title", "British Science Week 2027", "--start", "2027-03-05", "--category", "science")
    assert _new_event(run_cli, *args)[1].startswith("added 'british-science-week-2027-2' ")  # the bundled file has one
    assert _new_event(run_cli, *args)[1].startswith("added 'british-science-week-2027-3' ")
    text = (bundled / "events.yaml").read_text("utf-8")
    assert text.endswith("\n\n- id: british-science-week-2027-3\n  title: British Science Week 2027\n"
                         "  start: 2027-03-05\n  category: science\n  schools: all\n  status: confirmed\n"
                         "  sequence: 0\n  updated: 2026-11-29 10:00\n")
    assert run_cli("check", "--content", "content", "--now", NOW)[0] == 0


def test_text_yaml_would_misread_is_quoted(bundled, run_cli):
    code, _, err = _new_event(run_cli, "--title", "No", "--start", "2027-03-05", "--category", "community",
                              "--location", "8:30")
    assert (code, err) == (0, "")
    text = (bundled / "events.yaml").read_text("utf-8")
    assert '  title: "No"\n' in text and '  location: "8:30"\n' in text
    assert run_cli("check", "--content", "content", "--now", NOW)[0] == 0


def test_an_empty_events_file_gets_a_block_list(tmp_path, run_cli):
    shutil.copytree(REPO / "tests" / "data" / "base", tmp_path / "content")
    (tmp_path / "content" / "events.yaml").write_text("# Key dates\n[]\n", "utf-8")
    (tmp_path / "content" / "stories" / "2026-11-21-results-story.yaml").unlink()  # it needs a results day
    code, _, err = _new_event(run_cli, "--title", "Careers fair", "--start", "2027-02-03", "--category", "careers")
    assert (code, err) == (0, "")
    assert (tmp_path / "content" / "events.yaml").read_text("utf-8") == (
        "# Key dates\n- id: careers-fair-2027\n  title: Careers fair\n  start: 2027-02-03\n  category: careers\n"
        "  schools: all\n  status: confirmed\n  sequence: 0\n  updated: 2026-11-29 10:00\n")
    assert run_cli("check", "--content", "content", "--now", NOW)[0] == 0


@pytest.mark.parametrize(("args", "expected"), [
    (("--category", "comunity"),
     "error: --category: unknown category 'comunity'\n"
     "  fix: did you mean 'community'? (categories are listed in mkdocs.yml under extra.settings.categories)\n"),
    (("--category", "community", "--schools", "plymstok"),
     "error: --schools: unknown school 'plymstok'\n"
     "  fix: write plymstock instead (from content/schools.yaml)\n"),
    (("--category", "community", "--start", "2027-13-01"),
     "error: --start: 2027-13-01 is not a date on the calendar\n  fix: check the day and month (YYYY-MM-DD)\n"),
    (("--category", "community", "--end", "2027-01-01"),
     "error: --end: the event ends (2027-01-01) before it starts (2027-02-01)\n"
     "  fix: end is the last day (or the finishing time): make it the same as start or later\n"),
    (("--category", "community", "--end", "2027-02-01 17:00"),
     "error: --end: start and end must both be dates (all day) or both dates with times\n"
     "  fix: write  end: 2027-02-01  to match the all-day start\n"),
    (("--category", "community", "--url", "http://example.org"), None),
], ids=["unknown-category", "unknown-school", "bad-date", "end-before-start", "date-and-time-mixed", "http-url"])
def test_bad_input_is_refused_and_the_file_is_untouched(bundled, run_cli, args, expected):
    before = (bundled / "events.yaml").read_bytes()
    options = {"--title": "Open evening", "--start": "2027-02-01"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    code, out, err = _new_event(run_cli, *[part for pair in options.items() for part in pair])
    assert (code, out) == (2, "")
    if expected is not None:
        assert err == expected + "Nothing was added to events.yaml.\n"
    else:
        assert err.startswith("error: --url: ") and err.endswith("Nothing was added to events.yaml.\n")
    assert (bundled / "events.yaml").read_bytes() == before
    assert not list(bundled.glob(".events-*"))


def test_every_error_is_reported_at_once(bundled, run_cli):
    code, _, err = _new_event(run_cli, "--title", "Open evening", "--start", "2027-13-01", "--category", "comunity",
                              "--schools", "plymstok")
    assert code == 2
    assert [line.split(":")[0] for line in err.splitlines() if not line.startswith("  fix: ")] == \
           ["error", "--category", "--schools", "Nothing was added to events.yaml."]
    assert err.startswith("error: --start: ") and err.count("\n  fix: ") == 3


def test_an_unreadable_events_file_is_left_alone(bundled, run_cli):
    (bundled / "events.yaml").write_text("- id: [broken\n", "utf-8")
    code, _, err = _new_event(run_cli, "--title", "Open evening", "--start", "2027-02-01", "--category", "community")
    assert code == 2 and "cannot be read as a list of events" in err
    assert (bundled / "events.yaml").read_text("utf-8") == "- id: [broken\n"


def test_a_recurring_date_names_its_series(bundled, run_cli):
    code, out, err = _new_event(run_cli, "--title", "GCSE results day", "--start", "2028-08-24",
                                "--category", "results", "--series", "gcse-results")
    assert (code, err) == (0, "")
    assert "  category: results\n  series: gcse-results\n  schools: all\n" in (bundled / "events.yaml").read_text("utf-8")
    code, out, err = _new_event(run_cli, "--title", "GCSE results day", "--start", "2029-08-23",
                                "--category", "results", "--series", "GCSE Results")
    assert code == 2 and "series" in err and "gcse-results" in err
