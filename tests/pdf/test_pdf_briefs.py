"""The PDF briefs and briefing books of the shipped content, read back with real tools.

Most tests look at the shared build (``built_site``, as of 2026-11-25): qpdf, pypdf,
pdftotext, pdffonts and fontTools on every brief and book. Page 1 of each brief is
written to ``test-artifacts/pdf/`` as a picture to look at. Two tests render their own
input: a synthetic long table through the theme's print stylesheet, and a throwaway
copy of the project whose content tries to load files from elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from generator.engine import check
from generator.pages import language_sites
from generator.pdf import PdfJob, render_pdfs
from generator.settings import Settings, load_settings
from generator.site import Briefing, Site, meeting_briefs
from generator.site.formatting import ENGLISH
from generator.site.urls import public_site_url
from tests.conftest import AS_OF, PROJECT, BuiltSite, build_project, copy_project
from tests.tooling.citations import narrative_markers, text_before_citations
from tests.tooling.loopback import CountingServer
from tests.tooling.pdf import pdf_text, qpdf_check, render_page_png
from tests.tooling.pdf_structure import (
    links,
    outline_entries,
    text_shown_in_artifacts,
    uncompressed,
    unreachable_marked_content,
    untagged_marked_content,
)

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("qpdf", "pdftotext", "pdffonts", "pdftoppm")),
    reason="needs qpdf and poppler-utils",
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pdf_briefs"
ARTIFACTS = PROJECT / "test-artifacts" / "pdf"
FONTS = PROJECT / "theme" / "static" / "fonts"
TURKISH_AND_KAZAKH = "ÇçĞğİıÖöŞşÜüÂâÎîÛû" + "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
LOWEST_HEADING = 95
"""Points above the bottom edge of A4: the footer margin plus a heading and three lines."""


@dataclass(frozen=True)
class Brief:
    briefing: Briefing
    pdf: Path
    page: Path

    @property
    def slug(self) -> str:
        return self.briefing.slug


@pytest.fixture(scope="module")
def settings(built_site: BuiltSite) -> Settings:
    return load_settings(built_site.root.parent / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF})


@pytest.fixture(scope="module")
def site(settings: Settings) -> Site:
    """The content the shared build was made from (its own copy of the project)."""
    return check(settings)[0]


@pytest.fixture(scope="module")
def briefs(built_site: BuiltSite, site: Site) -> list[Brief]:
    return [
        Brief(b, built_site.root / b.pdf_url, built_site.root / b.url / "index.html")
        for b in site.briefings
    ]


@pytest.fixture(scope="module")
def books(built_site: BuiltSite, site: Site) -> dict[str, list[Briefing]]:
    """Each book's path in the site and the briefings it must hold, in order."""
    found = {
        f"books/{country.slug}.pdf": [b for b in site.briefings if country in b.countries]
        for country in site.countries
    }
    return {**found, "books/briefings.pdf": site.briefings}


@cache
def pages_text(pdf: Path) -> list[str]:
    """The text of each page, its layout kept."""
    return pdf_text(pdf).split("\f")[:-1]


def flat(text: str) -> str:
    """Text without any whitespace: long URLs and names wrap across lines in a PDF."""
    return "".join(text.split())


def print_contents(page: Path) -> list[tuple[str, str]]:
    """The (anchor, text) entries of a brief's printed contents, from its page."""
    nav = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
        "nav.brief-contents"
    )
    assert nav is not None, f"{page} has no printed contents"
    return [
        (str(item.a["href"]).removeprefix("#"), item.a.get_text(strip=True))
        for item in nav.select("li")
        if "screen-only" not in (item.get("class") or [])
    ]


def images(reader: PdfReader) -> list[str]:
    """The raster images the pages draw, by resource name and page (from 1)."""
    return [
        f"{name} on page {number}"
        for number, page in enumerate(reader.pages, start=1)
        for name, xobject in page["/Resources"].get("/XObject", {}).items()
        if xobject.get_object()["/Subtype"] == "/Image"
    ]


def all_pdfs(built_site: BuiltSite) -> list[Path]:
    return sorted(built_site.root.rglob("*.pdf"))


# Every PDF


def test_the_site_has_a_brief_per_briefing_and_a_book_per_country_and_for_all(
    built_site: BuiltSite,
    briefs: list[Brief],
    books: dict[str, list[Briefing]],
    site: Site,
    settings: Settings,
) -> None:
    """In every language: a translation has its own briefs and books, of the briefings
    translated into it; and every meeting or visit has a brief, in each language of its
    briefing."""
    expected = {brief.pdf for brief in briefs} | {built_site.root / url for url in books}
    sites = language_sites(site, settings)
    translated = sites[1:]
    for other in translated:
        folder = built_site.root / other.lang
        expected |= {folder / b.pdf_url for b in other.briefings}
        expected |= {folder / "books" / f"{c.slug}.pdf" for c in other.countries}
        expected.add(folder / "books" / "briefings.pdf")
    for each in sites:
        folder = built_site.root / ("" if each is site else each.lang)
        expected |= {
            folder / meeting.pdf_url
            for briefing in each.briefings
            for meeting in meeting_briefs(briefing, each.corpus.sources)
        }
    assert set(all_pdfs(built_site)) == expected
    assert len(briefs) >= 3
    assert [b.slug for other in translated for b in other.briefings] == ["kz-tr"]


def test_every_pdf_passes_qpdf_check(built_site: BuiltSite) -> None:
    for pdf in all_pdfs(built_site):
        assert qpdf_check(pdf) is None, pdf


def test_every_pdf_is_tagged_in_its_language_with_its_title_shown(built_site: BuiltSite) -> None:
    for pdf in all_pdfs(built_site):
        catalog = PdfReader(pdf).trailer["/Root"]
        in_turkish = pdf.relative_to(built_site.root).parts[0] == "tr"
        assert "/StructTreeRoot" in catalog, pdf
        assert catalog["/MarkInfo"]["/Marked"], pdf
        assert catalog["/Lang"] == ("tr" if in_turkish else "en"), pdf
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"], pdf


def test_running_headers_and_footers_are_artifacts_outside_the_structure_tree(
    built_site: BuiltSite,
) -> None:
    for pdf in all_pdfs(built_site):
        reader = PdfReader(pdf)
        assert untagged_marked_content(reader) == set(), pdf
        for number in {0, len(reader.pages) - 1}:  # the first page's are different
            assert text_shown_in_artifacts(reader, number) > 0, (pdf, number + 1)


def test_every_page_of_a_brief_says_page_x_of_n(briefs: list[Brief]) -> None:
    for pdf in (brief.pdf for brief in briefs):
        texts = pages_text(pdf)
        assert len(texts) == len(PdfReader(pdf).pages)
        for number, text in enumerate(texts, start=1):
            assert f"Page {number} of {len(texts)}" in text, (pdf, number)


def test_links_lead_to_the_published_site_and_nothing_names_the_build_folder(
    built_site: BuiltSite, settings: Settings, tmp_path: Path
) -> None:
    canonical = public_site_url(settings.canonical_url)
    project = str(built_site.root.parent).encode()
    for pdf in all_pdfs(built_site):
        reader = PdfReader(pdf)
        found = links(reader)
        internal = {link.destination for link in found if link.destination}
        assert internal <= set(reader.named_destinations), pdf
        uris = [link.uri for link in found if link.uri]
        assert any(uri.startswith(canonical) for uri in uris), pdf
        assert all(uri.startswith(("https://", "http://")) for uri in uris), pdf
        content = uncompressed(pdf, tmp_path / "decoded.pdf")
        assert project not in content, pdf
        assert b"file:" not in content, pdf
        assert b"staging" not in content, pdf


def test_all_marked_content_of_every_page_is_reachable_in_the_structure_tree(
    built_site: BuiltSite,
) -> None:
    for pdf in all_pdfs(built_site):
        assert unreachable_marked_content(PdfReader(pdf)) == [], pdf


def test_no_heading_is_left_at_the_foot_of_a_page(built_site: BuiltSite) -> None:
    for pdf in all_pdfs(built_site):
        for entry in outline_entries(PdfReader(pdf)):
            assert entry.top > LOWEST_HEADING, (pdf, entry)


def test_fonts_are_the_themes_embedded_as_subsets_with_no_fallback(
    built_site: BuiltSite,
) -> None:
    for pdf in all_pdfs(built_site):
        listing = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert listing, pdf
        for line in listing:
            name, *_, embedded, subset, unicode, _number, _generation = line.split()
            assert re.fullmatch(r"[A-Z]{6}\+Noto-(Sans|Serif)(-Bold|-Italic)?", name), line
            assert (embedded, subset, unicode) == ("yes", "yes", "yes"), line


# The briefs


def test_brief_metadata_comes_from_the_content(briefs: list[Brief], settings: Settings) -> None:
    for brief in briefs:
        front = brief.briefing.front
        info = PdfReader(brief.pdf).metadata
        assert info is not None
        assert info.title == f"{brief.briefing.title}: briefing"
        assert info.author == settings.site_name
        assert info.subject == front.summary
        keywords = info["/Keywords"]
        for word in [c.name for c in brief.briefing.countries] + list(front.topics):
            assert word in keywords
        created = f"D:{front.reviewed.end:%Y%m%d}"
        assert info["/CreationDate"] == info["/ModDate"] == created


def test_brief_outline_is_its_title_then_its_printed_contents(briefs: list[Brief]) -> None:
    for brief in briefs:
        entries = outline_entries(PdfReader(brief.pdf))
        assert [(e.title, e.page) for e in entries if e.depth == 0] == [(brief.briefing.title, 0)]
        sections = [e.title for e in entries if e.depth == 1]
        assert sections == [text for _, text in print_contents(brief.page)]
        assert not any("#" in entry.title for entry in entries)


def test_printed_contents_give_the_page_each_section_starts_on(briefs: list[Brief]) -> None:
    for brief in briefs:
        reader = PdfReader(brief.pdf)
        destinations = reader.named_destinations
        text = "\n".join(pages_text(brief.pdf))
        for anchor, title in print_contents(brief.page):
            printed = re.search(rf"{re.escape(title)}[ .]+(\d+)\s", text)
            assert printed, (brief.slug, title)
            page = reader.get_destination_page_number(destinations[anchor]) + 1
            assert int(printed.group(1)) == page, (brief.slug, title)


def test_first_page_is_a_cover_with_bottom_line_and_key_figures(
    briefs: list[Brief], settings: Settings
) -> None:
    for brief in briefs:
        briefing = brief.briefing
        front = briefing.front
        # In reading order: the key figures stand in columns.
        first = flat(PdfReader(brief.pdf).pages[0].extract_text())
        for text in (
            settings.distribution.upper(),
            briefing.title,
            *(country.name.upper() for country in briefing.countries),
            ENGLISH.date(front.reviewed),
            "Bottom line",
            *front.bottom_line,
            *(["Key figures"] if briefing.key_figures else []),
            *(f"{view.figure.label}{view.value}" for view in briefing.key_figures),
        ):
            assert flat(text) in first, (brief.slug, text)


def test_the_brief_fits_two_pages_before_its_annexes(briefs: list[Brief]) -> None:
    """A minister reads two sides: bottom line, key figures, what is new, stated
    positions and mechanisms; the background, timeline, agreements, figures, revisions
    and sources follow as annexes from a page of their own."""
    for brief in briefs:
        texts = pages_text(brief.pdf)
        annexes = [n for n, text in enumerate(texts, start=1) if "Annexes" in text]
        assert annexes, brief.slug
        body = annexes[0] - 1
        assert 1 <= body <= 2, (brief.slug, body)
        assert "Bottom line" in texts[0] and "Annexes" not in "".join(texts[:body])
        annex_text = "".join(texts[body:])
        for annex in ("Timeline", "Agreements", "Revision history", "Sources"):
            assert annex in annex_text, (brief.slug, annex)
        if brief.briefing.key_figures:
            assert "Key figures" in texts[0]
        if brief.briefing.changelog:
            assert "What is new" in "".join(texts[:body]), brief.slug


def test_key_figures_of_one_source_name_it_once(briefs: list[Brief]) -> None:
    kz_tr = next(brief for brief in briefs if brief.slug == "kz-tr")
    sources = {view.source for view in kz_tr.briefing.key_figures}
    assert len(sources) == 1
    first = pages_text(kz_tr.pdf)[0]
    assert first.count("Source:") == 1 and "Source: [1] Turkish press" in first


def test_every_figure_is_printed_with_its_value_period_and_source(briefs: list[Brief]) -> None:
    """Figures kept out of the key figures are printed too, under "More figures"."""
    for brief in briefs:
        # In reading order: the key figures stand in columns.
        text = flat("".join(page.extract_text() for page in PdfReader(brief.pdf).pages))
        for view in brief.briefing.figures:
            for part in (view.figure.label, view.value, view.when, f"[{view.source}]"):
                assert flat(part) in text, (brief.slug, view.figure.id, part)
        if brief.briefing.more_figures:
            assert "Morefigures" in text, brief.slug
            row = brief.briefing.more_figures[-1]
            assert flat(f"{row.value}{row.when}") in text, (brief.slug, row.figure.id)


def test_without_a_public_address_no_pdf_names_one(
    built_site: BuiltSite, briefs: list[Brief], settings: Settings
) -> None:
    """The shipped settings name no public address: a PDF printing one would send its
    reader to a placeholder."""
    assert settings.canonical_url == ""
    for pdf in all_pdfs(built_site):
        text = flat(pdf_text(pdf))
        assert "Thecurrentversion" not in text, pdf
        assert "example.org" not in text and ".invalid" not in text, pdf
    for brief in briefs:
        first = flat(pages_text(brief.pdf)[0])
        assert flat(f"Produced from the briefing as of {AS_OF:%-d %B %Y}.") in first


def test_with_a_public_address_briefs_and_books_say_where_the_current_version_is(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path)
    for relationship in (project / "content" / "relationships").iterdir():
        if relationship.name != "kz-tr":
            shutil.rmtree(relationship)
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nSITEURL_CANONICAL = "https://briefings.example.org"\n')

    output = build_project(project, workers=1).output_dir

    current = "https://briefings.example.org/relationships/kz-tr/"
    brief = output / "relationships" / "kz-tr" / "kz-tr-brief.pdf"
    assert flat(f"The current version is at {current}.") in flat(pages_text(brief)[0])
    assert current in {link.uri for link in links(PdfReader(brief))}
    book = flat(pages_text(output / "books" / "kz.pdf")[0])
    book_url = "https://briefings.example.org/books/kz.pdf"
    assert flat(f"The current version of this book is at {book_url}.") in book


def test_running_header_names_the_relationship_and_footer_its_review_and_version(
    briefs: list[Brief], settings: Settings
) -> None:
    for brief in briefs:
        front = brief.briefing.front
        footer = f"Reviewed {ENGLISH.date(front.reviewed)} · Version {front.version}"
        texts = pages_text(brief.pdf)
        for number, text in enumerate(texts, start=1):
            assert footer in text, (brief.slug, number)
            if number > 1:
                lines = [line for line in text.splitlines() if line.strip()]
                assert brief.briefing.title in lines[0], (brief.slug, number)
                assert settings.distribution.upper() in lines[0]


def test_citations_jump_to_numbered_endnotes_that_print_their_urls(
    briefs: list[Brief],
) -> None:
    for brief in briefs:
        reader = PdfReader(brief.pdf)
        cited = {link.destination for link in links(reader) if link.destination}
        text = flat("".join(pages_text(brief.pdf)))
        for number, source in brief.briefing.sources:
            assert f"source-{number}" in cited, (brief.slug, number)
            if source.url:
                assert str(source.url) in text, (brief.slug, source.url)


def test_citation_markers_print_the_numbers_of_the_numbered_sources(
    briefs: list[Brief],
) -> None:
    """Every marker holds numbers, and together they are the numbers of the source list:
    a marker that lost its number still links and is labelled, but prints ``[]``."""
    for brief in briefs:
        markers = re.findall(r"\[([\d,]*)\]", flat("".join(pages_text(brief.pdf))))
        assert all(markers), (brief.slug, markers)
        printed = {int(number) for marker in markers for number in marker.split(",")}
        assert printed == {number for number, _ in brief.briefing.sources}, brief.slug


def test_narrative_citations_print_their_source_numbers_after_their_sentences(
    briefs: list[Brief],
) -> None:
    for brief in briefs:
        narrative = BeautifulSoup(brief.page.read_text(encoding="utf-8"), "html.parser")
        before = text_before_citations(narrative.select_one("section.narrative"))
        expected = narrative_markers(brief.briefing)
        assert before and len(before) == len(expected), brief.slug
        text = flat("".join(pages_text(brief.pdf)))
        for sentence_end, marker in zip(before, expected, strict=True):
            assert sentence_end + flat(marker) in text, (brief.slug, sentence_end, marker)


def test_charts_print_as_vector_drawings_with_real_text(briefs: list[Brief]) -> None:
    charted = [brief for brief in briefs if brief.briefing.charts]
    assert charted, "the shipped content has a chart"
    for brief in charted:
        assert images(PdfReader(brief.pdf)) == [], brief.slug
        text = flat("".join(pages_text(brief.pdf)))
        for chart in brief.briefing.charts:
            for row in chart.rows:
                assert flat(row.value) in text


def test_page_one_of_each_brief_is_saved_as_a_picture(briefs: list[Brief]) -> None:
    for brief in briefs:
        picture = render_page_png(brief.pdf, 1, ARTIFACTS / f"{brief.slug}-page-1.png")
        assert picture.stat().st_size > 20_000


# The books


def test_books_hold_each_briefing_behind_one_contents_and_one_outline(
    built_site: BuiltSite, books: dict[str, list[Briefing]], briefs: list[Brief]
) -> None:
    sections = {
        brief.slug: [e.title for e in outline_entries(PdfReader(brief.pdf)) if e.depth == 1]
        for brief in briefs
    }
    for url, briefings in books.items():
        pdf = built_site.root / url
        reader = PdfReader(pdf)
        entries = outline_entries(reader)
        assert [e.title for e in entries if e.depth == 0] == [
            "Contents",
            *(b.title for b in briefings),
        ]
        parts = [e for e in entries if e.depth == 0][1:]
        front = parts[0].page
        contents = "\n".join(pages_text(pdf)[:front])
        to_parts = {
            link.destination: reader.get_destination_page_number(
                reader.named_destinations[link.destination]
            )
            for link in links(reader)
            if link.page < front and link.destination
        }
        for briefing, part in zip(briefings, parts, strict=True):
            printed = re.search(rf"{re.escape(briefing.title)}[ .]+(\d+)\s", contents)
            assert printed, (url, briefing.slug)
            page = front + int(printed.group(1)) - 1
            assert page == part.page == to_parts[briefing.slug], (url, briefing.slug)
            assert briefing.title in pages_text(pdf)[page]
            assert reader.page_labels[page] == printed.group(1)
            index = entries.index(part)
            following = entries[index + 1 :]
            end = next((n for n, e in enumerate(following) if e.depth == 0), len(following))
            assert [e.title for e in following[:end] if e.depth == 1] == sections[briefing.slug]


def test_books_are_their_front_matter_numbered_in_roman_then_their_briefs_pages(
    built_site: BuiltSite, books: dict[str, list[Briefing]], briefs: list[Brief]
) -> None:
    by_slug = {brief.slug: brief for brief in briefs}
    for url, briefings in books.items():
        pdf = built_site.root / url
        labels = PdfReader(pdf).page_labels
        front = labels.index("1")
        assert labels[:front] == ["i", "ii", "iii", "iv", "v"][:front]
        texts = pages_text(pdf)
        for number, text in enumerate(texts[:front]):
            assert text.rstrip().endswith(labels[number]), (url, number)
        parts = [text for b in briefings for text in pages_text(by_slug[b.slug].pdf)]
        assert texts[front:] == parts, url


def test_book_links_stay_in_the_part_they_come_from(
    built_site: BuiltSite, books: dict[str, list[Briefing]]
) -> None:
    for url, briefings in books.items():
        reader = PdfReader(built_site.root / url)
        parts = [e for e in outline_entries(reader) if e.depth == 0][1:]
        ends = [part.page for part in parts[1:]] + [len(reader.pages)]
        span = {b.slug: (p.page, end) for b, p, end in zip(briefings, parts, ends, strict=True)}
        destinations = reader.named_destinations
        for link in links(reader):
            slug = link.destination.split("--")[0]
            if link.destination and slug in span and link.page >= span[slug][0]:
                page = reader.get_destination_page_number(destinations[link.destination])
                start, end = span[slug]
                assert start <= page < end, (url, link)


def test_book_metadata_is_the_books_own(
    built_site: BuiltSite, books: dict[str, list[Briefing]], settings: Settings
) -> None:
    for url, briefings in books.items():
        info = PdfReader(built_site.root / url).metadata
        assert info is not None
        assert info.title and info.title.endswith(("briefing book", "all briefings"))
        assert info.author == settings.site_name
        latest = max(b.front.reviewed.end for b in briefings)
        assert info["/CreationDate"] == f"D:{latest:%Y%m%d}"
        assert all(b.title in info["/Keywords"] for b in briefings)


def test_country_and_home_pages_link_their_books_with_sizes(
    built_site: BuiltSite, site: Site
) -> None:
    pages = {f"countries/{c.slug}/index.html": f"books/{c.slug}.pdf" for c in site.countries}
    pages["index.html"] = "books/briefings.pdf"
    for page, book in pages.items():
        html = BeautifulSoup((built_site.root / page).read_text("utf-8"), "html.parser")
        link = html.select_one(f'a[data-pdf-size="{book}"]')
        assert link is not None, page
        target = (built_site.root / page).parent / str(link["href"])
        assert target.resolve() == (built_site.root / book).resolve()
        assert re.search(r"\(PDF, [\d,]+ KB\)", link.get_text()), page


# Fonts


def names_in_the_content(site: Site) -> set[str]:
    corpus = site.corpus
    names = {c.name for b in site.briefings for c in b.countries}
    names |= {b.title for b in site.briefings}
    names |= {person.name for person in corpus.people.values()}
    for registry in (corpus.organizations, corpus.mechanisms):
        for entity in registry.values():
            names |= {entity.name, entity.abbreviation or ""}
    return names


@pytest.mark.parametrize("face", sorted(FONTS.glob("*.woff*")), ids=lambda face: face.name)
def test_every_face_has_every_letter_of_every_name(site: Site, face: Path) -> None:
    letters = set("".join(names_in_the_content(site)) + TURKISH_AND_KAZAKH) - {" "}
    cmap = TTFont(face).getBestCmap()
    assert sorted(letter for letter in letters if ord(letter) not in cmap) == []


def test_print_faces_are_the_screen_faces_in_another_wrapping() -> None:
    print_faces = sorted(FONTS.glob("*.woff"))
    assert len(print_faces) == 5
    for face in print_faces:
        screen = TTFont(face.with_suffix(".woff2"))
        printed = TTFont(face)
        assert printed.getBestCmap() == screen.getBestCmap(), face.name
        assert printed.getGlyphOrder() == screen.getGlyphOrder(), face.name


# Print rules on synthetic input


def test_long_tables_repeat_their_header_and_never_split_a_row(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    shutil.copytree(PROJECT / "theme" / "static", site_dir / "theme")
    shutil.copytree(FIXTURES / "long-table", site_dir / "long-table")
    pdf = site_dir / "long-table" / "table.pdf"
    job = PdfJob(pdf.with_name("index.html"), pdf, "long table", "long-table/index.html", {})

    report = render_pdfs([job], site_dir=site_dir, site_url="https://x.test/", cache_dir=tmp_path)

    assert report.failed == []
    texts = pages_text(pdf)
    assert len(texts) >= 3
    for text in texts:
        assert "Synthetic column A" in text
    for row in range(1, 61):
        holding = [n for n, text in enumerate(texts) if f"Row {row} " in text]
        assert len(holding) == 1, row
        assert f"Row {row} ends here" in texts[holding[0]]


# Refused URLs, end to end


@pytest.fixture
def server() -> Iterator[CountingServer]:
    image = b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'
    with CountingServer(image, "image/svg+xml") as running:
        yield running


def test_content_that_loads_from_elsewhere_is_refused_and_named(
    tmp_path: Path, server: CountingServer
) -> None:
    project = copy_project(tmp_path)
    for relationship in (project / "content" / "relationships").iterdir():
        if relationship.name != "kz-tr":
            shutil.rmtree(relationship)
    index = project / "content" / "relationships" / "kz-tr" / "index.md"
    remote = f"http://127.0.0.1:{server.port}/picture.svg"
    escape = "https://briefings.example.org/theme/%2e%2e/%2e%2e/%2e%2e/etc/passwd"
    index.write_text(
        index.read_text("utf-8")
        + f"\n![A remote picture]({remote}) ![An escape]({escape}) [a file](file:///etc/passwd)\n",
        "utf-8",
    )

    result = build_project(project, workers=1)

    content_file = "content/relationships/kz-tr/index.md"
    refusals = [w for w in result.pdf_warnings if w.startswith("refused to load")]
    assert refusals == [
        f'refused to load "{remote}" while rendering {content_file}: outside the site',
        f'refused to load "{escape}" while rendering {content_file}: outside the site',
    ]
    assert server.requests == []
    brief = result.output_dir / "relationships" / "kz-tr" / "kz-tr-brief.pdf"
    reader = PdfReader(brief)
    assert images(reader) == []
    assert not any(link.uri.startswith("file:") for link in links(reader))
    assert "[a file](file:///etc/passwd)" in pdf_text(brief)  # Markdown left it as text
    assert b"root:" not in uncompressed(brief, tmp_path / "decoded.pdf")


def test_an_unknown_pdf_variant_is_a_settings_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    with (project / "pelicanconf.py").open("a") as settings:
        settings.write('\nBRIEFINGS_PDF_VARIANT = "pdf/x-4"\n')
    with pytest.raises(ValueError, match="BRIEFINGS_PDF_VARIANT"):
        load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": dt.date(2026, 11, 25)})
