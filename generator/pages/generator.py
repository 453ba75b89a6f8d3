"""The Pelican generator that writes the briefing pages from the site model."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
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
from generator.pages.timeline import KINDS, UpcomingPage, timeline_pages, upcoming_page
from generator.processes import map_in_forks
from generator.settings import Settings
from generator.site import (
    ENGLISH,
    N_,
    Briefing,
    Site,
    SourceList,
    Wording,
    capitals,
    meeting_briefs,
)
from generator.site.urls import (
    INDEX_FILE,
    NOT_FOUND_FILE,
    PAGE_URLS,
    language_prefix,
    page_file,
    page_url_of_file,
    root_path,
)

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


SIZE_MARK = re.compile(r"<!--pdf-size (?P<lang>[^ ]+) (?P<path>[^ ]+?)-->")
"""Where a page shows a PDF's size, until it is known: a comment no reader sees, which
content (whose raw HTML is never passed through) cannot write."""

PageWrite = Callable[[Writer], None]
"""Writes one page with a writer; everything else it needs is already in memory."""


class BriefingsGenerator(Generator):
    """Writes the home page, a page per relationship, country, person, mechanism,
    organization and topic, lists of each, the timeline, what is upcoming, comparisons,
    revision histories and the 404 page; Pelican's own generators handle updates.

    The pages come in groups (:func:`page_group`) that are planned, views and all, the
    first time one of their pages is asked for: a build plans every group, and
    ``briefings serve`` only those of the pages a reader opens after an edit.
    """

    sites: Sequence[Site]
    """The site in each language it is published in, the originals' first."""
    workers: int | None
    canonical_url: str
    _views: dict[str, LanguageViews]
    _groups: dict[tuple[str, str], list[str]]
    """The files of each group planned so far, by language and group."""
    _planned: dict[str, set[str]]
    """The page URLs planned in each language, to link a page to its translations."""
    _pages: dict[str, PageWrite]
    """Every page planned so far, by its file in the site."""
    _files: list[str]
    """The same files, in the order they were planned."""
    _writer: Writer
    _sizes_later: bool
    """Whether the PDFs' sizes are given once they exist (:meth:`write_pdf_sizes`)."""
    _showing_pdfs: list[str]
    """The files of the pages that mark where a PDF's size goes."""
    _asked_sizes: set[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.globals.update(pdf_size_note=self._pdf_size_note)

    @property
    def site(self) -> Site:
        """The site in the originals' language."""
        return self.sites[0]

    def run_with(self, sites: Sequence[Site], settings: Settings, *, sizes_later: bool) -> None:
        """The sites and settings of this run (see :mod:`generator.pages.plugin`); no
        page is planned yet. ``sizes_later``: the sizes of the PDFs the pages link to
        will be given once the PDFs exist."""
        self._sizes_later = sizes_later
        self.workers = settings.workers
        self.canonical_url = settings.canonical_url
        self._start(sites)

    def replan(self, sites: Sequence[Site]) -> None:
        """Forget every page planned and plan from ``sites`` instead, as they are asked for
        (``briefings serve``, after an edit)."""
        self._start(sites)
        self.generate_context()

    def _start(self, sites: Sequence[Site]) -> None:
        self.sites = sites
        self._views = {site.lang: LanguageViews(site) for site in sites}
        self._groups = {}
        self._planned = {site.lang: set() for site in sites}
        self._pages = {}
        self._files = []

    def generate_context(self) -> None:
        self.context["briefings_site"] = self.site
        self.context["briefings"] = self.site.briefings

    def generate_output(self, writer: Writer) -> None:
        """Lay out every page, then write them all, on every core; remember the pages
        that link to a PDF, to give them its size once it exists."""
        self._writer = writer
        files = self.page_files()
        writes = [self._pages[file] for file in files]
        links_pdfs = map_in_forks(self._write_page, writes, self.workers)
        self._showing_pdfs = [file for file, shows in zip(files, links_pdfs, strict=True) if shows]

    def write_pdf_sizes(self, sizes: Mapping[str, int]) -> None:
        """Put the size of each PDF where the pages that link to it marked its place.

        A brief is rendered from its page, so the page is written before its PDF's size
        is known: it holds a comment in its place (which the PDF does not show), and
        each comment becomes the text the template would have written, in the page's
        language, or nothing for a PDF not made.
        """
        wordings = {site.lang: site.wording for site in self.sites}

        def note(mark: re.Match[str]) -> str:
            wording, size = wordings[mark["lang"]], sizes.get(mark["path"])
            if size is None:
                return ""
            return str(escape(wording.gettext(" (PDF, %(size)s)", size=wording.kilobytes(size))))

        for file in self._showing_pdfs:
            path = Path(self.output_path) / file
            text = path.read_bytes().decode("utf-8")
            path.write_bytes(SIZE_MARK.sub(note, text).encode("utf-8"))

    def page_files(self) -> list[str]:
        """The file of every page of the site (every group gets planned)."""
        for site in self.sites:
            for group in page_groups(site, is_default=site is self.site):
                self._plan(site.lang, group)
        return list(self._pages)

    def files_of(self, group: str) -> list[str]:
        """The files of the pages of ``group`` (see :func:`page_group`) in every language."""
        return [file for site in self.sites for file in self._plan(site.lang, group)]

    def owns(self, file: str) -> bool:
        """Whether the file at ``file`` in the site is a page of ours (planned or not),
        rather than one of Pelican's or a file that is not a page."""
        return self._group_of(file) is not None

    def write_page(self, file: str, output_path: str) -> bool:
        """Write the page whose file in the site is ``file`` under ``output_path``,
        planning its group if needed; whether there is such a page."""
        found = self._group_of(file)
        if found is None:
            return False
        self._plan(*found)
        write = self._pages.get(file)
        if write is None:
            return False
        self._writer = Writer(output_path, settings=self.settings)
        self._write_page(write)
        return True

    def _group_of(self, file: str) -> tuple[str, str] | None:
        """The language and group of the page at ``file``, if it is one of ours."""
        lang, local = self.site.lang, file
        for site in self.sites[1:]:
            prefix = language_prefix(site.lang, self.site.lang)
            if file.startswith(prefix):
                lang, local = site.lang, file.removeprefix(prefix)
        if not (local == NOT_FOUND_FILE or local.endswith(INDEX_FILE)):
            return None
        group = page_group(page_url_of_file(local))
        return None if group is None else (lang, group)

    def _write_page(self, write: PageWrite) -> bool:
        """Write one page; whether it links to a PDF (and so shows its size)."""
        self._asked_sizes = set()
        write(self._writer)
        return bool(self._asked_sizes)

    @pass_context
    def _pdf_size_note(self, context: Context, pdf_url: str) -> Markup:
        """Where `` (PDF, 120 KB)`` goes after a link to the PDF at ``pdf_url`` (relative
        to the page's language), given once the PDF exists (:meth:`write_pdf_sizes`);
        nothing in a run that gives no sizes."""
        if not self._sizes_later:
            return Markup("")
        path = context.get("LANG_PREFIX", "") + pdf_url
        self._asked_sizes.add(path)
        wording: Wording = context["wording"]
        return Markup("<!--pdf-size {} {}-->").format(wording.lang, path)

    def _plan(self, lang: str, group: str) -> list[str]:
        """Plan the pages of ``group`` in ``lang`` unless they are planned; their files."""
        known = self._groups.get((lang, group))
        if known is not None:
            return known
        count = len(self._files)
        self._plan_pages(lang, group)
        self._groups[(lang, group)] = files = self._files[count:]
        return files

    def _plan_pages(self, lang: str, group: str) -> None:
        views = self._views[lang]
        site = views.site
        _ = site.wording.gettext
        kind, _slash, ident = group.partition("/")
        if kind == "home":
            self._write(
                site, PAGE_URLS["home"], "home.html", page_title=_("Home"), upcoming=views.upcoming
            )
        elif kind == "relationship":
            for briefing in views.briefings.get(ident, []):
                self._plan_briefing(site, briefing)
        elif kind in ENTITY_PAGES:
            for view in views.entities(kind):
                self._write(site, view.url, ENTITY_PAGES[kind][0], view=view, page_title=view.title)
        elif kind == "lists":
            for list_kind, title in LIST_PAGES.items():
                self._write(
                    site,
                    PAGE_URLS[list_kind],
                    "list.html",
                    kind=list_kind,
                    views=views.entities(list_kind) if list_kind in ENTITY_PAGES else [],
                    sources=SourceList(site.corpus.sources),
                    page_title=_(title),
                )
        elif kind == "timeline":
            kinds = {kind: _(label) for kind, label in KINDS.items()}
            for timeline in timeline_pages(site):
                self._write(
                    site,
                    timeline.url,
                    "timeline.html",
                    view=timeline,
                    kinds=kinds,
                    page_title=timeline.title,
                )
        elif kind == "upcoming":
            upcoming = views.upcoming
            self._write(
                site, upcoming.url, "upcoming.html", view=upcoming, page_title=upcoming.title
            )
        elif kind == "comparisons":
            sources = SourceList(site.corpus.sources)
            measures = measure_comparisons(site, sources)
            apart = frozenset(measure.id for measure in measures)
            comparisons = [group.on_page(sources) for group in figure_groups(site, apart)]
            self._write(
                site,
                PAGE_URLS["comparisons"],
                "comparisons.html",
                measures=measures,
                comparisons=comparisons,
                sources=sources,
                page_title=_("Comparisons"),
            )
        elif kind == "search":
            self._write(site, PAGE_URLS["search"], "search.html", page_title=_("Search"))
        elif kind == "data":
            self._write(
                site, PAGE_URLS["data"], "data.html", page_title=_("Data, feeds and calendar")
            )
        elif kind == "404" and site is self.site:
            self._write_not_found()

    def _plan_briefing(self, site: Site, briefing: Briefing) -> None:
        """A relationship's page, its revision histories and its meeting briefs."""
        self._write(
            site, briefing.url, "relationship.html", briefing=briefing, page_title=briefing.title
        )
        for changes in changes_pages(briefing, site.wording):
            self._write(site, changes.url, "changes.html", view=changes, page_title=changes.title)
        for brief in meeting_briefs(briefing, site.corpus.sources):
            self._write(site, brief.url, "meeting.html", view=brief, page_title=brief.title)

    def _write(self, site: Site, url: str, template: str, **context: Any) -> None:
        """Plan the page at ``url`` of ``site``'s language: written under that
        language's folder, knowing where its translations are."""
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

        self._add(page_file(prefix + url), write)

    def _add(self, file: str, write: PageWrite) -> None:
        self._pages[file] = write
        self._files.append(file)

    def _translations(self, url: str, lang: str) -> list[PageTranslation]:
        """The page at ``url`` in each other language: where it is, or that it is not."""
        default = self.site.lang
        group = page_group(url)
        translations = []
        for other in self.sites:
            if other.lang == lang:
                continue
            if group is not None:
                self._plan(other.lang, group)
            translations.append(
                PageTranslation(
                    other.lang,
                    other.wording.language(other.lang),
                    language_prefix(other.lang, default) + url
                    if url in self._planned[other.lang]
                    else None,
                    other.wording.gettext("not translated yet"),
                )
            )
        return translations

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

        self._add(NOT_FOUND_FILE, write)


ENTITY_PAGES: dict[str, tuple[str, Callable[[Site], Sequence[EntityPage]]]] = {
    "countries": ("country.html", country_pages),
    "people": ("person.html", person_pages),
    "mechanisms": ("mechanism.html", mechanism_pages),
    "organizations": ("organization.html", organization_pages),
    "topics": ("topic.html", topic_pages),
}
"""The page groups of entities, by the folder their pages live in: their template and
what makes their views."""

SINGLE_PAGES = {"upcoming", "comparisons", "search", "data"}


def page_group(url: str) -> str | None:
    """The group of pages planned together that holds the page at ``url`` (relative to
    its language's folder), or ``None`` for a page of Pelican's own (updates).

    ``relationship/kz-tr`` holds a relationship's page, its revision histories and its
    meeting briefs; ``countries`` every country's page; ``lists`` the pages that list
    every entity of a kind; ``home``, ``timeline`` and each single page are their own.
    """
    if url == NOT_FOUND_FILE:
        return "404"
    if url == PAGE_URLS["home"]:
        return "home"
    if url in LIST_URLS:
        return "lists"
    folder, _slash, rest = url.partition("/")
    if folder == "relationships":
        return f"relationship/{rest.partition('/')[0]}"
    if folder in ENTITY_PAGES or folder == "timeline":
        return folder
    return folder if folder in SINGLE_PAGES and not rest else None


LIST_URLS = frozenset(PAGE_URLS[kind] for kind in LIST_PAGES)


def page_groups(site: Site, *, is_default: bool) -> list[str]:
    """Every group of pages of ``site``'s language; the 404 page is the default
    language's alone."""
    groups = ["home", *(f"relationship/{b.slug}" for b in site.briefings)]
    groups += [*ENTITY_PAGES, "lists", "timeline", *sorted(SINGLE_PAGES)]
    return [*groups, "404"] if is_default else groups


class LanguageViews:
    """What one language's pages show that several pages share, each made when the
    first page that shows it is planned."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._entities: dict[str, Sequence[EntityPage]] = {}

    @cached_property
    def briefings(self) -> dict[str, list[Briefing]]:
        found: dict[str, list[Briefing]] = {}
        for briefing in self.site.briefings:
            found.setdefault(briefing.slug, []).append(briefing)
        return found

    @cached_property
    def upcoming(self) -> UpcomingPage:
        return upcoming_page(self.site)

    def entities(self, kind: str) -> Sequence[EntityPage]:
        """The pages of every entity of ``kind`` (a key of :data:`ENTITY_PAGES`)."""
        if kind not in self._entities:
            self._entities[kind] = ENTITY_PAGES[kind][1](self.site)
        return self._entities[kind]


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
        capitals=capitals,
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
