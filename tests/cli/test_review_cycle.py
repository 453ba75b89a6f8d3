"""A pull request answers for what it changed; the review cycle for the rest.

``briefings check --strict --changed-since REV`` in a repository built here, whose
commits have fixed dates: the as-of date is the last commit's, as it is in CI.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.cli import main
from tests.checks.test_review import review_project
from tests.conftest import AS_OF
from tests.tooling.git_repo import commit_all, git

DATA = "content/relationships/fi-is/data.yaml"
INDEX = "content/relationships/fi-is/index.md"
STALE = ': warning: figure "old-period" is stale'


def briefings(project: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """``briefings ARGS`` in ``project``, with no as-of date but the last commit's."""
    code = main(["--settings", str(project / "pelicanconf.py"), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The synthetic corpus with stale figures, committed on main a year before ``AS_OF``
    (nothing stale then), and a branch ``change`` from there."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = review_project(tmp_path / "project")
    commit_all(project, "synthetic corpus", dt.date(2025, 6, 30))
    git(project, "switch", "--quiet", "-c", "change")
    return project


def append_comment(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# synthetic edit\n", encoding="utf-8")


def test_a_stale_figure_in_a_file_the_change_left_alone_does_not_fail(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Committing moved the as-of date, so the figures turned stale: strict fails, the
    check of the change passes and still shows them."""
    append_comment(repo / INDEX)
    commit_all(repo, "edit the narrative", AS_OF)

    code, out = briefings(repo, "check", "--strict", capsys=capsys)
    assert code == 1 and STALE in out

    code, out = briefings(repo, "check", "--strict", "--changed-since", "main", capsys=capsys)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "Not failing, in files unchanged since main:"
    assert lines[1].startswith(f"{DATA}:6:33{STALE}")
    assert lines[-1] == "0 errors, 2 warnings (2 not failing)"


def test_the_same_stale_figure_fails_once_the_change_touches_its_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append_comment(repo / DATA)
    commit_all(repo, "edit the figures", AS_OF)

    code, out = briefings(repo, "check", "--strict", "--changed-since", "main", capsys=capsys)
    assert code == 1
    assert out.splitlines()[0].startswith(f"{DATA}:6:33{STALE}")
    assert "Not failing" not in out


def test_an_uncommitted_edit_is_part_of_the_change(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "commit", "--quiet", "--allow-empty", "-m", "move the as-of date", date=AS_OF)
    code, _ = briefings(repo, "check", "--strict", "--changed-since", "main", capsys=capsys)
    assert code == 0
    append_comment(repo / DATA)
    code, _ = briefings(repo, "check", "--strict", "--changed-since", "main", capsys=capsys)
    assert code == 1


def test_json_says_which_problems_fail(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "commit", "--quiet", "--allow-empty", "-m", "move the as-of date", date=AS_OF)
    args = ("check", "--strict", "--changed-since", "main", "--format", "json")
    code, out = briefings(repo, *args, capsys=capsys)
    assert code == 0
    assert [(p["path"], p["line"], p["failing"]) for p in json.loads(out)] == [
        (DATA, 6, False),
        (DATA, 12, False),
    ]


def test_changed_since_needs_strict_and_a_known_revision(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = briefings(repo, "check", "--changed-since", "main", capsys=capsys)
    assert code == 2 and "--changed-since goes with --strict" in out
    code, out = briefings(repo, "check", "--strict", "--changed-since", "nowhere", capsys=capsys)
    assert code == 2 and "briefings: error: --changed-since nowhere: git cannot compare" in out
    assert "Traceback" not in out
