"""A bilateral relationship: ``index.md`` front matter plus its ``data.yaml``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from generator.model.base import ContentModel, Id, Text
from generator.model.countries import CountryCode
from generator.model.dates import PartialDate, Period

Qualifier = Literal["approximately", "more-than", "at-least", "less-than", "up-to"]
Scale = Literal["thousand", "million", "billion", "trillion"]
Status = Literal["draft", "review", "published"]

QUALIFIER_WORDS: dict[str, str] = {
    "approximately": "about",
    "more-than": "more than",
    "at-least": "at least",
    "less-than": "less than",
    "up-to": "up to",
}


class Amount(ContentModel):
    value: float
    currency: Text | None = None
    """ISO 4217 code such as ``USD`` or ``TRY``."""
    scale: Scale | None = None
    unit: Text | None = None
    """What is counted when it is not money: "companies", "rank"."""

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, code: str | None) -> str | None:
        import pycountry

        if code is not None and pycountry.currencies.get(alpha_3=code) is None:
            raise ValueError(f'"{code}" is not an ISO 4217 currency code')
        return code


class Disagreement(ContentModel):
    """Another figure of the same relationship that gives a different value for the same
    measure, which the briefing shows beside this one instead of choosing between them."""

    figure: Id
    note: Text
    """How the two differ, in a sentence a reader sees with the figure."""


class Figure(Amount):
    """A sourced number with the period it covers or the date it holds for."""

    id: Id
    label: Text
    qualifier: Qualifier | None = None
    period: Period | None = None
    as_of: PartialDate | None = None
    source: Id | None = None
    secondary: Amount | None = None
    """The same value in another currency or unit, e.g. the lira equivalent."""
    topic: Id | None = None
    measure: Id | None = None
    """The id in ``content/measures.yaml`` of what this figure measures, for comparisons."""
    key: bool = True
    """Shown in the key-figures panel (and on page 1 of the brief)."""
    stale_acknowledged: Text | None = None
    """Why an old figure is still the best available; silences the staleness warning."""
    disagreement: Disagreement | None = None
    """A known disagreement with another figure: both stay on the page, with the note."""
    note: Text | None = None
    internal_note: Text | None = None
    """For the internal edition only (see :mod:`generator.content.editions`)."""


class Event(ContentModel):
    id: Id
    date: PartialDate
    kind: Literal["visit", "mechanism-meeting", "signing", "call", "summit", "other"]
    title: Text
    mechanism: Id | None = None
    ordinal: int | None = Field(default=None, ge=1, le=500)
    place: Text | None = None
    participants: list[Id] = []
    agenda: list[Text] = []
    """What the source says was planned, for meetings announced before they happen."""
    outcomes: list[Text] = []
    talking_points: list[Text] = []
    """The principal's lines for the meeting: internal edition only."""
    source: Id
    countries: list[CountryCode] = []
    """Other countries involved, for visits that concern a third relationship."""

    @model_validator(mode="after")
    def _meeting_has_mechanism(self) -> Event:
        if self.kind == "mechanism-meeting" and (self.mechanism is None or self.ordinal is None):
            raise ValueError("a mechanism meeting needs both `mechanism` and `ordinal`")
        return self


class Agreement(ContentModel):
    """A signed document, or a group of them counted when titles are unknown."""

    id: Id | None = None
    """Needed only to translate it: ``data.<lang>.yaml`` names entries by id."""
    title: Text | None = None
    count: int | None = Field(default=None, ge=1)
    date: PartialDate
    parties: list[CountryCode] = []
    fields: list[Text] = []
    event: Id | None = None
    signatories: list[Id] = []
    source: Id

    @model_validator(mode="after")
    def _title_or_count(self) -> Agreement:
        if (self.title is None) == (self.count is None):
            raise ValueError("give either a `title` or a `count` (for a group of documents)")
        return self


class SeriesPoint(ContentModel):
    period: PartialDate
    value: float
    source: Id


class Series(ContentModel):
    """Values over time for a chart; every point carries its own source."""

    id: Id
    title: Text
    currency: Text | None = None
    scale: Scale | None = None
    unit: Text | None = None
    points: list[SeriesPoint] = Field(min_length=1)


class Commitment(ContentModel):
    """Something the two sides committed to, or a target they set, with its source.

    A target names the figure that states it (``target``: a figure of ``data.yaml``) and
    the measure its progress is read from (``measure``): the meeting brief sets the
    latest figure of that measure beside it, both with their periods, and computes
    nothing more.
    """

    id: Id
    kind: Literal["target", "commitment"]
    text: Text
    """What was committed to or targeted, in a sentence."""
    by: list[CountryCode] = []
    """The parties that committed (the two countries when both did)."""
    made_at: Id | None = None
    """The event (meeting, visit) where it was made, when a source says so."""
    deadline: PartialDate | None = None
    """By when, when the source gives it."""
    target: Id | None = None
    """For a target: the figure that states it."""
    measure: Id | None = None
    """For a target: what its progress is measured by (``content/measures.yaml``)."""
    source: Id

    @model_validator(mode="after")
    def _target_has_figure_and_measure(self) -> Commitment:
        if self.kind == "target" and (self.target is None or self.measure is None):
            raise ValueError("a target needs `target` (its figure) and `measure`")
        return self


class Area(ContentModel):
    """A field of cooperation, tied to a topic page."""

    topic: Id
    summary: Text
    source: Id


class Issue(ContentModel):
    """A multilateral, connectivity or regional question on the agenda."""

    id: Id | None = None
    """Needed only to translate it: ``data.<lang>.yaml`` names entries by id."""
    kind: Literal["multilateral", "connectivity", "regional"]
    title: Text
    summary: Text
    organization: Id | None = None
    source: Id


class StatedPosition(ContentModel):
    """What a government says it wants, in the words of whoever reports it: a claim
    about intentions, not a fact about the relationship, so pages show it under its own
    heading, attributed, and never in the sourced narrative."""

    id: Id
    """Needed to translate it: ``data.<lang>.yaml`` names entries by id."""
    held_by: CountryCode
    """The government whose aim or message it is."""
    described_by: Text
    """Who gives it, as the source names them: "Turkish Foreign Ministry sources"."""
    event: Id | None = None
    """The meeting it was stated for, an event of this file."""
    statement: Text
    source: Id


class ChangelogEntry(ContentModel):
    date: PartialDate
    summary: Text
    review: bool = True
    """Whether the change read the briefing against its sources again, and so moved its
    ``reviewed`` date up; ``false`` says plainly that it did not (new facts added, the
    rest not re-read)."""


class RelationshipData(ContentModel):
    """``data.yaml``: the structured facts of one relationship."""

    figures: list[Figure] = []
    events: list[Event] = []
    agreements: list[Agreement] = []
    series: list[Series] = []
    areas: list[Area] = []
    issues: list[Issue] = []
    positions: list[StatedPosition] = []
    commitments: list[Commitment] = []
    changelog: list[ChangelogEntry] = []


class FigureText(ContentModel):
    """A figure's text in a translation; its number, period and source stay in
    ``data.yaml`` (one fact, one place)."""

    label: Text | None = None
    unit: Text | None = None
    note: Text | None = None
    stale_acknowledged: Text | None = None


class EventText(ContentModel):
    title: Text | None = None
    place: Text | None = None
    agenda: list[Text] | None = None
    outcomes: list[Text] | None = None


class AgreementText(ContentModel):
    title: Text | None = None
    fields: list[Text] | None = None


class SeriesText(ContentModel):
    title: Text | None = None


class AreaText(ContentModel):
    summary: Text | None = None


class IssueText(ContentModel):
    title: Text | None = None
    summary: Text | None = None


class StatedPositionText(ContentModel):
    described_by: Text | None = None
    statement: Text | None = None


class CommitmentText(ContentModel):
    text: Text | None = None


class DataText(ContentModel):
    """``data.<lang>.yaml``: the text of ``data.yaml``'s entries in another language,
    each under the id of its entry (an area under its topic, a changelog entry under
    its date)."""

    figures: dict[Id, FigureText] = {}
    events: dict[Id, EventText] = {}
    agreements: dict[Id, AgreementText] = {}
    series: dict[Id, SeriesText] = {}
    areas: dict[Id, AreaText] = {}
    issues: dict[Id, IssueText] = {}
    positions: dict[Id, StatedPositionText] = {}
    commitments: dict[Id, CommitmentText] = {}
    changelog: dict[PartialDate, Text] = {}


class FrontMatter(ContentModel):
    """The YAML header of a relationship's ``index.md``."""

    title: Text
    countries: list[CountryCode] = Field(min_length=2, max_length=2)
    status: Status = "published"
    reviewed: PartialDate
    version: Text = "1"
    summary: Text
    bottom_line: list[Text] = Field(min_length=1)
    topics: list[Id] = []
    mechanisms: list[Id] = []
    organizations: list[Id] = []

    @field_validator("countries")
    @classmethod
    def _two_different(cls, codes: list[str]) -> list[str]:
        if len(set(codes)) != len(codes):
            raise ValueError("a relationship needs two different countries")
        return codes


class FrontMatterText(ContentModel):
    """The front matter of a translation (``index.<lang>.md``): the original's text
    fields, all of them; everything else is the original's."""

    title: Text
    summary: Text
    bottom_line: list[Text] = Field(min_length=1)


class TranslationRecord(ContentModel):
    """``translation.<lang>.yaml``, written by ``briefings translate mark``: which version
    of the original a translation translates, so a later change to it shows."""

    original_date: PartialDate
    """The original's edition (its latest revision) when the translation was marked."""
    fingerprints: dict[str, str]
    """A short hash of each text of the original, under its key (``figures.trade-volume.label``)."""
