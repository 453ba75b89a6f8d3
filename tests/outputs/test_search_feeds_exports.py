"""Search, feeds and data: what the site offers to programs and to the search box."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import posixpath
import shutil
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from jsonschema import Draft202012Validator
from playwright.sync_api import Browser
from referencing import Registry, Resource

from generator.outputs.exports import (
    CALENDAR_UID_NAMESPACE,
    FIGURE_COLUMNS,
    RELATIONSHIP_DEFINITION,
)
from generator.settings import load_settings
from tests.conftest import AS_OF, BuiltSite, build_project, copy_project
from tests.tooling.browser import open_page, run_axe

FIXTURES = Path(__file__).parents[1] / "fixtures" / "search_feeds_exports"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CANONICAL = "https://briefings.example"
QUERY = "Joint Strategic Planning Group"
KZ_TR_TITLE = "Türkiye–Kazakhstan"
DAY_EVENT = "SYNTHETIC visit known to the day (test fixture)"
UPDATE = "SYNTHETIC update (test fixture)"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def relationship_validator(schema: dict[str, Any]) -> Draft202012Validator:
    """Validates one relationship's file against its definition in the published schema."""
    registry = Registry().with_resource("urn:briefings", Resource.from_contents(schema))
    reference = {"$ref": f"urn:briefings{RELATIONSHIP_DEFINITION}"}
    return Draft202012Validator(reference, registry=registry)


def relationship_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "relationships").glob("*/*.json") if p.stem == p.parent.name)


def sitemap_entries(root: Path) -> dict[str, str | None]:
    urlset = ET.parse(root / "sitemap.xml").getroot()
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in urlset}


def feed_entries(path: Path) -> list[ET.Element]:
    feed = ET.parse(path).getroot()
    assert feed.tag == f"{ATOM}feed"
    return feed.findall(f"{ATOM}entry")


def calendar_events(root: Path) -> list[Any]:
    calendar = Calendar.from_ical((root / "data" / "upcoming.ics").read_bytes())
    return list(calendar.walk("VEVENT"))


def first_day(date: str) -> str:
    """``2026-02`` → ``2026-02-01``: where a date known to the month or year begins."""
    return date + "-01" * (2 - date.count("-"))


def last_day(date: str) -> str:
    """A key that orders partial dates by where they end: ``2026-02`` after ``2026-02-01``."""
    return date.ljust(10, "~")


def site_file(address: str, canonical: str, base: str = "") -> str:
    """The file, relative to the site root, that an address in a file under ``base`` names."""
    if canonical and address.startswith(f"{canonical}/"):
        path = address.removeprefix(f"{canonical}/")
    else:
        path = posixpath.normpath(posixpath.join(base, address))
    return f"{path}index.html" if path == "" or path.endswith("/") else path


@pytest.fixture(scope="module")
def canonical(built_site: BuiltSite) -> str:
    """The built project's ``SITEURL_CANONICAL`` (empty when unset): it decides whether
    feeds, sitemap and robots.txt give absolute addresses."""
    settings = load_settings(built_site.root.parent / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF})
    return settings.canonical_url


# --- JSON ----------------------------------------------------------------------------------


def test_dataset_and_relationship_files_validate_against_the_published_schema(
    built_site: BuiltSite,
) -> None:
    schema = read_json(built_site.root / "data" / "briefings.schema.json")
    Draft202012Validator.check_schema(schema)
    dataset = read_json(built_site.root / "data" / "briefings.json")
    Draft202012Validator(schema).validate(dataset)

    files = relationship_files(built_site.root)
    assert [p.stem for p in files] == sorted(r["slug"] for r in dataset["relationships"])
    validator = relationship_validator(schema)
    for path in files:
        validator.validate(read_json(path))


def test_schema_rejects_a_figure_whose_value_is_not_a_number(built_site: BuiltSite) -> None:
    schema = read_json(built_site.root / "data" / "briefings.schema.json")
    record = read_json(built_site.root / "relationships" / "kz-tr" / "kz-tr.json")
    record["data"]["figures"][0]["value"] = "8.95"

    errors = list(relationship_validator(schema).iter_errors(record))

    assert [list(e.absolute_path) for e in errors] == [["data", "figures", 0, "value"]]


def test_relationship_json_holds_its_key_figures_with_their_sources(
    built_site: BuiltSite,
) -> None:
    record = read_json(built_site.root / "relationships" / "kz-tr" / "kz-tr.json")
    sources = {source["id"]: source for source in record["sources"]}
    key_figures = {f["id"]: f for f in record["data"]["figures"] if f["key"]}

    trade = key_figures["trade-volume"]
    assert (trade["value"], trade["currency"], trade["scale"]) == (8.95, "USD", "billion")
    assert trade["period"] == {"from": "2025-01", "to": "2025-11"}
    for figure in key_figures.values():
        source = sources[figure["source"]]
        assert source["title"] and source["publisher"]
    assert "Joint Strategic Planning Group" in sources[trade["source"]]["title"]


def test_figures_name_their_measure_in_the_json_and_the_csv(built_site: BuiltSite) -> None:
    record = read_json(built_site.root / "relationships" / "tr-us" / "tr-us.json")
    measures = {f["id"]: f.get("measure") for f in record["data"]["figures"]}
    assert measures["total-trade-2020"] == measures["total-trade-2009"] == "bilateral-trade"
    assert [m["id"] for m in record["measures"]] == ["bilateral-trade"]
    dataset = read_json(built_site.root / "data" / "briefings.json")
    assert "bilateral-trade" in {m["id"] for m in dataset["measures"]}
    with (built_site.root / "data" / "figures.csv").open(encoding="utf-8", newline="") as f:
        rows = {(r["relationship"], r["id"]): r for r in csv.DictReader(f)}
    assert rows["kz-tr", "trade-volume"]["measure"] == "bilateral-trade"
    assert rows["tr-us", "lng-buyer-rank"]["measure"] == ""


def test_relationship_page_links_to_its_data_and_feed(built_site: BuiltSite) -> None:
    page_dir = built_site.root / "relationships" / "kz-tr"
    page = BeautifulSoup((page_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = page.find("section", class_="data-downloads")
    section_links = {a["href"] for a in section("a", class_=False)}  # not the permalink
    head_links = {link["href"] for link in page.head("link", rel="alternate")}
    for href in section_links | head_links:
        assert (page_dir / href).resolve().is_file(), href
    assert "kz-tr.json" in section_links
    assert "../../feeds/kz-tr.atom.xml" in head_links & section_links
    assert "../../data/figures.csv" in section_links
    assert "../../data/upcoming.ics" in section_links


# --- CSV -------------------------------------------------------------------------------------


def test_figures_csv_has_a_header_and_one_row_per_figure_with_its_source(
    built_site: BuiltSite,
) -> None:
    dataset = read_json(built_site.root / "data" / "briefings.json")
    with (built_site.root / "data" / "figures.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))

    assert tuple(rows[0]) == FIGURE_COLUMNS
    records = [dict(zip(FIGURE_COLUMNS, row, strict=True)) for row in rows[1:]]
    relationships = dataset["relationships"]
    expected = [(r["slug"], f["id"]) for r in relationships for f in r["data"]["figures"]]
    assert [(r["relationship"], r["id"]) for r in records] == expected
    trade = next(r for r in records if (r["relationship"], r["id"]) == ("kz-tr", "trade-volume"))
    assert trade["value"] == "8.95" and trade["display"] == "$8.95 billion"
    assert (trade["period_from"], trade["period_to"]) == ("2025-01", "2025-11")
    assert "Joint Strategic Planning Group" in trade["source_title"]


# --- Feeds, sitemap, robots.txt ---------------------------------------------------------------


def test_feeds_parse_and_carry_the_changelog_with_its_dates(
    built_site: BuiltSite, canonical: str
) -> None:
    record = read_json(built_site.root / "relationships" / "kz-tr" / "kz-tr.json")
    site_entries = feed_entries(built_site.root / "feeds" / "all.atom.xml")
    own_entries = feed_entries(built_site.root / "feeds" / "kz-tr.atom.xml")

    changelog = sorted((entry["date"] for entry in record["data"]["changelog"]), reverse=True)
    assert changelog, "the shipped Türkiye–Kazakhstan briefing has a changelog"
    assert [e.findtext(f"{ATOM}updated") for e in own_entries] == [
        f"{first_day(date)}T00:00:00+00:00" for date in changelog
    ]
    for entry in own_entries:
        href = entry.find(f"{ATOM}link").get("href")
        assert site_file(href, canonical, "feeds") == "relationships/kz-tr/index.html"
    own_ids = {entry.findtext(f"{ATOM}id") for entry in own_entries}
    assert own_ids <= {entry.findtext(f"{ATOM}id") for entry in site_entries}
    for path in relationship_files(built_site.root):
        assert (built_site.root / "feeds" / f"{path.stem}.atom.xml").is_file()


def test_sitemap_lists_every_html_page_dated_by_content(
    built_site: BuiltSite, canonical: str
) -> None:
    entries = {
        site_file(loc, canonical): date for loc, date in sitemap_entries(built_site.root).items()
    }
    pages = {p.relative_to(built_site.root).as_posix() for p in built_site.html_files()}
    record = read_json(built_site.root / "relationships" / "kz-tr" / "kz-tr.json")
    dates = [record["briefing"]["reviewed"], *(e["date"] for e in record["data"]["changelog"])]

    assert set(entries) == pages - {"404.html"}
    assert entries["relationships/kz-tr/index.html"] == max(dates, key=last_day)
    newest = max(AS_OF.isoformat(), *(last_day(d) for d in dates))
    assert all(d is None or last_day(d) <= newest for d in entries.values())


def test_robots_txt_points_at_the_sitemap(built_site: BuiltSite, canonical: str) -> None:
    lines = (built_site.root / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {canonical}/sitemap.xml" in lines
    assert (built_site.root / "sitemap.xml").is_file()


# --- Calendar ---------------------------------------------------------------------------------


def test_calendar_holds_the_shipped_upcoming_meetings_known_to_the_day(
    built_site: BuiltSite,
) -> None:
    dataset = read_json(built_site.root / "data" / "briefings.json")
    upcoming = {
        event["title"]
        for record in dataset["relationships"]
        for event in record["data"]["events"]
        if len(event["date"]) == 10 and event["date"] >= AS_OF.isoformat()
    }
    assert {str(e["SUMMARY"]) for e in calendar_events(built_site.root)} == upcoming


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project plus SYNTHETIC events, an update and a canonical URL."""
    project = copy_project(tmp_path_factory.mktemp("synthetic"))
    content = project / "content"
    _insert_after(content / "sources.yaml", "sources:\n", FIXTURES / "source.yaml")
    _insert_after(
        content / "relationships" / "kz-tr" / "data.yaml", "events:\n", FIXTURES / "events.yaml"
    )
    shutil.copytree(FIXTURES / "updates", content / "updates")
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f'\nSITEURL_CANONICAL = "{CANONICAL}"\n')
    return build_project(project, pdf=False).output_dir


def _insert_after(path: Path, marker: str, fixture: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert marker in text, f"{path} has no {marker!r}"
    path.write_text(
        text.replace(marker, marker + fixture.read_text(encoding="utf-8"), 1), encoding="utf-8"
    )


def test_calendar_has_upcoming_events_known_to_the_day_as_all_day_events(
    synthetic_site: Path,
) -> None:
    """SYNTHETIC: month-precision and past events stay out of the calendar."""
    events = calendar_events(synthetic_site)
    dataset = read_json(synthetic_site / "data" / "briefings.json")
    kz_tr = next(r for r in dataset["relationships"] if r["slug"] == "kz-tr")
    reviewed = kz_tr["briefing"]["reviewed"]

    assert [str(e["SUMMARY"]) for e in events] == [DAY_EVENT]
    event = events[0]
    assert event.decoded("DTSTART") == dt.date(2026, 12, 14)
    assert event.decoded("DTEND") == dt.date(2026, 12, 15)
    assert event.decoded("DTSTAMP") == dt.datetime.fromisoformat(f"{reviewed}T00:00:00+00:00")
    assert str(event["UID"]) == str(uuid.uuid5(CALENDAR_UID_NAMESPACE, "kz-tr/synthetic-day-visit"))
    assert str(event["LOCATION"]) == "Testville"
    # A visit has a meeting brief: the calendar entry opens it.
    assert str(event["URL"]) == f"{CANONICAL}/relationships/kz-tr/meetings/synthetic-day-visit/"
    assert "A synthetic agenda item" in str(event["DESCRIPTION"])


def test_a_briefing_opens_with_its_next_meeting_and_links_its_brief(
    synthetic_site: Path,
) -> None:
    """SYNTHETIC: the soonest upcoming event is the occasion, before the bottom line."""
    page = BeautifulSoup(
        (synthetic_site / "relationships/kz-tr/index.html").read_text("utf-8"), "html.parser"
    )
    occasion = page.select_one("section.occasion")
    assert occasion is not None
    assert occasion.find_next("section").get("class") == ["bluf"]
    text = " ".join(occasion.get_text(" ").split())
    assert "14 December 2026" in text and DAY_EVENT in text
    brief = occasion.select_one('a[href$="meetings/synthetic-day-visit/index.html"]')
    assert brief is not None and brief.get_text() == "Meeting brief"


def test_updates_reach_the_site_feed_and_the_sitemap_with_their_date(
    synthetic_site: Path,
) -> None:
    """SYNTHETIC: an article in content/updates/ is a dated update."""
    entries = feed_entries(synthetic_site / "feeds" / "all.atom.xml")
    update = next(e for e in entries if e.findtext(f"{ATOM}title") == UPDATE)
    assert update.findtext(f"{ATOM}updated") == "2026-03-15T00:00:00+00:00"
    assert update.find(f"{ATOM}link").get("href") == f"{CANONICAL}/updates/synthetic-update/"
    assert "not real news" in update.findtext(f"{ATOM}summary")
    assert [e.findtext(f"{ATOM}updated") for e in entries] == sorted(
        (e.findtext(f"{ATOM}updated") for e in entries), reverse=True
    )

    sitemap = sitemap_entries(synthetic_site)
    assert sitemap[f"{CANONICAL}/updates/synthetic-update/"] == "2026-03-15"
    assert last_day(sitemap[f"{CANONICAL}/"]) >= "2026-03-15"
    assert all(loc.startswith(f"{CANONICAL}/") for loc in sitemap)


def test_robots_txt_gives_the_sitemap_absolute_with_a_canonical_url(synthetic_site: Path) -> None:
    lines = (synthetic_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {CANONICAL}/sitemap.xml" in lines


# --- Determinism -------------------------------------------------------------------------------


def test_two_builds_write_the_same_search_index_feeds_and_data(tmp_path: Path) -> None:
    first_project = copy_project(tmp_path / "first")
    second_project = shutil.copytree(first_project, tmp_path / "second")  # the very same input
    outputs = [build_project(p, pdf=False).output_dir for p in (first_project, second_project)]
    published = ("pagefind", "feeds", "data", "relationships", "sitemap.xml", "robots.txt")

    def files(root: Path) -> dict[str, bytes]:
        found = [p for name in published for p in [root / name, *(root / name).rglob("*")]]
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in found if p.is_file()}

    first, second = (files(root) for root in outputs)
    assert any(name.startswith("pagefind/index/") for name in first)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


# --- Search index --------------------------------------------------------------------------------


def indexed_pages(root: Path) -> dict[str, str]:
    """The pages in the Pagefind index and the text indexed for each: one fragment per
    page, gzipped JSON after a signature."""
    pages = {}
    for fragment in (root / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"].removeprefix("/")] = data["content"]
    return pages


def test_search_indexes_pages_worth_a_hit_but_not_timelines_or_histories(
    built_site: BuiltSite,
) -> None:
    indexed = indexed_pages(built_site.root)
    entry = read_json(built_site.root / "pagefind" / "pagefind-entry.json")
    turkish = [page for page in indexed if page.startswith("tr/")]
    assert entry["languages"]["en"]["page_count"] == len(indexed) - len(turkish)
    assert entry["languages"]["tr"]["page_count"] == len(turkish) > 0
    assert {
        "relationships/kz-tr/index.html",
        "countries/kz/index.html",
        "people/fidan/index.html",
        "mechanisms/tr-kz-jspg/index.html",
        "organizations/nato/index.html",
        "topics/trade/index.html",
        "comparisons/index.html",
        "upcoming/index.html",
    } <= indexed.keys()
    left_out = [
        "timeline/index.html",
        "timeline/visit/index.html",
        "relationships/kz-tr/changes/index.html",
    ]
    assert all((built_site.root / page).is_file() for page in left_out)
    assert not {page for page in indexed if page.startswith("timeline/") or "/changes/" in page}


def test_search_leaves_out_what_repeats_other_pages_sources_and_country_timelines(
    built_site: BuiltSite,
) -> None:
    indexed = indexed_pages(built_site.root)
    page = "relationships/kz-tr/index.html"
    soup = BeautifulSoup((built_site.root / page).read_text(), "html.parser")
    sources = soup.select_one("section.sources")
    assert sources is not None
    cited = [" ".join(item.get_text(" ").split()[:4]) for item in sources.select("li")]
    sources.decompose()
    rest = " ".join(soup.get_text(" ").split())
    only_listed = [title for title in cited if title not in rest]
    assert only_listed, "no source title is unique to the list: the test would prove nothing"
    assert "Joint Strategic Planning Group" in indexed[page]
    assert not [title for title in only_listed if title in indexed[page]]
    country = BeautifulSoup(
        (built_site.root / "countries/kz/index.html").read_text(), "html.parser"
    )
    assert country.select_one("section[aria-labelledby=timeline]") is not None
    assert "Every event concerning" not in indexed["countries/kz/index.html"]


def indexed_soups(built_site: BuiltSite) -> Iterator[tuple[BeautifulSoup, str]]:
    """Each indexed page's searchable part (what Pagefind reads: the ``data-pagefind-body``
    element, minus what it is told to ignore) and the text it indexed for it."""
    for page, content in indexed_pages(built_site.root).items():
        soup = BeautifulSoup((built_site.root / page).read_text(), "html.parser")
        body = soup.select_one("[data-pagefind-body]")
        assert body is not None, page
        for ignored in body.select("[data-pagefind-ignore]"):
            ignored.decompose()
        yield body, content


def words(text: str) -> str:
    return " ".join(text.split())


def test_search_text_keeps_a_figure_cards_label_value_period_source_and_note_apart(
    built_site: BuiltSite,
) -> None:
    """A result's excerpt reads "Trade target $15 billion as of …", not "target$15"."""
    cards = notes = 0
    for body, content in indexed_soups(built_site):
        for card in body.select(".key-figures .figure"):
            parts = [words(item.get_text()) for item in card.select("dt, dd")]
            assert " ".join(parts) in content
            cards += 1
            notes += bool(card.select(".figure__note"))
    assert cards > 5
    assert notes, "no figure card has a note after its source: the test would miss that case"


def test_search_text_keeps_table_headings_and_terms_from_their_values(
    built_site: BuiltSite,
) -> None:
    """Column headings are words apart ("Last meeting Next meeting"), and so is a term from
    what it names ("Meetings 1 recorded here", "Türkiye–Kazakhstan Oil, natural gas")."""
    headings = terms = 0
    for body, content in indexed_soups(built_site):
        for row in body.select("table thead tr"):
            cells = [words(cell.get_text()) for cell in row.select("th, td")]
            assert " ".join(cells) in content
            headings += 1
        for term in body.select("dt"):
            value = term.find_next_sibling("dd")
            if value is not None and value.get_text().split():
                assert f"{words(term.get_text())} {value.get_text().split()[0]}" in content
                terms += 1
    assert headings > 3
    assert terms > 10


# --- Search in a browser -------------------------------------------------------------------------


@pytest.mark.browser
def test_search_from_the_header_finds_the_planning_group_and_opens_the_briefing(
    chromium: Browser,
    site_url: str,
) -> None:
    context = chromium.new_context()
    visit = open_page(context, f"{site_url}/people/fidan/index.html")
    page = visit.page
    # Fonts load after the load event; leaving while one loads would abort its request.
    page.wait_for_load_state("networkidle")
    page.get_by_label("Search the briefings").fill(QUERY)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/index.html?q=*")
    briefing = ".pagefind-ui__result-link[href$='relationships/kz-tr/index.html']"
    result = page.locator(briefing).first
    result.wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")  # leaving mid-fetch would abort requests
    result.click()
    page.wait_for_url("**/relationships/kz-tr/index.html*")
    page.wait_for_load_state("networkidle")
    heading = page.locator("h1").inner_text()
    context.close()

    assert heading == KZ_TR_TITLE
    assert visit.console_errors == []
    assert visit.failed_requests == []
    assert visit.external_requests == []


@pytest.mark.browser
def test_search_page_with_results_has_no_accessibility_violations(
    chromium: Browser,
    site_url: str,
) -> None:
    context = chromium.new_context(bypass_csp=True)  # axe is injected as an inline script
    page = open_page(context, f"{site_url}/search/index.html?q=Kazakhstan").page
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
    violations = run_axe(page)
    context.close()

    assert violations == []
