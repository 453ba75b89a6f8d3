"""Every rule about the site's addresses, for the code and, through the template
helpers of :mod:`generator.pages.generator`, for the templates.

A page lives in a folder (``relationships/kz-tr/``) as its ``index.html``; a page URL
names the folder, a link names the file, so the site also works opened from disk,
where no server turns a folder into its index page. Pages link to each other
relatively, so the site works from any folder or host.

Files that other programs read (feeds, sitemap, exports, calendar, PDFs) keep working
best with absolute URLs, which exist only when ``SITEURL_CANONICAL`` names the public
home of the site; without it they fall back to links relative to the file that holds
them, which is all a site without a known home can offer.
"""

from __future__ import annotations

import posixpath
from functools import cache
from urllib.parse import urlsplit

from generator.model.countries import Country

INDEX_FILE = "index.html"
"""The file of every page, in the page's folder."""

URL_PATTERNS = {
    "relationship": "relationships/{id}/",
    "changes": "relationships/{id}/changes/",
    "country": "countries/{id}/",
    "person": "people/{id}/",
    "mechanism": "mechanisms/{id}/",
    "organization": "organizations/{id}/",
    "topic": "topics/{id}/",
}
"""Where each kind of page lives, relative to the site root."""

PAGE_URLS = {
    "home": "",
    "relationships": "relationships/",
    "countries": "countries/",
    "people": "people/",
    "mechanisms": "mechanisms/",
    "organizations": "organizations/",
    "topics": "topics/",
    "timeline": "timeline/",
    "upcoming": "upcoming/",
    "comparisons": "comparisons/",
    "search": "search/",
    "data": "data/",
    "updates": "updates/",
}
"""The site's one-of-a-kind pages: the home page, lists of each kind, timeline and more.

``updates/`` is written by Pelican (``INDEX_SAVE_AS``); it is here for the links to it."""

NOT_FOUND_FILE = "404.html"
"""The page servers show for a missing address, at any depth: not a folder page."""

BOOKS_DIR = "books"
SITE_BOOK_URL = f"{BOOKS_DIR}/briefings.pdf"

FEEDS_DIR = "feeds"
SITE_FEED = f"{FEEDS_DIR}/all.atom.xml"

DATASET_FILE = "data/briefings.json"
SCHEMA_FILE = "data/briefings.schema.json"
FIGURES_FILE = "data/figures.csv"
CALENDAR_FILE = "data/upcoming.ics"
SITEMAP_FILE = "sitemap.xml"

UNKNOWN_SITE_URL = "https://briefings.invalid/"
"""Where PDFs say the site lives when ``SITEURL_CANONICAL`` is not set: a reserved name
that never resolves, rather than a path on the machine that built them."""


def language_prefix(lang: str, default: str) -> str:
    """The folder of a language's pages: none for the originals' language, which is
    at the root, ``tr/`` for Turkish. Page URLs elsewhere in this module are relative to
    it, so every rule holds in every language."""
    return "" if lang == default else f"{lang}/"


def url_for(kind: str, ident: str) -> str:
    """The page of one entity: ``url_for("country", "KZ")`` is ``countries/kz/``."""
    return URL_PATTERNS[kind].format(id=ident.lower())


def timeline_url(kind: str | None = None) -> str:
    """``timeline/`` for every event, ``timeline/<kind>/`` for one kind."""
    return PAGE_URLS["timeline"] if kind is None else f"{PAGE_URLS['timeline']}{kind}/"


def since_url(slug: str, date: str) -> str:
    """The changes to a relationship since the edition of ``date`` (ISO)."""
    return f"{url_for('changes', slug)}since-{date}/"


def brief_pdf_url(slug: str) -> str:
    """``relationships/kz-tr/kz-tr-brief.pdf``: beside the page it is printed from."""
    return f"{url_for('relationship', slug)}{slug}-brief.pdf"


def meeting_url(slug: str, event_id: str) -> str:
    """``relationships/kz-tr/meetings/jspg-8/``: the brief for one meeting or visit."""
    return f"{url_for('relationship', slug)}meetings/{event_id}/"


def meeting_pdf_url(slug: str, event_id: str) -> str:
    """``relationships/kz-tr/meetings/jspg-8/kz-tr-jspg-8-brief.pdf``, beside its page."""
    return f"{meeting_url(slug, event_id)}{slug}-{event_id}-brief.pdf"


def relationship_json_url(slug: str) -> str:
    """``relationships/kz-tr/kz-tr.json``: beside the page and the PDF brief."""
    return f"{url_for('relationship', slug)}{slug}.json"


def relationship_feed(slug: str) -> str:
    return f"{FEEDS_DIR}/{slug}.atom.xml"


def book_url(country: Country) -> str:
    """Where the briefing book of ``country`` is published, relative to the site."""
    return f"{BOOKS_DIR}/{country.slug}.pdf"


def page_file(url: str) -> str:
    """The file a site-relative URL names: a folder's ``index.html``, else the URL."""
    return f"{url}{INDEX_FILE}" if url == "" or url.endswith("/") else url


def page_url_of_file(file: str) -> str:
    """The page URL of a site-relative file: ``relationships/kz-tr/`` for its index."""
    if file == INDEX_FILE:
        return ""
    return file.removesuffix(INDEX_FILE) if file.endswith(f"/{INDEX_FILE}") else file


def site_link(site_url: str, url: str) -> str:
    """``url`` reached through ``site_url``, the site's root as seen from a page (Pelican's
    ``SITEURL``: ``../..`` from a page two folders deep, a root path on the 404 page)."""
    return f"{site_url}/{page_file(url)}"


@cache
def relative_url(from_page: str, to_page: str) -> str:
    """The shortest link from one site-relative URL to another.

    Remembered: a page links to the same few pages many times, and ``relpath`` asks
    the operating system for the working directory each time.
    """
    start = posixpath.dirname(posixpath.join(from_page, INDEX_FILE))
    target = posixpath.relpath(to_page or ".", start or ".")
    if to_page.endswith("/") or not to_page:
        return posixpath.join(target, INDEX_FILE) if target != "." else INDEX_FILE
    return target


def public_url(path: str, canonical: str, from_dir: str = "") -> str:
    """Where a reader of a file in ``from_dir`` finds ``path`` (both site-relative).

    ``path`` is a page URL such as ``relationships/kz-tr/`` (or ``""`` for the home
    page) or a file such as ``data/figures.csv``. With a canonical base the answer is
    absolute (``https://example.org/relationships/kz-tr/``); without one it names the
    file itself (``../relationships/kz-tr/index.html``), which also works from disk.
    """
    if canonical:
        return f"{canonical}/{path}"
    return posixpath.relpath(page_file(path), from_dir or ".")


def public_site_url(canonical: str) -> str:
    """The site's public address, ending in ``/``, for PDFs, which must name one."""
    return f"{canonical}/" if canonical else UNKNOWN_SITE_URL


def root_path(canonical: str) -> str:
    """The path of the site's root on its host, without the trailing slash: ``""`` for a
    site at the root of its host or with no known home, ``/briefings`` for one below."""
    return urlsplit(canonical).path.rstrip("/")
