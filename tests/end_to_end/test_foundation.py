"""The shipped Türkiye–Kazakhstan briefing, built end to end as a page and a PDF."""

from __future__ import annotations

import posixpath
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.engine import BuildError
from tests.conftest import BuiltSite, build_project, copy_project
from tests.tooling.pdf import pdf_text, qpdf_check

KZ_TR = "relationships/kz-tr/"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_home_page_links_to_the_briefing(built_site: BuiltSite) -> None:
    home = soup(built_site.page("index.html"))
    links = {posixpath.normpath(a["href"]) for a in home.find_all("a")}
    assert f"{KZ_TR}index.html" in links
    assert (built_site.root / KZ_TR / "index.html").exists()


def test_key_figures_show_value_period_and_numbered_source(built_site: BuiltSite) -> None:
    page = soup(built_site.page(KZ_TR))
    panel = page.find("section", class_="key-figures")
    figures = {
        fig.dt.get_text(strip=True): fig.find("dd", class_="figure__value").get_text(
            " ", strip=True
        )
        for fig in panel.find_all("div", class_="figure")
    }
    assert figures["Bilateral trade"] == "$8.95 billion"
    assert figures["Trade target"] == "$15 billion (TRY 650.44 billion)"
    assert figures["Turkish-owned companies in Kazakhstan"] == "more than 3,000 companies"
    assert figures["Turkish investment in Kazakhstan (cumulative)"] == "about $5.8 billion"
    assert figures["Kazakhstan's rank among Türkiye's oil suppliers"] == "3rd"
    trade = panel.find("div", class_="figure")
    assert "January–November 2025" in trade.get_text()
    citation = trade.find("a", href="#source-1")
    assert citation is not None
    source = page.find(id="source-1")
    assert "Joint Strategic Planning Group" in source.get_text()


def test_names_keep_their_diacritics(built_site: BuiltSite) -> None:
    page = soup(built_site.page(KZ_TR))
    # A source's address is printed as published ("…-i-Erdogana.html"): not prose.
    for address in page.select(".source__url"):
        address.decompose()
    text = page.get_text()
    assert "Recep Tayyip Erdoğan" in text
    assert "Erdoan" not in text and "Erdogan" not in text


def test_events_and_mechanisms_are_listed(built_site: BuiltSite) -> None:
    text = soup(built_site.page(KZ_TR)).get_text(" ")
    assert "Fifth meeting of the High-Level Strategic Cooperation Council" in text
    assert "29 July 2025" in text
    assert "Eighth meeting of the Joint Strategic Planning Group" in text
    for mechanism in ("High-Level Strategic Cooperation Council", "Joint Economic Commission"):
        assert mechanism in text


def test_page_offers_the_pdf_with_its_size(built_site: BuiltSite) -> None:
    link = soup(built_site.page(KZ_TR)).find("a", class_="pdf-link")
    assert link["href"] == "kz-tr-brief.pdf"
    assert "PDF" in link.get_text() and "KB" in link.get_text()
    assert (built_site.root / KZ_TR / "kz-tr-brief.pdf").stat().st_size > 10_000


def test_pdf_passes_qpdf_and_shows_figures_with_sources(built_site: BuiltSite) -> None:
    pdf = built_site.root / KZ_TR / "kz-tr-brief.pdf"
    assert qpdf_check(pdf) is None
    text = pdf_text(pdf)
    for expected in (
        "$8.95 billion",
        "$15 billion",
        "3,000",
        "$5.8 billion",
        "Recep Tayyip Erdoğan",
        "Sources",
    ):
        assert expected in text
    assert "Joint Strategic Planning Group" in text


def test_no_page_is_rendered_by_python_markdown(built_site: BuiltSite) -> None:
    """Our reader owns .md; Pelican's default reader would add no heading anchors."""
    narrative = soup(built_site.page(KZ_TR)).find("section", class_="narrative")
    assert narrative.find("a", class_="header-anchor") is not None


def test_broken_front_matter_is_reported_with_path_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    index = project / "content" / KZ_TR / "index.md"
    lines = index.read_text(encoding="utf-8").splitlines()
    lines[3] = "status: [published"
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build_project(project, pdf=False)
    messages = [str(problem) for problem in caught.value.problems]
    assert any(m.startswith("content/relationships/kz-tr/index.md:") for m in messages), messages


def test_cli_build_reports_content_errors_without_traceback(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    data = project / "content" / KZ_TR / "data.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("value: 8.95", "value: lots"), encoding="utf-8"
    )
    run = subprocess.run(
        [
            str(Path(sys.executable).parent / "briefings"),
            "--as-of",
            "2026-11-25",
            "build",
            "--no-pdf",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "content/relationships/kz-tr/data.yaml:5:12: error:" in run.stderr
