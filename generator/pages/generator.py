"""The Pelican generator that writes the briefing pages from the site model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from pelican.generators import Generator
from pelican.writers import Writer

from generator.model.countries import Country
from generator.model.dates import PartialDate
from generator.pages.comparisons import figure_groups, measure_comparisons
from generator.pages.entities import (
    LEVELS,
    EntityPage,
    country_pages,
    mechanism_pages,
    organization_pages,
    person_pages,
    topic_pages,
)
from generator.pages.revisions import changes_pages
from generator.pages.timeline import KINDS, timeline_pages, upcoming_page
from generator.processes import map_in_forks
from generator.settings import Settings
from generator.site import ENGLISH, N_, Site, SourceList, Wording, meeting_briefs
from generator.site.urls import NOT_FOUND_FILE, PAGE_URLS, language_prefix, page_file, root_path

LIST_PAGES = {
    "relationships": N_("Relationships"),
    "countries": N_("Countries"),
    "people": N_("People"),
    "mechanisms": N_("Mechanisms"),
    "organizations": N_("Organizations"),
    "topics": N_("Topics"),
}
"""The pages that list every entity of a kind, with their titles."""


@dataclass(frozen=True)
class PageTranslation:
    """A page's version in another language, for the language switcher and ``hreflang``."""

    lang: str
    name: str
    """The language's name in itself: "Türkçe", "English"."""
    url: str | None
    """Site-relative, with its language's folder; ``None`` while not translated."""
    missing: str
    """What the switcher says, in that language, when the page is not translated."""


PageWrite = Callable[[Writer], None]
"""Writes one page with a writer; everything else it needs is already in memory."""


class BriefingsGenerator(Generator):
    """Writes the home page, a page per relationship, country, person, mechanism,
    organization and topic, lists of each, the timeline, what is upcoming, comparisons,
    revision histories and the 404 page; Pelican's own generators handle updates."""

    sites: Sequence[Site]
    """The site in each language it is published in, the originals' first."""
    workers: int | None
    canonical_url: str
    _planned: dict[str, set[str]]
    """The page URLs written in each language, to link a page to its translations."""
    _writer: Writer
    _writes: list[PageWrite]
    _showing_pdfs: list[PageWrite]
    _pdf_sizes: Mapping[str, int] | None = None
    _asked_sizes: set[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.globals.update(pdf_size_note=self._pdf_size_note)

    @property
    def site(self) -> Site:
        """The site in the originals' language."""
        return self.sites[0]

    def run_with(self, sites: Sequence[Site], settings: Settings) -> None:
        """The sites and settings of this run (see :mod:`generator.pages.plugin`)."""
        self.sites = sites
        self.workers = settings.workers
        self.canonical_url = settings.canonical_url

    def generate_context(self) -> None:
        self.context["briefings_site"] = self.site
        self.context["briefings"] = self.site.briefings

    def generate_output(self, writer: Writer) -> None:
        """Lay out every page, then write them all, on every core; remember the pages
        that link to a PDF, to write them again once it exists."""
        self._writer = writer
        self._writes = []
        self._plan_pages()
        links_pdfs = map_in_forks(self._write_page, self._writes, self.workers)
        self._showing_pdfs = [
            write for write, shows in zip(self._writes, links_pdfs, strict=True) if shows
        ]

    def write_pdf_sizes(self, sizes: Mapping[str, int]) -> None:
        """Write again each page that links to a PDF, with the sizes of the PDFs.

        With a new writer of the same kind: Pelican's refuses to overwrite a file twice.
        """
        self._pdf_sizes = sizes
        self._writer = type(self._writer)(self.output_path, settings=self.settings)
        map_in_forks(self._write_page, self._showing_pdfs, self.workers)

    def _write_page(self, write: PageWrite) -> bool:
        """Write one page; whether it links to a PDF (and so shows its size)."""
        self._asked_sizes = set()
        write(self._writer)
        return bool(self._asked_sizes)

    @pass_context
    def _pdf_size_note(self, context: Context, pdf_url: str) -> str:
        """`` (PDF, 120 KB)`` after a link to the PDF at ``pdf_url`` (relative to the
        page's language), once it exists."""
        path = context.get("LANG_PREFIX", "") + pdf_url
        self._asked_sizes.add(path)
        size = (self._pdf_sizes or {}).get(path)
        if size is None:
            return ""
        wording: Wording = context["wording"]
        return wording.gettext(" (PDF, %(size)s)", size=wording.kilobytes(size))

    def _plan_pages(self) -> None:
        self._planned = {}
        for site in self.sites:
            self._plan_language(site)

    def _plan_language(self, site: Site) -> None:
        """Every page of ``site``, in its language, under its language's folder."""
        self._site = site
        self._planned[site.lang] = set()
        _ = site.wording.gettext
        upcoming = upcoming_page(site)
        self._write(PAGE_URLS["home"], "home.html", page_title=_("Home"), upcoming=upcoming)
        for briefing in site.briefings:
            self._write(
                briefing.url,
                "relationship.html",
                briefing=briefing,
                page_title=briefing.title,
            )
            for changes in changes_pages(briefing, site.wording):
                self._write(changes.url, "changes.html", view=changes, page_title=changes.title)
            for brief in meeting_briefs(briefing, site.corpus.sources):
                self._write(brief.url, "meeting.html", view=brief, page_title=brief.title)
        entity_pages: dict[str, tuple[str, Sequence[EntityPage]]] = {
            "countries": ("country.html", country_pages(site)),
            "people": ("person.html", person_pages(site)),
            "mechanisms": ("mechanism.html", mechanism_pages(site)),
            "organizations": ("organization.html", organization_pages(site)),
            "topics": ("topic.html", topic_pages(site)),
        }
        for template, views in entity_pages.values():
            for view in views:
                self._write(view.url, template, view=view, page_title=view.title)
        for kind, title in LIST_PAGES.items():
            views = entity_pages[kind][1] if kind in entity_pages else []
            self._write(
                PAGE_URLS[kind],
                "list.html",
                kind=kind,
                views=views,
                sources=SourceList(site.corpus.sources),
                page_title=_(title),
            )
        kinds = {kind: _(label) for kind, label in KINDS.items()}
        for timeline in timeline_pages(site):
            self._write(
                timeline.url,
                "timeline.html",
                view=timeline,
                kinds=kinds,
                page_title=timeline.title,
            )
        self._write(upcoming.url, "upcoming.html", view=upcoming, page_title=upcoming.title)
        sources = SourceList(site.corpus.sources)
        measures = measure_comparisons(site, sources)
        apart = frozenset(measure.id for measure in measures)
        comparisons = [group.on_page(sources) for group in figure_groups(site, apart)]
        self._write(
            PAGE_URLS["comparisons"],
            "comparisons.html",
            measures=measures,
            comparisons=comparisons,
            sources=sources,
            page_title=_("Comparisons"),
        )
        self._write(PAGE_URLS["search"], "search.html", page_title=_("Search"))
        self._write(PAGE_URLS["data"], "data.html", page_title=_("Data, feeds and calendar"))
        if site is self.site:
            self._write_not_found()

    def _write(self, url: str, template: str, **context: Any) -> None:
        """Plan the page at ``url`` of the language being planned: written under that
        language's folder, knowing where its translations are."""
        site = self._site
        prefix = language_prefix(site.lang, self.site.lang)
        page_template = self.get_template(template.removesuffix(".html"))
        self._planned[site.lang].add(url)

        def write(writer: Writer) -> None:
            self._speak(site.wording)
            writer.write_file(
                page_file(prefix + url),
                page_template,
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", True),
                override_output=True,
                page_url=url,
                briefings_site=site,
                briefings=site.briefings,
                lang=site.lang,
                LANG_PREFIX=prefix,
                wording=site.wording,
                translations=self._translations(url, site.lang),
                **context,
            )

        self._writes.append(write)

    def _translations(self, url: str, lang: str) -> list[PageTranslation]:
        """The page at ``url`` in each other language: where it is, or that it is not."""
        default = self.site.lang
        return [
            PageTranslation(
                other.lang,
                other.wording.language(other.lang),
                language_prefix(other.lang, default) + url
                if url in self._planned.get(other.lang, ())
                else None,
                other.wording.gettext("not translated yet"),
            )
            for other in self.sites
            if other.lang != lang
        ]

    def _speak(self, wording: Wording) -> None:
        """Let the templates' ``_()`` and ``{% trans %}`` speak ``wording``'s language."""
        self.env.install_gettext_translations(wording.texts, newstyle=True)

    def _write_not_found(self) -> None:
        """The 404 page is served at any depth, so its links start from the site's root
        path (``/`` or the path of ``SITEURL_CANONICAL``) rather than from itself."""
        root = root_path(self.canonical_url)
        page_template = self.get_template("404")
        wording = self.site.wording

        def write(writer: Writer) -> None:
            self._speak(wording)
            writer.write_file(
                NOT_FOUND_FILE,
                page_template,
                self.context,
                relative_urls=False,
                override_output=True,
                page_url=None,
                SITEURL=root,
                lang=self.site.lang,
                LANG_PREFIX="",
                wording=wording,
                translations=[],
                page_title=wording.gettext("Page not found"),
            )

        self._writes.append(write)


def add_language_filters(generator: Generator) -> None:
    """Give every template, ours and Pelican's (which share the macros), the filters
    that write numbers, dates and names in the page's language."""
    generator.env.filters.update(
        ordinal=_ordinal,
        country=Country,
        level=_level,
        date_text=_date_text,
        country_name=_country_name,
        language_name=_language_name,
    )


@pass_context
def _ordinal(context: Context, value: int) -> str:
    return _wording(context).ordinal(value)


@pass_context
def _level(context: Context, level: str | None) -> str | None:
    """A mechanism's level as a heading reads it, "Ministers"; ``None`` without one."""
    label = LEVELS.get(level or "")
    return _wording(context).gettext(label) if label else None


@pass_context
def _date_text(context: Context, value: PartialDate | dt.date) -> str:
    """A date as the page's language writes it: "2 February 2026", "2 Şubat 2026"."""
    return _wording(context).date(value)


@pass_context
def _country_name(context: Context, country: Country | str) -> str:
    """A country's name in the page's language, from CLDR."""
    code = country.code if isinstance(country, Country) else country
    return _wording(context).country(code)


@pass_context
def _language_name(context: Context, tag: str) -> str:
    """A language's name as the page's language writes it: "Turkish", "İngilizce"."""
    return _wording(context).language(tag)


def _wording(context: Context) -> Wording:
    """The page's language; Pelican's own pages (updates) are in the originals'."""
    found = context.get("wording")
    return found if isinstance(found, Wording) else ENGLISH
