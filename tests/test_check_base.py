"""`check --base REF` on a real temporary git repository: each unsafe change to events.yaml is caught."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import NOW

OLD_EVENT = """
- id: summer-fair-2025
  title: Summer fair
  start: 2025-07-05
  category: community
- id: spring-concert-2026
  title: Spring concert
  start: 2026-04-22 18:30
  end: 2026-04-22 20:00
  category: community
"""


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, content: Path) -> Path:
    """tmp_path as a git repository whose one commit holds the small content set (plus two past events)."""
    with (content / "events.yaml").open("a", encoding="utf-8") as events:
        events.write(OLD_EVENT)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "content")
    _git(tmp_path, "commit", "-q", "-m", "content")
    return tmp_path


def _edit(repo: Path, old: str, new: str) -> None:
    path = repo / "content" / "events.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _check(run_cli, *extra: str):
    return run_cli("check", "--content", "content", "--now", NOW, "--base", "HEAD", *extra)


CLEAN = "Events compared with HEAD: no change would hurt calendar subscribers.\n"


def test_no_change_is_clean(repo, run_cli):
    code, out, err = _check(run_cli)
    assert (code, err) == (0, "") and out.endswith(CLEAN)


def test_a_changed_date_without_a_higher_sequence_is_an_error(repo, run_cli):
    _edit(repo, "start: 2027-03-05", "start: 2027-03-06")
    code, out, _ = _check(run_cli)
    assert code == 1
    assert out == (
        "content/events.yaml:9:7: id: the date (was 2027-03-05 to 2027-03-14, now 2027-03-06 to 2027-03-14) "
        "changed since HEAD, but sequence is still 0: calendar apps ignore a change unless sequence goes up\n"
        "  fix: raise sequence to 1: add a line  sequence: 1\n"
        "1 error in 1 file. Fix them and run check again.\n")


def test_the_error_points_at_sequence_when_the_entry_has_one(repo, run_cli):
    _edit(repo, "  category: results\n", "  category: results\n  sequence: 0\n")
    _git(repo, "commit", "-qam", "sequence")
    _edit(repo, "start: 2027-08-19", "start: 2027-08-20")
    code, out, _ = _check(run_cli)
    assert code == 1
    assert out.startswith("content/events.yaml:5:13: sequence: the date (was 2027-08-19, now 2027-08-20) changed")
    assert "  fix: raise sequence to 1\n" in out


def test_a_changed_time_is_an_error(repo, run_cli):
    _edit(repo, "end: 2027-01-20 19:00", "end: 2027-01-20 19:30")
    code, out, _ = _check(run_cli)
    assert code == 1 and "id: the time (was 2027-01-20 16:00–19:00, now 2027-01-20 16:00–19:30) changed" in out


def test_a_changed_status_is_an_error(repo, run_cli):
    _edit(repo, "  status: tentative\n- id: science", "  status: confirmed\n- id: science")
    code, out, _ = _check(run_cli)
    assert code == 1 and "content/events.yaml:1:7: id: the status (was tentative, now confirmed) changed" in out


def test_a_change_with_a_higher_sequence_is_clean(repo, run_cli):
    _edit(repo, "start: 2027-03-05", "start: 2027-03-06\n  sequence: 1")
    _edit(repo, "  status: tentative\n- id: science", "  status: cancelled\n  sequence: 3\n- id: science")
    code, out, _ = _check(run_cli)
    assert code == 0 and out.endswith(CLEAN)


def test_a_new_title_needs_no_new_sequence(repo, run_cli):
    _edit(repo, "title: Careers evening", "title: Careers and apprenticeships evening")
    assert _check(run_cli)[0] == 0


def test_a_sequence_that_goes_down_is_an_error(repo, run_cli):
    _edit(repo, "  category: science\n", "  category: science\n  sequence: 2\n")
    _git(repo, "commit", "-qam", "sequence 2")
    _edit(repo, "  sequence: 2\n", "  sequence: 1\n")
    code, out, _ = _check(run_cli)
    assert code == 1 and "sequence: sequence went down from 2 to 1 since HEAD" in out
    assert "  fix: set sequence back to 2; it may only go up" in out


def test_a_deleted_future_event_is_an_error_saying_cancel_it(repo, run_cli):
    _edit(repo, "- id: science-week-2027\n  title: British Science Week\n  start: 2027-03-05\n  end: 2027-03-14\n"
                "  category: science\n  status: tentative\n", "")
    code, out, _ = _check(run_cli)
    assert code == 1
    # It points where the entry was: the entry that followed it, now on line 9.
    assert out == (
        "content/events.yaml:9:3: the event 'science-week-2027' (British Science Week, 2027-03-05 to 2027-03-14) "
        "was deleted since HEAD, but it is still to come, so it is still in subscribers' calendars: "
        "deleting it drops it from them without a word\n"
        "  fix: put it back with  status: cancelled  and  sequence: 1  "
        "(an event may be deleted once it ended over 365 days ago)\n"
        "1 error in 1 file. Fix them and run check again.\n")


def test_a_deleted_event_that_ended_within_the_year_is_an_error(repo, run_cli):
    _edit(repo, "- id: spring-concert-2026\n  title: Spring concert\n  start: 2026-04-22 18:30\n"
                "  end: 2026-04-22 20:00\n  category: community\n", "")
    code, out, _ = _check(run_cli)
    assert code == 1
    assert "the event 'spring-concert-2026' (Spring concert, 2026-04-22 18:30–20:00) was deleted since HEAD, " \
           "but it ended on 2026-04-22, less than 365 days ago" in out


def test_a_deleted_event_that_ended_over_a_year_ago_is_clean(repo, run_cli):
    _edit(repo, "- id: summer-fair-2025\n  title: Summer fair\n  start: 2025-07-05\n  category: community\n", "")
    code, out, _ = _check(run_cli)
    assert code == 0 and out.endswith(CLEAN)


def test_a_renamed_id_is_an_error_at_the_new_id(repo, run_cli):
    _edit(repo, "- id: science-week-2027", "- id: british-science-week-2027")
    code, out, _ = _check(run_cli)
    assert code == 1
    assert out == (
        "content/events.yaml:9:7: id: this event was 'science-week-2027' in HEAD: a new id is a new event to "
        "calendar apps, so subscribers would see it twice and the old one never goes\n"
        "  fix: ids are stable forever: change it back to 'science-week-2027'\n"
        "1 error in 1 file. Fix them and run check again.\n")


def test_a_new_event_is_clean(repo, run_cli):
    with (repo / "content" / "events.yaml").open("a", encoding="utf-8") as events:
        events.write("- id: new-2027\n  title: New\n  start: 2027-05-01\n  category: term\n")
    assert _check(run_cli)[0] == 0


def test_no_events_file_at_the_ref_means_no_previous_events(tmp_path, content, run_cli):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "content/schools.yaml")
    _git(tmp_path, "commit", "-q", "-m", "schools only")
    code, out, _ = _check(run_cli)
    assert code == 0 and out.endswith(CLEAN)


def test_base_errors_join_the_other_content_errors_in_one_report(repo, run_cli):
    _edit(repo, "start: 2027-03-05", "start: 2027-03-06")
    _edit(repo, "category: careers", "category: carers")
    code, out, _ = _check(run_cli)
    assert code == 1 and "unknown category 'carers'" in out and "the date (was 2027-03-05" in out
    assert "2 errors in 1 file." in out


def test_github_annotations(repo, run_cli):
    _edit(repo, "start: 2027-03-05", "start: 2027-03-06")
    code, out, _ = _check(run_cli, "--format", "github")
    assert code == 1 and out.startswith("::error file=content/events.yaml,line=9,col=7,title=id::the date")


def test_an_unknown_ref_exits_2_with_a_clear_message(repo, run_cli):
    code, out, err = run_cli("check", "--content", "content", "--now", NOW, "--base", "no-such-branch")
    assert code == 2 and out == ""
    assert err.startswith("error: --base: 'no-such-branch' is not a commit in this repository")
    assert "Traceback" not in err


def test_a_folder_outside_git_exits_2(tmp_path, content, run_cli):
    code, out, err = _check(run_cli)
    assert code == 2 and out == "" and "is not in a git repository" in err and "Traceback" not in err


def test_an_option_is_not_a_ref(repo, run_cli):
    code, _, err = run_cli("check", "--content", "content", "--now", NOW, "--base=--output=x")
    assert code == 2 and "is not a git ref" in err
    assert not (repo / "x").exists()
