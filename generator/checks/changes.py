"""Which warnings a pull request answers for: those in the files it changed.

The as-of date moves with every commit, so a figure in a file nobody touched can turn
stale under a contributor's feet. ``briefings check --strict --changed-since REV`` still
fails on every error, but on a warning only where the change since ``REV`` wrote; the
rest is for the review cycle (``briefings review``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.problems import Problem


class ChangesError(ValueError):
    """git could not say what changed: not a repository, or an unknown revision."""


def changed_files(project_dir: Path, since: str) -> frozenset[str]:
    """The files under ``project_dir`` (relative to it, as problems name them) that differ
    from the merge base of ``since`` and ``HEAD``: committed since, changed but not yet
    committed, or new and not ignored."""
    listings = (
        ["diff", "--name-only", "-z", "--relative", f"{since}...HEAD", "--"],
        ["diff", "--name-only", "-z", "--relative", "HEAD", "--"],
        ["ls-files", "-z", "--others", "--exclude-standard"],
    )
    return frozenset(name for args in listings for name in _git(project_dir, since, args))


def _git(project_dir: Path, since: str, args: list[str]) -> list[str]:
    try:
        done = subprocess.run(
            ["git", "-C", str(project_dir), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ChangesError(f"--changed-since {since}: could not run git ({exc})") from exc
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["git failed"])[0]
        raise ChangesError(
            f"--changed-since {since}: git cannot compare with it ({reason}); name a commit or "
            "branch of this repository, fetched with enough history to find the merge base"
        )
    return [name for name in done.stdout.split("\0") if name]


def is_failing(problem: Problem, *, strict: bool, changed: frozenset[str] | None) -> bool:
    """Whether ``problem`` fails the check: every error; with ``strict``, a warning too,
    unless ``changed`` is given and the warning is in none of its files (or folders)."""
    if problem.is_error:
        return True
    if not strict:
        return False
    return changed is None or any(_within(name, problem.path) for name in changed)


def _within(name: str, path: str) -> bool:
    return name == path or name.startswith(path.rstrip("/") + "/")
