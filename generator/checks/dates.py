"""Dates against the as-of date, and figures that readers can date and trace.

The model checks what one item can say about itself (a real calendar date, a period
that ends after it starts); these rules need the as-of date of the build or look at
fields the model leaves optional so that the message can say exactly what to add.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.checks.located import error_at, warning_at
from generator.model.dates import PartialDate
from generator.model.positions import KeyPath, Position
from generator.model.registries import Source
from generator.model.relationships import Figure
from generator.problems import Problem
from generator.site import ENGLISH, Site

SOURCES_HINT = "add `source:` with the id of an entry in content/sources.yaml"
WHEN_HINT = (
    "add `period: {from: YYYY-MM, to: YYYY-MM}` for a figure over a span of time, "
    "or `as_of: YYYY-MM-DD` for a figure that holds on a date"
)
AGREEMENT_HINT = "fix the date; an agreement is added once it is signed"
FIGURE_DATE_HINT = (
    "fix the date; a target or forecast is dated by when it was announced, with `as_of`"
)
PUBLISHED_HINT = "fix the date to the one the source gives"
AS_OF_RULE = "uncommitted work is checked as of today, a commit as of its own date"
ACCESSED_HINT = (
    f"write the day you read the source, which is never after the as-of date: {AS_OF_RULE}"
)
REVIEWED_HINT = (
    "write the day you last checked every fact against its sources, which is never "
    f"after the as-of date: {AS_OF_RULE}"
)
STALE_HINT = (
    "update it from a newer source, or add `stale_acknowledged:` saying why it is "
    "still the best figure available"
)


def check_past_events(site: Site) -> list[Problem]:
    """Outcomes are known only once an event has happened."""
    problems = []
    for relationship in site.corpus.relationships:
        for event in relationship.data.events:
            if event.outcomes and site.is_upcoming(event.date):
                problems.append(
                    error_at(
                        event.position,
                        ("date",),
                        f'past event dated in the future: event "{event.id}" has outcomes, but '
                        f"its date ({ENGLISH.date(event.date)}) is not before the as-of date "
                        f"({day_text(site.as_of)})",
                        "fix the date, or move the outcomes to `agenda` "
                        "until the event has taken place",
                        value=True,
                    )
                )
    return problems


def check_future_dates(site: Site) -> list[Problem]:
    """Signed agreements, published sources and reported figures cannot be from the future.

    Each message's fix is the field's: a source's two dates are wrong for different
    reasons (the source's date was copied wrong; the day it was read cannot be later
    than the date the work is checked as of), so its message names the field.
    """
    dated: list[tuple[Position, KeyPath, str, PartialDate | None, str]] = []
    for relationship in site.corpus.relationships:
        for agreement in relationship.data.agreements:
            dated.append(
                (agreement.position, ("date",), "agreement", agreement.date, AGREEMENT_HINT)
            )
        for figure in relationship.data.figures:
            at: KeyPath = ("as_of",)
            start = figure.as_of
            if figure.period is not None:
                at, start = ("period", "from"), figure.period.start
            dated.append((figure.position, at, f'figure "{figure.id}"', start, FIGURE_DATE_HINT))
    for source in site.corpus.entries("sources", Source):
        what = f'source "{source.id}"'
        for key, date, hint in (
            ("published", source.published, PUBLISHED_HINT),
            ("accessed", source.accessed, ACCESSED_HINT),
        ):
            dated.append((source.position, (key,), f"{what} `{key}`", date, hint))
    return [
        error_at(
            position,
            path,
            f"{what} is dated in the future: {ENGLISH.date(date)} is after the "
            f"as-of date ({day_text(site.as_of)})",
            hint,
            value=True,
        )
        for position, path, what, date, hint in dated
        if date is not None and date.start > site.as_of
    ]


def check_review_dates(site: Site) -> list[Problem]:
    """A page reviewed after the date it is produced as of would say both without
    noticing; the page still builds, so this is a warning."""
    return [
        warning_at(
            relationship.front.position,
            ("reviewed",),
            f'relationship "{relationship.slug}" `reviewed` is dated in the future: '
            f"{ENGLISH.date(relationship.front.reviewed)} is after the as-of date "
            f"({day_text(site.as_of)})",
            REVIEWED_HINT,
            value=True,
        )
        for relationship in site.corpus.relationships
        if relationship.front.reviewed.start > site.as_of
    ]


def check_review_against_changelog(site: Site) -> list[Problem]:
    """What a page calls its last review must agree with its revision history: a
    briefing is not reviewed before its first edition, and a change that read it
    against its sources again is its latest review, unless the change says it was not a
    review. Changes after the as-of date are not yet part of the briefing."""
    problems = []
    for relationship in site.corpus.relationships:
        reviewed = relationship.front.reviewed
        entries = [e for e in relationship.data.changelog if e.date.start <= site.as_of]
        if not entries:
            continue
        first = min(entries, key=lambda entry: entry.date.start)
        if reviewed.end < first.date.start:
            problems.append(
                error_at(
                    relationship.front.position,
                    ("reviewed",),
                    f'relationship "{relationship.slug}" `reviewed` '
                    f"({ENGLISH.date(reviewed)}) is before its first edition "
                    f"({ENGLISH.date(first.date)})",
                    "write the day the briefing was last read against its sources, "
                    "no earlier than the first entry of its `changelog`",
                    value=True,
                )
            )
            continue
        problems.extend(
            error_at(
                entry.position,
                ("date",),
                f'relationship "{relationship.slug}" changed on '
                f"{ENGLISH.date(entry.date)}, after its last review "
                f"({ENGLISH.date(reviewed)}), without saying whether the change was a review",
                f"set `reviewed: {entry.date.isoformat()}` if the change read the "
                "briefing against its sources again, or add `review: false` to the "
                "entry if it did not",
                value=True,
            )
            for entry in entries
            if entry.review and entry.date.start > reviewed.end
        )
    return problems


def check_figure_sources(site: Site) -> list[Problem]:
    """Every figure says where it comes from and which time it describes."""
    problems = []
    for relationship in site.corpus.relationships:
        for figure in relationship.data.figures:
            if figure.source is None:
                problems.append(
                    error_at(
                        figure.position, (), f'figure "{figure.id}" has no source', SOURCES_HINT
                    )
                )
            if figure.period is None and figure.as_of is None:
                problems.append(
                    error_at(
                        figure.position,
                        (),
                        f'figure "{figure.id}" has neither `period` nor `as_of`',
                        WHEN_HINT,
                    )
                )
    return problems


def check_stale_figures(site: Site) -> list[Problem]:
    """Old figures stay on the page with a marker; the contributor is told once here."""
    return [
        warning_at(
            figure.position,
            at,
            f'figure "{figure.id}" is stale: {what}, more than {site.stale_months} '
            f"months before the as-of date ({day_text(site.as_of)})",
            STALE_HINT,
            value=True,
        )
        for figure, at, what in stale_figures(site)
    ]


def stale_figures(site: Site) -> Iterator[tuple[Figure, KeyPath, str]]:
    """The staleness rule, shared with ``briefings review``: each figure that is old and
    that nobody said why, with the field that dates it and what that date is."""
    for relationship in site.corpus.relationships:
        for figure in relationship.data.figures:
            if not site.is_stale(figure) or figure.stale_acknowledged:
                continue
            if figure.period is not None:
                yield figure, ("period", "to"), f"its period ended {when_text(figure.period.end)}"
            elif figure.as_of is not None:
                yield figure, ("as_of",), f"it holds as of {ENGLISH.date(figure.as_of)}"


def day_text(day: dt.date) -> str:
    return ENGLISH.date(PartialDate(day.year, day.month, day.day))


def when_text(date: PartialDate) -> str:
    """ "on 29 July 2025", "in November 2025" or "in 2025"."""
    return f"{'on' if date.day else 'in'} {ENGLISH.date(date)}"
