"""How numbers, amounts, dates and ordinals read on the page and in the brief, in the
language of the page: the rules come from CLDR through Babel ("8,95 milyar ABD doları",
"2 Şubat 2026"), the words from the theme's message catalogs."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from gettext import NullTranslations

from babel import Locale
from babel.dates import format_date, format_skeleton, get_month_names
from babel.numbers import format_compact_decimal, format_decimal, get_currency_name
from babel.numbers import get_currency_symbol as currency_symbol

from generator.model.dates import PartialDate, Period, Precision
from generator.model.languages import language_name, locale
from generator.model.relationships import Amount, Figure

SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}

NUMBER_FORMAT = "#,##0.##"
"""At most two decimals, as sources give figures; grouping as the language writes it."""

REGIONAL_FORMS = {"en": "en_GB"}
"""The regional form whose dates a language's pages follow: "2 February 2026", not
"February 2, 2026"."""


def N_(message: str) -> str:
    """Marks a message for extraction into the catalogs; :meth:`Wording.gettext`
    translates it where it is shown."""
    return message


QUALIFIERS = {
    "approximately": N_("about %(amount)s"),
    "more-than": N_("more than %(amount)s"),
    "at-least": N_("at least %(amount)s"),
    "less-than": N_("less than %(amount)s"),
    "up-to": N_("up to %(amount)s"),
}
"""How a qualified amount reads, the amount in its place: word order is the language's."""


@dataclass(frozen=True)
class Wording:
    """How one language writes what pages show: numbers, amounts, dates and ordinals by
    CLDR's rules, interface words through the theme's catalog for it."""

    lang: str = "en"
    texts: NullTranslations = field(default_factory=NullTranslations, compare=False)

    @functools.cached_property
    def _locale(self) -> Locale:
        return locale(REGIONAL_FORMS.get(self.lang, self.lang).replace("_", "-"))

    def gettext(self, message: str, **values: object) -> str:
        """``message`` in this language, with ``%(name)s`` placeholders filled in."""
        text = self.texts.gettext(message)
        return text % values if values else text

    def number(self, value: float) -> str:
        """``8.95`` stays ``8.95`` (``8,95`` in Turkish), ``3000.0`` reads ``3,000``."""
        return format_decimal(value, format=NUMBER_FORMAT, locale=self._locale)

    def amount(self, value: Amount, qualifier: str | None = None) -> str:
        """ "$8.95 billion", "8,95 milyar ABD doları", "3,000 companies", "3rd";
        with a qualifier, "more than 3,000 companies"."""
        if value.unit == "rank":
            return self.ordinal(int(value.value))
        if value.scale:
            text = format_compact_decimal(
                value.value * SCALES[value.scale],
                format_type="long",
                fraction_digits=2,
                locale=self._locale,
            )
        else:
            text = self.number(value.value)
        if value.currency:
            text = self._with_currency(text, value.currency)
        if qualifier:
            text = self.gettext(QUALIFIERS[qualifier], amount=text)
        return f"{text} {value.unit}" if value.unit else text

    def _with_currency(self, number: str, code: str) -> str:
        """English puts a currency's sign before the number ("$8.95 billion", or its code
        when it has no sign of its own: "TRY 650.44 billion"); other languages write
        its name after it ("650,44 milyar Türk lirası")."""
        if self.lang != "en":
            return f"{number} {get_currency_name(code, count=2, locale=self._locale)}"
        symbol = currency_symbol(code, locale=self.lang)
        return f"{symbol}{number}" if symbol != code else f"{code} {number}"

    def figure_value(self, figure: Figure) -> str:
        """The amount with its qualifier: "more than 3,000 companies"."""
        return self.amount(figure, figure.qualifier)

    def ordinal(self, value: int) -> str:
        """ "8th" in English, "8." in Turkish (and the languages that write it so)."""
        if self.lang != "en":
            return f"{value}."
        teens = 10 <= value % 100 <= 20
        suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"

    def date(self, value: PartialDate | dt.date) -> str:
        """ "2 February 2026", "February 2026" or "2026", as precise as the date is."""
        if isinstance(value, dt.date):
            return format_date(value, "long", locale=self._locale)
        if value.precision is Precision.DAY:
            return format_date(value.start, "long", locale=self._locale)
        if value.precision is Precision.MONTH:
            return format_skeleton("yMMMM", value.start, locale=self._locale)
        return str(value.year)

    def period(self, period: Period) -> str:
        """ "2020" (a whole year), "January–November 2025", "2021–2022",
        "March 2024 – 2 May 2025"."""
        start, end = period.start, period.end
        if start.start == dt.date(start.year, 1, 1) and end.end == dt.date(start.year, 12, 31):
            return str(start.year)
        same_year = start.year == end.year
        if same_year and start.precision is Precision.MONTH and end.precision is Precision.MONTH:
            month = get_month_names("wide", "stand-alone", locale=self._locale)[start.month or 1]
            return f"{month}–{self.date(end)}"
        if start.precision is Precision.YEAR and end.precision is Precision.YEAR:
            return f"{start.year}–{end.year}"
        return f"{self.date(start)} – {self.date(end)}"

    def kilobytes(self, size: int) -> str:
        """A file's size as readers see it next to a download link: ``1,234 KB``."""
        return f"{format_decimal(round(size / 1024), locale=self._locale)} KB"

    def country(self, code: str) -> str:
        """A country's name in this language, from CLDR: "Kazakistan" in Turkish."""
        return _country_name(code, self.lang)

    def language(self, tag: str) -> str:
        """The name of a language as this one writes it: "Türkçe", "İngilizce"."""
        return language_name(tag, self.lang)


CAPITAL_LETTERS = {"tr": {"i": "İ"}, "az": {"i": "İ"}}
"""The capitals a language writes differently from Unicode's default mapping
(SpecialCasing.txt): Turkish and Azerbaijani keep the dot of "i"."""


def capitals(text: str, lang: str) -> str:
    """``text`` in capital letters as the language ``lang`` writes them: "PUBLIC" in
    English, "İÇİN" in Turkish."""
    for small, capital in CAPITAL_LETTERS.get(lang.split("-")[0].lower(), {}).items():
        text = text.replace(small, capital)
    return text.upper()


@functools.cache
def _country_name(code: str, lang: str) -> str:
    from generator.model.countries import Country

    if lang == "en":
        return Country(code).name
    return str(locale(lang).territories.get(code) or Country(code).name)


ENGLISH = Wording()
"""How the originals are written, for what is shown without a page (exports, checks)."""
