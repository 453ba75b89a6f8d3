"""Pages about one country, person, mechanism, organization or topic.

Each gathers what every published briefing says about its subject, so a reader who
lands on "Hakan Fidan" or "Energy" sees every relationship that names it. Every fact
keeps its source: each page numbers its own list of sources, as a briefing does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from generator.model.countries import Country
from generator.model.registries import Mechanism, Office, Organization, Person, Topic
from generator.model.relationships import Area, Issue
from generator.pages.comparisons import Comparison, figure_groups
from generator.pages.timeline import DatedEvents, FilterLink, dated_events, site_events
from generator.site import (
    ENGLISH,
    N_,
    AgreementView,
    Briefing,
    Cited,
    EventView,
    FigureView,
    Site,
    SourceList,
    Wording,
    held_at_least,
)
from generator.site.urls import url_for

K = TypeVar("K")
V = TypeVar("V")

LEVELS = {
    "head-of-state": N_("Heads of state"),
    "ministerial": N_("Ministers"),
    "senior-officials": N_("Senior officials"),
    "expert": N_("Experts"),
}


@dataclass(frozen=True)
class OfficeView:
    person: Person
    office: Office
    when: str
    former: bool = False
    """The sources show the office held since by someone else, or by this person no
    longer: pages list it apart, never as current."""

    @property
    def order(self) -> tuple[str, str]:
        date = self.office.start or self.office.as_of or self.office.end
        return (date.isoformat() if date else "", self.person.name)


@dataclass
class EntityPage:
    """What every entity page has: its address, title and numbered sources."""

    url: str
    title: str
    sources: SourceList


@dataclass
class CountryPage(EntityPage):
    country: Country
    relationships: list[tuple[Briefing, Country]] = field(default_factory=list)
    office_holders: list[Cited[OfficeView]] = field(default_factory=list)
    """Current holders first, then former ones: each in the order the sources date them."""
    mechanisms: list[Mechanism] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    timeline: DatedEvents = field(default_factory=DatedEvents)
    """Every event concerning the country: the timeline's country filter leads here."""
    timeline_kinds: list[FilterLink] = field(default_factory=list)
    """The site-wide timeline by kind, shared by every country page."""

    @property
    def current_holders(self) -> list[Cited[OfficeView]]:
        return [cited for cited in self.office_holders if not cited.item.former]

    @property
    def former_holders(self) -> list[Cited[OfficeView]]:
        return [cited for cited in self.office_holders if cited.item.former]


@dataclass
class PersonPage(EntityPage):
    person: Person
    offices: list[Cited[OfficeView]] = field(default_factory=list)
    events: list[Cited[EventView]] = field(default_factory=list)
    agreements: list[Cited[tuple[Briefing, AgreementView]]] = field(default_factory=list)
    relationships: list[Briefing] = field(default_factory=list)

    @property
    def current_offices(self) -> list[Cited[OfficeView]]:
        """What the biography line leads with: the offices the sources show held now."""
        return [cited for cited in self.offices if not cited.item.former]

    @property
    def former_offices(self) -> list[Cited[OfficeView]]:
        return [cited for cited in self.offices if cited.item.former]


@dataclass
class MechanismPage(EntityPage):
    mechanism: Mechanism
    description: Cited[str | None] | None = None
    meetings: list[Cited[EventView]] = field(default_factory=list)
    relationships: list[Briefing] = field(default_factory=list)

    @property
    def level(self) -> str | None:
        return LEVELS.get(self.mechanism.level or "")

    @property
    def last(self) -> EventView | None:
        past = [m.item for m in self.meetings if not m.item.upcoming]
        return max(past, key=lambda view: view.event.date, default=None)

    @property
    def next(self) -> EventView | None:
        upcoming = [m.item for m in self.meetings if m.item.upcoming]
        return min(upcoming, key=lambda view: view.event.date, default=None)

    @property
    def held_at_least(self) -> int | None:
        return held_at_least(m.item for m in self.meetings)


@dataclass
class OrganizationPage(EntityPage):
    organization: Organization
    description: Cited[str | None] | None = None
    issues: list[Cited[tuple[Briefing, Issue]]] = field(default_factory=list)
    office_holders: list[Cited[OfficeView]] = field(default_factory=list)
    relationships: list[Briefing] = field(default_factory=list)


@dataclass
class TopicPage(EntityPage):
    topic: Topic
    areas: list[Cited[tuple[Briefing, Area]]] = field(default_factory=list)
    figures: list[Cited[tuple[Briefing, FigureView]]] = field(default_factory=list)
    relationships: list[Briefing] = field(default_factory=list)


def office_when(office: Office, wording: Wording = ENGLISH) -> str:
    """ "2009 to 2014", "since March 2023", "until 2014" or "as of 29 July 2025"."""
    start, end = office.start, office.end
    if start and end:
        return wording.gettext(
            "%(start)s to %(end)s", start=wording.date(start), end=wording.date(end)
        )
    if start:
        return wording.gettext("since %(date)s", date=wording.date(start))
    if end:
        return wording.gettext("until %(date)s", date=wording.date(end))
    if office.as_of:
        return wording.gettext("as of %(date)s", date=wording.date(office.as_of))
    return ""


def _offices(
    page: EntityPage, holders: list[tuple[Person, Office]], site: Site
) -> list[Cited[OfficeView]]:
    """The offices in the order the sources date them, current ones before former."""
    history = site.office_history
    views = sorted(
        (
            OfficeView(
                person, office, office_when(office, site.wording), history.is_former(person, office)
            )
            for person, office in holders
        ),
        key=lambda view: (view.former, view.order),
    )
    return [Cited(view, page.sources.cite(view.office.source)) for view in views]


def _events(page: EntityPage, views: list[EventView]) -> list[Cited[EventView]]:
    ordered = sorted(views, key=lambda view: (view.event.date, view.relationship.slug))
    return [Cited(view, page.sources.cite(view.event.source)) for view in ordered]


def _grouped(pairs: Iterable[tuple[K, V]]) -> dict[K, list[V]]:
    """The values of each key, in the order they came."""
    groups: dict[K, list[V]] = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


class _Involvement:
    """Which briefings concern an entity, found without a pass over the site per page.

    The pages are built from groupings made in one pass over the briefings (who took
    part in which event, which briefing lists which mechanism, ...): a page then costs
    what it shows, where a pass per page made these pages grow with the square of the
    number of relationships.
    """

    def __init__(self, site: Site) -> None:
        self._briefings = _grouped((b.slug, b) for b in site.briefings)
        self._position = {slug: position for position, slug in enumerate(self._briefings)}
        pairs = ((reference, b.slug) for b in site.briefings for reference in b.references)
        self._mentions = _grouped(pairs)

    def mentions(self, kind: str, ident: str) -> set[str]:
        """Slugs of the briefings whose narrative links to this entity."""
        return set(self._mentions.get((kind, ident), []))

    def briefings(self, slugs: set[str]) -> list[Briefing]:
        """The briefings of ``slugs``, in the order the site lists them."""
        ordered = sorted(slugs & self._position.keys(), key=self._position.__getitem__)
        return [briefing for slug in ordered for briefing in self._briefings[slug]]


def country_pages(site: Site) -> list[CountryPage]:
    groups = figure_groups(site)
    events = site_events(site)
    timeline_kinds = events.kind_filters
    briefings_of = _grouped(
        (code, b) for b in site.briefings for code in dict.fromkeys(b.front.countries)
    )
    holders = _grouped(
        (office.country, (person, office))
        for person in site.corpus.people.values()
        for office in person.offices
    )
    mechanisms = _grouped(
        (code, m) for m in site.corpus.mechanisms.values() for code in dict.fromkeys(m.countries)
    )
    pages = []
    for country in site.countries:
        page = CountryPage(
            url_for("country", country.code), country.name, SourceList(site.corpus.sources), country
        )
        briefings = briefings_of.get(country.code, [])
        slugs = {b.slug for b in briefings}
        page.relationships = sorted(
            ((b, next(c for c in b.countries if c != country)) for b in briefings),
            key=lambda pair: pair[1].name,
        )
        page.office_holders = _offices(page, holders.get(country.code, []), site)
        page.mechanisms = sorted(mechanisms.get(country.code, []), key=lambda m: m.name)
        page.organizations = sorted(
            (
                o
                for o in site.corpus.organizations.values()
                if country.code in o.members
                or any(o.id in b.front.organizations for b in briefings)
            ),
            key=lambda o: o.name,
        )
        page.comparisons = [
            group.on_page(page.sources, briefings)
            for group in groups
            if len(group.relationships & slugs) >= 2
        ]
        page.timeline = dated_events(events.by_country.get(country.code, []), page.sources)
        page.timeline_kinds = timeline_kinds
        pages.append(page)
    return pages


def person_pages(site: Site) -> list[PersonPage]:
    involvement = _Involvement(site)
    events = _grouped(
        (ident, view)
        for b in site.briefings
        for view in b.events
        for ident in dict.fromkeys(view.event.participants)
    )
    agreements = _grouped(
        (ident, (b, view))
        for b in site.briefings
        for view in b.agreements
        for ident in dict.fromkeys(view.agreement.signatories)
    )
    pages = []
    for person in site.corpus.people.values():
        page = PersonPage(
            url_for("person", person.id), person.name, SourceList(site.corpus.sources), person
        )
        page.offices = _offices(page, [(person, office) for office in person.offices], site)
        page.events = _events(page, events.get(person.id, []))
        page.agreements = [
            Cited((b, view), page.sources.cite(view.agreement.source))
            for b, view in agreements.get(person.id, [])
        ]
        involved = {view.item.relationship.slug for view in page.events}
        involved |= {b.slug for b, _ in (cited.item for cited in page.agreements)}
        involved |= involvement.mentions("person", person.id)
        page.relationships = involvement.briefings(involved)
        pages.append(page)
    return pages


def mechanism_pages(site: Site) -> list[MechanismPage]:
    involvement = _Involvement(site)
    meetings_of = _grouped(
        (view.event.mechanism, view) for b in site.briefings for view in b.events
    )
    listed_by = _grouped((ident, b.slug) for b in site.briefings for ident in b.front.mechanisms)
    pages = []
    for mechanism in site.corpus.mechanisms.values():
        page = MechanismPage(
            url_for("mechanism", mechanism.id),
            mechanism.label,
            SourceList(site.corpus.sources),
            mechanism,
        )
        page.description = Cited(mechanism.description, page.sources.cite(mechanism.source))
        meetings = sorted(
            meetings_of.get(mechanism.id, []),
            key=lambda view: (view.event.ordinal or 0, view.event.date),
        )
        page.meetings = [Cited(view, page.sources.cite(view.event.source)) for view in meetings]
        involved = {view.relationship.slug for view in meetings}
        involved |= set(listed_by.get(mechanism.id, []))
        involved |= involvement.mentions("mechanism", mechanism.id)
        page.relationships = involvement.briefings(involved)
        pages.append(page)
    return pages


def organization_pages(site: Site) -> list[OrganizationPage]:
    involvement = _Involvement(site)
    issues_of = _grouped(
        (issue.organization, (b, issue)) for b in site.briefings for issue, _ in b.issues
    )
    holders = _grouped(
        (office.organization, (person, office))
        for person in site.corpus.people.values()
        for office in person.offices
    )
    listed_by = _grouped((ident, b.slug) for b in site.briefings for ident in b.front.organizations)
    pages = []
    for organization in site.corpus.organizations.values():
        page = OrganizationPage(
            url_for("organization", organization.id),
            organization.name,
            SourceList(site.corpus.sources),
            organization,
        )
        page.description = Cited(organization.description, page.sources.cite(organization.source))
        page.issues = [
            Cited((b, issue), page.sources.cite(issue.source))
            for b, issue in issues_of.get(organization.id, [])
        ]
        page.office_holders = _offices(page, holders.get(organization.id, []), site)
        involved = {b.slug for b, _ in (cited.item for cited in page.issues)}
        involved |= set(listed_by.get(organization.id, []))
        involved |= involvement.mentions("organization", organization.id)
        page.relationships = involvement.briefings(involved)
        pages.append(page)
    return pages


def topic_pages(site: Site) -> list[TopicPage]:
    involvement = _Involvement(site)
    areas_of = _grouped((area.topic, (b, area)) for b in site.briefings for area, _, _ in b.areas)
    figures_of = _grouped(
        (view.figure.topic, (b, view)) for b in site.briefings for view in b.figures
    )
    listed_by = _grouped((ident, b.slug) for b in site.briefings for ident in b.front.topics)
    pages = []
    for topic in site.corpus.topics.values():
        page = TopicPage(
            url_for("topic", topic.id), topic.name, SourceList(site.corpus.sources), topic
        )
        page.areas = [
            Cited((b, area), page.sources.cite(area.source))
            for b, area in areas_of.get(topic.id, [])
        ]
        page.figures = [
            Cited((b, view), page.sources.cite(view.figure.source))
            for b, view in figures_of.get(topic.id, [])
        ]
        involved = {b.slug for b, _ in (cited.item for cited in page.areas)}
        involved |= {b.slug for b, _ in (cited.item for cited in page.figures)}
        involved |= set(listed_by.get(topic.id, []))
        involved |= involvement.mentions("topic", topic.id)
        page.relationships = involvement.briefings(involved)
        pages.append(page)
    return pages
