"""Every bad-input case under tests/data/invalid/ gives exactly its expected message, never a traceback.

A case is a folder: the one defective file at its place in the content folder (it replaces the
file of the same name in tests/data/base), an optional `remove.txt` naming base files to delete,
and `expected.txt`, the exact output of `check` (a case that gives only warnings passes check).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, NOW

CASES = sorted(p for p in (DATA / "invalid").iterdir() if p.is_dir())
SPECIAL = {"expected.txt", "remove.txt"}


def _overlay(case: Path, content: Path) -> None:
    for name in (case / "remove.txt").read_text().split() if (case / "remove.txt").exists() else []:
        path = content / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    for source in case.rglob("*"):
        if source.is_file() and source.name not in SPECIAL:
            target = content / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gives_its_message(case: Path, content: Path, run_cli):
    _overlay(case, content)
    code, out, err = run_cli("check", "--content", "content", "--now", NOW)
    expected = (case / "expected.txt").read_text("utf-8")
    fails = re.search(r"^\d+ errors? ", expected, re.MULTILINE) is not None  # warnings alone pass
    assert (code, out) == (1 if fails else 0, expected)
    assert "Traceback" not in out + err
