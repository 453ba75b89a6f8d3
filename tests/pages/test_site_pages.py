"""Every page type of the website, read through a real HTML parser, plus vnu on all of it.

These tests look at the shared build of the shipped content (as of 2026-11-25), so
they name real pages: the Türkiye–Kazakhstan, United States–Türkiye and
Türkiye–Uzbekistan briefings and the people and mechanisms they cite.
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from generator.engine import BuildResult, build, check
from generator.model.registries import Office
from generator.model.relationships import Series
from generator.pages.comparisons import measure_comparisons
from generator.pages.entities import office_when
from generator.settings import load_settings
from generator.site import Site, SourceList
from generator.site.charts import series_chart
from tests.conftest import AS_OF, BuiltSite, copy_project
from tests.tooling.citations import MARKER, narrative_markers
from tests.tooling.vnu import validate_html

KZ_TR = "relationships/kz-tr/"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "site_pages"
TR_US = "relationships/tr-us/"

PAGE_TYPES = {
    "home": "index.html",
    "relationship": f"{TR_US}index.html",
    "revision history": f"{KZ_TR}changes/index.html",
    "changes since a date": f"{KZ_TR}changes/since-2026-02-01/index.html",
    "country": "countries/tr/index.html",
    "person": "people/erdogan/index.html",
    "mechanism": "mechanisms/tr-kz-jspg/index.html",
    "organization": "organizations/nato/index.html",
    "topic": "topics/trade/index.html",
    "timeline": "timeline/index.html",
    "timeline of one kind": "timeline/visit/index.html",
    "upcoming": "upcoming/index.html",
    "comparisons": "comparisons/index.html",
    "list": "countries/index.html",
    "not found": "404.html",
    "home in Turkish": "tr/index.html",
    "relationship in Turkish": f"tr/{KZ_TR}index.html",
    "country in Turkish": "tr/countries/kz/index.html",
}
"""One page of each type; the browser tests open the same ones."""


@cache
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup(site: BuiltSite, page: str) -> BeautifulSoup:
    return _parse(site.root / page)


def internal_target(site: BuiltSite, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points at; None for other hosts and schemes."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    base = site.root if parts.path.startswith("/") else page.parent
    target = Path(posixpath.normpath(str(base / unquote(parts.path).lstrip("/"))))
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def links_of(document: BeautifulSoup) -> list[str]:
    """Where links, resources and forms (a search box submits to its page) lead."""
    return [
        str(element.get("href") or element.get("src") or element.get("action"))
        for element in document.find_all(["a", "link", "script", "img", "form"])
        if element.get("href") or element.get("src") or element.get("action")
    ]


def test_every_page_type_is_written(built_site: BuiltSite) -> None:
    missing = [page for page in PAGE_TYPES.values() if not (built_site.root / page).is_file()]
    assert missing == []


def test_every_internal_link_resolves_to_a_file_and_its_anchor(built_site: BuiltSite) -> None:
    broken = []
    for page in built_site.html_files():
        for href in links_of(_parse(page)):
            found = internal_target(built_site, page, href)
            if found is None:
                continue
            target, fragment = found
            if not target.is_file() or not target.resolve().is_relative_to(built_site.root):
                broken.append(f"{page.relative_to(built_site.root)}: {href}")
            elif fragment and target.suffix == ".html" and _parse(target).find(id=fragment) is None:
                broken.append(f"{page.relative_to(built_site.root)}: {href} (no #{fragment})")
    assert broken == []


def test_every_page_is_reachable_from_the_home_page(built_site: BuiltSite) -> None:
    home = built_site.root / "index.html"
    seen, queue = {home}, deque([home])
    while queue:
        page = queue.popleft()
        for href in links_of(_parse(page)):
            found = internal_target(built_site, page, href)
            if found and found[0].suffix == ".html" and found[0].is_file() and found[0] not in seen:
                seen.add(found[0])
                queue.append(found[0])
    unreachable = {str(page.relative_to(built_site.root)) for page in built_site.html_files()} - {
        str(page.relative_to(built_site.root)) for page in seen
    }
    assert unreachable == {"404.html"}


def test_all_html_is_valid(built_site: BuiltSite) -> None:
    assert validate_html([built_site.root]) == []


def test_home_lists_each_relationship_with_summary_last_update_and_pdf(
    built_site: BuiltSite,
) -> None:
    cards = soup(built_site, "index.html").select(".cards .card")
    titles = {card.h3.get_text(strip=True): card for card in cards}
    assert {"Türkiye–Kazakhstan", "United States–Türkiye", "Türkiye–Uzbekistan"} <= set(titles)
    card = titles["Türkiye–Kazakhstan"]
    assert "largest trading partner in Central Asia" in card.get_text()
    assert card.find("time", datetime="2026-12-06").find_parent(class_="meta") is not None
    pdf = card.find("a", class_="pdf-link")
    assert pdf["href"] == "./relationships/kz-tr/kz-tr-brief.pdf"
    assert "KB" in pdf.get_text()


def test_every_key_figure_cites_a_source_in_the_page_list(built_site: BuiltSite) -> None:
    for page in (f"{KZ_TR}index.html", f"{TR_US}index.html"):
        document = soup(built_site, page)
        listed = {li["id"] for li in document.select("section.sources ol > li")}
        figures = document.select(".key-figures .figure")
        assert figures, page
        for figure in figures:
            cited = [a["href"].removeprefix("#") for a in figure.select('a[href^="#source-"]')]
            assert cited and set(cited) <= listed, (page, figure.dt.get_text())
            assert figure.select_one(".figure__when").get_text(strip=True), figure.dt.get_text()


def test_stale_figures_carry_a_visible_marker(built_site: BuiltSite) -> None:
    document = soup(built_site, f"{TR_US}index.html")
    trade = document.find(id="figure-total-trade-2020")
    assert "figure--stale" in trade["class"]
    assert trade.find(class_="badge--stale").get_text(strip=True) == "Older than 12 months"
    assert document.find(id="figure-trade-volume") is None
    fresh = soup(built_site, f"{KZ_TR}index.html").find(id="figure-trade-target")
    assert fresh.find(class_="badge--stale") is None


def test_every_citation_on_every_page_points_into_its_source_list(built_site: BuiltSite) -> None:
    for page in built_site.html_files():
        document = _parse(page)
        listed = {li.get("id") for li in document.select("section.sources ol > li")}
        for link in document.select('a[href^="#source-"]'):
            assert link["href"].removeprefix("#") in listed, page


@pytest.fixture(scope="module")
def shipped(built_site: BuiltSite) -> Site:
    """The content the shared build was made from, loaded as the build loads it."""
    settings = load_settings(built_site.root.parent / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF})
    return check(settings)[0]


def test_narrative_citations_show_the_numbers_of_their_sources(
    built_site: BuiltSite, shipped: Site
) -> None:
    """The link and its accessible label are not enough: a reader sees the number."""
    for briefing in shipped.briefings:
        narrative = soup(built_site, f"{briefing.url}index.html").select_one("section.narrative")
        shown = [marker.get_text() for marker in narrative.select("sup.cite")]
        assert shown == narrative_markers(briefing), briefing.slug
        assert shown, f"{briefing.slug} cites no source in its narrative"


def test_every_citation_shows_its_numbers_between_brackets_as_the_source_list_numbers_them(
    built_site: BuiltSite,
) -> None:
    shown_outside_narratives = 0
    for page in built_site.html_files():
        document = _parse(page)
        listed = [li.get("id") for li in document.select("section.sources ol > li")]
        assert listed == [f"source-{number}" for number in range(1, len(listed) + 1)], page
        for marker in document.select("sup.cite"):
            text = marker.get_text()
            numbers = re.fullmatch(MARKER, text)
            assert numbers, f"{page}: citation marker {text!r}"
            links = marker.select("a")
            assert [a.get_text() for a in links] == numbers.group(1).split(", "), page
            assert [a["href"] for a in links] == [f"#source-{a.get_text()}" for a in links]
            shown_outside_narratives += marker.find_parent("section", class_="narrative") is None
    assert shown_outside_narratives, "no figure, event or table cites a source"


def test_every_figure_of_every_published_relationship_shows_with_value_period_and_source(
    built_site: BuiltSite, shipped: Site
) -> None:
    """Key figures in their panel, the others under "More figures": none is left out."""
    for briefing in shipped.briefings:
        document = soup(built_site, f"{briefing.url}index.html")
        for view in briefing.figures:
            shown = document.find(id=f"figure-{view.figure.id}")
            assert shown is not None, (briefing.slug, view.figure.id)
            text = shown.get_text(" ", strip=True)
            for part in (view.figure.label, view.value, view.when):
                assert part in text, (briefing.slug, view.figure.id, part)
            assert shown.find("a", href=f"#source-{view.source}"), (briefing.slug, view.figure.id)


def test_more_figures_lists_the_figures_kept_out_of_the_key_figures(built_site: BuiltSite) -> None:
    document = soup(built_site, f"{TR_US}index.html")
    rows = document.select("section.more-figures tbody tr")
    assert [row["id"] for row in rows] == [
        "figure-total-trade-2009",
        "figure-trade-growth-2011",
        "figure-us-exports-2011",
        "figure-us-exports-2010",
    ]
    assert all(row.th["scope"] == "row" for row in rows)
    assert document.select_one('nav.toc a[href="#more-figures"]') is not None
    assert document.select_one('nav.brief-contents a[href="#more-figures"]') is not None
    uzbekistan = soup(built_site, "relationships/tr-uz/index.html")
    assert uzbekistan.find(id="more-figures") is None, "every figure there is a key figure"


def _measure_rows(section: Tag) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in section.select("tbody tr")
    ]


def test_comparisons_line_up_bilateral_trade_of_every_relationship(built_site: BuiltSite) -> None:
    document = soup(built_site, "comparisons/index.html")
    section = document.find(id="measure-bilateral-trade").find_parent("section")
    rows = _measure_rows(section)
    assert [row[:4] for row in rows] == [
        ["Türkiye–Kazakhstan", "Bilateral trade", "$8.95 billion", "January–November 2025"],
        [
            "Türkiye–Kazakhstan",
            "Bilateral trade after thirty years of diplomatic relations",
            "$3 billion",
            "as of 11 October 2022 Older than 12 months",
        ],
        [
            "Türkiye–Kazakhstan",
            "Bilateral trade in 2021",
            "more than $5.3 billion",
            "2021 Older than 12 months",
        ],
        ["Türkiye–Uzbekistan", "Bilateral trade", "about $3 billion", "2025"],
        [
            "United States–Türkiye",
            "Total U.S.–Türkiye trade",
            "$21 billion",
            "2020 Older than 12 months",
        ],
        [
            "United States–Türkiye",
            "Total U.S.–Türkiye trade",
            "$10.8 billion",
            "2009 Older than 12 months",
        ],
    ]
    assert rows[0][5] == "Period: 11 months; most rows: 12 months."
    assert rows[1][5] == "Period: one date; most rows: 12 months."
    assert [row[5] for row in rows[2:]] == ["—", "—", "—", "—"]
    assert "different periods" in section.select_one(".comparison__note").get_text()
    svg = section.select_one("figure.chart svg")
    assert svg["role"] == "img" and svg.find("title").get_text() == "Bilateral trade"
    assert "Türkiye–Kazakhstan, January–November 2025: $8.95 billion" in svg.find("desc").get_text()
    topics = [row.th.get_text(strip=True) for row in document.select(".comparison table tbody tr")]
    assert "Kazakhstan's rank among Türkiye's oil suppliers" in topics, (
        "figures of a measure no other relationship has stay by topic"
    )


def test_measure_comparison_flags_another_currency_and_draws_only_the_usual_one(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path)
    data = project / "content" / "relationships" / "tr-us" / "data.yaml"
    # Synthetic change for this test only: the 2009 total in euros, which no source says.
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace(
            "value: 10.8\n    scale: billion\n    currency: USD",
            "value: 10.8\n    scale: billion\n    currency: EUR",
        ),
        encoding="utf-8",
    )
    site = check(load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF}))[0]
    (trade,) = [
        c
        for c in measure_comparisons(site, SourceList(site.corpus.sources))
        if c.id == "bilateral-trade"
    ]
    euros = [row for row in trade.rows if row.view.figure.currency == "EUR"]
    assert len(euros) == 1 and not euros[0].charted
    assert "Unit: EUR, billions; most rows: USD, billions. Not converted." in euros[0].notes
    assert trade.chart is not None and "10.8" not in trade.chart.description
    assert euros[0].view.value == "€10.8 billion"


def test_relationship_page_has_every_section_with_permalinks(built_site: BuiltSite) -> None:
    document = soup(built_site, f"{KZ_TR}index.html")
    for anchor in (
        "bluf",
        "key-figures",
        "areas",
        "mechanisms",
        "timeline",
        "agreements",
        "issues",
        "revisions",
        "sources",
    ):
        heading = document.find(id=anchor)
        assert heading is not None and heading.name == "h2", anchor
        assert heading.find("a", class_="header-anchor", href=f"#{anchor}") is not None
    assert document.find("h1").get_text() == "Türkiye–Kazakhstan"
    assert document.select_one(".bluf").find_previous("h1") is not None
    assert document.find("time", datetime="2026-11-25").find_parent("p", class_="meta")


def test_stated_positions_stand_apart_from_the_narrative_attributed_and_sourced(
    built_site: BuiltSite,
) -> None:
    document = soup(built_site, f"{KZ_TR}index.html")
    section = document.find(id="positions").parent
    assert section.h3.get_text(" ", strip=True).startswith(
        "Türkiye’s aims, as Turkish Foreign Ministry sources describe them"
    )
    occasion = section.select_one("h3 + p.meta a")
    assert occasion["href"] == "#event-jspg-8"
    aims = section.select(".positions__list li")
    assert len(aims) == 5 and all(aim.select_one("a[href^='#source-']") for aim in aims)
    assert "Ways of reaching the $15 billion trade target." in aims[2].get_text()
    narrative = document.select_one(".narrative").get_text(" ")
    assert "diplomatic sources" not in narrative and "Türkiye wants" not in narrative
    turkish = soup(built_site, f"tr/{KZ_TR}index.html").find(id="positions").parent
    assert "Türk Dışişleri Bakanlığı kaynakları" in turkish.h3.get_text()


def test_a_target_says_by_when_or_that_no_year_is_given(built_site: BuiltSite) -> None:
    card = soup(built_site, f"{KZ_TR}index.html").find(id="figure-trade-target")
    assert "no target year given" in card.select_one(".figure__when").get_text()
    trade = soup(built_site, f"{KZ_TR}index.html").find(id="figure-trade-volume")
    assert "target year" not in trade.get_text()


def test_mechanisms_show_meeting_count_and_last_and_next_meeting(built_site: BuiltSite) -> None:
    rows = soup(built_site, f"{KZ_TR}index.html").select("#mechanisms ~ .table-scroll tbody tr")
    by_name = {row.th.get_text(strip=True): row.find_all("td") for row in rows}
    council = by_name["Türkiye–Kazakhstan High-Level Strategic Cooperation Council (HLSCC)"]
    assert council[1].get_text(" ", strip=True) == "5 recorded here"
    planning_group = by_name["Türkiye–Kazakhstan Joint Strategic Planning Group (JSPG)"]
    assert planning_group[1].get_text(" ", strip=True) == (
        "1 recorded here (the latest is the 8th meeting)"
    )
    assert "29 July 2025" in council[2].get_text() and "5th" in council[2].get_text()
    assert council[2].find("a", href="#event-hlscc-5") is not None


def test_a_measure_kept_as_history_lists_each_value_oldest_first_with_its_source(
    built_site: BuiltSite,
) -> None:
    document = soup(built_site, f"{KZ_TR}index.html")
    table = document.find(id="history-trade-target").find_next("table")
    rows = table.select("tbody tr")
    assert [row.find("td", class_="number").get_text() for row in rows] == [
        "$5 billion",
        "$10 billion",
        "$15 billion",
    ]
    assert [row.th.get_text(strip=True) for row in rows][:2] == ["as of 2021", "as of May 2022"]
    listed = {li["id"] for li in document.select("section.sources ol > li")}
    for row in rows:
        assert row.th.a["href"].removeprefix("#figure-")
        cited = row.select_one('a[href^="#source-"]')
        assert cited is not None and cited["href"].removeprefix("#") in listed, row
    contents = [a["href"] for a in document.select("nav.toc a")]
    assert "#history-trade-target" in contents


def test_figures_that_disagree_each_show_the_note_and_the_other_value_with_its_source(
    built_site: BuiltSite,
) -> None:
    document = soup(built_site, f"{KZ_TR}index.html")
    pairs = [("trade-2021", "trade-after-thirty-years"), ("trade-after-thirty-years", "trade-2021")]
    for ident, other in pairs:
        note = document.find(id=f"figure-{ident}").select_one(".figure__disagreement")
        assert note is not None, ident
        link = note.find("a", href=f"#figure-{other}")
        shown = document.find(id=f"figure-{other}").find("td", class_="number").get_text()
        assert link is not None and shown in link.get_text()
        assert note.select_one('a[href^="#source-"]') is not None
    assert "$3 billion" in document.find(id="figure-trade-2021").get_text()


def test_a_source_in_another_language_says_so_and_its_link_carries_hreflang(
    built_site: BuiltSite,
) -> None:
    entries = soup(built_site, f"{KZ_TR}index.html").select("section.sources ol > li")
    by_publisher = {li.get_text().split(",")[0]: li for li in entries}
    turkish = by_publisher["Dik Gazete"]
    assert turkish.select_one(".source__lang").get_text() == "(in Turkish)"
    assert turkish.select_one("a.source__url")["hreflang"] == "tr"
    english = by_publisher["Hürriyet Daily News"]
    assert english.select_one(".source__lang") is None
    assert english.select_one("a.source__url")["hreflang"] == "en"
    arabic = next(li for li in entries if li.get_text().startswith("Xinhua"))
    assert arabic.select_one(".source__lang").get_text() == "(in Arabic)"


def test_mechanism_pages_list_each_series_of_meetings_in_order(built_site: BuiltSite) -> None:
    for mechanism, ordinals in [
        ("tr-kz-hlscc", ["1st", "2nd", "3rd", "4th", "5th"]),
        ("tr-uz-jspg", ["4th"]),
        ("tr-uz-4-plus-4", ["1st"]),
    ]:
        document = soup(built_site, f"mechanisms/{mechanism}/index.html")
        metas = [m.get_text() for m in document.select("#meetings ~ .timeline .event__meta")]
        assert [re.findall(r"(\d+(?:st|nd|rd|th)) meeting", meta) for meta in metas] == [
            [ordinal] for ordinal in ordinals
        ]


def test_chart_has_title_description_and_data_table(built_site: BuiltSite) -> None:
    figure = soup(built_site, f"{TR_US}index.html").select_one("figure.chart")
    svg = figure.find("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text() == "Total U.S.–Türkiye trade"
    assert "2009: $10.8 billion; 2020: $21 billion" in svg.find("desc", id=desc_id).get_text()
    assert svg.find(["script", "style", "foreignobject"]) is None
    assert not [
        e for e in svg.find_all(True) if any(a.startswith("on") or a == "style" for a in e.attrs)
    ]
    rows = [
        [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
        for tr in figure.select("table tbody tr")
    ]
    assert [row[:2] for row in rows] == [["2009", "$10.8 billion"], ["2020", "$21 billion"]]
    assert figure.select('table a[href^="#source-"]')


def test_chart_svg_is_the_same_on_every_render_and_escapes_its_text() -> None:
    series = Series.model_validate(
        {
            "id": "synthetic",
            "title": "SYNTHETIC <script>alert(1)</script> series",
            "currency": "USD",
            "scale": "billion",
            "points": [
                {"period": year, "value": float(year - 2000), "source": "s"}
                for year in range(2001, 2012)
            ],
        }
    )
    first = series_chart(series, lambda source: 1)
    again = series_chart(series, lambda source: 1)
    assert first.svg == again.svg
    assert "<script" not in first.svg and "&lt;script&gt;" in first.svg
    assert "11 values from 2001 to 2011" in first.description
    assert 'id="chart-synthetic"' in first.svg and "pygal" not in first.svg.lower()


def test_countries_link_to_every_relationship_they_belong_to(built_site: BuiltSite) -> None:
    relationships = sorted((built_site.root / "relationships").glob("*/index.html"))
    assert len(relationships) >= 3
    for page in relationships:
        countries = _parse(page).select(".briefing__countries a")
        assert len(countries) == 2, page
        for country in countries:
            target, _ = internal_target(built_site, page, country["href"])
            linked = {
                internal_target(built_site, target, a["href"])[0]
                for a in _parse(target).select(".cards .card__title a")
            }
            assert page in linked, (target, page)


def test_country_page_lists_office_holders_and_compares_figures(built_site: BuiltSite) -> None:
    document = soup(built_site, "countries/tr/index.html")
    holders = [
        [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        for row in document.select("#office-holders ~ .table-scroll tbody tr")
    ]
    assert ["President of Türkiye", "Recep Tayyip Erdoğan", "as of 29 July 2025"] in [
        row[:3] for row in holders
    ]
    former = [
        [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])][:3]
        for row in document.select("#former-office-holders ~ .table-scroll tbody tr")
    ]
    assert ["President of Türkiye", "Abdullah Gül", "as of 2009"] in former
    assert ["Prime Minister of Türkiye", "Recep Tayyip Erdoğan", "as of May 2013"] in former
    assert not any("Abdullah Gül" in row for row in holders)
    assert document.find(id="office-holders").find_next(id="former-office-holders")
    trade = document.find(id="compare-trade").find_next("table")
    relationships = {row.find("td").get_text(strip=True) for row in trade.select("tbody tr")}
    assert {"Türkiye–Kazakhstan", "United States–Türkiye"} <= relationships
    for row in trade.select("tbody tr"):
        cells = row.find_all("td")
        assert cells[2].get_text(strip=True) and cells[3].find("a", href=True), row


def test_person_page_shows_offices_events_and_relationships(built_site: BuiltSite) -> None:
    document = soup(built_site, "people/erdogan/index.html")
    offices = document.select_one("#offices ~ .offices").get_text(" ", strip=True)
    assert "Prime Minister of Türkiye" in offices and "President of Türkiye" in offices
    lead = document.select_one("h1 + .lead").get_text(" ", strip=True)
    assert lead.startswith("President of Türkiye (as of 29 July 2025)")
    assert "; earlier Prime Minister of Türkiye (as of May 2013)" in lead
    events = document.select_one("#events ~ .timeline").get_text(" ", strip=True)
    assert "Fifth meeting of the High-Level Strategic Cooperation Council" in events
    related = {a.get_text() for a in document.select("#relationships ~ .link-list a")}
    assert {"Türkiye–Kazakhstan", "United States–Türkiye"} <= related


def test_a_person_whose_office_has_a_later_holder_is_shown_as_its_former_holder(
    built_site: BuiltSite,
) -> None:
    document = soup(built_site, "people/gul/index.html")
    lead = document.select_one("h1 + .lead").get_text(" ", strip=True)
    assert lead.startswith("Formerly President of Türkiye (as of 2009)")
    office = document.select_one("#offices ~ .offices li").get_text(" ", strip=True)
    assert "as of 2009 · former" in office
    listed = soup(built_site, "people/index.html").find("a", string="Abdullah Gül").parent
    assert "former President of Türkiye, as of 2009" in listed.get_text(" ", strip=True)


def test_mechanism_page_numbers_meetings_by_ordinal(built_site: BuiltSite) -> None:
    document = soup(built_site, "mechanisms/tr-kz-jspg/index.html")
    assert "Ministers" in document.select_one(".facts").get_text()
    meeting = document.select_one("#meetings ~ .timeline .event")
    assert "8th meeting" in meeting.get_text()
    assert meeting.find("a", href="../../relationships/kz-tr/index.html#event-jspg-8")
    facts = document.select_one(".facts").get_text(" ", strip=True)
    assert "1 recorded here (the latest is the 8th meeting)" in facts


def test_topic_page_gathers_areas_and_figures_of_every_relationship(built_site: BuiltSite) -> None:
    document = soup(built_site, "topics/trade/index.html")
    areas = {dt.get_text(strip=True) for dt in document.select(".areas dt")}
    assert {"Türkiye–Kazakhstan", "United States–Türkiye"} <= areas
    labels = {th.get_text(strip=True) for th in document.select("#figures ~ div tbody th")}
    assert {"Bilateral trade", "Total U.S.–Türkiye trade"} <= labels


def test_timeline_filters_by_kind_on_pages_of_its_own(built_site: BuiltSite) -> None:
    everything = soup(built_site, "timeline/index.html").select(".timeline .event")
    visits = soup(built_site, "timeline/visit/index.html")
    kept = visits.select(".timeline .event")
    assert 0 < len(kept) < len(everything)
    assert {kind.get_text() for kind in visits.select(".timeline .event .kind")} == {"Visit"}
    current = visits.select('.filters a[aria-current="page"]')
    assert [a.get_text() for a in current] == ["Visits", "All countries"]
    page = built_site.root / "timeline" / "visit" / "index.html"
    assert {internal_target(built_site, page, a["href"]) for a in current} == {(page, "")}


def test_timeline_filters_by_country_on_the_country_page(built_site: BuiltSite) -> None:
    timeline = soup(built_site, "timeline/index.html")
    countries = timeline.select('[aria-labelledby="filter-country"] a:not([aria-current])')
    links = {a.get_text(): a["href"] for a in countries}
    assert links == {
        country: f"../countries/{code}/index.html#timeline"
        for country, code in [
            ("Kazakhstan", "kz"),
            ("Türkiye", "tr"),
            ("United States", "us"),
            ("Uzbekistan", "uz"),
        ]
    }
    kazakhstan = soup(built_site, "countries/kz/index.html")
    kept = kazakhstan.select("#timeline ~ .timeline .event")
    assert 0 < len(kept) < len(timeline.select(".timeline .event"))
    assert "United States" not in " ".join(e.get_text() for e in kept)
    by_kind = kazakhstan.select_one("#timeline ~ p.meta").find_all("a")
    assert [a["href"] for a in by_kind][:2] == [
        "../../timeline/index.html",
        "../../timeline/mechanism-meeting/index.html",
    ]


def test_revision_history_groups_changes_by_date_and_shows_what_is_new(
    built_site: BuiltSite,
) -> None:
    history = soup(built_site, f"{KZ_TR}changes/index.html")
    assert [h.get("id") for h in history.select("main section h2")] == [
        "changes-2026-12-06",
        "changes-2026-11-25",
        "changes-2026-02-01",
    ]
    since = soup(built_site, f"{KZ_TR}changes/since-2026-02-01/index.html")
    text = since.select_one("main").get_text(" ")
    assert "Corrections against the source" in text
    assert "First edition" not in text
    since_page = built_site.root / KZ_TR / "changes" / "since-2026-02-01" / "index.html"
    links = [
        a
        for a in history.select(".since a")
        if internal_target(
            built_site, built_site.root / KZ_TR / "changes" / "index.html", a["href"]
        )
        == (since_page, "")
    ]
    assert len(links) == 1 and "2 changes" in links[0].find_parent("li").get_text()


def test_not_found_page_links_from_the_site_root(built_site: BuiltSite) -> None:
    document = soup(built_site, "404.html")
    assert document.find("h1").get_text() == "Page not found"
    stylesheet = document.find("link", rel="stylesheet")["href"]
    assert stylesheet == "/theme/css/site.css"
    assert document.find("link", rel="canonical") is None


def test_distribution_marking_is_in_header_and_footer_of_every_page(
    built_site: BuiltSite,
) -> None:
    for page in built_site.html_files():
        if page.parent.name == "pagefind":
            continue
        document = _parse(page)
        header = document.select_one("header.site-header .distribution")
        footer = document.select_one("footer.site-footer .distribution")
        assert header and footer, page
        assert header.get_text(strip=True) == "UNCLASSIFIED — for public distribution"
        assert footer.get_text(strip=True) == header.get_text(strip=True)


@pytest.fixture(scope="module")
def published_site(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch
) -> Path:
    """A build with publishconf.py, a public address in a sub-folder, another marking
    and a synthetic meeting still to come."""
    monkeypatch_module.setenv("BRIEFINGS_SITEURL", "https://briefings.test/sub/")
    project = copy_project(tmp_path_factory.mktemp("published"))
    conf = project / "publishconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + '\nBRIEFINGS_DISTRIBUTION = "SYNTHETIC MARKING (test)"\n',
        encoding="utf-8",
    )
    data = project / "content" / KZ_TR / "data.yaml"
    text = data.read_text(encoding="utf-8")
    assert "\nevents:\n" in text
    upcoming = (FIXTURES / "synthetic-upcoming-meeting.yaml").read_text(encoding="utf-8")
    data.write_text(text.replace("\nevents:\n", "\nevents:\n" + upcoming, 1), encoding="utf-8")
    settings = load_settings(project / "publishconf.py", {"BRIEFINGS_AS_OF": AS_OF})
    return build(settings, pdf=False).output_dir


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_published_pages_have_absolute_canonical_urls(published_site: Path) -> None:
    page = _parse(published_site / KZ_TR / "index.html")
    assert page.find("link", rel="canonical")["href"] == (
        "https://briefings.test/sub/relationships/kz-tr/"
    )
    home = _parse(published_site / "index.html")
    assert home.find("link", rel="canonical")["href"] == "https://briefings.test/sub/"
    assert page.find("a", class_="ref-country")["href"] == "../../countries/kz/index.html"
    not_found = _parse(published_site / "404.html")
    assert not_found.find("link", rel="stylesheet")["href"] == "/sub/theme/css/site.css"


def test_distribution_marking_comes_from_the_settings(published_site: Path) -> None:
    page = _parse(published_site / "countries" / "kz" / "index.html")
    markings = [p.get_text(strip=True) for p in page.select(".distribution")]
    assert markings == ["SYNTHETIC MARKING (test)", "SYNTHETIC MARKING (test)"]


def test_internal_link_target_helper_follows_folders(built_site: BuiltSite) -> None:
    """The link checks above are only as good as this resolution."""
    home = built_site.root / "index.html"
    assert internal_target(built_site, home, "countries/") == (
        built_site.root / "countries" / "index.html",
        "",
    )
    assert internal_target(built_site, home, "https://example.org/") is None
    target = internal_target(built_site, home, "nowhere/index.html#x")
    assert target is not None and not target[0].is_file() and target[1] == "x"


def test_upcoming_meetings_show_on_every_page_that_looks_ahead(published_site: Path) -> None:
    upcoming = _parse(published_site / "upcoming" / "index.html").select(".timeline .event")
    assert len(upcoming) == 1
    assert "SYNTHETIC agenda item" in upcoming[0].select_one(".event__list").get_text()
    assert "9th meeting" in upcoming[0].select_one(".event__meta").get_text()
    home = _parse(published_site / "index.html")
    coming = home.select_one("#coming-up").find_next("ul").find("a")
    assert coming["href"] == "./relationships/kz-tr/index.html#event-synthetic-jspg-9"
    briefing = _parse(published_site / KZ_TR / "index.html")
    rows = {row.th.get_text(strip=True): row for row in briefing.select("#mechanisms ~ div tr")}
    planning_group = rows["Türkiye–Kazakhstan Joint Strategic Planning Group (JSPG)"]("td")
    assert planning_group[1].get_text(" ", strip=True) == (
        "2 recorded here (the latest is the 8th meeting)"
    )
    assert planning_group[2].find("a", href="#event-jspg-8").get_text() == "2 February 2026"
    assert planning_group[3].find("a", href="#event-synthetic-jspg-9").get_text() == "March 2027"
    assert briefing.select_one("#timeline-upcoming + .timeline #event-synthetic-jspg-9")
    mechanism = _parse(published_site / "mechanisms" / "tr-kz-jspg" / "index.html")
    ordinals = [m.get_text() for m in mechanism.select("#meetings ~ .timeline .event__meta")]
    assert ["8th meeting" in ordinals[0], "9th meeting" in ordinals[1]] == [True, True]


def test_published_site_has_no_broken_internal_link(published_site: Path) -> None:
    """The 404 page is left out: its links start at the public address's path (/sub/)."""
    site = BuiltSite(published_site, BuildResult(published_site))
    broken = [
        f"{page.relative_to(published_site)}: {href}"
        for page in site.html_files()
        if page.name != "404.html"
        for href in links_of(_parse(page))
        if (found := internal_target(site, page, href)) and not found[0].is_file()
    ]
    assert broken == []


def test_office_dates_read_as_a_span_or_a_single_date() -> None:
    def office(**dates: str) -> Office:
        return Office.model_validate({"office": "Minister", "source": "s", **dates})

    assert office_when(office(**{"from": "2009-08", "to": "2014"})) == "August 2009 to 2014"
    assert office_when(office(**{"from": "2023-03"})) == "since March 2023"
    assert office_when(office(to="2014")) == "until 2014"
    assert office_when(office(as_of="2025-07-29")) == "as of 29 July 2025"
