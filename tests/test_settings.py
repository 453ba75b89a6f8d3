"""The settings: read once from the settings file, typed, with errors that name the key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.settings import Settings, SettingsError, load_settings
from tests.conftest import AS_OF, PROJECT, copy_project
from tests.tooling.git import commit_all, git

COMMITTED = dt.date(2026, 11, 20)
TODAY = dt.date(2026, 12, 6)
"""The clock's date, passed in: the tests never read the real clock."""


def settings_with(tmp_path: Path, lines: str, **overrides: object) -> Settings:
    project = copy_project(tmp_path)
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings_file:
        settings_file.write(f"\n{lines}\n")
    return load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF, **overrides})


def test_the_shipped_settings_give_typed_values_and_defaults() -> None:
    settings = load_settings(PROJECT / "pelicanconf.py", {"BRIEFINGS_AS_OF": "2026-11-25"})
    assert settings.content_dir == PROJECT / "content"
    assert settings.theme_dir == PROJECT / "theme"
    assert settings.output_dir == PROJECT / "output"
    assert settings.cache_dir == PROJECT / ".briefings-cache"
    assert settings.as_of == dt.date(2026, 11, 25)
    assert settings.canonical_url == ""
    assert settings.stale_months == 12
    assert settings.review_months == 6
    assert settings.pdf_variant == "pdf/ua-1"
    assert settings.workers is None
    assert settings.include_drafts is False


def test_pelican_and_templates_read_the_same_values_as_the_code(tmp_path: Path) -> None:
    """Templates read Pelican's dictionary: the resolved date and the cleaned address."""
    settings = settings_with(tmp_path, 'SITEURL_CANONICAL = "https://example.org/briefs/"')
    assert settings.canonical_url == "https://example.org/briefs"
    assert settings.pelican["SITEURL_CANONICAL"] == "https://example.org/briefs"
    assert settings.pelican["BRIEFINGS_AS_OF"] == AS_OF
    assert settings.pelican["OUTPUT_PATH"] == str(settings.output_dir)
    changed = settings.replace(output_dir=tmp_path / "elsewhere", pdf_links=False)
    assert changed.pelican["OUTPUT_PATH"] == str(tmp_path / "elsewhere")
    assert changed.pelican["BRIEFINGS_PDF"] is False
    assert changed.cache_dir == settings.cache_dir  # the cache stays where it was


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("BRIEFINGS_STALE_MONTHS = 0", "BRIEFINGS_STALE_MONTHS must be a whole number of months"),
        ('BRIEFINGS_STALE_MONTHS = "12"', "BRIEFINGS_STALE_MONTHS must be a whole number"),
        ("BRIEFINGS_STALE_MONTHS = True", "BRIEFINGS_STALE_MONTHS must be a whole number"),
        ("BRIEFINGS_REVIEW_MONTHS = 0", "BRIEFINGS_REVIEW_MONTHS must be a whole number of months"),
        ('BRIEFINGS_PDF_VARIANT = "pdf/x-4"', 'BRIEFINGS_PDF_VARIANT must be "pdf/ua-1"'),
        ("BRIEFINGS_WORKERS = 0", "BRIEFINGS_WORKERS must be a whole number of processes"),
        ("SITENAME = 7", "SITENAME"),
    ],
)
def test_a_wrong_value_is_refused_with_its_key_and_value(
    tmp_path: Path, line: str, message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        settings_with(tmp_path, line)


def test_every_wrong_value_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as refused:
        settings_with(tmp_path, 'BRIEFINGS_STALE_MONTHS = 0\nBRIEFINGS_PDF_VARIANT = "x"')
    assert "BRIEFINGS_STALE_MONTHS" in str(refused.value)
    assert "BRIEFINGS_PDF_VARIANT" in str(refused.value)


def test_an_as_of_date_that_is_not_a_day_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="BRIEFINGS_AS_OF"):
        settings_with(tmp_path, "", BRIEFINGS_AS_OF="2026-13-01")
    with pytest.raises(SettingsError, match="BRIEFINGS_AS_OF must be a date"):
        settings_with(tmp_path / "again", "", BRIEFINGS_AS_OF=20261201)


def test_the_command_line_workers_reach_the_settings(tmp_path: Path) -> None:
    assert settings_with(tmp_path, "", BRIEFINGS_WORKERS=3).workers == 3


@pytest.fixture
def committed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project committed on ``COMMITTED``, with ``output/`` ignored as ours is."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = copy_project(tmp_path / "project")
    (project / ".gitignore").write_text("/output/\n", encoding="utf-8")
    commit_all(project, COMMITTED)
    return project


def as_of(project: Path, **overrides: object) -> tuple[dt.date | None, str]:
    settings = load_settings(project / "pelicanconf.py", overrides, today=TODAY)
    return settings.as_of, settings.as_of_rule


def test_a_clean_work_tree_is_as_of_its_last_commit(committed: Path) -> None:
    (committed / "output").mkdir()
    (committed / "output" / "index.html").write_text("built", encoding="utf-8")
    (committed / "notes.txt").write_text("not content", encoding="utf-8")
    assert as_of(committed) == (COMMITTED, "last commit")


def test_a_modified_file_is_checked_as_of_the_day_a_commit_would_carry(committed: Path) -> None:
    with (committed / "content" / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write("# an edit\n")
    assert as_of(committed) == (TODAY, "uncommitted changes")
    git(committed, "add", "--all")  # staged, still not committed
    assert as_of(committed) == (TODAY, "uncommitted changes")
    commit_all(committed, COMMITTED + dt.timedelta(days=1))
    assert as_of(committed) == (COMMITTED + dt.timedelta(days=1), "last commit")


def test_a_new_file_in_the_content_is_an_uncommitted_change(committed: Path) -> None:
    (committed / "content" / "new.md").write_text("new", encoding="utf-8")
    assert as_of(committed) == (TODAY, "uncommitted changes")


def test_a_date_given_or_source_date_epoch_wins_over_uncommitted_changes(
    committed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (committed / "content" / "new.md").write_text("new", encoding="utf-8")
    assert as_of(committed, BRIEFINGS_AS_OF="2026-01-02") == (dt.date(2026, 1, 2), "settings")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")  # 2026-01-02 00:00 UTC
    assert as_of(committed) == (dt.date(2026, 1, 2), "SOURCE_DATE_EPOCH")


def test_outside_git_the_site_takes_the_latest_review_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert as_of(copy_project(tmp_path)) == (None, "content")


def test_new_content_is_dated_as_the_build_will_date_it(committed: Path) -> None:
    """A clean tree is as of its last commit, but the files ``new`` writes make it
    dirty: they carry today's date, which the next check and build use too."""
    load = load_settings
    assert load(committed / "pelicanconf.py", today=TODAY).dated_now(TODAY) == TODAY
    given = load(committed / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF}, today=TODAY)
    assert given.dated_now(TODAY) == AS_OF


def test_only_an_as_of_date_of_uncommitted_work_is_explained(committed: Path) -> None:
    settings = load_settings(committed / "pelicanconf.py", today=TODAY)
    assert settings.as_of_note() is None
    (committed / "content" / "new.md").write_text("new", encoding="utf-8")
    note = load_settings(committed / "pelicanconf.py", today=TODAY).as_of_note()
    assert note is not None
    assert "as of today, 2026-12-06" in note
