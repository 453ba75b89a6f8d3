"""The site-wide timeline, filtered by country and kind, and the list of what comes next.

Filters work without JavaScript: every combination of a country and a kind is a page
of its own, so a filter is a plain link and every filtered view has an address.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from .model.countries import Country
from .site import PAGE_URLS, Cited, EventView, Site, SourceList

KINDS = {
    "mechanism-meeting": "Mechanism meetings",
    "summit": "Summits",
    "visit": "Visits",
    "call": "Calls",
    "signing": "Signings",
    "other": "Other events",
}
"""Event kinds in the order the filters list them, with their plural labels."""

ALL = "all"

Selection = tuple[str | None, str | None]
"""A filter: (country code or None for all countries, event kind or None for all kinds)."""


def timeline_url(country: str | None = None, kind: str | None = None) -> str:
    """``timeline/`` unfiltered, else ``timeline/<country or all>/<kind or all>/``."""
    if country is None and kind is None:
        return PAGE_URLS["timeline"]
    return f"{PAGE_URLS['timeline']}{(country or ALL).lower()}/{kind or ALL}/"


@dataclass(frozen=True)
class FilterLink:
    label: str
    url: str
    active: bool


@dataclass
class TimelinePage:
    url: str
    title: str
    country: Country | None
    kind: str | None
    sources: SourceList
    upcoming: list[Cited[EventView]] = field(default_factory=list)
    past_by_year: list[tuple[int, list[Cited[EventView]]]] = field(default_factory=list)
    country_filters: list[FilterLink] = field(default_factory=list)
    kind_filters: list[FilterLink] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.upcoming) + sum(len(events) for _, events in self.past_by_year)


@dataclass
class UpcomingPage:
    url: str
    title: str
    sources: SourceList
    events: list[Cited[EventView]] = field(default_factory=list)


def event_countries(view: EventView) -> set[str]:
    """The relationship's two countries and any other country the event concerns."""
    return set(view.relationship.front.countries) | set(view.event.countries)


def all_events(site: Site) -> list[EventView]:
    events = [view for briefing in site.briefings for view in briefing.events]
    return sorted(events, key=lambda view: (view.event.date, view.relationship.slug))


def timeline_pages(site: Site) -> list[TimelinePage]:
    """The unfiltered timeline and a page per country, kind, and country and kind that
    has events; filters link only to pages that exist, so no filter leads nowhere."""
    events = all_events(site)
    by_country: dict[str | None, list[EventView]] = {None: events}
    for view in events:
        for code in sorted(event_countries(view)):
            by_country.setdefault(code, []).append(view)
    codes = sorted((code for code in by_country if code), key=lambda code: Country(code).name)
    kinds = [kind for kind in KINDS if any(view.event.kind == kind for view in events)]
    selections: dict[Selection, list[EventView]] = {}
    for code in [None, *codes]:
        for kind in [None, *kinds]:
            chosen = [view for view in by_country[code] if kind in (None, view.event.kind)]
            if chosen or (code, kind) == (None, None):
                selections[(code, kind)] = chosen
    return [
        _timeline_page(site, chosen, selection, list(selections))
        for selection, chosen in selections.items()
    ]


def _timeline_page(
    site: Site,
    events: Sequence[EventView],
    selection: Selection,
    existing: Sequence[Selection],
) -> TimelinePage:
    code, kind = selection
    country = Country(code) if code else None
    title = "Timeline"
    if kind:
        title = f"{KINDS[kind]}"
    if country:
        title = f"{title}: {country.name}" if kind else f"Timeline: {country.name}"
    page = TimelinePage(
        timeline_url(code, kind), title, country, kind, SourceList(site.corpus.sources)
    )
    page.upcoming = [
        Cited(view, page.sources.cite(view.event.source)) for view in events if view.upcoming
    ]
    past = [view for view in reversed(events) if not view.upcoming]
    page.past_by_year = [
        (year, [Cited(view, page.sources.cite(view.event.source)) for view in group])
        for year, group in groupby(past, key=lambda view: view.event.date.year)
    ]
    page.country_filters = [
        FilterLink(Country(c).name if c else "All countries", timeline_url(c, k), c == code)
        for c, k in existing
        if k == kind
    ]
    page.kind_filters = [
        FilterLink(KINDS[k] if k else "All kinds", timeline_url(c, k), k == kind)
        for c, k in existing
        if c == code
    ]
    return page


def upcoming_page(site: Site) -> UpcomingPage:
    page = UpcomingPage(PAGE_URLS["upcoming"], "Upcoming", SourceList(site.corpus.sources))
    page.events = [
        Cited(view, page.sources.cite(view.event.source))
        for view in all_events(site)
        if view.upcoming
    ]
    return page
