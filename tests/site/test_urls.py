"""The address rules of :mod:`generator.site.urls`, which pages, PDFs, feeds and
templates all follow."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from generator.model.countries import Country
from generator.site.urls import (
    SITE_BOOK_URL,
    UNKNOWN_SITE_URL,
    book_url,
    brief_pdf_url,
    page_file,
    page_url_of_file,
    public_site_url,
    public_url,
    relationship_feed,
    relationship_json_url,
    relative_url,
    root_path,
    since_url,
    site_link,
    timeline_url,
    url_for,
)

TEMPLATES = Path(__file__).parents[2] / "theme" / "templates"
PAGES = [
    "",
    "countries/",
    "relationships/kz-tr/",
    "relationships/kz-tr/changes/",
    "relationships/kz-tr/changes/since-2025-07-29/",
]
"""Pages at every depth the site has, from the root to a revision page."""


def test_entity_pages_live_in_folders_named_by_lowercase_id() -> None:
    assert url_for("country", "KZ") == "countries/kz/"
    assert url_for("relationship", "kz-tr") == "relationships/kz-tr/"
    assert url_for("person", "erdogan") == "people/erdogan/"
    assert url_for("changes", "kz-tr") == "relationships/kz-tr/changes/"
    assert since_url("kz-tr", "2025-07-29") == "relationships/kz-tr/changes/since-2025-07-29/"
    assert timeline_url() == "timeline/"
    assert timeline_url("visit") == "timeline/visit/"


def test_a_folder_url_names_its_index_file_and_a_file_url_itself() -> None:
    assert page_file("") == "index.html"
    assert page_file("countries/kz/") == "countries/kz/index.html"
    assert page_file("data/figures.csv") == "data/figures.csv"
    assert page_file("404.html") == "404.html"


@pytest.mark.parametrize("url", [*PAGES, "404.html", "data/figures.csv"])
def test_the_page_url_of_a_written_file_is_the_url_it_was_written_for(url: str) -> None:
    assert page_url_of_file(page_file(url)) == url


@pytest.mark.parametrize(
    ("from_page", "to_page", "link"),
    [
        ("", "", "index.html"),
        ("", "timeline/", "timeline/index.html"),
        ("timeline/", "timeline/", "index.html"),
        ("timeline/", "", "../index.html"),
        ("relationships/kz-tr/", "countries/kz/", "../../countries/kz/index.html"),
        ("relationships/kz-tr/", "", "../../index.html"),
        ("relationships/kz-tr/changes/", "relationships/kz-tr/", "../index.html"),
        ("relationships/kz-tr/", "relationships/kz-tr/changes/", "changes/index.html"),
        ("relationships/kz-tr/", "relationships/kz-tr/kz-tr-brief.pdf", "kz-tr-brief.pdf"),
        ("data/", "data/briefings.json", "briefings.json"),
        ("countries/kz/", "books/kz.pdf", "../../books/kz.pdf"),
    ],
)
def test_relative_links_between_pages_at_any_depth(from_page: str, to_page: str, link: str) -> None:
    assert relative_url(from_page, to_page) == link


def test_every_relative_link_between_pages_opens_the_target_file_from_disk(tmp_path: Path) -> None:
    """No server turns a folder into its index page when the site is opened from disk."""
    for page in PAGES:
        (tmp_path / page_file(page)).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page_file(page)).write_text(page, encoding="utf-8")
    for from_page, to_page in itertools.product(PAGES, PAGES):
        here = (tmp_path / page_file(from_page)).parent
        opened = here / relative_url(from_page, to_page)
        assert opened.is_file(), (from_page, to_page)
        assert opened.read_text(encoding="utf-8") == to_page


@pytest.mark.parametrize(
    ("site_url", "url", "link"),
    [
        ("../..", "countries/kz/", "../../countries/kz/index.html"),
        (".", "", "./index.html"),
        ("..", "books/briefings.pdf", "../books/briefings.pdf"),
        ("", "timeline/", "/timeline/index.html"),
        ("/briefings", "", "/briefings/index.html"),
    ],
)
def test_a_link_through_the_site_url_names_the_file(site_url: str, url: str, link: str) -> None:
    assert site_link(site_url, url) == link


def test_the_files_of_a_briefing_lie_beside_its_page() -> None:
    assert brief_pdf_url("kz-tr") == "relationships/kz-tr/kz-tr-brief.pdf"
    assert relationship_json_url("kz-tr") == "relationships/kz-tr/kz-tr.json"
    assert relationship_feed("kz-tr") == "feeds/kz-tr.atom.xml"


def test_books_are_one_per_country_and_one_for_the_site() -> None:
    assert book_url(Country("KZ")) == "books/kz.pdf"
    assert book_url(Country("TR")) == "books/tr.pdf"
    assert SITE_BOOK_URL == "books/briefings.pdf"


def test_public_urls_are_absolute_with_a_canonical_base() -> None:
    home = "https://example.org/briefings"
    assert public_url("relationships/kz-tr/", home) == f"{home}/relationships/kz-tr/"
    assert public_url("", home) == f"{home}/"
    assert public_url("data/figures.csv", home, "feeds") == f"{home}/data/figures.csv"
    assert public_site_url(home) == f"{home}/"


def test_public_urls_without_a_canonical_base_name_the_file_from_where_they_are_read() -> None:
    assert public_url("relationships/kz-tr/", "") == "relationships/kz-tr/index.html"
    assert public_url("", "", "feeds") == "../index.html"
    assert public_url("relationships/kz-tr/", "", "feeds") == "../relationships/kz-tr/index.html"
    assert public_url("data/figures.csv", "") == "data/figures.csv"


def test_pdfs_of_a_site_without_a_home_name_an_address_that_never_resolves() -> None:
    assert public_site_url("") == UNKNOWN_SITE_URL
    assert UNKNOWN_SITE_URL.startswith("https://") and ".invalid/" in UNKNOWN_SITE_URL


@pytest.mark.parametrize(
    ("canonical", "root"),
    [
        ("", ""),
        ("https://example.org", ""),
        ("https://example.org/briefings", "/briefings"),
        ("https://example.org/a/b", "/a/b"),
    ],
)
def test_the_root_path_is_the_path_of_the_canonical_base(canonical: str, root: str) -> None:
    assert root_path(canonical) == root


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_templates_spell_no_page_or_file_address(template: Path) -> None:
    """Templates take addresses from the URL module, so a rule changes in one place."""
    text = template.read_text(encoding="utf-8")
    spelled = re.findall(r"index\.html|\.pdf\b|\.json\b|\.atom\.xml|\.csv\b|\.ics\b", text)
    assert not spelled, f"{template.name} spells {spelled}"
