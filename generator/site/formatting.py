"""How numbers, amounts and ordinals read on the page and in the brief."""

from __future__ import annotations

from generator.model.relationships import QUALIFIER_WORDS, Amount, Figure

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def number(value: float) -> str:
    """``8.95`` stays ``8.95``, ``3000.0`` reads ``3,000``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def kilobytes(size: int) -> str:
    """A file's size as readers see it next to a download link: ``1,234 KB``."""
    return f"{size / 1024:,.0f} KB"


def ordinal(value: int) -> str:
    teens = 10 <= value % 100 <= 20
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def amount(value: Amount) -> str:
    """ "$8.95 billion", "TRY 650.44 billion", "3,000 companies", "3rd"."""
    if value.unit == "rank":
        return ordinal(int(value.value))
    text = number(value.value)
    if value.scale:
        text = f"{text} {value.scale}"
    if value.currency:
        symbol = CURRENCY_SYMBOLS.get(value.currency)
        text = f"{symbol}{text}" if symbol else f"{value.currency} {text}"
    if value.unit:
        text = f"{text} {value.unit}"
    return text


def figure_value(figure: Figure) -> str:
    """The amount with its qualifier: "more than 3,000 companies"."""
    text = amount(figure)
    if figure.qualifier:
        text = f"{QUALIFIER_WORDS[figure.qualifier]} {text}"
    return text
