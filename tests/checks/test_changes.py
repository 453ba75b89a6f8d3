"""Which files a change touched, for ``briefings check --strict --changed-since``.

The repositories are built here, with fixed commit dates (tests/tooling/git.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.checks import ChangesError, changed_files, is_failing
from generator.problems import error, warning
from tests.tooling.git import commit_all, git

DAY = dt.date(2026, 11, 25)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose project is a folder below its top, with a commit on main."""
    project = tmp_path / "repo" / "site"
    for name in ("content/a.yaml", "content/b.yaml", "content/c.yaml", "content/d.yaml"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("# synthetic test content\n", encoding="utf-8")
    (project.parent / "outside.txt").write_text("not the project's\n", encoding="utf-8")
    (project / ".gitignore").write_text("ignored.yaml\n", encoding="utf-8")
    commit_all(project.parent, DAY)
    return project


def touch(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")


def test_committed_uncommitted_staged_and_new_files_count_relative_to_the_project(
    repo: Path,
) -> None:
    git(repo, "switch", "--quiet", "-c", "change")
    touch(repo / "content/a.yaml")
    touch(repo.parent / "outside.txt")
    commit_all(repo.parent, DAY)
    touch(repo / "content/b.yaml")
    touch(repo / "content/c.yaml")
    git(repo, "add", "content/c.yaml")
    (repo / "content/new.yaml").write_text("# synthetic\n", encoding="utf-8")
    (repo / "content/ignored.yaml").write_text("# synthetic\n", encoding="utf-8")

    assert changed_files(repo, "main") == {
        "content/a.yaml",
        "content/b.yaml",
        "content/c.yaml",
        "content/new.yaml",
    }


def test_commits_on_the_base_after_the_branch_left_it_are_not_the_change(repo: Path) -> None:
    git(repo, "switch", "--quiet", "-c", "change")
    touch(repo / "content/a.yaml")
    commit_all(repo.parent, DAY)
    git(repo, "switch", "--quiet", "main")
    touch(repo / "content/d.yaml")
    commit_all(repo.parent, DAY)
    git(repo, "switch", "--quiet", "change")

    assert changed_files(repo, "main") == {"content/a.yaml"}


def test_an_unknown_revision_is_explained(repo: Path) -> None:
    with pytest.raises(ChangesError, match=r"--changed-since nowhere: git cannot compare"):
        changed_files(repo, "nowhere")


def test_errors_always_fail_warnings_only_in_changed_files_or_folders() -> None:
    changed = frozenset({"content/a.yaml", "content/relationships/fi-is/index.md"})
    in_changed = warning("content/a.yaml", 1, 1, "synthetic")
    in_folder = warning("content/relationships/fi-is", 1, 1, "synthetic")
    elsewhere = warning("content/b.yaml", 1, 1, "synthetic")
    broken = error("content/b.yaml", 1, 1, "synthetic")

    assert [is_failing(p, strict=True, changed=changed) for p in (in_changed, in_folder)] == [
        True,
        True,
    ]
    assert not is_failing(elsewhere, strict=True, changed=changed)
    assert is_failing(broken, strict=True, changed=changed)
    assert is_failing(elsewhere, strict=True, changed=None)
    assert not is_failing(in_changed, strict=False, changed=changed)
