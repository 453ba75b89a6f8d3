"""``briefings check``: every mistake reported at its place, with a fix, never a crash.

Each folder under tests/fixtures/checks/ except ``base`` is one kind of mistake: its
files replace those of the minimal valid corpus in ``base`` (synthetic test content),
and its ``expected.txt`` holds exactly the lines ``briefings check`` must print.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import BuildError, check, load_settings
from tests.conftest import AS_OF, PROJECT, build_project, copy_project

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
CASES = sorted(path.name for path in FIXTURES.iterdir() if (path / "expected.txt").exists())
BRIEFINGS = str(Path(sys.executable).parent / "briefings")


def fixture_project(target: Path, case: str | None = None) -> Path:
    """The base corpus with the case's files laid over it, and the project's settings."""
    shutil.copytree(FIXTURES / "base", target, dirs_exist_ok=True)
    if case is not None:
        ignore = shutil.ignore_patterns("expected.txt")
        shutil.copytree(FIXTURES / case, target, dirs_exist_ok=True, ignore=ignore)
    shutil.copy2(PROJECT / "pelicanconf.py", target / "pelicanconf.py")
    (target / "theme").symlink_to(PROJECT / "theme")
    return target


def check_lines(project: Path) -> list[str]:
    _, problems = check(load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF}))
    return [str(problem) for problem in problems]


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BRIEFINGS, "--settings", str(project / "pelicanconf.py"), "--as-of", AS_OF.isoformat(),
         "check", *args],
        capture_output=True, text=True, check=False, timeout=120,
    )


def expected(case: str) -> list[str]:
    return (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_the_base_corpus_has_no_problem(tmp_path: Path) -> None:
    assert check_lines(fixture_project(tmp_path)) == []


@pytest.mark.parametrize("case", CASES)
def test_each_mistake_is_reported_exactly_once_at_its_place(tmp_path: Path, case: str) -> None:
    assert check_lines(fixture_project(tmp_path, case)) == expected(case)
