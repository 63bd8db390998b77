"""The pre-commit configuration: valid for pre-commit itself, and its hooks pass a clean copy and
catch stale schemas and broken content."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from git_support import commit_all, git

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _pre_commit(folder: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    tool = shutil.which("pre-commit", path=str(BIN))
    if tool is None:
        pytest.fail("pre-commit is not installed (requirements/test.txt): run  make test-deps")
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "PRE_COMMIT_HOME": str(home)}
    return subprocess.run([tool, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git repository with the configuration, settings, content and schemas of this one."""
    root = tmp_path / "project"
    root.mkdir()
    for name in (".pre-commit-config.yaml", "mkdocs.yml"):
        shutil.copy2(REPO / name, root / name)
    for name in ("content", "schemas"):
        shutil.copytree(REPO / name, root / name)
    git(root, "init", "-q")
    commit_all(root, "project")
    return root


def test_the_configuration_is_valid(tmp_path):
    result = _pre_commit(REPO, tmp_path / "home", "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_hooks_pass_on_a_clean_copy(project):
    result = _pre_commit(project, project.parent / "home", "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check the content (python -m generator check)" in result.stdout
    assert "JSON Schemas up to date (python -m generator schema)" in result.stdout


def test_the_schema_hook_rewrites_a_stale_schema_and_fails(project):
    schema = project / "schemas" / "story.schema.json"
    fresh = schema.read_text("utf-8")
    schema.write_text(fresh.replace('"title"', '"titel"', 1), "utf-8")
    commit_all(project, "stale schema")
    result = _pre_commit(project, project.parent / "home", "run", "schemas-up-to-date", "--all-files")
    assert result.returncode == 1
    assert "schemas/ was out of date and has been rewritten; git add schemas/ and commit again" in result.stdout
    assert schema.read_text("utf-8") == fresh


def test_the_check_hook_fails_on_broken_content(project):
    story = project / "content" / "stories" / "2026-11-20-bad.yaml"
    story.write_text("title: A story\ndate: 2026-11-20\nschool: plymstok\n", "utf-8")
    git(project, "add", "-A")
    result = _pre_commit(project, project.parent / "home", "run", "check-content", "--files", "content/stories/2026-11-20-bad.yaml")
    assert result.returncode == 1
    assert "content/stories/2026-11-20-bad.yaml:3:9: school: unknown school 'plymstok'" in result.stdout
