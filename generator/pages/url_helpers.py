"""The site's address rules (:mod:`generator.site.urls`) as Jinja filters and globals,
so that no template spells an address.

Every generator gets them, ours and those Pelican runs for updates and pages, which
render the same ``base.html``. Links go through ``SITEURL``, which Pelican writes
relative to each page (``../..``), or as the root path on the 404 page.
"""

from __future__ import annotations

from jinja2 import pass_context
from jinja2.runtime import Context
from pelican.generators import Generator

from generator.site import urls


@pass_context
def link(context: Context, url: str) -> str:
    """A URL of the page's language (``countries/kz/``) as a link from the page being
    written, through its ``SITEURL`` and its language's folder (``tr/``)."""
    return urls.site_link(context.get("SITEURL") or "", _in_language(context, url))


@pass_context
def link_here(context: Context, url: str) -> str:
    """A URL of the page's language as the shortest link from the page being written
    (``kz-tr-brief.pdf`` beside ``relationships/kz-tr/``)."""
    return urls.relative_url(_in_language(context, context["page_url"]), _in_language(context, url))


@pass_context
def link_site(context: Context, path: str) -> str:
    """A path from the site's root, whatever the page's language (a page in another
    language: ``tr/relationships/kz-tr/``), as a link from the page being written."""
    return urls.site_link(context.get("SITEURL") or "", path)


@pass_context
def public(context: Context, url: str) -> str:
    """A URL of the page's language as an address on the site's public home, for a
    template that has checked ``SITEURL_CANONICAL`` is set."""
    return urls.public_url(_in_language(context, url), context.get("SITEURL_CANONICAL") or "")


def _in_language(context: Context, url: str) -> str:
    """``url`` under the folder of the page's language; Pelican's own pages (updates)
    have none, being in the originals' language."""
    return f"{context.get('LANG_PREFIX') or ''}{url}"


URL_FILTERS = {
    "link": link,
    "link_here": link_here,
    "link_site": link_site,
    "public": public,
    "page_url_of_file": urls.page_url_of_file,
}
URL_GLOBALS = {
    "url_for": urls.url_for,
    "page_urls": urls.PAGE_URLS,
    "book_url": urls.book_url,
    "site_book_url": urls.SITE_BOOK_URL,
    "site_feed": urls.SITE_FEED,
    "dataset_file": urls.DATASET_FILE,
    "schema_file": urls.SCHEMA_FILE,
    "figures_file": urls.FIGURES_FILE,
    "calendar_file": urls.CALENDAR_FILE,
    "sitemap_file": urls.SITEMAP_FILE,
}
"""What templates need to write an address without spelling it (:mod:`generator.site.urls`)."""


def add_url_helpers(generator: Generator) -> None:
    """Give every template, ours and those Pelican renders for updates and pages (which
    share ``base.html``), the site's address rules."""
    generator.env.filters.update(URL_FILTERS)
    generator.env.globals.update(URL_GLOBALS)
