"""`summary --base REF` on a real temporary git repository: the exact Markdown a reviewer reads."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import BASE_CONTENT
from git_support import commit_all, edit, git, make_pull_request

HEAD = "## What this pull request changes\n\n"


@pytest.fixture
def repo(tmp_path: Path, content: Path) -> Path:
    """tmp_path as a git repository whose one commit holds the small content set."""
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "content")
    # The settings without the repository's CONTRIBUTING.md beside them: its link has a test of its own.
    (tmp_path / "settings").mkdir()
    shutil.copy2(Path(__file__).parent.parent / "mkdocs.yml", tmp_path / "settings" / "mkdocs.yml")
    return tmp_path


def _summary(run_cli, *extra: str):
    return run_cli("summary", "--content", "content", "--config", "settings/mkdocs.yml", "--base", "HEAD", *extra)


def test_nothing_changed(repo, run_cli):
    assert _summary(run_cli) == (0, HEAD + "No stories, key dates or photos changed since `HEAD`.\n", "")


def test_a_story_added_an_event_moved_and_a_photo_added(repo, run_cli):
    make_pull_request(repo)
    code, out, err = _summary(run_cli)
    assert (code, err) == (0, "")
    assert out == HEAD + (
        "### New stories\n\n"
        "- **Netball team win the county cup**: Hele's School, Plymstock School, Wednesday 25 November 2026 "
        "(`content/stories/2026-11-25-netball-county-cup.yaml`)\n\n"
        "### Stories changed\n\n"
        "- **Record GCSE results** (`content/stories/2026-11-21-results-story.yaml`): embargo (publish_at)\n\n"
        "### Key dates changed\n\n"
        "- **GCSE results day**: 19 → 26 August 2027\n\n"
        "### Photos added\n\n"
        "- `content/stories/2026-11-25-netball-county-cup.jpg`\n")


def test_the_same_change_committed_on_a_branch_compares_with_the_base_commit(repo, run_cli):
    git(repo, "checkout", "-q", "-b", "pull")
    make_pull_request(repo)
    commit_all(repo, "pull request")
    code, out, _ = run_cli("summary", "--content", "content", "--config",
                           str(Path(__file__).parent.parent / "mkdocs.yml"), "--base", "main")
    assert code == 0 and "- **GCSE results day**: 19 → 26 August 2027\n" in out


def test_stories_changed_moved_and_removed(repo, run_cli):
    stories = repo / "content" / "stories"
    edit(stories / "2026-11-20-robotics-final.yaml", "climbs stairs", "climbs a ramp")
    edit(stories / "2026-11-20-robotics-final.yaml", "tags: [science, aspiration]", "tags: [science]")
    (stories / "2026").mkdir()
    (stories / "2026-11-21-results-story.yaml").rename(stories / "2026" / "2026-11-21-results-story.yaml")
    git(repo, "rm", "-q", "--cached", "content/stories/2026-11-21-results-story.yaml")
    assert _summary(run_cli)[1] == HEAD + (
        "### Stories changed\n\n"
        "- **Year 9 robotics team reach the national final** (`content/stories/2026-11-20-robotics-final.yaml`): "
        "summary, tags\n")
    (stories / "2026" / "2026-11-21-results-story.yaml").unlink()
    (stories / "2026").rmdir()
    code, out, _ = _summary(run_cli)
    assert out == HEAD + (
        "### Stories changed\n\n"
        "- **Year 9 robotics team reach the national final** (`content/stories/2026-11-20-robotics-final.yaml`): "
        "summary, tags\n\n"
        "### Stories removed\n\n"
        "- `content/stories/2026-11-21-results-story.yaml` (was **Record GCSE results**)\n")


def test_key_dates_added_changed_cancelled_and_removed(repo, run_cli):
    events = repo / "content" / "events.yaml"
    edit(events, "  end: 2027-01-20 19:00\n", "  end: 2027-01-20 20:00\n  sequence: 1\n")
    edit(events, "  end: 2027-03-14\n  category: science\n  status: tentative\n",
         "  end: 2027-03-14\n  category: science\n  status: cancelled\n  sequence: 1\n")
    edit(events, "  url: https://www.jcq.org.uk\n  status: tentative\n", "  url: https://www.jcq.org.uk\n")
    with events.open("a", encoding="utf-8") as out:
        out.write("- id: open-evening-2027\n  title: Year 6 open evening\n  start: 2027-01-14 18:00\n"
                  "  end: 2027-01-14 20:00\n  category: community\n  schools: [heles]\n  status: tentative\n")
    code, out, _ = _summary(run_cli)
    assert out == HEAD + (
        "### Key dates added\n\n"
        "- **Year 6 open evening**: Thursday 14 January 2027, 6pm to 8pm (Community), to be confirmed\n\n"
        "### Key dates changed\n\n"
        "- **GCSE results day**: to be confirmed → confirmed\n"
        "- **Careers evening**: 4pm to 7pm → 4pm to 8pm on Wednesday 20 January 2027\n\n"
        "### Key dates cancelled\n\n"
        "- **British Science Week**: Friday 5 March to Sunday 14 March 2027\n")


def test_a_deleted_event_is_listed(repo, run_cli):
    events = repo / "content" / "events.yaml"
    text = events.read_text("utf-8")
    start = text.index("- id: careers-evening-2027")
    end = text.find("\n- id:", start + 1)
    events.write_text(text[:start] + (text[end + 1:] if end != -1 else ""), "utf-8")
    code, out, _ = _summary(run_cli)
    assert "### Key dates removed\n\n- **Careers evening** (`careers-evening-2027`): " \
           "Wednesday 20 January 2027, 4pm to 7pm\n" in out


def test_broken_content_is_summarised_as_far_as_it_can_be(repo, run_cli):
    stories = repo / "content" / "stories"
    (stories / "2026-11-26-choir.yaml").write_text(
        "title: Choir sing at the Guildhall\ndate: 2026-11-26\nschool: plymstok\nsummary: x\n", "utf-8")
    (stories / "2026-11-27-broken.yaml").write_text("title: [unclosed\n", "utf-8")
    edit(repo / "content" / "events.yaml", "  start: 2027-03-05\n", "  start: 05/03/2027\n")
    code, out, err = _summary(run_cli)
    assert (code, err) == (0, "")
    body, _, problems = out.rpartition("\n**")
    assert body == HEAD + (
        "### New stories\n\n"
        "- **Choir sing at the Guildhall**: plymstok, Thursday 26 November 2026 "
        "(`content/stories/2026-11-26-choir.yaml`): has errors, see the check step\n"
        "- A story (`content/stories/2026-11-27-broken.yaml`): has errors, see the check step\n\n"
        "### Key dates changed\n\n"
        "- `science-week-2027`: has errors, see the check step\n")
    # How many errors the checker finds here is the checker's business; that they are counted is ours.
    assert re.fullmatch(r"\d+ problems to fix first:\*\* the check step shows each one on its line in the pull "
                        r"request's files\. Nothing with an error is published\.\n", problems), problems


def test_an_unreadable_events_file_is_named_and_the_rest_summarised(repo, run_cli):
    (repo / "content" / "events.yaml").write_text("- id: [broken\n", "utf-8")
    shutil.copy2(repo / "content" / "stories" / "2026-11-20-robotics-final.yaml",
                 repo / "content" / "stories" / "2026-11-22-robotics-again.yaml")
    code, out, _ = _summary(run_cli)
    assert code == 0
    assert "### New stories\n\n- **Year 9 robotics team reach the national final**: Plymstock School, " \
           "Sunday 22 November 2026" not in out  # its date still says 20 November
    assert "- **Year 9 robotics team reach the national final**: Plymstock School, Friday 20 November 2026 " \
           "(`content/stories/2026-11-22-robotics-again.yaml`)" in out
    assert "### Key dates\n\n- `content/events.yaml` cannot be read: the check step says why" in out


def test_titles_cannot_inject_markdown(repo, run_cli):
    edit(repo / "content" / "stories" / "2026-11-20-robotics-final.yaml",
         "title: Year 9 robotics team reach the national final", "title: \"<img src=x> [link](https://x) *bold*\"")
    out = _summary(run_cli)[1]
    assert r"**\<img src=x\> \[link\](https://x) \*bold\***" in out


def test_an_unknown_ref_is_a_usage_error(repo, run_cli):
    code, out, err = run_cli("summary", "--content", "content", "--config",
                             str(Path(__file__).parent.parent / "mkdocs.yml"), "--base", "origin/nope")
    assert code == 2 and out == ""
    assert err.startswith("error: --base: 'origin/nope' is not a commit in this repository")


def test_outside_a_git_repository_is_a_usage_error(tmp_path, run_cli):
    shutil.copytree(BASE_CONTENT, tmp_path / "content")
    code, _, err = run_cli("summary", "--content", "content", "--config",
                           str(Path(__file__).parent.parent / "mkdocs.yml"), "--base", "main")
    assert code == 2 and "not in a git repository" in err


def test_a_new_draft_or_embargoed_story_says_so(repo, run_cli):
    stories = repo / "content" / "stories"
    for name, extra in (("2026-11-26-choir", "draft: true\n"), ("2026-11-27-chess", "publish_at: 2026-11-27 16:30\n")):
        (stories / f"{name}.yaml").write_text(
            f"title: {name[11:].title()} news\ndate: {name[:10]}\nschool: heles\nsummary: Good news.\nbody: Yes.\n{extra}",
            "utf-8")
    assert _summary(run_cli)[1] == HEAD + (
        "### New stories\n\n"
        "- **Choir news**: Hele's School, Thursday 26 November 2026; a draft, not published until `draft: true` is "
        "removed (`content/stories/2026-11-26-choir.yaml`)\n"
        "- **Chess news**: Hele's School, Friday 27 November 2026; embargoed until 4:30pm on Friday 27 November 2026 "
        "(`content/stories/2026-11-27-chess.yaml`)\n")


def test_file_names_cannot_break_the_markdown(repo, run_cli):
    (repo / "content" / "stories" / "bad`name\n# heading.jpg").write_bytes(b"not a photo")
    out = _summary(run_cli)[1]
    assert "- `content/stories/bad'name # heading.jpg`\n" in out


def test_the_guide_is_linked_when_there_is_one(repo, run_cli, monkeypatch, tmp_path):
    config = tmp_path / "mkdocs.yml"
    shutil.copy2(Path(__file__).parent.parent / "mkdocs.yml", config)
    (tmp_path / "CONTRIBUTING.md").write_text("# How to send a story\n", "utf-8")
    args = ("summary", "--content", "content", "--config", str(config), "--base", "HEAD")
    assert run_cli(*args)[1].endswith("\nHow to send a story or a key date, and what each message means: "
                                      "`CONTRIBUTING.md`.\n")
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "plymouth-schools/news")
    assert run_cli(*args)[1].endswith("\nHow to send a story or a key date, and what each message means: "
                                      "[CONTRIBUTING.md](https://github.com/plymouth-schools/news/blob/HEAD/CONTRIBUTING.md).\n")


def test_broken_settings_still_list_the_stories(repo, run_cli, tmp_path):
    config = tmp_path / "mkdocs.yml"
    text = (Path(__file__).parent.parent / "mkdocs.yml").read_text("utf-8")
    config.write_text(text.replace("site_url: ", "site_url: http://not-https.example/#", 1), "utf-8")
    (repo / "content" / "stories" / "2026-11-26-choir.yaml").write_text(
        "title: Choir news\ndate: 2026-11-26\nschool: heles\nsummary: Good news.\nbody: Yes.\n", "utf-8")
    code, out, _ = run_cli("summary", "--content", "content", "--config", str(config), "--base", "HEAD")
    assert code == 0
    assert out.startswith(HEAD + "The site settings (`mkdocs.yml`) have errors, so key dates are not summarised: "
                          "the check step lists the errors.\n\n### New stories\n\n- **Choir news**: heles, "
                          "Thursday 26 November 2026 (`content/stories/2026-11-26-choir.yaml`)\n")
