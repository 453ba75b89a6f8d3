"""Shared fixtures: one real build of the shipped content, reused by every test module.

Building runs real Pelican and real WeasyPrint; doing it once per session keeps the
suite fast. Tests that need other content build small fixture trees with
``build_project``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from generator.engine import BuildResult, build
from generator.settings import load_settings
from tests.tooling.browser import launch_chromium, serve_directory

PROJECT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 25)
"""Tests build "as of" a fixed date, so what is past, upcoming or stale never drifts."""


@dataclass
class BuiltSite:
    root: Path
    result: BuildResult

    def page(self, url: str) -> Path:
        return self.root / url / "index.html" if not url.endswith(".html") else self.root / url

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))


def copy_project(target: Path) -> Path:
    """A throwaway copy of the project's content, theme and settings (and the map of
    the theme's interface strings) to build or break."""
    for name in ("content", "theme"):
        shutil.copytree(PROJECT / name, target / name)
    for name in ("pelicanconf.py", "publishconf.py", "babel.cfg"):
        if (PROJECT / name).exists():
            shutil.copy2(PROJECT / name, target / name)
    return target


def build_project(project: Path, *, workers: int | None = None, **options: Any) -> BuildResult:
    settings = load_settings(
        project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF, "BRIEFINGS_WORKERS": workers}
    )
    return build(settings, **options)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = build_project(project, workers=2)
    yield BuiltSite(result.output_dir, result)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the whole session; tests open their own contexts."""
    with launch_chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    """The shared build served over HTTP on 127.0.0.1 (no trailing slash)."""
    with serve_directory(built_site.root) as base:
        yield base
