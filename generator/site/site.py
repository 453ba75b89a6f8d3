"""The site as templates see it: the loaded corpus turned into briefings and their views.

Everything a template shows is computed here once (numbered sources, past and
upcoming events, stale figures), so templates only lay it out, and the same
values appear on the page, in the PDF and in the exports. What a page shows is typed
in :mod:`generator.site.views`; where it lives, in :mod:`generator.site.urls`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import Any

from generator.content import (
    Corpus,
    Relationship,
    display_path,
    load_corpus,
    public_edition,
    symbolic_links,
)
from generator.markdown import render
from generator.model.countries import Country
from generator.model.dates import PartialDate, months_after
from generator.model.registries import OfficeHistory
from generator.model.relationships import Commitment, Event, Figure
from generator.problems import Problem, error
from generator.processes import map_in_forks
from generator.settings import Settings
from generator.site.charts import series_chart
from generator.site.formatting import ENGLISH, Wording
from generator.site.meetings import BRIEFED_KINDS
from generator.site.urls import brief_pdf_url, meeting_url, url_for
from generator.site.views import (
    AgreementView,
    Briefing,
    Drawn,
    EventView,
    FigureView,
    History,
    MechanismView,
    PageLinks,
    PositionGroup,
    SourceList,
)

REGISTRY_KINDS = ("person", "mechanism", "organization", "topic")


@dataclass
class Site:
    corpus: Corpus
    as_of: dt.date
    stale_months: int
    include_drafts: bool
    workers: int | None
    """Processes that render the narratives and draw the charts (``None``: one per core),
    as the settings say."""
    wording: Wording = ENGLISH
    """The language of this site's text, and how it writes numbers, dates and words."""
    languages: tuple[str, ...] = ("en",)
    """Every language the site is published in, the originals' first."""
    internal: bool = False
    """The internal edition: internal fields and blocks are shown (and marked)."""
    kept: dict[tuple[str, str, str], Briefing] | None = field(default=None, repr=False)
    """Briefings made by an earlier site of the same registries and settings, by language,
    file and folder digest: ``briefings serve`` keeps them, so after an edit only the edited
    relationship's narrative is rendered and its charts drawn again."""

    @property
    def lang(self) -> str:
        return self.wording.lang

    def in_language(self, wording: Wording) -> Site:
        """The site a reader of ``wording``'s language reads: the briefings translated
        into it, names as it writes them, numbers and dates by its rules."""
        return replace(self, corpus=self.corpus.in_language(wording.lang), wording=wording)

    @cached_property
    def briefings(self) -> list[Briefing]:
        return [
            briefing
            for briefing in self.all_briefings
            if self.include_drafts or briefing.front.status == "published"
        ]

    @cached_property
    def all_briefings(self) -> list[Briefing]:
        """Drafts included: checks look at everything, published or not."""
        kept = {} if self.kept is None else self.kept
        relationships = self.corpus.relationships
        keys = [(self.lang, r.index.display_path, r.digest) for r in relationships]
        missing = [r for r, key in zip(relationships, keys, strict=True) if key not in kept]
        drawn = map_in_forks(self._drawn, missing, self.workers)
        made = {
            key: self._briefing(r, d)
            for r, d in zip(missing, drawn, strict=True)
            for key in [(self.lang, r.index.display_path, r.digest)]
        }
        if self.kept is not None:
            current = set(keys)
            for key in [key for key in self.kept if key[0] == self.lang and key not in current]:
                del self.kept[key]
            self.kept.update(made)
        return [made[key] if key in made else kept[key] for key in keys]

    @cached_property
    def office_history(self) -> OfficeHistory:
        """Who held which office when: what tells a current office from a former one."""
        return OfficeHistory(self.corpus.people.values())

    @cached_property
    def countries(self) -> list[Country]:
        codes = {c for b in self.briefings for c in b.relationship.front.countries}
        return sorted((Country(code) for code in codes), key=lambda c: self.wording.country(c.code))

    def registry_of(self, kind: str) -> Mapping[str, Any]:
        """People, mechanisms, organizations or topics by id."""
        registries: dict[str, Mapping[str, Any]] = {
            "person": self.corpus.people,
            "mechanism": self.corpus.mechanisms,
            "organization": self.corpus.organizations,
            "topic": self.corpus.topics,
        }
        return registries[kind]

    def label(self, kind: str, ident: str) -> str | None:
        """The display name of an entity, or None when it does not exist."""
        if kind == "country":
            code = ident.upper()
            return self.wording.country(code) if code in self._country_codes else None
        if kind == "relationship":
            found = self._relationships_by_slug.get(ident)
            return found.title if found else None
        if kind not in REGISTRY_KINDS:
            return None
        entity = self.registry_of(kind).get(ident)
        return getattr(entity, "name", None) if entity is not None else None

    def ids(self, kind: str) -> list[str]:
        """Every id a reference of ``kind`` can name (``source`` for citations), so an
        unknown one can be answered with the closest; none for a kind that does not exist."""
        if kind == "country":
            return sorted(self._country_codes)
        if kind == "relationship":
            return list(self._relationships_by_slug)
        if kind == "source":
            return list(self.corpus.sources)
        return list(self.registry_of(kind)) if kind in REGISTRY_KINDS else []

    @cached_property
    def _relationships_by_slug(self) -> dict[str, Relationship]:
        """The first relationship of each slug, so a reference is found without a scan."""
        found: dict[str, Relationship] = {}
        for relationship in self.corpus.relationships:
            found.setdefault(relationship.slug, relationship)
        return found

    @cached_property
    def _country_codes(self) -> set[str]:
        codes = {c for r in self.corpus.relationships for c in r.front.countries}
        codes |= {p.country for p in self.corpus.people.values()}
        codes |= {c for m in self.corpus.mechanisms.values() for c in m.countries}
        return codes

    def is_upcoming(self, date: PartialDate) -> bool:
        return date.end >= self.as_of

    def is_stale(self, figure: Figure) -> bool:
        since = self.stale_since(figure)
        return since is not None and since <= self.as_of

    def stale_since(self, figure: Figure) -> dt.date | None:
        """The first day ``figure`` counts as stale: the month after the one that lies
        ``stale_months`` whole months after its period's end or its date; ``None`` for a
        figure without a date."""
        reference = figure.period.end if figure.period else figure.as_of
        if reference is None:
            return None
        return months_after(reference.end.replace(day=1), self.stale_months + 1)

    def _drawn(self, relationship: Relationship) -> Drawn:
        """Render the narrative and draw the charts, citing in the order the page shows
        them: the figures' sources, then the narrative's, then the charts'."""
        sources = SourceList(self.corpus.sources)
        for figure in relationship.data.figures:
            sources.cite(figure.source)
        links = PageLinks(self, url_for("relationship", relationship.slug), sources)
        narrative = render(relationship.index.body, links)
        charts = [
            series_chart(series, sources.cite, self.wording) for series in relationship.data.series
        ]
        return Drawn(narrative, charts, sources.cited, links.referenced)

    def _briefing(self, relationship: Relationship, drawn: Drawn) -> Briefing:
        page_url = url_for("relationship", relationship.slug)
        sources = SourceList(self.corpus.sources, drawn.cited)
        data = relationship.data
        targets = {c.target: c for c in data.commitments if c.kind == "target" and c.target}
        figures = [self._figure(figure, sources, targets.get(figure.id)) for figure in data.figures]
        rendered = drawn.narrative
        events = sorted(
            (self._event(event, relationship, sources) for event in data.events),
            key=lambda view: view.event.date,
        )
        mechanism_ids = list(relationship.front.mechanisms)
        mechanism_ids += [
            e.mechanism for e in data.events if e.mechanism and e.mechanism not in mechanism_ids
        ]
        mechanisms = [
            MechanismView(
                self.corpus.mechanisms[ident],
                [view for view in events if view.event.mechanism == ident],
            )
            for ident in mechanism_ids
            if ident in self.corpus.mechanisms
        ]
        events_by_id = {event.id: event for event in data.events}
        agreements = [
            AgreementView(
                a,
                self.wording.date(a.date),
                events_by_id.get(a.event or ""),
                sources.cite(a.source),
            )
            for a in data.agreements
        ]
        areas = [(a, self.corpus.topics.get(a.topic), sources.cite(a.source)) for a in data.areas]
        issues = [(issue, sources.cite(issue.source)) for issue in data.issues]
        positions: dict[tuple[str, str, str | None], PositionGroup] = {}
        for position in data.positions:
            key = (position.held_by, position.described_by, position.event)
            group = positions.setdefault(
                key,
                PositionGroup(
                    Country(position.held_by),
                    position.described_by,
                    events_by_id.get(position.event or ""),
                    [],
                ),
            )
            group.statements.append((position, sources.cite(position.source)))
        histories = [
            History(measure, ordered)
            for measure in self.corpus.measures.values()
            if measure.history
            and len(ordered := _oldest_first(v for v in figures if v.figure.measure == measure.id))
            > 1
        ]
        problems = [
            error(
                relationship.index.display_path,
                relationship.index.body_line + p.line - 1,
                p.column,
                p.message,
                p.hint,
            )
            for p in rendered.problems
        ]
        return Briefing(
            relationship=relationship,
            url=page_url,
            pdf_url=brief_pdf_url(relationship.slug),
            html=rendered.html,
            headings=rendered.headings,
            narrative=rendered,
            figures=figures,
            events=events,
            mechanisms=mechanisms,
            agreements=agreements,
            areas=areas,
            issues=issues,
            positions=list(positions.values()),
            sources=sources.numbered,
            histories=histories,
            charts=drawn.charts,
            references=drawn.referenced,
            problems=problems,
        )

    def _figure(
        self, figure: Figure, sources: SourceList, target: Commitment | None = None
    ) -> FigureView:
        wording = self.wording
        if figure.period:
            when = wording.period(figure.period)
        elif figure.as_of:
            when = wording.gettext("as of %(date)s", date=wording.date(figure.as_of))
        else:
            when = ""
        deadline = ""
        if target is not None:
            deadline = (
                wording.gettext("target year %(date)s", date=wording.date(target.deadline))
                if target.deadline
                else wording.gettext("no target year given")
            )
        return FigureView(
            figure=figure,
            value=wording.figure_value(figure),
            when=when,
            source=sources.cite(figure.source),
            stale=self.is_stale(figure),
            secondary=wording.amount(figure.secondary) if figure.secondary else None,
            deadline=deadline,
        )

    def _event(self, event: Event, relationship: Relationship, sources: SourceList) -> EventView:
        return EventView(
            event=event,
            date=self.wording.date(event.date),
            upcoming=self.is_upcoming(event.date),
            mechanism=self.corpus.mechanisms.get(event.mechanism or ""),
            participants=[
                self.corpus.people[p] for p in event.participants if p in self.corpus.people
            ],
            source=sources.cite(event.source),
            relationship=relationship,
            brief_url=meeting_url(relationship.slug, event.id)
            if event.kind in BRIEFED_KINDS
            else None,
        )


def _oldest_first(views: Iterable[FigureView]) -> list[FigureView]:
    """By the start of each figure's period or its date; the file's order breaks ties."""

    def start(view: FigureView) -> dt.date:
        figure = view.figure
        when = figure.period.start if figure.period else figure.as_of
        return when.start if when else dt.date.max

    return sorted(views, key=start)


def load_site(
    settings: Settings, kept: dict[tuple[str, str, str], Briefing] | None = None
) -> tuple[Site, list[Problem]]:
    """The site of the content in ``settings``, with every problem found loading it;
    ``kept``: see :attr:`Site.kept`."""
    content_dir = settings.content_dir
    corpus, problems = load_corpus(
        content_dir, content_dir.parent, settings.workers, settings.languages
    )
    internal = settings.edition == "internal"
    if not internal:
        corpus = public_edition(corpus)
    # The theme is published too: its links are refused alike.
    shown = partial(display_path, project_dir=content_dir.parent)
    problems += symbolic_links(settings.theme_dir, shown)
    reviewed = [r.front.reviewed.end for r in corpus.relationships]
    site = Site(
        corpus=corpus,
        as_of=settings.as_of or max(reviewed, default=dt.date(2000, 1, 1)),
        stale_months=settings.stale_months,
        include_drafts=settings.include_drafts,
        workers=settings.workers,
        languages=settings.languages,
        internal=internal,
        kept=kept,
    )
    return site, problems
