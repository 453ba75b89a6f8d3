"""The PDF timing of the bench: what it times is the product's rendering of the page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from benchmarks.pdf_speed import LOOKS, pdf_seconds_per_brief, render_times

FIXTURE_SITE = Path(__file__).parents[1] / "fixtures" / "pdf" / "site"
PAGE = "relationships/gamma-delta/index.html"
A4_WIDTH, A5_WIDTH = 595, 420  # points, as WeasyPrint rounds them


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The synthetic PDF fixture site, with the web font its print stylesheet names."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    font = subprocess.run(
        ["fc-match", "--format=%{file}", "DejaVu Sans"], capture_output=True, text=True
    ).stdout
    if not font.endswith(".ttf"):
        pytest.skip("no TrueType DejaVu Sans")
    (site / "theme/fonts").mkdir()
    shutil.copyfile(font, site / "theme/fonts/fixture-sans.ttf")
    return site


def test_seconds_per_brief_are_measured_with_and_without_the_stylesheet(site: Path) -> None:
    seconds = pdf_seconds_per_brief(site, PAGE, runs=1)

    assert sorted(seconds) == sorted(LOOKS)
    assert all(value > 0 for value in seconds.values())


def test_without_its_stylesheet_the_page_renders_in_weasyprints_default_look(
    site: Path, tmp_path: Path
) -> None:
    seconds = render_times(site, PAGE, runs=2, keep=tmp_path)
    styled, bare = (PdfReader(tmp_path / f"{look}.pdf") for look in LOOKS)

    assert {look: len(times) for look, times in seconds.items()} == {"styled": 2, "bare": 2}
    # The print stylesheet sets A5 pages and a running footer; WeasyPrint's default is A4.
    assert round(float(styled.pages[0].mediabox.width)) == A5_WIDTH
    assert round(float(bare.pages[0].mediabox.width)) == A4_WIDTH
    assert "Page 1 of" in styled.pages[0].extract_text()
    assert "Page 1 of" not in bare.pages[0].extract_text()
