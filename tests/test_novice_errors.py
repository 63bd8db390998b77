"""Messages for people who have never used YAML: warnings, syntax errors that hide nothing, names for ids.

The exact text of each message is checked by the bad-input cases (tests/data/invalid/); these
tests cover what a case cannot: the GitHub format, exit codes, and the matching rules themselves.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import copy_project
from conftest import NOW

from generator.errors import ContentError, ErrorList, warning
from generator.fields import parse_day
from generator.models import match_school
from generator.source import read_yaml

SCHOOLS = {"plymstock": "Plymstock School", "heles": "Hele's School", "utc-plymouth": "UTC Plymouth",
           "dhsb": "Devonport High School for Boys", "dhsg": "Devonport High School for Girls"}


@pytest.mark.parametrize(("written", "expected"), [
    ("Hele's School", "heles"),
    ("Hele\u2019s School", "heles"),   # Word's apostrophe
    ("Heles", "heles"),
    ("Plymstock", "plymstock"),
    ("plymstok", "plymstock"),
    ("Plymstock School", "plymstock"),
    ("UTC", "utc-plymouth"),
    ("utc plymouth", "utc-plymouth"),
    ("Devonport High School for Girls", "dhsg"),
    ("Devonport High", None),            # two schools start so: no guess
    ("Stoke Damerel", None),             # not in the partnership's list
], ids=lambda value: str(value))
def test_a_school_written_by_name_finds_its_id(written, expected):
    assert match_school(written, set(SCHOOLS), SCHOOLS) == expected


@pytest.mark.parametrize(("written", "fix"), [
    ("11/12/26", "date: 2026-12-11"),
    ("11.12.2026", "date: 2026-12-11"),
    ("11-12-2026", "date: 2026-12-11"),
    ("1/2/2027", "date: 2027-02-01"),
    ("12/25/2026", "date: 2026-12-25  (25 December 2026, reading it month first)"),
])
def test_a_day_first_date_gets_the_iso_date_it_most_likely_means(written, fix):
    from pydantic_core import PydanticCustomError

    with pytest.raises(PydanticCustomError) as caught:
        parse_day(written)
    assert fix.replace("date:", "{key}:") in caught.value.context["fix"]


def test_an_impossible_day_first_date_gets_the_general_advice():
    from pydantic_core import PydanticCustomError

    with pytest.raises(PydanticCustomError) as caught:
        parse_day("31/31/2026")
    assert caught.value.context["fix"] == "write the date as YYYY-MM-DD, e.g. 2027-08-19"


def test_warnings_are_kept_apart_from_errors():
    errors = ErrorList()
    errors.add(warning(ContentError("a.yaml", 1, 1, "title", "same title")))
    assert not errors and len(errors) == 0
    assert errors.summary() == "1 warning in 1 file."
    errors.add(ContentError("b.yaml", 2, 1, "date", "bad"))
    assert errors and errors.summary() == "1 error and 1 warning in 2 files."
    assert [e.path for e in errors.sorted()] == ["a.yaml", "b.yaml"]


def test_a_warning_in_text_and_in_github_annotations():
    found = warning(ContentError("a.yaml", 3, 8, "title", "another story has the same title", "give it its own"))
    assert found.as_text() == "a.yaml:3:8: warning: title: another story has the same title\n  fix: give it its own"
    assert found.as_github().startswith("::warning file=a.yaml,line=3,col=8,title=title::another story")


def _copy_story(content: Path) -> None:
    robot = content / "stories" / "2026-11-20-robotics-final.yaml"
    (content / "stories" / "2026-11-22-robotics-again.yaml").write_text(
        robot.read_text("utf-8").replace("date: 2026-11-20", "date: 2026-11-22"), "utf-8")


def test_check_passes_with_warnings_and_prints_them(content: Path, run_cli):
    _copy_story(content)
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 0
    assert "2026-11-22-robotics-again.yaml:1:8: warning: title: another story has the same title" in out
    assert "1 warning in 1 file." in out


def test_check_github_format_prints_warnings_as_warning_annotations(content: Path, run_cli):
    _copy_story(content)
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW, "--format", "github")
    assert code == 0
    assert out.startswith("::warning file=content/stories/2026-11-22-robotics-again.yaml,line=1,col=8,title=title::")


def test_build_still_publishes_a_story_with_a_warning(content: Path, run_cli, tmp_path: Path):
    _copy_story(content)
    config = copy_project(tmp_path / "project")  # the build writes into its docs folder: never the repository's
    code, out, _ = run_cli("build", "--content", "content", "--now", NOW, "--site-dir", str(tmp_path / "site"),
                           "--config", str(config))
    assert code == 0, out
    assert (tmp_path / "site" / "stories" / "2026-11-22-robotics-again" / "index.html").is_file()


def test_a_syntax_error_in_events_hides_the_other_events_errors(content: Path, run_cli):
    events = content / "events.yaml"
    text = events.read_text("utf-8")
    text = text.replace("  title: GCSE results day", "  title: GCSE results: day one", 1)
    text = text.replace("  category: science", "  category: sciense", 1)
    events.write_text(text, "utf-8")
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 1
    assert "title: a title containing ': ' must be in quotes" in out
    assert "category: unknown category 'sciense'" in out


def test_without_recover_a_broken_file_gives_no_document(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("title: A: b\nschool:\tx\n", "utf-8")
    doc, errors = read_yaml(path, "a.yaml", 10_000)
    assert doc is None
    assert sorted((e.line, e.message) for e in errors) == [
        (1, "a title containing ': ' must be in quotes"),
        (2, "a tab character: YAML allows only spaces between words and after ':'")]
    doc, errors = read_yaml(path, "a.yaml", 10_000, recover=True)
    assert doc is not None and doc.recovered and doc.data == {"title": "A: b", "school": "x"}
    assert len(errors) == 2


def test_a_repair_that_does_not_work_is_not_reported_twice(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("image:\n  src: a.jpg\n\t\talt: x\n", "utf-8")  # two tabs: four spaces, still wrong
    doc, errors = read_yaml(path, "a.yaml", 10_000, recover=True)
    assert doc is None
    assert [(e.line, e.fix) for e in errors] == [(3, "indent with two spaces for each level instead of the 2 tabs")]


def test_no_message_names_a_list_index(content: Path, run_cli):
    robot = content / "stories" / "2026-11-20-robotics-final.yaml"
    robot.write_text(robot.read_text("utf-8").replace("school: plymstock", "school: [plymstock, Heles School]")
                     .replace("tags: [science, aspiration]", "tags: [science, Aspiration]"), "utf-8")
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 1
    assert "[0]" not in out and "[1]" not in out
    assert "(the 2nd school in the list)" in out and "(the 2nd tag in the list)" in out


def test_contributing_lists_every_school_id_and_is_linked_from_the_readme():
    import yaml
    from conftest import REPO

    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    schools = yaml.safe_load((REPO / "content" / "schools.yaml").read_text("utf-8"))
    missing = [s["id"] for s in schools if f"| {s['name']} | `{s['id']}` |" not in guide]
    assert not missing, f"add these schools to the table in CONTRIBUTING.md: {missing}"
    assert (REPO / "README.md").read_text("utf-8").count("(CONTRIBUTING.md)") >= 2
