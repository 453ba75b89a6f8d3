"""Translations: behind their original, incomplete, or saying more than it says.

A translation records the original it translates (``briefings translate mark``); each
text of the original that changed since is a warning at that text, until the
translation is brought up to date and marked again. A number or date the translation
states that its original nowhere states is a warning too: a translation says only what
its original says.
"""

from __future__ import annotations

from decimal import Decimal

from generator.content import (
    Relationship,
    Translation,
    numbers_of,
    original_texts,
    translated_texts,
)
from generator.model.languages import language_name
from generator.problems import Problem, warning
from generator.site import Site


def check_behind(site: Site) -> list[Problem]:
    """A warning at each text of an original changed since its translation was marked,
    and at a translation never marked."""
    problems = []
    for relationship in site.corpus.relationships:
        for lang, translation in relationship.translations.items():
            name = language_name(lang, "en")
            again = f"briefings translate mark {relationship.slug} {lang}"
            if translation.record is None:
                problems.append(
                    warning(
                        translation.index.display_path,
                        1,
                        1,
                        f"the {name} translation does not record which version of the "
                        "original it translates",
                        f"once it says what the original says, run `{again}`",
                    )
                )
                continue
            since = translation.record.original_date.isoformat()
            recorded = translation.record.fingerprints
            given = {text.key for text in translated_texts(translation)}
            for text in translation.changed:
                if text.key not in recorded and text.key not in given:
                    continue  # new and untranslated: check_untranslated says so
                change = "changed" if text.key in recorded else "was added"
                problems.append(
                    text.warning(
                        f"`{text.key}` {change} after the {name} translation was made from "
                        f"the original of {since}",
                        f"update the translation, then run `{again}`",
                    )
                )
    return problems


def check_untranslated(site: Site) -> list[Problem]:
    """A warning at each text of an original that its translation leaves in the
    original's language."""
    problems = []
    for relationship in site.corpus.relationships:
        for lang, translation in relationship.translations.items():
            name = language_name(lang, "en")
            given = {text.key for text in translated_texts(translation)}
            problems += [
                text.warning(
                    f"`{text.key}` has no {name} translation: the {name} page shows it "
                    "in the original's language",
                    f"translate it in {translation.file_of(text.key)}",
                )
                for text in original_texts(relationship.index, relationship.data)
                if text.key not in given
            ]
    return problems


def check_numbers(site: Site) -> list[Problem]:
    """A warning at each number a translation states that its original nowhere does."""
    problems = []
    for relationship in site.corpus.relationships:
        stated = _stated(relationship)
        for lang, translation in relationship.translations.items():
            problems += _unstated(translation, stated, language_name(lang, "en"))
    return problems


def _stated(relationship: Relationship) -> set[Decimal]:
    """Every number the original states: in its text, its data and its dates."""
    front = relationship.index.front_matter.data
    return (
        numbers_of(relationship.index.body, relationship.lang)
        | numbers_of(list(front.values()) if isinstance(front, dict) else [], relationship.lang)
        | numbers_of(relationship.front, relationship.lang)
        | numbers_of(relationship.data, relationship.lang)
    )


def _unstated(translation: Translation, stated: set[Decimal], name: str) -> list[Problem]:
    problems = []
    for text in translated_texts(translation):
        for number in sorted(numbers_of(text.value, translation.lang) - stated):
            problems.append(
                text.warning(
                    f"the {name} text of `{text.key}` gives {number}, which the original "
                    "nowhere states",
                    "a translation says only what its original says: correct the number, "
                    "or add it to the original first",
                )
            )
    return problems
