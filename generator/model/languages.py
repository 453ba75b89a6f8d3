"""Languages, as BCP 47 tags that CLDR (through Babel) knows: content is written in one
language and may be translated into others that the settings name."""

from __future__ import annotations

import functools
from typing import Annotated

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator


@functools.cache
def locale(tag: str) -> Locale:
    """Babel's locale for ``tag`` (``tr``, ``en``); ``ValueError`` for one CLDR lacks."""
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(
            f'"{tag}" is not a BCP 47 language tag: write the ISO 639 code of the language, '
            'such as "tr" for Turkish, optionally with a region ("pt-BR")'
        ) from exc


def language_name(tag: str, in_language: str) -> str:
    """The name of the language ``tag`` as a reader of ``in_language`` writes it:
    ``language_name("tr", "en")`` is "Turkish", ``language_name("en", "tr")`` "İngilizce"."""
    return locale(tag).get_display_name(locale(in_language)) or tag


def _known(tag: str) -> str:
    locale(tag)
    return tag


Language = Annotated[str, AfterValidator(_known)]
"""A language tag in content or settings, checked against CLDR."""
