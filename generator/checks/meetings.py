"""Mechanisms and their numbered meetings must tell one consistent story.

A mechanism belongs to one pair of countries, and its meetings are numbered once:
the 5th council meeting cannot be claimed by two events, nor come before the 4th.
"""

from __future__ import annotations

from generator.checks.located import error_at, warning_at
from generator.content import Relationship
from generator.model.countries import Country
from generator.model.relationships import Event
from generator.problems import Problem
from generator.site import ENGLISH, Site

ORDINAL_HINT = "fix the ordinal, or merge the two events if they are the same meeting"


def check_mechanism_countries(site: Site) -> list[Problem]:
    """A relationship lists, and its events name, only mechanisms of its own two countries."""
    problems = []
    for relationship in site.corpus.relationships:
        front = relationship.front
        for index, ident in enumerate(front.mechanisms):
            belongs = _belongs_to(site, ident, relationship)
            if belongs is not None:
                problems.append(
                    error_at(
                        front.position,
                        ("mechanisms", index),
                        f'mechanism "{ident}" is a mechanism of '
                        f"{belongs}, not of this relationship",
                        "list only mechanisms whose "
                        "`countries` in content/mechanisms.yaml are this relationship's two",
                        value=True,
                    )
                )
        for event in relationship.data.events:
            belongs = _belongs_to(site, event.mechanism, relationship)
            if belongs is not None:
                problems.append(
                    error_at(
                        event.position,
                        ("mechanism",),
                        f'event "{event.id}" names mechanism "{event.mechanism}" of {belongs}, '
                        "not of this relationship",
                        "name a mechanism of these two countries, or "
                        "move the event to the relationship of the mechanism's countries",
                        value=True,
                    )
                )
    return problems


def check_ordinals(site: Site) -> list[Problem]:
    """Each ordinal of a mechanism is claimed by one event, across all relationships."""
    claimed: dict[tuple[str, int], Event] = {}
    problems = []
    for event in _meetings(site):
        key = (str(event.mechanism), int(event.ordinal or 0))
        if key not in claimed:
            claimed[key] = event
            continue
        first = claimed[key]
        problems.append(
            error_at(
                event.position,
                ("ordinal",),
                f'meeting {event.ordinal} of mechanism "{event.mechanism}" is claimed twice: '
                f'also by event "{first.id}" at {first.position.file}:{first.position.line}',
                ORDINAL_HINT,
                value=True,
            )
        )
    return problems


def check_ordinal_order(site: Site) -> list[Problem]:
    """A later meeting dated before an earlier one: an ordinal or a date is probably wrong."""
    by_mechanism: dict[str, list[Event]] = {}
    for event in _meetings(site):
        by_mechanism.setdefault(str(event.mechanism), []).append(event)
    problems = []
    for ident, meetings in by_mechanism.items():
        latest: Event | None = None
        for event in sorted(meetings, key=lambda e: e.ordinal or 0):
            if (
                latest is not None
                and (latest.ordinal or 0) < (event.ordinal or 0)
                and (event.date.end < latest.date.start)
            ):
                problems.append(
                    warning_at(
                        event.position,
                        ("date",),
                        f'meeting {event.ordinal} of mechanism "{ident}" '
                        f"({ENGLISH.date(event.date)}) "
                        f"is dated before meeting {latest.ordinal} "
                        f'({ENGLISH.date(latest.date)}, event "{latest.id}")',
                        "check both ordinals and dates against the sources",
                        value=True,
                    )
                )
            if latest is None or latest.date.start < event.date.start:
                latest = event
    return problems


def check_ordinal_needs_mechanism(site: Site) -> list[Problem]:
    problems = []
    for relationship in site.corpus.relationships:
        for event in relationship.data.events:
            if event.ordinal is not None and event.mechanism is None:
                problems.append(
                    error_at(
                        event.position,
                        ("ordinal",),
                        f'event "{event.id}" has an `ordinal` but no `mechanism`',
                        "add the mechanism whose meeting this is, or remove the ordinal",
                        value=True,
                    )
                )
    return problems


def _meetings(site: Site) -> list[Event]:
    """Events with both a known mechanism and an ordinal, in file order."""
    return [
        event
        for relationship in site.corpus.relationships
        for event in relationship.data.events
        if event.ordinal is not None and event.mechanism in site.corpus.mechanisms
    ]


def _belongs_to(site: Site, ident: str | None, relationship: Relationship) -> str | None:
    """The mechanism's two countries when they are not the relationship's, else None."""
    mechanism = site.corpus.mechanisms.get(ident or "")
    if mechanism is None or set(mechanism.countries) == set(relationship.front.countries):
        return None
    return " and ".join(Country(code).name for code in mechanism.countries)
