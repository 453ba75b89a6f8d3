"""The settings: read once from the settings file, typed, with errors that name the key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.settings import Settings, SettingsError, load_settings
from tests.conftest import AS_OF, PROJECT, copy_project


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
    assert settings.canonical_url == "https://briefings.example.org"
    assert settings.stale_months == 12
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
