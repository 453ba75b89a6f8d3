"""What is due for review: the slow work a pull request does not answer for.

Figures age, briefings need reading again against their sources, and sources need
visiting again. None of it is a mistake of the change at hand (``briefings check
--strict --changed-since`` leaves it out), so ``briefings review`` lists it, each item
at its place and since when it has been due, the longest overdue first.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import Enum

from generator.checks.dates import day_text, stale_figures, when_text
from generator.model.dates import months_after
from generator.model.positions import KeyPath, Position
from generator.model.registries import Source
from generator.site import Site

SOURCE_MONTHS = 12
"""A source not visited for a year may have moved, changed or been withdrawn."""


class DueKind(str, Enum):
    STALE_FIGURE = "stale figure"
    BRIEFING_REVIEW = "briefing review"
    SOURCE_ACCESS = "source access"


@dataclass(frozen=True)
class Due:
    """One thing due, at its place in its file; ``line`` and ``column`` count from 1."""

    path: str
    line: int
    column: int
    kind: DueKind
    since: dt.date
    """The first day it was due."""
    overdue_days: int
    """Days from ``since`` to the as-of date; 0 when it fell due on that day."""
    message: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}:{self.column}: due since {day_text(self.since)} "
            f"({self.overdue_days} days): {self.message}"
        )

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "kind": self.kind.value,
            "since": self.since.isoformat(),
            "overdue_days": self.overdue_days,
            "message": self.message,
        }


def due_for_review(site: Site, review_months: int) -> list[Due]:
    """Everything due as of the site's date, the longest overdue first, then by place.

    Stale figures follow the staleness rule of ``briefings check``; a published briefing
    is due ``review_months`` after its ``reviewed`` date (a draft is reviewed before it is
    published); a source is due :data:`SOURCE_MONTHS` after it was last ``accessed``.
    """
    found: list[tuple[Position, KeyPath, DueKind, dt.date, str]] = []
    for figure, at, what in stale_figures(site):
        since = site.stale_since(figure)
        if since is not None:
            found.append(
                (
                    figure.position,
                    at,
                    DueKind.STALE_FIGURE,
                    since,
                    f'figure "{figure.id}" needs a newer source: {what}',
                )
            )
    for relationship in site.corpus.relationships:
        front = relationship.front
        if front.status == "published":
            found.append(
                (
                    front.position,
                    ("reviewed",),
                    DueKind.BRIEFING_REVIEW,
                    months_after(front.reviewed.end, review_months),
                    f'briefing "{front.title}" needs reading again against its sources: '
                    f"last reviewed {when_text(front.reviewed)}, every {review_months} months",
                )
            )
    for source in site.corpus.entries("sources", Source):
        if source.accessed is not None:
            found.append(
                (
                    source.position,
                    ("accessed",),
                    DueKind.SOURCE_ACCESS,
                    months_after(source.accessed.end, SOURCE_MONTHS),
                    f'source "{source.id}" needs visiting again: last accessed '
                    f"{when_text(source.accessed)}; check it still says what the briefings cite",
                )
            )
    due = [
        Due(
            position.file,
            *position.locate(at, value=True),
            kind,
            since,
            (site.as_of - since).days,
            message,
        )
        for position, at, kind, since, message in found
        if since <= site.as_of
    ]
    return sorted(due, key=lambda d: (-d.overdue_days, d.path, d.line, d.column))


def due_as_json(due: list[Due], as_of: dt.date) -> str:
    return json.dumps(
        {"as_of": as_of.isoformat(), "due": [item.as_dict() for item in due]},
        ensure_ascii=False,
        indent=2,
    )
