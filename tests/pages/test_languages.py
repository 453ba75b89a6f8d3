"""The site in two languages: English at the root, the Türkiye–Kazakhstan briefing in
Turkish under /tr/, each page linked to its other version, and everything a Turkish
reader gets (page, PDF, search, feed, exports) in Turkish."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from generator.settings import load_settings
from generator.site import capitals
from tests.conftest import BuiltSite
from tests.tooling.browser import open_page
from tests.tooling.pdf import pdf_text

KZ_TR = "relationships/kz-tr/"
TURKISH_KZ_TR = f"tr/{KZ_TR}"


def parsed(site: BuiltSite, page: str) -> BeautifulSoup:
    return BeautifulSoup((site.root / page).read_text("utf-8"), "html.parser")


def alternates(site: BuiltSite, page: str) -> dict[str, str]:
    """A page's ``hreflang`` alternates, each as a path from the site's root."""
    found = {}
    for link in parsed(site, page).select('link[rel="alternate"][hreflang]'):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link["href"]))
        found[link["hreflang"]] = target
    return found


def figure_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def test_turkish_pages_say_they_are_turkish_and_english_ones_english(
    built_site: BuiltSite,
) -> None:
    turkish = [
        p for p in built_site.html_files() if p.relative_to(built_site.root).parts[0] == "tr"
    ]
    assert len(turkish) > 10
    for path in built_site.html_files():
        lang = parsed(built_site, str(path.relative_to(built_site.root))).html["lang"]
        assert lang == ("tr" if path in turkish else "en"), path


def test_every_hreflang_alternate_links_back_to_the_page(built_site: BuiltSite) -> None:
    pairs = 0
    for path in built_site.html_files():
        page = str(path.relative_to(built_site.root))
        for lang, target in alternates(built_site, page).items():
            assert (built_site.root / target).is_file(), f"{page} -> {target}"
            assert alternates(built_site, target).get(lang) == target
            back = alternates(built_site, target)
            own = "tr" if page.startswith("tr/") else "en"
            assert back[own] == page, f"{target} does not link back to {page}"
            pairs += 1
    assert alternates(built_site, f"{KZ_TR}index.html") == {
        "en": f"{KZ_TR}index.html",
        "tr": f"{TURKISH_KZ_TR}index.html",
    }
    assert pairs > 20


def test_a_page_not_translated_says_so_in_turkish_and_links_nothing_invented(
    built_site: BuiltSite,
) -> None:
    page = parsed(built_site, "relationships/tr-us/index.html")
    switcher = page.select_one("nav.languages")
    assert switcher is not None
    assert switcher.get_text(" ", strip=True) == "Türkçe: henüz çevrilmedi"
    assert switcher.select("a") == []
    assert not (built_site.root / "tr/relationships/tr-us").exists()
    assert "tr" not in alternates(built_site, "relationships/tr-us/index.html")


def test_the_turkish_briefing_writes_figures_dates_and_names_as_turkish_does(
    built_site: BuiltSite,
) -> None:
    page = parsed(built_site, f"{TURKISH_KZ_TR}index.html")
    text = page.get_text(" ")
    assert page.h1.get_text(strip=True) == "Türkiye–Kazakistan"
    assert "8,95 milyar ABD doları" in text
    assert "Ocak–Kasım 2025" in text
    assert "2 Şubat 2026" in text
    assert "Temel veriler" in text
    assert "Kazakhstan" not in page.select_one(".briefing__countries").get_text()
    switcher = page.select_one("nav.languages a")
    assert switcher.get_text() == "English" and switcher["hreflang"] == "en"


def interface_texts(site: BuiltSite, page: str) -> set[str]:
    """The headings, table captions and column headers of a page's main part."""
    texts = set()
    for element in parsed(site, page).select("main h2, main h3, main caption, main th[scope=col]"):
        for anchor in element.select("a.header-anchor"):
            anchor.extract()
        texts.add(element.get_text(" ", strip=True))
    return texts


def test_the_turkish_briefing_shares_no_heading_caption_or_column_header_with_the_english(
    built_site: BuiltSite,
) -> None:
    english = interface_texts(built_site, f"{KZ_TR}index.html")
    turkish = interface_texts(built_site, f"{TURKISH_KZ_TR}index.html")

    assert english & turkish == set()
    # The trade target's history: its heading, as the contents names it.
    assert "Zaman içinde Ticaret hedefi" in turkish


def test_the_turkish_brief_holds_the_turkish_figures_and_dates_with_their_letters(
    built_site: BuiltSite,
) -> None:
    pdf = built_site.root / TURKISH_KZ_TR / "kz-tr-brief.pdf"
    text = pdf_text(pdf)
    assert "8,95 milyar ABD doları" in text
    assert "650,44 milyar Türk lirası" in text
    assert "2 Şubat 2026" in text
    for letters in ("ğ", "ş", "ı", "İ", "ç", "ö", "ü"):
        assert letters in text, letters


@pytest.mark.parametrize(
    ("text", "lang", "written"),
    [
        ("Unclassified — for public distribution", "en", "UNCLASSIFIED — FOR PUBLIC DISTRIBUTION"),
        ("kırmızı iğne", "tr", "KIRMIZI İĞNE"),
        ("bir iş", "az-Latn", "BİR İŞ"),
    ],
)
def test_capitals_are_written_as_the_language_writes_them(
    text: str, lang: str, written: str
) -> None:
    assert capitals(text, lang) == written


def test_the_turkish_brief_heads_its_pages_with_the_english_marking_in_english_capitals(
    built_site: BuiltSite,
) -> None:
    """The marking is a setting, in English: the running header of a Turkish page must
    not write it with Turkish capitals ("PUBLİC")."""
    settings = load_settings(built_site.root.parent / "pelicanconf.py")
    marking = capitals(settings.distribution, "en")
    pages = pdf_text(built_site.root / TURKISH_KZ_TR / "kz-tr-brief.pdf").split("\f")
    headers = [page.strip().splitlines()[0] for page in pages[1:] if page.strip()]

    assert headers and all(marking in header for header in headers), headers


def test_the_turkish_feed_and_exports_carry_the_language_of_their_text(
    built_site: BuiltSite,
) -> None:
    feed = ET.parse(built_site.root / "tr/feeds/all.atom.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "tr"
    record = json.loads((built_site.root / TURKISH_KZ_TR / "kz-tr.json").read_text("utf-8"))
    assert (record["lang"], record["title"]) == ("tr", "Türkiye–Kazakistan")
    rows = list(csv.DictReader(io.StringIO((built_site.root / "data/figures.csv").read_text())))
    turkish = list(
        csv.DictReader(io.StringIO((built_site.root / "tr/data/figures.csv").read_text()))
    )
    assert {row["lang"] for row in rows} == {"en"}
    assert {row["lang"] for row in turkish} == {"tr"}
    assert {row["id"] for row in turkish} <= {row["id"] for row in rows}


@pytest.mark.browser
def test_a_turkish_search_finds_the_turkish_briefing_and_not_the_english_one(
    chromium: Browser, site_url: str
) -> None:
    context = chromium.new_context()
    visit = open_page(context, f"{site_url}/tr/search/index.html?q=ticaret")
    page = visit.page
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    links = page.eval_on_selector_all(
        ".pagefind-ui__result-link", "links => links.map(link => link.href)"
    )
    context.close()

    paths = [link.removeprefix(site_url) for link in links]
    assert f"/{TURKISH_KZ_TR}index.html" in paths
    assert all(path.startswith("/tr/") for path in paths), paths
    assert visit.console_errors == []
