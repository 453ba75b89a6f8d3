"""Shared registries: sources, people, organizations, mechanisms, topics and measures.

Each lives in one YAML file under ``content/`` and is referred to by id from the
relationships, so a name is spelled, and a source described, in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from pydantic import Field, HttpUrl, model_validator

from generator.model.base import ContentModel, Id, Text
from generator.model.countries import CountryCode
from generator.model.dates import PartialDate
from generator.model.languages import Language


class SourceText(ContentModel):
    """A source's description in another language; its address and dates stay."""

    title: Text | None = None
    publisher: Text | None = None
    note: Text | None = None


class OfficeText(ContentModel):
    office: Text | None = None


class PersonText(ContentModel):
    """A name as another language writes it, where it differs ("Kasım-Jomart Tokayev"),
    and the person's offices in that language, in the order of ``offices``."""

    name: Text | None = None
    short_name: Text | None = None
    offices: list[OfficeText] | None = None


class OrganizationText(ContentModel):
    name: Text | None = None
    abbreviation: Text | None = None
    description: Text | None = None


class MechanismText(ContentModel):
    name: Text | None = None
    abbreviation: Text | None = None
    frequency: Text | None = None
    description: Text | None = None


class TopicText(ContentModel):
    name: Text | None = None
    description: Text | None = None


class MeasureText(ContentModel):
    name: Text | None = None
    description: Text | None = None


class Source(ContentModel):
    id: Id
    title: Text
    publisher: Text
    url: HttpUrl | None = None
    published: PartialDate | None = None
    accessed: PartialDate | None = None
    kind: Literal["news", "official", "fact-sheet", "statistics", "report"] = "news"
    lang: Language | None = None
    """The language the source is written in, as a BCP 47 tag (``tr``); the originals'
    language if absent."""
    note: Text | None = None
    internal: bool = False
    """Cited by internal content only (a cable, a read-out): a public edition leaves it out,
    and a public text or field citing it is an error."""
    translations: dict[Language, SourceText] = {}
    """Its text in other languages, where it differs."""

    @model_validator(mode="after")
    def _accessed_after_publication(self) -> Source:
        if self.published and self.accessed and self.accessed.end < self.published.start:
            raise ValueError("the source was accessed before it was published")
        return self


class Office(ContentModel):
    """An office held over time; an open ``to`` means still held as of the source."""

    office: Text
    country: CountryCode | None = None
    organization: Id | None = None
    start: PartialDate | None = Field(default=None, alias="from")
    end: PartialDate | None = Field(default=None, alias="to")
    as_of: PartialDate | None = None
    """When the source shows the office held, if it gives no start or end."""
    source: Id

    @model_validator(mode="after")
    def _ordered(self) -> Office:
        if self.start and self.end and self.end.end < self.start.start:
            raise ValueError("the office ends before it starts")
        return self

    @property
    def seat(self) -> tuple[str, str | None, str | None]:
        """The office itself, whoever holds it: its title, country and organization."""
        return (self.office, self.country, self.organization)

    @property
    def latest(self) -> PartialDate | None:
        """The latest date the source shows the office held."""
        return self.end or self.as_of or self.start


class Person(ContentModel):
    id: Id
    name: Text
    """Canonical spelling, with diacritics: "Recep Tayyip Erdoğan"."""
    short_name: Text | None = None
    country: CountryCode
    aliases: list[Text] = []
    """Transliterations and other accepted spellings ("Erdogan"): prose should use ``name``."""
    misspellings: list[Text] = []
    """Spellings seen in sources that are plain wrong ("Erdoan")."""
    offices: list[Office] = []
    translations: dict[Language, PersonText] = {}
    """Its text in other languages, where it differs."""

    @model_validator(mode="after")
    def _offices_translated_in_order(self) -> Person:
        for lang, text in self.translations.items():
            if text.offices is not None and len(text.offices) != len(self.offices):
                raise ValueError(
                    f"`translations.{lang}.offices` gives {len(text.offices)} offices for "
                    f"{len(self.offices)}: translate each, in order"
                )
        return self

    @property
    def display_short(self) -> str:
        return self.short_name or self.name


class Organization(ContentModel):
    id: Id
    name: Text
    abbreviation: Text | None = None
    members: list[CountryCode] = []
    url: HttpUrl | None = None
    description: Text | None = None
    source: Id | None = None
    translations: dict[Language, OrganizationText] = {}
    """Its text in other languages, where it differs."""


class Chair(ContentModel):
    country: CountryCode
    office: Text


class Mechanism(ContentModel):
    """A standing bilateral format whose meetings are numbered by ordinal."""

    id: Id
    name: Text
    abbreviation: Text | None = None
    countries: list[CountryCode] = Field(min_length=2, max_length=2)
    level: Literal["head-of-state", "ministerial", "senior-officials", "expert"] | None = None
    chairs: list[Chair] = []
    frequency: Text | None = None
    description: Text | None = None
    source: Id
    translations: dict[Language, MechanismText] = {}
    """Its text in other languages, where it differs."""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class Topic(ContentModel):
    id: Id
    name: Text
    description: Text | None = None
    translations: dict[Language, TopicText] = {}
    """Its text in other languages, where it differs."""


UnitKind = Literal["money", "count", "rank", "percent"]


class Measure(ContentModel):
    """What a figure measures, so figures of different relationships line up.

    A classification rather than a fact, so it names no source; what a figure says
    about its measure (value, period, currency) stays on the figure, with its source.
    """

    id: Id
    name: Text
    unit_kind: UnitKind
    """Money (with a currency), a count of things, a rank, or a percentage."""
    description: Text | None = None
    history: bool = False
    """A commitment whose changes matter (a target raised from $5 to $10 billion): a
    relationship page lists every figure of it in one dated table, oldest first."""
    translations: dict[Language, MeasureText] = {}
    """Its text in other languages, where it differs."""


class OfficeHistory:
    """Who held which office until when, gathered once from every person's offices, so
    that telling a former office from a current one takes no pass over everyone's."""

    def __init__(self, people: Iterable[Person]) -> None:
        self._holders: dict[tuple[str, str | None, str | None], list[tuple[dt.date, str]]] = {}
        self._own: dict[tuple[str, str | None, str | None], list[tuple[dt.date, Office]]] = {}
        for person in people:
            for held in person.offices:
                later = held.latest
                if later is None:
                    continue
                self._holders.setdefault(held.seat, []).append((later.start, person.id))
                place = (person.id, *held.seat[1:])
                self._own.setdefault(place, []).append((later.start, held))

    def is_former(self, person: Person, office: Office) -> bool:
        """Whether the sources show ``office`` as no longer held by ``person``: it has an
        end, someone else holds the same office at a later date, or ``person`` holds
        another office of the same country or organization from a later date (a
        president who was prime minister). Offices the sources date the same are held
        together."""
        if office.end:
            return True
        latest = office.latest
        if latest is None:
            return False
        end = latest.end
        others = self._holders.get(office.seat, [])
        own = self._own.get((person.id, *office.seat[1:]), [])
        return any(start > end and holder != person.id for start, holder in others) or any(
            start > end and held is not office for start, held in own
        )
