"""Countries come from ISO 3166-1 through pycountry, never from a hand-kept list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import pycountry
from pydantic import AfterValidator


@dataclass(frozen=True, order=True)
class Country:
    code: str
    """ISO 3166-1 alpha-2, upper case, e.g. ``TR``."""

    @property
    def _record(self) -> object:
        return pycountry.countries.get(alpha_2=self.code)

    @property
    def name(self) -> str:
        """Short name as ISO 3166 gives it, e.g. "Türkiye"."""
        record = self._record
        return str(getattr(record, "common_name", None) or getattr(record, "name"))

    @property
    def official_name(self) -> str:
        return str(getattr(self._record, "official_name", self.name))

    @property
    def alpha_3(self) -> str:
        return str(getattr(self._record, "alpha_3"))

    @property
    def slug(self) -> str:
        return self.code.lower()

    def __str__(self) -> str:
        return self.name


def country(code: str) -> Country:
    """Look up an ISO 3166-1 alpha-2 code; raises ``ValueError`` with a hint."""
    normalized = code.strip().upper()
    if len(normalized) != 2 or pycountry.countries.get(alpha_2=normalized) is None:
        try:
            guesses = pycountry.countries.search_fuzzy(code)
        except LookupError:
            guesses = []
        hint = f"; did you mean {guesses[0].alpha_2} ({guesses[0].name})?" if guesses else ""
        raise ValueError(f'"{code}" is not an ISO 3166-1 alpha-2 country code{hint}')
    return Country(normalized)


def find_country(text: str) -> Country:
    """Resolve a code or a name ("kz", "Kazakhstan", "Turkey") to a country."""
    try:
        return country(text)
    except ValueError:
        pass
    try:
        match = pycountry.countries.lookup(text)
    except LookupError:
        try:
            match = pycountry.countries.search_fuzzy(text)[0]
        except LookupError as exc:
            raise ValueError(f'no country is called "{text}"') from exc
    return Country(match.alpha_2)


CountryCode = Annotated[str, AfterValidator(lambda code: country(code).code)]
"""An ISO 3166-1 alpha-2 code in content, validated and upper-cased."""
