"""Meeting briefs: what a principal needs before one meeting or visit, put together from
the briefing: the mechanism and the people, the agenda, the meeting before and what it
produced, the commitments and targets with where they stand, the key figures and open
issues, and what changed in the briefing since.

Nothing here is new information: every item is one the briefing already holds, with
its source numbered in the brief's own list. A target's "status" is the latest figure
of its measure set beside it, both with their periods; nothing is computed from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.model.dates import PartialDate
from generator.model.registries import Office, Person, Source
from generator.model.relationships import ChangelogEntry, Commitment, Figure, Issue
from generator.site.urls import meeting_pdf_url, meeting_url
from generator.site.views import AgreementView, Briefing, Cited, EventView, FigureView, SourceList

BRIEFED_KINDS = frozenset({"mechanism-meeting", "visit", "summit"})
"""The events that get a meeting brief: meetings and visits, not calls or signings."""


@dataclass(frozen=True)
class Participant:
    person: Person
    offices: list[Office]
    """The offices the sources show the person holding on the meeting's date."""


@dataclass(frozen=True)
class TargetStatus:
    """A target beside the latest figure of what it measures, each with its period."""

    target: FigureView
    latest: FigureView | None


@dataclass(frozen=True)
class PastMeeting:
    """A meeting before this one, with what the sources say came of it."""

    meeting: EventView
    agreements: list[Cited[AgreementView]]


@dataclass
class MeetingBrief:
    briefing: Briefing
    event: EventView
    url: str
    pdf_url: str
    sources: SourceList
    participants: list[Participant] = field(default_factory=list)
    previous: PastMeeting | None = None
    """The meeting of the same mechanism just before this one."""
    others: list[PastMeeting] = field(default_factory=list)
    """The latest meeting before this one of each other mechanism of the relationship:
    the council's decisions a planning group follows up, say."""
    commitments: list[Cited[Commitment]] = field(default_factory=list)
    targets: dict[str, TargetStatus] = field(default_factory=dict)
    """By commitment id, for the targets."""
    changes: list[ChangelogEntry] = field(default_factory=list)
    """What the briefing's revision history records since the previous meeting."""

    @property
    def title(self) -> str:
        return self.event.event.title

    @property
    def key_figures(self) -> list[Cited[FigureView]]:
        return [Cited(view, self.cite(view.figure)) for view in self.briefing.key_figures]

    @property
    def issues(self) -> list[Cited[Issue]]:
        return [Cited(issue, self.sources.cite(issue.source)) for issue, _ in self.briefing.issues]

    def cite(self, figure: Figure) -> int | None:
        return self.sources.cite(figure.source)


def meeting_briefs(briefing: Briefing, known: Mapping[str, Source]) -> list[MeetingBrief]:
    """A brief for each meeting and visit of ``briefing``, in date order, each numbering
    the ``known`` sources it cites in a list of its own."""
    return [
        meeting_brief(briefing, view, SourceList(known))
        for view in briefing.events
        if view.event.kind in BRIEFED_KINDS
    ]


def meeting_brief(briefing: Briefing, view: EventView, sources: SourceList) -> MeetingBrief:
    event = view.event
    slug = briefing.slug
    brief = MeetingBrief(
        briefing, view, meeting_url(slug, event.id), meeting_pdf_url(slug, event.id), sources
    )
    sources.cite(event.source)
    brief.participants = [
        Participant(person, _offices_on(person, event.date)) for person in view.participants
    ]
    previous = previous_meeting(briefing, view)
    brief.previous = _past(briefing, previous, sources) if previous else None
    for mechanism in briefing.mechanisms:
        if mechanism.mechanism.id == event.mechanism:
            continue
        earlier = [m for m in mechanism.meetings if m.event.date < event.date]
        if earlier:
            brief.others.append(_past(briefing, max(earlier, key=_order), sources))
    figures = {view.figure.id: view for view in briefing.figures}
    for commitment in briefing.relationship.data.commitments:
        brief.commitments.append(Cited(commitment, sources.cite(commitment.source)))
        target = figures.get(commitment.target or "")
        if commitment.kind == "target" and target is not None:
            latest = latest_of(briefing, commitment.measure or "")
            brief.targets[commitment.id] = TargetStatus(target, latest)
    since = brief.previous.meeting.event.date if brief.previous else None
    brief.changes = [
        entry for entry in briefing.changelog if since is None or entry.date.start > since.end
    ]
    return brief


def _past(briefing: Briefing, meeting: EventView, sources: SourceList) -> PastMeeting:
    sources.cite(meeting.event.source)
    return PastMeeting(
        meeting,
        [
            Cited(agreement, sources.cite(agreement.agreement.source))
            for agreement in briefing.agreements
            if agreement.event is not None and agreement.event.id == meeting.event.id
        ],
    )


def previous_meeting(briefing: Briefing, view: EventView) -> EventView | None:
    """The meeting of the same mechanism just before this one (by ordinal, else date)."""
    event = view.event
    if event.mechanism is None:
        return None
    earlier = [
        other
        for other in briefing.events
        if other.event.mechanism == event.mechanism
        and other.event.id != event.id
        and _before(other, view)
    ]
    return max(earlier, key=_order, default=None)


def latest_of(briefing: Briefing, measure: str) -> FigureView | None:
    """The figure of ``measure`` whose period ends (or date falls) last; ``None`` when the
    briefing has none."""
    dated = [
        (reference.end, view)
        for view in briefing.figures
        if view.figure.measure == measure and (reference := _reference(view.figure)) is not None
    ]
    return max(dated, key=lambda pair: pair[0], default=(None, None))[1]


def _reference(figure: Figure) -> PartialDate | None:
    return figure.period.end if figure.period else figure.as_of


def _before(other: EventView, view: EventView) -> bool:
    if other.event.ordinal is not None and view.event.ordinal is not None:
        return other.event.ordinal < view.event.ordinal
    return other.event.date < view.event.date


def _order(view: EventView) -> tuple[int, dt.date]:
    return (view.event.ordinal or 0, view.event.date.start)


def _offices_on(person: Person, date: PartialDate) -> list[Office]:
    """The person's offices whose span covers ``date``; failing those, the offices the
    sources show at a date, which the brief prints with that date (never inferred)."""
    spanning = [
        office
        for office in person.offices
        if (office.start or office.end)
        and (office.start is None or office.start.start <= date.end)
        and (office.end is None or office.end.end >= date.start)
    ]
    if spanning:
        return spanning
    return [office for office in person.offices if office.as_of is not None]
