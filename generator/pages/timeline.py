"""The site-wide timeline, filtered by kind or by country, and the list of what comes next.

Filters work without JavaScript: every filtered view is a page of its own, so a filter
is a plain link and every view has an address. A reader picks a kind *or* a country:

- ``timeline/`` holds every event, and ``timeline/<kind>/`` the events of one kind;
- a country's events are the "Timeline" section of its page (``countries/<code>/``),
  and the country filter links there.

Why a country's timeline lives on its country page rather than on a page of its own:
a reader who picks a country wants that country, and its page already gathers its
relationships, office-holders and upcoming meetings, so the events belong beside them
instead of one click away. It is also cheaper: the site had a timeline page per
country and per country and kind (about 800 at 200 relationships), each carrying a
filter list of every country, and all repeating text that search then indexed again.
Now the timeline adds one page per kind, the country filter list is built once and
shared by those few pages, and an event is written once per country it concerns, on
a page that exists anyway. Events that concern only a country with no relationship
of its own (so no country page) appear in the full timeline and their kind's page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from generator.site import N_, Cited, EventView, Site, SourceList, Wording
from generator.site.urls import PAGE_URLS, timeline_url, url_for

KINDS = {
    "mechanism-meeting": N_("Mechanism meetings"),
    "summit": N_("Summits"),
    "visit": N_("Visits"),
    "call": N_("Calls"),
    "signing": N_("Signings"),
    "other": N_("Other events"),
}
"""Event kinds in the order the filters list them, with their plural labels."""

COUNTRY_TIMELINE_ANCHOR = "timeline"
"""The id of the "Timeline" section on a country page, where the country filter leads."""


@dataclass(frozen=True)
class FilterLink:
    label: str
    url: str
    """A site-relative page URL, for the ``link`` filter."""
    anchor: str = ""
    """``#id`` of the section the link leads to on that page, or nothing."""


@dataclass
class DatedEvents:
    """A page's events with their source numbers: upcoming first, then the past by
    year, newest first, as a timeline reads."""

    upcoming: list[Cited[EventView]] = field(default_factory=list)
    past_by_year: list[tuple[int, list[Cited[EventView]]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.upcoming) + sum(len(events) for _, events in self.past_by_year)


def dated_events(events: Sequence[EventView], sources: SourceList) -> DatedEvents:
    """``events`` (in date order) cited in ``sources`` in the order the page shows them."""
    upcoming = [Cited(view, sources.cite(view.event.source)) for view in events if view.upcoming]
    past = [view for view in reversed(events) if not view.upcoming]
    return DatedEvents(
        upcoming,
        [
            (year, [Cited(view, sources.cite(view.event.source)) for view in group])
            for year, group in groupby(past, key=lambda view: view.event.date.year)
        ],
    )


@dataclass
class TimelinePage:
    url: str
    title: str
    kind: str | None
    sources: SourceList
    events: DatedEvents
    country_filters: Sequence[FilterLink]
    """Every country with events, leading to its page; the same list on every page."""
    kind_filters: Sequence[FilterLink]
    """"All kinds" and every kind with events; the current one is this page."""


@dataclass
class UpcomingPage:
    url: str
    title: str
    sources: SourceList
    events: list[Cited[EventView]] = field(default_factory=list)


@dataclass(frozen=True)
class SiteEvents:
    """Every event of the published briefings, in date order, and the views of them
    the filters offer; gathered once for the timeline pages and the country pages."""

    events: list[EventView]
    by_country: dict[str, list[EventView]]
    """Events by the code of each country with a page that they concern."""
    kinds: list[str]
    """The kinds that have events, in the order of :data:`KINDS`."""
    wording: Wording
    """The language of the filters' labels."""

    @property
    def kind_filters(self) -> list[FilterLink]:
        _ = self.wording.gettext
        return [FilterLink(_("All kinds"), timeline_url())] + [
            FilterLink(_(KINDS[kind]), timeline_url(kind)) for kind in self.kinds
        ]


def event_countries(view: EventView) -> set[str]:
    """The relationship's two countries and any other country the event concerns."""
    return set(view.relationship.front.countries) | set(view.event.countries)


def all_events(site: Site) -> list[EventView]:
    events = [view for briefing in site.briefings for view in briefing.events]
    return sorted(events, key=lambda view: (view.event.date, view.relationship.slug))


def site_events(site: Site) -> SiteEvents:
    events = all_events(site)
    pages = {country.code for country in site.countries}
    by_country: dict[str, list[EventView]] = {}
    for view in events:
        for code in event_countries(view) & pages:
            by_country.setdefault(code, []).append(view)
    present = {view.event.kind for view in events}
    kinds: list[str] = [kind for kind in KINDS if kind in present]
    return SiteEvents(events, by_country, kinds, site.wording)


def timeline_pages(site: Site) -> list[TimelinePage]:
    """The full timeline and a page per kind that has events. Every filter link leads
    to a page that exists: a kind's page, or the timeline section of a country page."""
    gathered = site_events(site)
    country_filters = [
        FilterLink(
            site.wording.country(country.code),
            url_for("country", country.code),
            f"#{COUNTRY_TIMELINE_ANCHOR}",
        )
        for country in site.countries
        if country.code in gathered.by_country
    ]
    kind_filters = gathered.kind_filters
    pages = [_timeline_page(site, None, gathered.events, country_filters, kind_filters)]
    for kind in gathered.kinds:
        chosen = [view for view in gathered.events if view.event.kind == kind]
        pages.append(_timeline_page(site, kind, chosen, country_filters, kind_filters))
    return pages


def _timeline_page(
    site: Site,
    kind: str | None,
    events: Sequence[EventView],
    country_filters: Sequence[FilterLink],
    kind_filters: Sequence[FilterLink],
) -> TimelinePage:
    sources = SourceList(site.corpus.sources)
    return TimelinePage(
        timeline_url(kind),
        (
            site.wording.gettext("Timeline: %(kind)s", kind=site.wording.gettext(KINDS[kind]))
            if kind
            else site.wording.gettext("Timeline")
        ),
        kind,
        sources,
        dated_events(events, sources),
        country_filters,
        kind_filters,
    )


def upcoming_page(site: Site) -> UpcomingPage:
    title = site.wording.gettext("Upcoming")
    page = UpcomingPage(PAGE_URLS["upcoming"], title, SourceList(site.corpus.sources))
    page.events = [
        Cited(view, page.sources.cite(view.event.source))
        for view in all_events(site)
        if view.upcoming
    ]
    return page
