"""What a page shows: a briefing and the views of its figures, events, mechanisms and
agreements, each with the number of its source in the page's list.

They are built by :class:`~generator.site.site.Site` and only read by the templates,
the PDFs and the exports, so the same value reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from markupsafe import Markup

from generator.content import Relationship
from generator.markdown import Heading, Rendered
from generator.model.countries import Country
from generator.model.dates import PartialDate
from generator.model.registries import Measure, Mechanism, Person, Source, Topic
from generator.model.relationships import (
    Agreement,
    Area,
    ChangelogEntry,
    Event,
    Figure,
    FrontMatter,
    Issue,
    StatedPosition,
)
from generator.problems import Problem
from generator.site.charts import Chart
from generator.site.urls import relationship_feed, relationship_json_url, relative_url, url_for

if TYPE_CHECKING:
    from generator.site.site import Site

T = TypeVar("T")


class SourceList:
    """Numbers sources in the order a briefing first cites them."""

    def __init__(self, known: Mapping[str, Source], cited: Sequence[str] = ()) -> None:
        """``cited``: ids already cited, in order (numbered 1, 2, …)."""
        self._known = known
        self._numbers: dict[str, int] = {}
        for source_id in cited:
            self.cite(source_id)

    def cite(self, source_id: str | None) -> int | None:
        if source_id is None or source_id not in self._known:
            return None
        return self._numbers.setdefault(source_id, len(self._numbers) + 1)

    @property
    def numbered(self) -> list[tuple[int, Source]]:
        return [(number, self._known[ident]) for ident, number in self._numbers.items()]

    @property
    def cited(self) -> list[str]:
        return list(self._numbers)


@dataclass(frozen=True)
class Cited(Generic[T]):
    """An item shown on a page with the number of its source in that page's list."""

    item: T
    source: int | None


@dataclass
class PageLinks:
    """The :class:`~generator.markdown.MarkdownContext` of one page."""

    site: Site
    page_url: str
    sources: SourceList
    referenced: set[tuple[str, str]] = field(default_factory=set)
    """Every (kind, id) the text links to, so entity pages can list where they are named."""

    def link(self, kind: str, ident: str) -> tuple[str, str] | None:
        label = self.site.label(kind, ident)
        if label is None:
            return None
        self.referenced.add((kind, ident.lower() if kind != "country" else ident.upper()))
        return relative_url(self.page_url, url_for(kind, ident)), label

    def cite(self, source_id: str) -> int | None:
        return self.sources.cite(source_id)

    def known(self, kind: str) -> list[str]:
        return self.site.ids(kind)

    @property
    def internal(self) -> bool:
        return self.site.internal

    def withheld(self, kind: str, ident: str) -> bool:
        return kind == "source" and ident in self.site.corpus.withheld_sources


@dataclass
class FigureView:
    figure: Figure
    value: str
    when: str
    source: int | None
    stale: bool
    secondary: str | None
    deadline: str = ""
    """For the figure a target commitment states: "target year 2030", or that the
    source gives none; else empty."""


@dataclass
class History:
    """Every figure of one measure in a briefing, oldest first: how a commitment changed."""

    measure: Measure
    figures: list[FigureView]


@dataclass
class EventView:
    event: Event
    date: str
    upcoming: bool
    mechanism: Mechanism | None
    participants: list[Person]
    source: int | None
    relationship: Relationship
    brief_url: str | None = None
    """The meeting brief, for a meeting or visit (:mod:`generator.site.meetings`)."""

    @property
    def title(self) -> str:
        return self.event.title


def held_at_least(meetings: Iterable[EventView]) -> int | None:
    """How many meetings the ordinals of the past ones imply were held, when that is
    more than are recorded here: "the 8th meeting" means at least eight, whatever the
    briefing records, and a bare count of one beside it would contradict it."""
    past = [view for view in meetings if not view.upcoming]
    highest = max((view.event.ordinal or 0 for view in past), default=0)
    return highest if highest > len(past) else None


@dataclass
class MechanismView:
    mechanism: Mechanism
    meetings: list[EventView]

    @property
    def held_at_least(self) -> int | None:
        return held_at_least(self.meetings)

    @property
    def last(self) -> EventView | None:
        past = [m for m in self.meetings if not m.upcoming]
        return past[-1] if past else None

    @property
    def next(self) -> EventView | None:
        upcoming = [m for m in self.meetings if m.upcoming]
        return upcoming[0] if upcoming else None


@dataclass
class PositionGroup:
    """The positions of one government, given by one reporter, for one occasion: the
    heading says whose they are and who says so, so that no statement reads as fact."""

    held_by: Country
    described_by: str
    event: Event | None
    statements: list[tuple[StatedPosition, int | None]]


@dataclass
class AgreementView:
    agreement: Agreement
    date: str
    event: Event | None
    source: int | None


@dataclass(frozen=True)
class Drawn:
    """The costly part of a briefing, done on every core: its narrative rendered and its
    charts drawn, with what that cited (in order) and linked to. Picklable."""

    narrative: Rendered
    charts: list[Chart]
    cited: list[str]
    referenced: set[tuple[str, str]]


@dataclass
class Briefing:
    """One relationship page and its PDF brief."""

    relationship: Relationship
    url: str
    pdf_url: str
    html: Markup
    headings: list[Heading]
    narrative: Rendered
    """The narrative rendered once, with the links and code lines the checks look at."""
    figures: list[FigureView]
    events: list[EventView]
    mechanisms: list[MechanismView]
    agreements: list[AgreementView]
    areas: list[tuple[Area, Topic | None, int | None]]
    issues: list[tuple[Issue, int | None]]
    sources: list[tuple[int, Source]]
    positions: list[PositionGroup] = field(default_factory=list)
    """Stated aims and messages, by government, reporter and occasion, in file order."""
    histories: list[History] = field(default_factory=list)
    """Measures with ``history: true`` of which the briefing has two figures or more."""
    charts: list[Chart] = field(default_factory=list)
    references: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of every entity the narrative links to."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def changes_url(self) -> str:
        return url_for("changes", self.slug)

    @property
    def json_url(self) -> str:
        return relationship_json_url(self.slug)

    @property
    def feed_url(self) -> str:
        return relationship_feed(self.slug)

    @property
    def changelog(self) -> list[ChangelogEntry]:
        """Dated changes, newest first."""
        return sorted(self.relationship.data.changelog, key=lambda e: e.date, reverse=True)

    @property
    def changed_after_review(self) -> PartialDate | None:
        """The newest change, when it came after the last review (a change that says it
        was not one): shown beside the review date, so that neither hides the other."""
        newest = max((entry.date for entry in self.changelog), key=lambda d: d.end, default=None)
        return newest if newest and newest.start > self.front.reviewed.end else None

    @property
    def slug(self) -> str:
        return self.relationship.slug

    @property
    def title(self) -> str:
        return self.relationship.front.title

    @property
    def front(self) -> FrontMatter:
        return self.relationship.front

    @property
    def countries(self) -> list[Country]:
        return self.relationship.countries

    @property
    def key_figures(self) -> list[FigureView]:
        return [view for view in self.figures if view.figure.key]

    @property
    def more_figures(self) -> list[FigureView]:
        """Figures kept out of the key-figures panel, which the page still shows: every
        sourced number a briefing holds is readable where its relationship is."""
        return [view for view in self.figures if not view.figure.key]

    def figure(self, ident: str) -> FigureView | None:
        """The view of the figure ``ident``, for a figure that names another (a disagreement)."""
        return next((view for view in self.figures if view.figure.id == ident), None)

    @property
    def past_events(self) -> list[EventView]:
        return [view for view in self.events if not view.upcoming]

    @property
    def upcoming_events(self) -> list[EventView]:
        return [view for view in self.events if view.upcoming]
