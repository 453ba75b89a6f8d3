"""The Pelican generator that writes the briefing pages from the site model."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pelican.generators import Generator
from pelican.writers import Writer

from generator.model.countries import Country
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
from generator.site import Site, SourceList, formatting
from generator.site.urls import NOT_FOUND_FILE, PAGE_URLS, page_file, root_path

LIST_PAGES = {
    "relationships": "Relationships",
    "countries": "Countries",
    "people": "People",
    "mechanisms": "Mechanisms",
    "organizations": "Organizations",
    "topics": "Topics",
}
"""The pages that list every entity of a kind, with their titles."""


PageWrite = Callable[[Writer], None]
"""Writes one page with a writer; everything else it needs is already in memory."""


class BriefingsGenerator(Generator):
    """Writes the home page, a page per relationship, country, person, mechanism,
    organization and topic, lists of each, the timeline, what is upcoming, comparisons,
    revision histories and the 404 page; Pelican's own generators handle updates."""

    site: Site
    workers: int | None
    canonical_url: str
    _writer: Writer
    _writes: list[PageWrite]
    _showing_pdfs: list[PageWrite]
    _pdf_sizes: Mapping[str, int] | None = None
    _asked_sizes: set[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.filters.update(ordinal=formatting.ordinal, country=Country, level=LEVELS.get)
        self.env.globals.update(pdf_size_note=self._pdf_size_note)

    def run_with(self, site: Site, settings: Settings) -> None:
        """The site and settings of this run (see :mod:`generator.pages.plugin`)."""
        self.site = site
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

    def _pdf_size_note(self, pdf_url: str) -> str:
        """`` (PDF, 120 KB)`` after a link to the PDF at ``pdf_url``, once it exists."""
        self._asked_sizes.add(pdf_url)
        size = (self._pdf_sizes or {}).get(pdf_url)
        return "" if size is None else f" (PDF, {formatting.kilobytes(size)})"

    def _plan_pages(self) -> None:
        site = self.site
        upcoming = upcoming_page(site)
        self._write(PAGE_URLS["home"], "home.html", page_title="Home", upcoming=upcoming)
        for briefing in site.briefings:
            self._write(
                briefing.url,
                "relationship.html",
                briefing=briefing,
                page_title=briefing.title,
            )
            for changes in changes_pages(briefing):
                self._write(changes.url, "changes.html", view=changes, page_title=changes.title)
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
                page_title=title,
            )
        for timeline in timeline_pages(site):
            self._write(
                timeline.url,
                "timeline.html",
                view=timeline,
                kinds=KINDS,
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
            page_title="Comparisons",
        )
        self._write(PAGE_URLS["search"], "search.html", page_title="Search")
        self._write(PAGE_URLS["data"], "data.html", page_title="Data, feeds and calendar")
        self._write_not_found()

    def _write(self, url: str, template: str, **context: Any) -> None:
        page_template = self.get_template(template.removesuffix(".html"))
        self._writes.append(
            lambda writer: writer.write_file(
                page_file(url),
                page_template,
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", True),
                override_output=True,
                page_url=url,
                **context,
            )
        )

    def _write_not_found(self) -> None:
        """The 404 page is served at any depth, so its links start from the site's root
        path (``/`` or the path of ``SITEURL_CANONICAL``) rather than from itself."""
        root = root_path(self.canonical_url)
        page_template = self.get_template("404")
        self._writes.append(
            lambda writer: writer.write_file(
                NOT_FOUND_FILE,
                page_template,
                self.context,
                relative_urls=False,
                override_output=True,
                page_url=None,
                SITEURL=root,
                page_title="Page not found",
            )
        )
