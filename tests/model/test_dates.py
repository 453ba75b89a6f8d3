"""Dates as precise as the sources: parsing, ordering and how they read."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model.dates import PartialDate, Period, Precision
from generator.site.formatting import ENGLISH


@pytest.mark.parametrize(
    ("written", "precision", "shown"),
    [
        ("2026", Precision.YEAR, "2026"),
        (2026, Precision.YEAR, "2026"),
        ("2026-01", Precision.MONTH, "January 2026"),
        ("2025-07-29", Precision.DAY, "29 July 2025"),
        (dt.date(2025, 7, 29), Precision.DAY, "29 July 2025"),
    ],
)
def test_partial_dates_keep_their_precision(
    written: object, precision: Precision, shown: str
) -> None:
    date = PartialDate.parse(written)
    assert date.precision is precision
    assert ENGLISH.date(date) == shown


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2025-02-29", "day 29 does not exist in February 2025"),
        ("2025-13", "month 13 does not exist"),
        ("29/07/2025", "expected a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        (True, "expected a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_impossible_dates_are_refused(written: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(written)


def test_a_month_ends_on_its_last_day() -> None:
    january = PartialDate.parse("2026-01")
    assert (january.start, january.end) == (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert PartialDate.parse("2026-01-31") < PartialDate.parse("2026-02")


@pytest.mark.parametrize(
    ("period", "shown"),
    [
        ({"from": "2025-01", "to": "2025-11"}, "January–November 2025"),
        ({"from": 2020, "to": 2020}, "2020"),
        ({"from": "2020-01", "to": "2020-12"}, "2020"),
        ({"from": 2009, "to": 2020}, "2009–2020"),
        ({"from": "2024-11", "to": "2025-02"}, "November 2024 – February 2025"),
    ],
)
def test_periods_read_naturally(period: dict[str, object], shown: str) -> None:
    assert ENGLISH.period(Period.model_validate(period)) == shown


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="the period ends before it starts"):
        Period.model_validate({"from": 2025, "to": 2024})
