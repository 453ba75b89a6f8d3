"""Throwaway git repositories whose commits carry fixed dates.

The as-of date of a clean work tree is its last commit's date, so tests that need git
commit with ``GIT_COMMITTER_DATE`` set: what they expect never depends on the clock.
The user's own git configuration (identity, hooks, signing) is left out.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


def git(folder: Path, *args: str, on: dt.date | None = None) -> str:
    """Run git in ``folder``; a commit made here is dated ``on`` (noon, UTC)."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    if on is not None:
        stamp = f"{on.isoformat()}T12:00:00+00:00"
        env |= {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    return subprocess.run(
        ["git", "-C", str(folder), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def commit_all(folder: Path, on: dt.date) -> None:
    """Make ``folder`` a repository if it is not one yet, and commit everything in it."""
    if not (folder / ".git").exists():
        git(folder, "init", "--quiet", "--initial-branch=main")
    git(folder, "add", "--all")
    git(folder, "commit", "--quiet", "--allow-empty", "--message=content", on=on)
