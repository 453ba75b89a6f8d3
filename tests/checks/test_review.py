"""``briefings review``: what is due, at its place, since when, the longest overdue first.

The corpus is the synthetic one of tests/checks/ (``base`` with the stale figures of
``stale_figures``) with the sources of tests/fixtures/review/ over it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.checks import DueKind
from generator.engine import check, review
from generator.settings import load_settings
from tests.checks.test_checks import fixture_project
from tests.conftest import AS_OF

REVIEW_FIXTURE = Path(__file__).parents[1] / "fixtures" / "review"


def review_project(target: Path) -> Path:
    project = fixture_project(target, "stale_figures")
    shutil.copytree(REVIEW_FIXTURE, project, dirs_exist_ok=True)
    return project


def due_lines(project: Path, as_of: dt.date = AS_OF, **settings: object) -> list[str]:
    overrides = {"BRIEFINGS_AS_OF": as_of, **settings}
    _, due, problems = review(load_settings(project / "pelicanconf.py", overrides))
    assert problems == []
    return [str(item) for item in due]


def test_each_kind_of_due_item_is_listed_at_its_place_the_longest_overdue_first(
    tmp_path: Path,
) -> None:
    assert due_lines(review_project(tmp_path)) == [
        "content/relationships/fi-is/data.yaml:6:33: due since 1 July 2025 (512 days): "
        'figure "old-period" needs a newer source: its period ended in June 2024',
        "content/sources.yaml:16:15: due since 10 June 2026 (168 days): source "
        '"report-2025" needs visiting again: last accessed on 10 June 2025; check it still '
        "says what the briefings cite",
        "content/relationships/fi-is/index.md:6:11: due since 1 September 2026 (85 days): "
        'briefing "Finland–Iceland" needs reading again against its sources: last reviewed '
        "on 1 March 2026, every 6 months",
        "content/relationships/fi-is/data.yaml:12:12: due since 1 November 2026 (24 days): "
        'figure "old-as-of" needs a newer source: it holds as of 31 October 2025',
    ]


def test_a_briefing_falls_due_on_the_day_its_review_interval_ends(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    assert due_lines(project, dt.date(2026, 8, 31)) == []
    assert due_lines(project, dt.date(2026, 9, 1)) == [
        "content/relationships/fi-is/index.md:6:11: due since 1 September 2026 (0 days): "
        'briefing "Finland–Iceland" needs reading again against its sources: last reviewed '
        "on 1 March 2026, every 6 months"
    ]
    assert due_lines(project, dt.date(2026, 9, 1), BRIEFINGS_REVIEW_MONTHS=7) == []


def test_a_draft_briefing_is_not_due_for_review(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    index = project / "content/relationships/fi-is/index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("status: published", "status: draft"),
        encoding="utf-8",
    )
    assert due_lines(project, dt.date(2026, 9, 1)) == []


@pytest.mark.parametrize("as_of", [dt.date(2026, 10, 31), dt.date(2026, 11, 1), AS_OF])
def test_a_figure_is_due_exactly_when_check_warns_that_it_is_stale(
    tmp_path: Path, as_of: dt.date
) -> None:
    project = review_project(tmp_path)
    settings = load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": as_of})
    _, problems = check(settings)
    _, due, _ = review(settings)
    warned = [(p.path, p.line, p.column) for p in problems if "is stale" in p.message]
    listed = [(d.path, d.line, d.column) for d in due if d.kind is DueKind.STALE_FIGURE]
    assert sorted(listed) == warned
    assert len(warned) == (1 if as_of.month == 10 else 2)
