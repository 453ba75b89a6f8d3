"""Meeting briefs: the page and PDF a principal takes into one meeting, put together from
the briefing, and the command that renders one on demand."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.cli import main
from generator.engine import check
from generator.settings import load_settings
from tests.conftest import AS_OF, PROJECT, BuiltSite, copy_project
from tests.tooling.pdf import pdf_text

JSPG_8 = "relationships/kz-tr/meetings/jspg-8/"
HLSCC_5 = "relationships/kz-tr/meetings/hlscc-5/"


def page_text(site: BuiltSite, url: str) -> str:
    page = BeautifulSoup(site.page(url).read_text("utf-8"), "html.parser")
    return " ".join(page.main.get_text().split())


def test_the_eighth_planning_group_brief_holds_what_the_minister_needs(
    built_site: BuiltSite,
) -> None:
    pdf = " ".join(pdf_text(built_site.root / JSPG_8 / "kz-tr-jspg-8-brief.pdf").split())
    for text in (page_text(built_site, JSPG_8), pdf):
        assert "2 February 2026" in text and "Ankara" in text
        assert "Ways to reach the $15 billion trade target" in text
        assert "Afghanistan, Iran and Palestine" in text
        assert "Hakan Fidan: Minister of Foreign Affairs of Türkiye" in text
        assert "Yermek Kosherbayev: Minister of Foreign Affairs of Kazakhstan" in text
        assert "Target: $15 billion (as of 1 February 2026)." in text
        assert "Latest figure: $8.95 billion (January–November 2025)." in text
        assert "No target year given." in text
        assert "No earlier meeting recorded." in text
        assert "Fifth meeting of the High-Level Strategic Cooperation Council" in text
        assert "The two sides also signed 20 agreements" in text


def test_a_meeting_brief_names_the_meeting_before_it_and_what_it_produced(
    built_site: BuiltSite,
) -> None:
    text = page_text(built_site, HLSCC_5)
    previous = text.split("The previous meeting", 1)[1].removeprefix(" #").lstrip()
    assert previous.startswith("Fourth meeting of the High-Level Strategic Cooperation")
    assert "No earlier meeting recorded." not in text


def test_every_meeting_and_visit_has_a_brief_linked_from_its_briefing_and_mechanism(
    built_site: BuiltSite,
) -> None:
    for page in ("relationships/kz-tr/", "mechanisms/tr-kz-jspg/", "tr/relationships/kz-tr/"):
        links = BeautifulSoup(built_site.page(page).read_text("utf-8"), "html.parser")
        found = [a["href"] for a in links.select(".event__brief a")]
        assert any(href.endswith("meetings/jspg-8/index.html") for href in found), page
    assert (built_site.root / "tr" / JSPG_8 / "kz-tr-jspg-8-brief.pdf").is_file()
    turkish = page_text(built_site, f"tr/{JSPG_8}")
    assert "Daha önceki bir toplantı kayıtlı değil." in turkish
    assert "Hedef: 15 milyar ABD doları" in turkish


def test_brief_renders_one_meeting_on_demand(tmp_path: Path) -> None:
    output = tmp_path / "brief.pdf"
    settings = ["--settings", str(PROJECT / "pelicanconf.py"), "--as-of", AS_OF.isoformat()]
    assert main([*settings, "brief", "jspg-8", "--output", str(output)]) == 0
    assert "Eighth meeting of the Joint Strategic" in pdf_text(output)


def test_brief_of_an_unknown_meeting_names_the_closest_known_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = ["--settings", str(PROJECT / "pelicanconf.py"), "--as-of", AS_OF.isoformat()]
    assert main([*settings, "brief", "jspg-9"]) != 0
    [line] = capsys.readouterr().err.strip().splitlines()[-1:]
    assert line == (
        'briefings: error: no meeting or visit "jspg-9" in the briefings; known ones '
        "closest to it: jspg-8, jspg-4"
    )


def test_a_target_and_its_figures_in_other_units_is_a_located_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    data = project / "content/relationships/kz-tr/data.yaml"
    text = data.read_text("utf-8")
    data.write_text(text.replace("    target: trade-target\n", "    target: turkish-companies\n"))
    settings = load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF})
    found = [str(p) for p in check(settings)[1] if "is in" in p.message]
    assert found, "a target in companies against trade in dollars"
    assert all(p.startswith("content/relationships/kz-tr/data.yaml:") for p in found)
    assert any(
        'target "turkish-companies" is in companies, but figure "trade-volume" of measure '
        '"bilateral-trade" is in USD billion' in problem
        for problem in found
    )
