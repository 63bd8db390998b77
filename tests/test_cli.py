"""`python -m generator check`: exit codes, the summary line and GitHub annotations.

0: the content is clean; 1: content errors (every one printed); 2: the command itself is wrong.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import NOW, REPO

SUMMARY = "3 schools, 2 stories (1 held until 2027-08-19 08:00), 3 events\n"
STORY = "stories/2026-11-20-robotics-final.yaml"


def _usage(run_cli, *args: str) -> tuple[int, str, str]:
    """Run the CLI where argparse may exit instead of returning; give back the code either way."""
    try:
        return run_cli(*args)
    except SystemExit as exc:
        return exc.code, "", ""


def test_clean_content_exits_0_with_the_summary(content: Path, run_cli):
    code, out, err = run_cli("check", "--content", "content", "--now", NOW)
    assert (code, out, err) == (0, SUMMARY, "")


def test_content_errors_exit_1_and_list_every_error(content: Path, run_cli):
    story = content / STORY
    story.write_text(story.read_text("utf-8").replace("school: plymstock", "school: plymstok")
                     .replace("tags: [science, aspiration]", "tags: [science, aspirations]"), "utf-8")
    code, out, err = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 1 and err == ""
    assert out.count(f"content/{STORY}:") == 2
    assert out.endswith("2 errors in 1 file. Fix them and run check again.\n")


def test_unknown_subcommand_exits_2(content: Path, run_cli, capsys):
    code, _, _ = _usage(run_cli, "chekc")
    assert code == 2
    assert "invalid choice: 'chekc'" in capsys.readouterr().err


def test_garbage_now_exits_2(content: Path, run_cli):
    code, out, err = run_cli("check", "--content", "content", "--now", "next tuesday")
    assert (code, out) == (2, "")
    assert err == ("error: --now: 'next tuesday' is not a date and time; write it like 2026-11-20T09:00 (UK time) "
                   "or 2026-11-20T09:00+00:00\n")


def test_missing_content_folder_exits_2(tmp_path: Path, run_cli):
    code, out, err = run_cli("check", "--content", "no-such-folder", "--now", NOW)
    assert (code, out) == (2, "")
    assert err == "error: no content folder at no-such-folder (pass --content DIR)\n"


def test_github_format_prints_annotations(content: Path, run_cli):
    story = content / STORY
    story.write_text(story.read_text("utf-8").replace("school: plymstock", "school: plymstok"), "utf-8")
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW, "--format", "github")
    assert code == 1
    assert out == (f"::error file=content/{STORY},line=3,col=9,title=school::unknown school 'plymstok'"
                   "%0Afix: use  school: plymstock  (the id of Plymstock School, from content/schools.yaml)\n"
                   "1 error in 1 file. Fix them and run check again.\n")


def test_github_format_escapes_its_separators(content: Path, run_cli):
    """A ':' or ',' in a property and a '%' or newline in the message must not break the annotation."""
    (content / "stories" / "2026-11-22-a,b.yaml").write_text("title: x\n", "utf-8")
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW, "--format", "github")
    assert code == 1
    assert out.startswith("::error file=content/stories/2026-11-22-a%2Cb.yaml,line=1,col=1::"
                          "the file name '2026-11-22-a,b.yaml' is not YYYY-MM-DD-words.yaml")
    assert "%0Afix: rename it to 2026-11-22-a-b.yaml\n" in out


def test_bundled_content_is_clean():
    python = REPO / ".venv" / "bin" / "python"
    result = subprocess.run([str(python if python.exists() else sys.executable), "-m", "generator", "check"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert " schools, " in result.stdout and " events" in result.stdout
