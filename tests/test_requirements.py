"""One constraints set: the build's pinned packages are a subset of the test environment's, one version each."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _pins(name: str) -> list[tuple[str, str]]:
    found = []
    for line in (REPO / "requirements" / name).read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            package, _, version = line.partition("==")
            assert version, f"requirements/{name}: '{line}' is not pinned with =="
            found.append((re.sub(r"[-_.]+", "-", package).lower(), version))
    return found


def test_every_package_is_pinned_once_across_build_and_test():
    build, test = _pins("build.txt"), _pins("test.txt")
    names = [name for name, _ in build + test]
    twice = sorted({name for name in names if names.count(name) > 1})
    assert not twice, f"pinned in both files or twice (the tests would run on other versions than deploy): {twice}"


def test_the_project_pins_match_the_build_pins():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    pinned = dict(_pins("build.txt") + _pins("test.txt"))
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        package, _, version = requirement.partition("==")
        assert pinned.get(re.sub(r"[-_.]+", "-", package).lower()) == version, requirement


def test_the_installed_environment_is_consistent():
    from importlib.metadata import version

    for name, pinned in _pins("build.txt") + _pins("test.txt"):
        assert version(name) == pinned, f"{name}: installed {version(name)}, pinned {pinned}: run  make test-deps"
