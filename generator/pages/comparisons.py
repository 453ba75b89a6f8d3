"""One kind of figure across relationships: trade of each of a country's partners, say.

Figures that name a measure (``content/measures.yaml``) line up by measure: one table
and one chart for every measure that two or more relationships report, key figures or
not, whatever their labels. Differences the reader must weigh (the period covered, the
currency, the scale, the unit) are noted on the row, never converted away.

The other key figures are grouped by topic as before; inside a group, figures sharing
a label sit together. A group is a comparison only when at least two relationships
contribute to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from generator.model.base import slugify
from generator.model.registries import Measure, Topic
from generator.model.relationships import Figure
from generator.site import Briefing, Chart, FigureView, Site, SourceList, bar_chart

T = TypeVar("T")

OTHER = "other"
"""The group of key figures that name no topic."""


@dataclass(frozen=True)
class ComparisonRow:
    briefing: Briefing
    view: FigureView
    source: int | None


@dataclass(frozen=True)
class Comparison:
    """A figure group as one page shows it, cited against that page's sources."""

    id: str
    title: str
    topic: Topic | None
    rows: list[ComparisonRow]


@dataclass(frozen=True)
class FigureGroup:
    id: str
    title: str
    topic: Topic | None
    figures: list[tuple[Briefing, FigureView]]

    @cached_property
    def relationships(self) -> set[str]:
        return set(self._rows_of)

    @cached_property
    def _rows_of(self) -> dict[str, list[int]]:
        """Each relationship's figures, by their place in the group."""
        rows: dict[str, list[int]] = {}
        for position, (briefing, _) in enumerate(self.figures):
            rows.setdefault(briefing.slug, []).append(position)
        return rows

    def on_page(
        self, sources: SourceList, briefings: Sequence[Briefing] | None = None
    ) -> Comparison:
        """The rows of ``briefings`` (all when None), numbered in the page's ``sources``."""
        if briefings is None:
            figures = self.figures
        else:
            slugs = {b.slug for b in briefings}
            positions = sorted(p for slug in slugs for p in self._rows_of.get(slug, []))
            figures = [self.figures[position] for position in positions]
        rows = [
            ComparisonRow(briefing, view, sources.cite(view.figure.source))
            for briefing, view in figures
        ]
        return Comparison(self.id, self.title, self.topic, rows)


def figure_groups(site: Site, apart: frozenset[str] = frozenset()) -> list[FigureGroup]:
    """Groups of key figures with two or more relationships, in topic order; figures of
    the measures in ``apart`` are left out (their page compares them by measure)."""
    by_topic: dict[str, list[tuple[Briefing, FigureView]]] = {}
    for briefing in site.briefings:
        for view in briefing.key_figures:
            if view.figure.measure in apart:
                continue
            by_topic.setdefault(view.figure.topic or OTHER, []).append((briefing, view))
    groups = []
    for key, figures in by_topic.items():
        figures.sort(key=lambda pair: (slugify(pair[1].figure.label), pair[0].title))
        topic = site.corpus.topics.get(key)
        title = topic.name if topic else ("Other figures" if key == OTHER else key)
        group = FigureGroup(key, title, topic, figures)
        if len(group.relationships) >= 2:
            groups.append(group)
    return sorted(groups, key=lambda group: (group.id == OTHER, group.title))


@dataclass(frozen=True)
class MeasureRow:
    briefing: Briefing
    view: FigureView
    source: int | None
    notes: list[str]
    """What sets this row apart from the others: its period, currency, scale or unit."""
    charted: bool


@dataclass(frozen=True)
class MeasureComparison:
    """One measure across relationships, numbered in the page's sources."""

    measure: Measure
    rows: list[MeasureRow]
    chart: Chart | None
    note: str | None
    """Why some or all rows are not drawn, or that the periods differ."""

    @property
    def id(self) -> str:
        return self.measure.id


def measure_comparisons(site: Site, sources: SourceList) -> list[MeasureComparison]:
    """Every measure two or more relationships report, in the order of the registry."""
    by_measure: dict[str, list[tuple[Briefing, FigureView]]] = {}
    for briefing in site.briefings:
        for view in briefing.figures:
            if view.figure.measure in site.corpus.measures:
                by_measure.setdefault(view.figure.measure, []).append((briefing, view))
    comparisons = []
    for ident, measure in site.corpus.measures.items():
        figures = by_measure.get(ident, [])
        if len({briefing.slug for briefing, _ in figures}) >= 2:
            comparisons.append(_compare(measure, figures, sources))
    return comparisons


def _compare(
    measure: Measure, figures: list[tuple[Briefing, FigureView]], sources: SourceList
) -> MeasureComparison:
    figures = sorted(figures, key=lambda pair: (pair[0].title, -_ends(pair[1].figure)))
    units = [_unit(view.figure) for _, view in figures]
    spans = [_span(view.figure) for _, view in figures]
    usual_unit, usual_span = _most_common(units), _most_common(spans)
    drawn = measure.unit_kind != "rank"
    rows = []
    for (briefing, view), unit, span in zip(figures, units, spans, strict=True):
        notes = []
        if span != usual_span:
            notes.append(f"Period: {_span_words(span)}; most rows: {_span_words(usual_span)}.")
        if unit != usual_unit:
            notes.append(
                f"Unit: {_unit_words(unit)}; most rows: {_unit_words(usual_unit)}. Not converted."
            )
        source = sources.cite(view.figure.source)
        rows.append(MeasureRow(briefing, view, source, notes, drawn and unit == usual_unit))
    charted = [row for row in rows if row.charted]
    chart = None
    if len(charted) >= 2:
        chart = bar_chart(
            f"chart-measure-{measure.id}",
            measure.name,
            [f"{row.briefing.title}, {row.view.when}" for row in charted],
            [row.view.figure for row in charted],
        )
    periods_differ = len({view.when for _, view in figures}) > 1
    return MeasureComparison(measure, rows, chart, _note(measure, rows, periods_differ))


def _note(measure: Measure, rows: list[MeasureRow], periods_differ: bool) -> str | None:
    notes = []
    if measure.unit_kind == "rank":
        notes.append("Ranks are not drawn: a shorter bar would mean a higher place.")
    elif sum(row.charted for row in rows) < 2:
        notes.append("Not drawn: fewer than two rows share a currency, scale and unit.")
    elif not all(row.charted for row in rows):
        notes.append("The chart draws only the rows in the most common currency, scale and unit.")
    if periods_differ:
        notes.append("The rows cover different periods: each value holds for its own.")
    return " ".join(notes) or None


Unit = tuple[str | None, str | None, str | None]
"""Currency, scale and unit of a figure: rows line up in a chart only when they agree."""


def _unit(figure: Figure) -> Unit:
    return (figure.currency, figure.scale, figure.unit)


def _unit_words(unit: Unit) -> str:
    currency, scale, counted = unit
    words = [word for word in (currency, f"{scale}s" if scale else None, counted) if word]
    return ", ".join(words) or "plain numbers"


Span = int | None
"""How many months a figure's period covers; None for a level at a date (``as_of``)."""


def _span(figure: Figure) -> Span:
    if figure.period is None:
        return None
    start, end = figure.period.start.start, figure.period.end.end
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _span_words(span: Span) -> str:
    if span is None:
        return "one date"
    return "one month" if span == 1 else f"{span} months"


def _ends(figure: Figure) -> int:
    """When a figure's period ends (or its date), as a number that sorts newest first."""
    when = figure.period.end if figure.period else figure.as_of
    return when.end.toordinal() if when else 0


def _most_common(values: list[T]) -> T:
    """The value most rows share; on a tie, the one that comes first."""
    return max(values, key=values.count)
