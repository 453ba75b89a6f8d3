"""Figures of one measure and one period must agree, or say that they do not.

Two sources often give different values for the same thing (a year's trade, say).
The briefing shows both rather than pick one; what it must not do is show two values
side by side without the reader, or the contributor, being told. A figure's
``disagreement`` records that the difference is known: the page prints its note, and
this check stays quiet.
"""

from __future__ import annotations

from itertools import combinations

from generator.checks.located import error_at, warning_at
from generator.model.relationships import Figure
from generator.problems import Problem
from generator.site import ENGLISH, Site

DISAGREEMENT_HINT = (
    "show both: add `disagreement: {figure: OTHER, note: how they differ}` to one of them, "
    "or correct the figure that misreads its source"
)
UNKNOWN_FIGURE_HINT = "name the id of another figure in this data.yaml"


def check_figure_disagreements(site: Site) -> list[Problem]:
    """Two figures of a relationship with the same measure and period but different
    values are a warning, unless either names the other as a known disagreement."""
    problems = []
    for relationship in site.corpus.relationships:
        figures = relationship.data.figures
        by_id = {figure.id: figure for figure in figures}
        for figure in figures:
            named = figure.disagreement.figure if figure.disagreement else None
            if named is not None and (named == figure.id or named not in by_id):
                problems.append(
                    error_at(
                        figure.position,
                        ("disagreement", "figure"),
                        f'figure "{figure.id}" records a disagreement with '
                        + ("itself" if named == figure.id else f'unknown figure "{named}"'),
                        UNKNOWN_FIGURE_HINT,
                        value=True,
                    )
                )
        for first, second in combinations(figures, 2):
            known = _names(first, second) or _names(second, first)
            if _same_time(first, second) and not _agree(first, second) and not known:
                problems.append(_disagreement(first, second))
    return problems


def _disagreement(first: Figure, second: Figure) -> Problem:
    """Reported at the later figure in the file, with where the earlier one is."""
    line, column = first.position.locate(("value",), value=True)
    where = f"{first.position.file}:{line}:{column}"
    return warning_at(
        second.position,
        ("value",),
        f'figures "{first.id}" and "{second.id}" of measure "{first.measure}" '
        f"for {_time_text(first)} disagree: {ENGLISH.figure_value(second)} (source "
        f'"{second.source}") here, {ENGLISH.figure_value(first)} '
        f'(source "{first.source}") at {where}',
        DISAGREEMENT_HINT,
        value=True,
    )


def _same_time(first: Figure, second: Figure) -> bool:
    """Same measure and the same period (or the same date), as written."""
    if first.measure is None or first.measure != second.measure:
        return False
    if first.period is not None and second.period is not None:
        return (first.period.start, first.period.end) == (second.period.start, second.period.end)
    if first.period is not None or second.period is not None or first.as_of is None:
        return False
    return first.as_of == second.as_of


def _agree(first: Figure, second: Figure) -> bool:
    """The same amount; a qualifier ("about", "more than") alone is no disagreement."""
    return ENGLISH.amount(first) == ENGLISH.amount(second)


def _names(figure: Figure, other: Figure) -> bool:
    return figure.disagreement is not None and figure.disagreement.figure == other.id


def _time_text(figure: Figure) -> str:
    if figure.period is not None:
        return ENGLISH.period(figure.period)
    return ENGLISH.date(figure.as_of) if figure.as_of is not None else "no date"
