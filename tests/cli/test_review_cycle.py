"""A pull request answers for what it changed; the review cycle for the rest.

``briefings check --strict --changed-since REV`` in a repository built here, whose
commits have fixed dates: the as-of date is the last commit's, as it is in CI. And
``briefings review`` as text, as JSON, and as the issue the weekly workflow keeps.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.cli import main
from tests.checks.test_review import review_project
from tests.conftest import AS_OF, PROJECT
from tests.tooling.git import commit_all, git

DATA = "content/relationships/fi-is/data.yaml"
INDEX = "content/relationships/fi-is/index.md"
STALE = ': warning: figure "old-period" is stale'


def briefings(project: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """``briefings ARGS`` in ``project``, as of its last commit's date unless told (work
    not yet committed is as of "today", here ``AS_OF``)."""
    code = main(["--settings", str(project / "pelicanconf.py"), *args], today=AS_OF)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The synthetic corpus with stale figures, committed on main a year before ``AS_OF``
    (nothing stale then), and a branch ``change`` from there."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = review_project(tmp_path / "project")
    commit_all(project, dt.date(2025, 6, 30))
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
    commit_all(repo, AS_OF)

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
    commit_all(repo, AS_OF)

    code, out = briefings(repo, "check", "--strict", "--changed-since", "main", capsys=capsys)
    assert code == 1
    assert out.splitlines()[0].startswith(f"{DATA}:6:33{STALE}")
    assert "Not failing" not in out


def test_an_uncommitted_edit_is_part_of_the_change(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit_all(repo, AS_OF)  # nothing changed: only the as-of date moves
    code, _ = briefings(repo, "check", "--strict", "--changed-since", "main", capsys=capsys)
    assert code == 0
    append_comment(repo / DATA)
    code, _ = briefings(repo, "check", "--strict", "--changed-since", "main", capsys=capsys)
    assert code == 1


def test_json_says_which_problems_fail(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit_all(repo, AS_OF)  # nothing changed: only the as-of date moves
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


# --- briefings review -----------------------------------------------------------------


def test_review_lists_what_is_due_as_text_and_json_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = review_project(tmp_path)
    as_of = ("--as-of", AS_OF.isoformat())
    code, out = briefings(project, *as_of, "review", capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 5 and lines[-1] == "4 due as of 2026-11-25"
    assert lines[0].startswith(f"{DATA}:6:33: due since 1 July 2025 (512 days): ")

    code, out = briefings(project, *as_of, "review", "--format", "json", capsys=capsys)
    assert code == 0
    report = json.loads(out)
    assert report["as_of"] == "2026-11-25"
    assert [item["kind"] for item in report["due"]] == [
        "stale figure",
        "source access",
        "briefing review",
        "stale figure",
    ]
    assert report["due"][1] == {
        "path": "content/sources.yaml",
        "line": 16,
        "column": 15,
        "kind": "source access",
        "since": "2026-06-10",
        "overdue_days": 168,
        "message": 'source "report-2025" needs visiting again: last accessed on 10 June 2025; '
        "check it still says what the briefings cite",
    }


def test_the_weekly_issue_lists_each_due_item_linked_to_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The review workflow's own step writes the issue from ``briefings review``'s JSON."""
    workflow = YAML(typ="safe").load(PROJECT / ".github/workflows/review.yml")
    (step,) = [
        s for job in workflow["jobs"].values() for s in job["steps"] if s.get("id") == "text"
    ]
    project = review_project(tmp_path / "project")
    for as_of, due in ((AS_OF, 4), (dt.date(2025, 6, 30), 0)):
        code, out = briefings(
            project, "--as-of", as_of.isoformat(), "review", "--format", "json", capsys=capsys
        )
        assert code == 0
        (tmp_path / "due.json").write_text(out, encoding="utf-8")
        output = tmp_path / "output"
        env = {
            **os.environ,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REPOSITORY": "example/briefings",
            "GITHUB_SHA": "0" * 40,
            "GITHUB_OUTPUT": str(output),
        }
        subprocess.run([sys.executable, "-c", step["run"]], cwd=tmp_path, env=env, check=True)
        body = (tmp_path / "issue.md").read_text(encoding="utf-8").splitlines()
        assert output.read_text(encoding="utf-8").splitlines()[-1] == f"due={due}"
        items = [line for line in body if line.startswith("- [ ] ")]
        assert len(items) == due
        if due:
            assert items[0] == (
                f"- [ ] [`{DATA}:6:33`](https://github.com/example/briefings/blob/{'0' * 40}/"
                f"{DATA}#L6) stale figure, due since 2025-07-01 (512 days): figure "
                '"old-period" needs a newer source: its period ended in June 2024'
            )
        else:
            assert body[-1] == "Nothing is due."


def test_review_of_content_that_fails_to_load_says_so_and_still_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = review_project(tmp_path)
    sources = project / "content/sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("accessed: 2025-06-10", "accessed: soon"),
        encoding="utf-8",
    )
    code = main(["--settings", str(project / "pelicanconf.py"), "--as-of", "2026-11-25", "review"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "report-2025" not in out and out.splitlines()[-1] == "3 due as of 2026-11-25"
    assert err == (
        "briefings: 1 problems in the content leave items out of this list; "
        "`briefings check` shows them\n"
    )
