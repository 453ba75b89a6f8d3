"""Dates as precise as the sources are: a day, a month or only a year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import Enum
from typing import Any

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from generator.model.base import ContentModel

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


class Precision(str, Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when that month is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class PartialDate:
    """A calendar date known to a day, a month or a year ("January 2026").

    Written in content as ``2026``, ``2026-01`` or ``2026-01-29``. Comparisons use the
    first day of the period (``start``) or its last day (``end``), so an event of
    "January 2026" is past only once January is over.
    """

    __slots__ = ("day", "month", "year")

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        if month is None and day is not None:
            raise ValueError("a day needs a month")
        if not 1000 <= year <= 9999:
            raise ValueError(f"year {year} is out of range")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} does not exist")
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"day {day} does not exist in {calendar.month_name[month]} {year}")
        self.year, self.month, self.day = year, month, day

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError("give a date without a time")
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        if isinstance(value, str) and (match := _PARTIAL.match(value.strip())):
            year, month, day = match.groups()
            return cls(int(year), int(month) if month else None, int(day) if day else None)
        raise ValueError("expected a date written YYYY, YYYY-MM or YYYY-MM-DD")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def isoformat(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and self._key() == other._key()

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        return self._key() <= other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"

    def __str__(self) -> str:
        return self.isoformat()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: value.isoformat()
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe the serialized form, so the published JSON Schema can say what a date is."""
        return {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "A date known to a year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD.",
        }


class Period(ContentModel):
    """A span such as January–November 2025, written ``{from: 2025-01, to: 2025-11}``."""

    start: PartialDate = Field(alias="from")
    end: PartialDate = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end.end < self.start.start:
            raise ValueError("the period ends before it starts")
        return self
