"""Briefing books: which briefs each book holds, and the front matter rendered for it.

A book is a cover and a contents list, rendered by WeasyPrint from the theme's
``print/book.html`` like any page (so tagged and with the book's metadata), followed by
the brief PDFs of the same build, assembled by :mod:`generator.pdf.assembly`. The
briefs are not laid out again: a book's pages are its briefs' pages, byte for byte.

The contents list gives each part's page in the book's numbering of the parts (1 on
the first page of the first part; the front matter is numbered i, ii, …), so it is
known from the parts' page counts alone and does not depend on how long the contents
list itself turns out. Each entry links to the name of its part (``kz-tr``), which the
assembly points at the part's first page; the entry carries that name as its own id,
so that WeasyPrint, which sees no parts, keeps the link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path

import jinja2

from generator.settings import Settings
from generator.site import Briefing, Site, capitals
from generator.site.urls import SITE_BOOK_URL, book_url, language_prefix

BOOK_TEMPLATE = "print/book.html"


@dataclass(frozen=True)
class BookPlan:
    """A book to make: where it is published, what it says it is, and its briefings."""

    url: str
    """Site-relative, in its language's folder."""
    title: str
    description: str
    briefings: Sequence[Briefing]
    lang: str
    prefix: str = ""
    """The folder of the book's language (``tr/``), where its briefs are too."""

    @property
    def brief_urls(self) -> list[str]:
        """The site-relative URLs of its briefs' PDFs, in order."""
        return [self.prefix + briefing.pdf_url for briefing in self.briefings]


def book_plans(site: Site, settings: Settings) -> list[BookPlan]:
    """A book per country with briefings, then one of every briefing; none for no
    briefing. Each language has its own books, of the briefings written in it."""
    if not site.briefings:
        return []
    _ = site.wording.gettext
    prefix = language_prefix(site.lang, settings.lang)
    plans = []
    for country in site.countries:
        briefings = [b for b in site.briefings if country in b.countries]
        name = site.wording.country(country.code)
        if briefings:
            plans.append(
                BookPlan(
                    url=prefix + book_url(country),
                    title=_("%(country)s: briefing book", country=name),
                    description=_(
                        "Every briefing on a bilateral relationship of %(country)s.", country=name
                    ),
                    briefings=briefings,
                    lang=site.lang,
                    prefix=prefix,
                )
            )
    plans.append(
        BookPlan(
            url=prefix + SITE_BOOK_URL,
            title=_("%(site)s: all briefings", site=settings.site_name),
            description=_("Every bilateral-relationship briefing of the site."),
            briefings=site.briefings,
            lang=site.lang,
            prefix=prefix,
        )
    )
    return plans


@dataclass(frozen=True)
class ContentsEntry:
    """A part in the contents list: its anchor, title and first page (parts from 1)."""

    anchor: str
    title: str
    page: int


@dataclass(frozen=True)
class BookFrontMatter:
    """What the book template shows: the cover and the contents."""

    title: str
    description: str
    url: str
    """Where the current version is published; empty for a site with no public address,
    whose book then names none."""
    site_url: str
    site_name: str
    distribution: str
    as_of: str
    lang: str
    contents: Sequence[ContentsEntry]
    distribution_lang: str = ""
    """The language of the distribution marking (a setting, in the originals' language)
    when it is not the book's."""


def compose_front_matter(
    front: BookFrontMatter, theme_templates: Path, texts: NullTranslations
) -> str:
    """The front matter's HTML, from the theme's book template, its words in the
    language of ``texts`` (the book's)."""
    if not front.contents:
        raise ValueError(f"the book {front.title!r} has no parts")
    environment = _environment(theme_templates)
    environment.install_gettext_translations(texts, newstyle=True)  # type: ignore[attr-defined]
    return environment.get_template(BOOK_TEMPLATE).render(book=front)


@lru_cache(maxsize=4)
def _environment(theme_templates: Path) -> jinja2.Environment:
    """One per theme, so the template is compiled once per build, not once per book; it
    is compiled again when the file changes (``briefings serve``)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme_templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # The template marks its interface strings as the pages' do (pages/plugin.py); each
    # book installs its own language's before it is composed.
    environment.policies["ext.i18n.trimmed"] = True
    environment.filters["capitals"] = capitals
    return environment
