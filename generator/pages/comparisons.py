"""One kind of figure across relationships: trade of each of a country's partners, say.

Key figures are grouped by topic; inside a group, figures sharing a label sit
together, so the same measure reads down one column across relationships. A group
is a comparison only when at least two relationships contribute to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from generator.model.base import slugify
from generator.model.registries import Topic
from generator.site import Briefing, FigureView, Site, SourceList

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


def figure_groups(site: Site) -> list[FigureGroup]:
    """Groups of key figures with two or more relationships, in topic order."""
    by_topic: dict[str, list[tuple[Briefing, FigureView]]] = {}
    for briefing in site.briefings:
        for view in briefing.key_figures:
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
