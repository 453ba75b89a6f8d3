"""Mechanisms and their numbered meetings must tell one consistent story.

A mechanism belongs to one pair of countries, and its meetings are numbered once:
the 5th council meeting cannot be claimed by two events, nor come before the 4th.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.checks.located import Path, error_at, valid_items, warning_at
from generator.content.corpus import Relationship
from generator.content.loading import YamlDocument
from generator.model.countries import Country
from generator.model.relationships import Event
from generator.problems import Problem
from generator.site import Site

ORDINAL_HINT = "fix the ordinal, or merge the two events if they are the same meeting"


@dataclass(frozen=True)
class Meeting:
    """An event that claims an ordinal of a mechanism, and where it is written."""

    event: Event
    document: YamlDocument
    path: Path

    @property
    def place(self) -> str:
        line, _ = self.document.locate(self.path)
        return f"{self.document.display_path}:{line}"


def check_mechanism_countries(site: Site) -> list[Problem]:
    """A relationship lists, and its events name, only mechanisms of its own two countries."""
    problems = []
    for relationship in site.corpus.relationships:
        front = relationship.index.front_matter
        for index, ident in enumerate(relationship.front.mechanisms):
            belongs = _belongs_to(site, ident, relationship)
            if belongs is not None:
                problems.append(
                    error_at(
                        front,
                        ("mechanisms", index),
                        f'mechanism "{ident}" is a mechanism of '
                        f"{belongs}, not of this relationship",
                        "list only mechanisms whose "
                        "`countries` in content/mechanisms.yaml are this relationship's two",
                        value=True,
                    )
                )
        for document, path, event in _events(relationship):
            belongs = _belongs_to(site, event.mechanism, relationship)
            if belongs is not None:
                problems.append(
                    error_at(
                        document,
                        (*path, "mechanism"),
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
    claimed: dict[tuple[str, int], Meeting] = {}
    problems = []
    for meeting in _meetings(site):
        event = meeting.event
        key = (str(event.mechanism), int(event.ordinal or 0))
        if key not in claimed:
            claimed[key] = meeting
            continue
        first = claimed[key]
        problems.append(
            error_at(
                meeting.document,
                (*meeting.path, "ordinal"),
                f'meeting {event.ordinal} of mechanism "{event.mechanism}" is claimed twice: '
                f'also by event "{first.event.id}" at {first.place}',
                ORDINAL_HINT,
                value=True,
            )
        )
    return problems


def check_ordinal_order(site: Site) -> list[Problem]:
    """A later meeting dated before an earlier one: an ordinal or a date is probably wrong."""
    by_mechanism: dict[str, list[Meeting]] = {}
    for meeting in _meetings(site):
        by_mechanism.setdefault(str(meeting.event.mechanism), []).append(meeting)
    problems = []
    for ident, meetings in by_mechanism.items():
        latest: Meeting | None = None
        for meeting in sorted(meetings, key=lambda m: m.event.ordinal or 0):
            event = meeting.event
            if (
                latest is not None
                and (latest.event.ordinal or 0) < (event.ordinal or 0)
                and (event.date.end < latest.event.date.start)
            ):
                problems.append(
                    warning_at(
                        meeting.document,
                        (*meeting.path, "date"),
                        f'meeting {event.ordinal} of mechanism "{ident}" ({event.date.display()}) '
                        f"is dated before meeting {latest.event.ordinal} "
                        f'({latest.event.date.display()}, event "{latest.event.id}")',
                        "check both ordinals and dates against the sources",
                        value=True,
                    )
                )
            if latest is None or latest.event.date.start < event.date.start:
                latest = meeting
    return problems


def check_ordinal_needs_mechanism(site: Site) -> list[Problem]:
    problems = []
    for relationship in site.corpus.relationships:
        for document, path, event in _events(relationship):
            if event.ordinal is not None and event.mechanism is None:
                problems.append(
                    error_at(
                        document,
                        (*path, "ordinal"),
                        f'event "{event.id}" has an `ordinal` but no `mechanism`',
                        "add the mechanism whose meeting this is, or remove the ordinal",
                        value=True,
                    )
                )
    return problems


def _events(relationship: Relationship) -> list[tuple[YamlDocument, Path, Event]]:
    document = relationship.data_document
    if document is None:
        return []
    return [(document, path, event) for path, event in valid_items(document, "events", Event)]


def _meetings(site: Site) -> list[Meeting]:
    """Events with both a known mechanism and an ordinal, in file order."""
    return [
        Meeting(event, document, path)
        for relationship in site.corpus.relationships
        for document, path, event in _events(relationship)
        if event.ordinal is not None and event.mechanism in site.corpus.mechanisms
    ]


def _belongs_to(site: Site, ident: str | None, relationship: Relationship) -> str | None:
    """The mechanism's two countries when they are not the relationship's, else None."""
    mechanism = site.corpus.mechanisms.get(ident or "")
    if mechanism is None or set(mechanism.countries) == set(relationship.front.countries):
        return None
    return " and ".join(Country(code).name for code in mechanism.countries)
