"""A throwaway git repository holding the small content set, for the commands that compare with git."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PHOTO = REPO / "content" / "stories" / "2026-11-13-joint-winter-concert.jpg"  # already made safe by add-photo


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(folder), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                             "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                            check=True, capture_output=True, text=True)
    return result.stdout


def commit_all(folder: Path, message: str) -> None:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def make_pull_request(root: Path) -> None:
    """On top of the base commit: a new story with a photo, GCSE results day moved a week
    (sequence raised) and its results story's embargo with it."""
    stories = root / "content" / "stories"
    (stories / "2026-11-25-netball-county-cup.yaml").write_text(
        "title: Netball team win the county cup\n"
        "date: 2026-11-25\n"
        "school: [heles, plymstock]\n"
        "summary: The Year 10 netball team won the county cup in Exeter.\n"
        "body: |\n"
        "  Twelve wins in a row.\n"
        "image:\n"
        "  src: 2026-11-25-netball-county-cup.jpg\n"
        "  alt: A netball team holding a silver cup\n"
        "  consent: true\n"
        "tags: [sport]\n", "utf-8")
    shutil.copy2(PHOTO, stories / "2026-11-25-netball-county-cup.jpg")
    edit(root / "content" / "events.yaml", "  start: 2027-08-19\n", "  start: 2027-08-26\n  sequence: 1\n")
    edit(stories / "2026-11-21-results-story.yaml", "publish_at: 2027-08-19 08:00", "publish_at: 2027-08-26 08:00")
