"""The Pelican generator that writes the briefing pages from the site model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pelican.generators import Generator

from generator.model.countries import Country
from generator.pages.comparisons import figure_groups
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
from generator.processes.forking import map_in_forks
from generator.site import Site, SourceList, formatting, site_for
from generator.site.urls import NOT_FOUND_FILE, PAGE_URLS, canonical_base, page_file, root_path

LIST_PAGES = {
    "relationships": "Relationships",
    "countries": "Countries",
    "people": "People",
    "mechanisms": "Mechanisms",
    "organizations": "Organizations",
    "topics": "Topics",
}
"""The pages that list every entity of a kind, with their titles."""


PageWrite = Callable[[], None]
"""Writes one page; everything it needs is already in memory."""


def escape_by_default(generator: Generator) -> None:
    """Make every template Pelican renders escape what it prints, unless it is marked
    safe (``Markup``, such as the rendered narratives and charts).

    Content is untrusted, and any text from it (a title, a summary, a name) can hold
    ``<script>``; Pelican's Jinja environment does not escape by default.
    """
    generator.env.autoescape = True


class BriefingsGenerator(Generator):
    """Writes the home page, a page per relationship, country, person, mechanism,
    organization and topic, lists of each, the timeline, what is upcoming, comparisons,
    revision histories and the 404 page; Pelican's own generators handle updates."""

    site: Site
    _writes: list[PageWrite]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.filters.update(ordinal=formatting.ordinal, country=Country, level=LEVELS.get)

    def generate_context(self) -> None:
        self.site = site_for(self.settings)
        self.context["briefings_site"] = self.site
        self.context["briefings"] = self.site.briefings

    def generate_output(self, writer: Any) -> None:
        """Lay out every page, then write them all, on every core."""
        self._writes = []
        self._plan_pages(writer)
        map_in_forks(_call, self._writes, self.settings.get("BRIEFINGS_WORKERS"))

    def _plan_pages(self, writer: Any) -> None:
        site = self.site
        upcoming = upcoming_page(site)
        self._write(writer, PAGE_URLS["home"], "home.html", page_title="Home", upcoming=upcoming)
        for briefing in site.briefings:
            self._write(
                writer,
                briefing.url,
                "relationship.html",
                briefing=briefing,
                page_title=briefing.title,
            )
            for changes in changes_pages(briefing):
                self._write(
                    writer, changes.url, "changes.html", view=changes, page_title=changes.title
                )
        entity_pages: dict[str, tuple[str, Sequence[EntityPage]]] = {
            "countries": ("country.html", country_pages(site)),
            "people": ("person.html", person_pages(site)),
            "mechanisms": ("mechanism.html", mechanism_pages(site)),
            "organizations": ("organization.html", organization_pages(site)),
            "topics": ("topic.html", topic_pages(site)),
        }
        for template, views in entity_pages.values():
            for view in views:
                self._write(writer, view.url, template, view=view, page_title=view.title)
        for kind, title in LIST_PAGES.items():
            views = entity_pages[kind][1] if kind in entity_pages else []
            self._write(
                writer,
                PAGE_URLS[kind],
                "list.html",
                kind=kind,
                views=views,
                sources=SourceList(site.corpus.sources),
                page_title=title,
            )
        for timeline in timeline_pages(site):
            self._write(
                writer,
                timeline.url,
                "timeline.html",
                view=timeline,
                kinds=KINDS,
                page_title=timeline.title,
            )
        self._write(writer, upcoming.url, "upcoming.html", view=upcoming, page_title=upcoming.title)
        sources = SourceList(site.corpus.sources)
        comparisons = [group.on_page(sources) for group in figure_groups(site)]
        self._write(
            writer,
            PAGE_URLS["comparisons"],
            "comparisons.html",
            comparisons=comparisons,
            sources=sources,
            page_title="Comparisons",
        )
        self._write(writer, PAGE_URLS["search"], "search.html", page_title="Search")
        self._write(writer, PAGE_URLS["data"], "data.html", page_title="Data, feeds and calendar")
        self._write_not_found(writer)

    def _write(self, writer: Any, url: str, template: str, **context: Any) -> None:
        page_template = self.get_template(template.removesuffix(".html"))
        self._writes.append(
            lambda: writer.write_file(
                page_file(url),
                page_template,
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", True),
                override_output=True,
                page_url=url,
                **context,
            )
        )

    def _write_not_found(self, writer: Any) -> None:
        """The 404 page is served at any depth, so its links start from the site's root
        path (``/`` or the path of ``SITEURL_CANONICAL``) rather than from itself."""
        root = root_path(canonical_base(self.settings))
        page_template = self.get_template("404")
        self._writes.append(
            lambda: writer.write_file(
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


def _call(write: PageWrite) -> None:
    write()


def get_generators(pelican: Any) -> type[Generator]:
    return BriefingsGenerator
