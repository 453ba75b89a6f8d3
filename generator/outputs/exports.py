"""The briefings as data: JSON with its JSON Schema, a CSV of figures, a calendar.

Everything here is computed from the same site model the pages show, so a figure in
the CSV is the figure on the page, with the same source. Nothing reads the clock:
the dataset carries the build's as-of date, and the calendar's time stamps come from
the content, so two builds of the same content write the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from icalendar import Calendar
from icalendar import Event as CalendarEvent
from pydantic import BaseModel, ConfigDict, Field

from generator.model.base import Id
from generator.model.dates import Precision
from generator.model.registries import (
    Measure,
    Mechanism,
    Organization,
    Person,
    Source,
    Topic,
)
from generator.model.relationships import FrontMatter, RelationshipData
from generator.settings import Settings
from generator.site import Briefing, EventView, FigureView, Site
from generator.site.urls import (
    CALENDAR_FILE,
    DATASET_FILE,
    FIGURES_FILE,
    SCHEMA_FILE,
    language_prefix,
    public_url,
    relationship_json_url,
)

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
RELATIONSHIP_DEFINITION = "#/$defs/RelationshipRecord"
"""Where in the published schema the shape of one relationship's JSON file is defined."""

CALENDAR_UID_NAMESPACE = uuid.UUID("5f0e8d5a-3c4b-4f0e-9d7e-2b6a1c8e4f93")
"""Fixed, so an event keeps its UID from build to build and calendars update it in place."""

FIGURE_COLUMNS = (
    "relationship",
    "lang",
    "id",
    "label",
    "key",
    "measure",
    "value",
    "qualifier",
    "currency",
    "scale",
    "unit",
    "display",
    "period_from",
    "period_to",
    "as_of",
    "stale",
    "source_id",
    "source_title",
    "source_publisher",
    "source_url",
)

T = TypeVar("T")


class CountryRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name: str


class RelationshipRecord(BaseModel):
    """One published relationship: its briefing's front matter and data, and every
    source, mechanism, person, organization and topic they refer to by id."""

    model_config = ConfigDict(extra="forbid")

    slug: Id
    lang: str = Field(description="The language of its text (BCP 47), e.g. en or tr.")
    title: str
    url: str = Field(
        description="The briefing page: absolute when the site has a canonical "
        "URL, else relative to the site root."
    )
    pdf_url: str | None = Field(
        description="The PDF brief, addressed like `url`; null when "
        "the site was built without PDFs."
    )
    countries: list[CountryRecord]
    briefing: FrontMatter
    data: RelationshipData
    sources: list[Source] = Field(description="In the order the briefing numbers them.")
    mechanisms: list[Mechanism]
    people: list[Person]
    organizations: list[Organization]
    topics: list[Topic]
    measures: list[Measure]


class Dataset(BaseModel):
    """Every published relationship and the shared registries, as of one date."""

    model_config = ConfigDict(extra="forbid", title="Briefings dataset")

    as_of: dt.date = Field(description="What is past, upcoming or stale is judged on this date.")
    lang: str = Field(description="The language of its text (BCP 47), e.g. en or tr.")
    relationships: list[RelationshipRecord]
    sources: list[Source]
    people: list[Person]
    organizations: list[Organization]
    mechanisms: list[Mechanism]
    topics: list[Topic]
    measures: list[Measure]


def write_exports(site_dir: Path, site: Site, settings: Settings) -> None:
    """Write every relationship's JSON, the dataset and its schema, the CSV and the
    calendar, in the site's language, under its folder (``tr/data/…`` in Turkish)."""
    canonical = settings.canonical_url
    with_pdf = settings.pdf_links
    prefix = language_prefix(site.lang, settings.lang)
    records = [relationship_record(site, b, canonical, with_pdf, prefix) for b in site.briefings]
    for record in records:
        _write(site_dir / prefix / relationship_json_url(record.slug), _json(record))
    _write(site_dir / prefix / DATASET_FILE, _json(dataset(site, records)))
    _write(site_dir / prefix / SCHEMA_FILE, json.dumps(dataset_schema(canonical), indent=2) + "\n")
    _write(site_dir / prefix / FIGURES_FILE, figures_csv(site.briefings))
    calendar = upcoming_calendar(site, canonical, settings.site_name, prefix)
    (site_dir / prefix / CALENDAR_FILE).write_bytes(calendar)


def relationship_record(
    site: Site, briefing: Briefing, canonical: str, with_pdf: bool, prefix: str = ""
) -> RelationshipRecord:
    corpus, data, front = site.corpus, briefing.relationship.data, briefing.front
    people = [p for e in data.events for p in e.participants]
    people += [p for a in data.agreements for p in a.signatories]
    organizations = [*front.organizations, *(i.organization for i in data.issues)]
    topics = [*front.topics, *(a.topic for a in data.areas), *(f.topic for f in data.figures)]
    return RelationshipRecord(
        slug=briefing.slug,
        lang=site.lang,
        title=briefing.title,
        url=public_url(prefix + briefing.url, canonical),
        pdf_url=public_url(prefix + briefing.pdf_url, canonical) if with_pdf else None,
        countries=[
            CountryRecord(code=c.code, name=site.wording.country(c.code))
            for c in briefing.countries
        ],
        briefing=front,
        data=data,
        sources=[source for _, source in briefing.sources],
        mechanisms=[view.mechanism for view in briefing.mechanisms],
        people=_known(people, corpus.people),
        organizations=_known(organizations, corpus.organizations),
        topics=_known(topics, corpus.topics),
        measures=_known([f.measure for f in data.figures], corpus.measures),
    )


def dataset(site: Site, records: list[RelationshipRecord]) -> Dataset:
    corpus = site.corpus
    return Dataset(
        as_of=site.as_of,
        lang=site.lang,
        relationships=records,
        sources=list(corpus.sources.values()),
        people=list(corpus.people.values()),
        organizations=list(corpus.organizations.values()),
        mechanisms=list(corpus.mechanisms.values()),
        topics=list(corpus.topics.values()),
        measures=list(corpus.measures.values()),
    )


def dataset_schema(canonical: str) -> dict[str, Any]:
    """The JSON Schema of ``briefings.json``; one relationship's file is its
    ``RelationshipRecord`` definition."""
    schema = Dataset.model_json_schema(mode="serialization")
    head: dict[str, Any] = {"$schema": JSON_SCHEMA_DIALECT}
    if canonical:
        head["$id"] = f"{canonical}/{SCHEMA_FILE}"
    return {**head, **schema}


def figures_csv(briefings: Iterable[Briefing]) -> str:
    """One row per figure of every briefing, with its period or date and its source."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIGURE_COLUMNS)
    for briefing in briefings:
        sources = dict(briefing.sources)
        for view in briefing.figures:
            source = sources.get(view.source) if view.source else None
            writer.writerow(_figure_row(briefing, view, source))
    return buffer.getvalue()


def _figure_row(briefing: Briefing, view: FigureView, source: Source | None) -> list[str | None]:
    """The values of :data:`FIGURE_COLUMNS`, in order; empty where a figure has none."""
    figure = view.figure
    return [
        briefing.slug,
        briefing.relationship.lang,
        figure.id,
        figure.label,
        str(figure.key).lower(),
        figure.measure,
        _number(figure.value),
        figure.qualifier,
        figure.currency,
        figure.scale,
        figure.unit,
        view.value,
        figure.period.start.isoformat() if figure.period else None,
        figure.period.end.isoformat() if figure.period else None,
        figure.as_of.isoformat() if figure.as_of else None,
        str(view.stale).lower(),
        figure.source,
        source.title if source else None,
        source.publisher if source else None,
        str(source.url) if source and source.url else None,
    ]


def upcoming_calendar(site: Site, canonical: str, site_name: str, prefix: str = "") -> bytes:
    """An iCalendar of upcoming events known to the day, as all-day events.

    An event known only to the month or the year ("March 2026") has no day a
    calendar could put it on, so it is left out; the pages still list it.
    """
    calendar = Calendar()
    calendar.add("prodid", f"-//{site_name}//Briefings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{site_name}: upcoming meetings")
    calendar.add(
        "x-wr-caldesc",
        "Upcoming meetings and visits known to the day. "
        "Those known only to the month or year are not included.",
    )
    for briefing in site.briefings:
        for view in briefing.upcoming_events:
            if view.event.date.precision is Precision.DAY:
                calendar.add_component(_calendar_event(briefing, view, site, canonical, prefix))
    return bytes(calendar.to_ical())


def _calendar_event(
    briefing: Briefing, view: EventView, site: Site, canonical: str, prefix: str
) -> CalendarEvent:
    """An upcoming event, linked to its meeting brief when it has one; ``prefix``: the
    folder of the site's language."""
    event = view.event
    day = event.date.start
    reviewed = briefing.front.reviewed.start
    entry = CalendarEvent()
    entry.add("uid", f"{uuid.uuid5(CALENDAR_UID_NAMESPACE, f'{briefing.slug}/{event.id}')}")
    entry.add("dtstamp", dt.datetime(reviewed.year, reviewed.month, reviewed.day, tzinfo=dt.UTC))
    entry.add("dtstart", day)
    entry.add("dtend", day + dt.timedelta(days=1))
    entry.add("summary", event.title)
    if event.place:
        entry.add("location", event.place)
    entry.add("categories", [event.kind])
    entry.add("description", _event_description(briefing, view, site))
    if canonical:
        page = view.brief_url or briefing.url
        entry.add("url", public_url(prefix + page, canonical))
    return entry


def _event_description(briefing: Briefing, view: EventView, site: Site) -> str:
    lines = [f"{briefing.title}."]
    if view.participants:
        lines.append("Participants: " + ", ".join(p.name for p in view.participants) + ".")
    if view.event.agenda:
        lines += ["Agenda:"] + [f"- {item}" for item in view.event.agenda]
    source = site.corpus.sources.get(view.event.source)
    if source is not None:
        lines.append(
            f"Source: {source.publisher}, {source.title}"
            + (f", {source.url}" if source.url else "")
            + "."
        )
    return "\n".join(lines)


def _known(idents: Iterable[str | None], registry: Mapping[str, T]) -> list[T]:
    """The registry entries named, each once, in the order first named."""
    return [registry[ident] for ident in dict.fromkeys(idents) if ident and ident in registry]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _json(model: BaseModel) -> str:
    """Compact JSON, keys in the model's field order (fixed, so the bytes are too).

    Not indented: with ``indent`` the standard library falls back to its pure-Python
    encoder, slower than pydantic's serialiser used here (docs/performance.md), for
    files programs read; a person can pretty-print them (``python -m json.tool``).
    """
    return model.model_dump_json(by_alias=True) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
