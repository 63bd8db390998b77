"""git, run for the commands that compare content with a git ref (check --base, summary --base)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from generator.errors import display_path


def run_git(folder: Path, *args: str, error: type[Exception], command: str, check: bool = True) -> bytes | None:
    """git's output in `folder`; None when `check` is off and git says no.

    Problems (no git, a slow git, not a repository, a failing command) raise `error` with a message
    that names `command` ('--base', 'summary'), so the caller reports it as a usage error.
    """
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, timeout=120)
    except FileNotFoundError:
        raise error(f"{command} needs git, and git is not installed") from None
    except subprocess.TimeoutExpired:
        raise error(f"git {args[0]} took over two minutes; try again") from None
    if result.returncode != 0:
        if not check:
            return None
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        if "not a git repository" in " ".join(message):
            raise error(f"{command}: {display_path(folder)} is not in a git repository")
        raise error(f"git {args[0]} failed: {message[-1] if message else result.returncode}")
    return result.stdout
