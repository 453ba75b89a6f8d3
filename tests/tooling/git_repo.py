"""Throwaway git repositories whose commits have fixed dates, so a test's as-of date
(the last commit's) never depends on when it runs."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


def git(repo: Path, *args: str, date: dt.date = dt.date(2026, 1, 1)) -> str:
    """``git ARGS`` in ``repo`` as a test author, any commit dated ``date`` at noon UTC;
    the machine's git settings are left out."""
    stamp = f"{date.isoformat()}T12:00:00+00:00"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(repo),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def commit_all(repo: Path, message: str, date: dt.date) -> str:
    """Commit everything in ``repo`` (``git init`` first if needed); the new commit's id."""
    if not (repo / ".git").exists():
        git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()
