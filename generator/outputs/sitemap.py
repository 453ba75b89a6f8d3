"""``sitemap.xml`` and ``robots.txt``: every page for search engines, dated by its content.

The sitemap lists the HTML files the build actually wrote, so a page added by any
generator or template is listed without being registered here. A page's ``lastmod``
is the latest content date behind it (a review, a changelog entry, an update's date);
a page with no such date has none, since the time of the build says nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.model.dates import PartialDate
from generator.outputs.feeds import Update
from generator.settings import Settings
from generator.site import Site
from generator.site.urls import (
    NOT_FOUND_FILE,
    SITEMAP_FILE,
    page_url_of_file,
    public_url,
    url_for,
)

ROBOTS_FILE = "robots.txt"
NOT_LISTED = frozenset({NOT_FOUND_FILE})
"""Pages that exist for browsers only, not for search engines."""
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_sitemap(site_dir: Path, site: Site, updates: list[Update], settings: Settings) -> None:
    canonical = settings.canonical_url
    dates = content_dates(site, updates)
    urlset = ET.Element("urlset", xmlns=SITEMAP_NAMESPACE)
    for page in listed_pages(site_dir):
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = public_url(page, canonical)
        if (date := _date_of(page, dates)) is not None:
            ET.SubElement(entry, "lastmod").text = date.isoformat()
    tree = ET.ElementTree(urlset)
    ET.indent(tree)
    tree.write(site_dir / SITEMAP_FILE, encoding="utf-8", xml_declaration=True)
    sitemap = public_url(SITEMAP_FILE, canonical) if canonical else f"/{SITEMAP_FILE}"
    (site_dir / ROBOTS_FILE).write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", encoding="utf-8"
    )


def listed_pages(site_dir: Path) -> list[str]:
    """Page URLs of every HTML file: ``relationships/kz-tr/`` for its ``index.html``."""
    files = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    return [page_url_of_file(file) for file in files if file not in NOT_LISTED]


def content_dates(site: Site, updates: Iterable[Update]) -> dict[str, PartialDate]:
    """The latest content date of each page that has one, by page URL.

    A relationship's date covers every page under its folder (its revision history);
    a country's is its latest relationship's; the home page's is the latest of all.
    """
    dates: dict[str, PartialDate] = {}
    for update in updates:
        _keep_latest(dates, update.page, update.date)
        if update.relationship is None:
            _keep_latest(dates, "updates/", update.date)
    for briefing in site.briefings:
        _keep_latest(dates, briefing.url, briefing.front.reviewed)
        latest = dates[briefing.url]
        for country in briefing.countries:
            _keep_latest(dates, url_for("country", country.code), latest)
    for date in list(dates.values()):
        _keep_latest(dates, "", date)
    return dates


def _date_of(page: str, dates: Mapping[str, PartialDate]) -> PartialDate | None:
    """The page's own date, else its relationship's if it lies in a relationship's folder.

    The folder is read off the URL (``relationships/kz-tr/changes/`` is in
    ``relationships/kz-tr/``) rather than searched for among all dated pages, which
    made the sitemap quadratic in the number of relationships.
    """
    if page in dates:
        return dates[page]
    section, _, rest = page.partition("/")
    slug, in_folder, _ = rest.partition("/")
    if section != "relationships" or not in_folder:
        return None
    return dates.get(url_for("relationship", slug))


def _keep_latest(dates: dict[str, PartialDate], page: str, date: PartialDate) -> None:
    if page not in dates or dates[page].end < date.end:
        dates[page] = date
