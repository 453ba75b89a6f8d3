"""Countries come from ISO 3166-1 through pycountry, never from a hand-kept list."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Annotated

import pycountry
from pydantic import AfterValidator

from generator.problems import close_matches, did_you_mean


@dataclass(frozen=True, order=True)
class Country:
    code: str
    """ISO 3166-1 alpha-2, upper case, e.g. ``TR``."""

    @property
    def _record(self) -> pycountry.db.Country:
        return _record(self.code)

    @property
    def name(self) -> str:
        """Short name as ISO 3166 gives it, e.g. "Türkiye"."""
        return _name(self.code)

    @property
    def official_name(self) -> str:
        return str(getattr(self._record, "official_name", self.name))

    @property
    def alpha_3(self) -> str:
        return str(self._record.alpha_3)

    @property
    def slug(self) -> str:
        return self.code.lower()

    def __str__(self) -> str:
        return self.name


@functools.cache
def _record(code: str) -> pycountry.db.Country:
    """pycountry's record for ``code``; its lookups are slow and pages ask for names often.
    Only codes that validated as ISO 3166-1 reach it."""
    record = pycountry.countries.get(alpha_2=code)
    if record is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 code")
    return record


@functools.cache
def _name(code: str) -> str:
    """A country's short name, worked out once: pycountry's attribute lookup is slow too,
    and every page that names countries (sorting them, linking them) asks again."""
    record = _record(code)
    return str(getattr(record, "common_name", None) or record.name)


def country(code: str) -> Country:
    """Look up an ISO 3166-1 alpha-2 code; raises ``ValueError`` with a hint."""
    normalized = code.strip().upper()
    if len(normalized) != 2 or pycountry.countries.get(alpha_2=normalized) is None:
        try:
            codes = [find_country(code).code]
        except ValueError:
            codes = _closest(code)
        options = did_you_mean([f"{c} ({Country(c).name})" for c in codes])
        hint = f"; {options}" if codes else "; write a code such as TR or KZ"
        raise ValueError(f'"{code}" is not an ISO 3166-1 alpha-2 country code{hint}')
    return Country(normalized)


def find_country(text: str) -> Country:
    """Resolve what a contributor types ("kz", "KAZ", "Kazakhstan", "Russia") to a country.

    An ISO code or an exact ISO name wins; otherwise a name that contains what was
    typed, when only one does. Anything else is a ``ValueError`` naming the closest
    names, so a typo never silently becomes another country.
    """
    wanted = text.strip()
    try:
        return Country(pycountry.countries.lookup(wanted).alpha_2)
    except LookupError:
        pass
    folded = _fold(wanted)
    containing = sorted(
        {code for name, code in _names().items() if len(folded) >= 3 and folded in name}
    )
    if len(containing) == 1:
        return Country(containing[0])
    if containing:
        options = " or ".join(f"{Country(code).name} ({code})" for code in containing)
        raise ValueError(f'"{text}" could be {options}; give the ISO code of the one you mean')
    codes = _closest(wanted)
    hint = did_you_mean([f"{Country(code).name} ({code})" for code in codes])
    hint = f"; {hint}" if codes else "; give its ISO code (TR) or its name (Türkiye)"
    raise ValueError(f'no country is called "{text}"{hint}')


def _fold(text: str) -> str:
    """Lower case without accents, spaces or punctuation: "Viet Nam" and "vietnam" meet."""
    letters = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in letters if char.isalnum())


@functools.cache
def _names() -> dict[str, str]:
    """Every ISO name (short, common, official) of every country, folded, to its code."""
    names = {}
    for record in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if value := getattr(record, attribute, None):
                names[_fold(value)] = record.alpha_2
    return names


def _closest(text: str) -> list[str]:
    """Codes of the countries whose names are closest to a misspelt one."""
    close = close_matches(_fold(text), _names())
    return list(dict.fromkeys(_names()[name] for name in close))


CountryCode = Annotated[str, AfterValidator(lambda code: country(code).code)]
"""An ISO 3166-1 alpha-2 code in content, validated and upper-cased."""
