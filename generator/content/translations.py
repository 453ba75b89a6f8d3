"""Translations of a relationship: reading them beside their original, and knowing when
the original has changed since.

A translation of ``content/relationships/kz-tr/`` into Turkish is three files beside
the original's ``index.md`` and ``data.yaml``:

- ``index.tr.md``: the front matter's text (title, summary, bottom line) and the
  narrative, translated;
- ``data.tr.yaml``: the text of ``data.yaml``'s entries, under their ids; numbers,
  dates, sources and ids stay in ``data.yaml`` alone;
- ``translation.tr.yaml``: written by ``briefings translate mark``, a fingerprint of
  every text of the original as it stood when the translation was brought up to date.

Comparing those fingerprints with the original's text today says exactly which texts
changed since, so ``check`` can point at each of them and the page can say its
translation is behind.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol
from markdown_it import MarkdownIt
from pydantic import BaseModel

from generator.content.loading import MarkdownDocument, YamlDocument, read_markdown, read_yaml
from generator.content.validation import validate
from generator.model.base import ContentModel, translated
from generator.model.dates import PartialDate
from generator.model.languages import language_name, locale
from generator.model.positions import Location
from generator.model.relationships import (
    AgreementText,
    AreaText,
    CommitmentText,
    DataText,
    EventText,
    FigureText,
    FrontMatterText,
    IssueText,
    RelationshipData,
    SeriesText,
    StatedPositionText,
    TranslationRecord,
)
from generator.problems import Problem, close_matches, did_you_mean, error, warning

TEXTS: dict[str, tuple[type[BaseModel], Callable[[Any], str | None]]] = {
    "figures": (FigureText, lambda item: item.id),
    "events": (EventText, lambda item: item.id),
    "agreements": (AgreementText, lambda item: item.id),
    "series": (SeriesText, lambda item: item.id),
    "areas": (AreaText, lambda item: item.topic),
    "issues": (IssueText, lambda item: item.id),
    "positions": (StatedPositionText, lambda item: item.id),
    "commitments": (CommitmentText, lambda item: item.id),
}
"""The lists of ``data.yaml`` whose entries have text, the type of that text in a
translation, and the key a translation names an entry by."""

FRONT_TEXT = tuple(FrontMatterText.model_fields)
"""The front matter's fields that a translation gives."""

FILE_NAME = re.compile(r"^(index|data|translation)\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.(md|yaml)$")
"""``index.tr.md``, ``data.tr.yaml``, ``translation.tr.yaml``: a translation's files."""

_EXTENSIONS = {"index": "md", "data": "yaml", "translation": "yaml"}


@dataclass(frozen=True)
class Text:
    """One text of an original: its key, its value, and where it is written."""

    key: str
    """``front.summary``, ``body.trade-and-investment``, ``figures.trade-volume.label``."""
    value: Any
    file: str
    location: Location

    def warning(self, message: str, hint: str = "") -> Problem:
        """A warning at this text."""
        line, column = self.location
        return warning(self.file, line, column, message, hint)


@dataclass
class Translation:
    """A relationship's text in one other language, as its files give it."""

    lang: str
    index: MarkdownDocument
    front: FrontMatterText
    data: DataText
    data_document: YamlDocument | None
    record: TranslationRecord | None
    record_file: str
    changed: list[Text] = field(default_factory=list)
    """The original's texts that changed since the translation was marked."""

    def file_of(self, key: str) -> str:
        """The file of this translation that holds the text keyed ``key``."""
        if key.startswith(("front.", "body")):
            return self.index.display_path
        return str(Path(self.index.display_path).with_name(f"data.{self.lang}.yaml"))

    @property
    def behind(self) -> bool:
        """Whether the original changed after the translation was last brought up to date."""
        return self.record is None or bool(self.changed)


def translation_files(folder: Path) -> dict[str, dict[str, Path]]:
    """A folder's translation files by language, then by kind (``index``, ``data``,
    ``translation``); names that only look like one (``index.tr.txt``) are not."""
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(folder.iterdir()):
        match = FILE_NAME.match(path.name)
        if match and _EXTENSIONS[match[1]] == match[3]:
            found.setdefault(match[2], {})[match[1]] = path
    return found


def load_translations(
    folder: Path,
    shown: Callable[[Path], str],
    languages: Sequence[str],
    original: tuple[MarkdownDocument, RelationshipData],
) -> tuple[dict[str, Translation], list[Problem]]:
    """Every translation in ``folder``, checked against its original and the settings'
    languages; a translation with an error is left out whole, never half-applied."""
    index, data = original
    translations: dict[str, Translation] = {}
    problems: list[Problem] = []
    for lang, files in translation_files(folder).items():
        translation, found = None, _unknown_language(lang, files, shown, languages)
        if not found:
            translation, found = _load_translation(lang, files, shown, data)
        problems += found
        if translation is not None and not any(problem.is_error for problem in found):
            translation.changed = changed_texts(index, data, translation)
            translations[lang] = translation
    return translations, problems


def _unknown_language(
    lang: str, files: dict[str, Path], shown: Callable[[Path], str], languages: Sequence[str]
) -> list[Problem]:
    if lang in languages[1:]:
        return []
    first = next(iter(files.values()))
    if lang == languages[0]:
        message = f"`{lang}` is the language of the original: its text belongs in index.md"
        return [error(shown(first), 1, 1, message, "merge it into the original, or remove it")]
    others = ", ".join(languages[1:]) or "none"
    hint = did_you_mean(close_matches(lang, languages[1:]))
    return [
        error(
            shown(first),
            1,
            1,
            f"unknown language code `{lang}`: the settings translate into {others}",
            hint
            or "add the language to BRIEFINGS_TRANSLATIONS in pelicanconf.py, or rename the file",
        )
    ]


def _load_translation(
    lang: str, files: dict[str, Path], shown: Callable[[Path], str], data: RelationshipData
) -> tuple[Translation | None, list[Problem]]:
    problems: list[Problem] = []
    if "index" not in files:
        first = next(iter(files.values()))
        return None, [
            error(
                shown(first),
                1,
                1,
                f"a translation needs its index.{lang}.md: the translated title, summary, "
                "bottom line and narrative",
                f"add index.{lang}.md beside it, or remove this file",
            )
        ]
    index, found = read_markdown(files["index"], display_path=shown(files["index"]))
    problems += found
    if index is None:
        return None, problems
    front, found = validate(FrontMatterText, index.front_matter.data, index.front_matter)
    problems += found
    text, data_document = DataText(), None
    if "data" in files:
        data_document, found = read_yaml(files["data"], display_path=shown(files["data"]))
        problems += found
        if data_document is not None:
            valid, found = validate(DataText, data_document.data, data_document)
            problems += found
            if valid is not None:
                text = valid
                problems += _unmatched(text, data_document, data)
    record, record_file = None, shown(files["index"].with_name(f"translation.{lang}.yaml"))
    if "translation" in files:
        record_document, found = read_yaml(files["translation"], display_path=record_file)
        problems += found
        if record_document is not None:
            record, found = validate(TranslationRecord, record_document.data, record_document)
            problems += found
    if front is None:
        return None, problems
    return Translation(lang, index, front, text, data_document, record, record_file), problems


def _unmatched(text: DataText, document: YamlDocument, data: RelationshipData) -> list[Problem]:
    """An error for each translated entry whose original does not exist, or that gives a
    list of another length than its original's: a translation says what its original
    says, no more and no less."""
    problems = []
    for name, (_, key_of) in TEXTS.items():
        originals: dict[str, Any] = {
            ident: item for item in getattr(data, name) if (ident := key_of(item)) is not None
        }
        for key, entry in getattr(text, name).items():
            original = originals.get(key)
            if original is None:
                line, column = document.locate((name, key))
                hint = did_you_mean(close_matches(key, originals))
                problems.append(
                    error(
                        document.display_path,
                        line,
                        column,
                        f"no entry of `{name}` in data.yaml has the id `{key}`",
                        hint or f"translate an entry of `{name}` by its id (areas by topic)",
                    )
                )
                continue
            for name_of_field, value in entry:
                wanted = getattr(original, name_of_field)
                if value is None:
                    continue
                if wanted is None or (isinstance(value, list) and len(value) != len(wanted)):
                    line, column = document.locate((name, key, name_of_field))
                    problems.append(
                        error(
                            document.display_path,
                            line,
                            column,
                            _mismatch(name, key, name_of_field, wanted),
                            "a translation gives the original's text, item for item",
                        )
                    )
    dates = {entry.date.isoformat() for entry in data.changelog}
    for day in text.changelog:
        date = day.isoformat()
        if date not in dates:
            line, column = document.locate(("changelog", _key(document, "changelog", day)))
            problems.append(
                error(
                    document.display_path,
                    line,
                    column,
                    f"the changelog of data.yaml has no entry dated {date}",
                    did_you_mean(close_matches(date, dates)) or "use the date of the entry",
                )
            )
    return problems


def _mismatch(name: str, key: str, field_name: str, wanted: Any) -> str:
    if wanted is None:
        return f"`{name}.{key}` has no `{field_name}` in data.yaml to translate"
    return f"`{name}.{key}.{field_name}` has {len(wanted)} items in data.yaml; translate each"


def original_texts(index: MarkdownDocument, data: RelationshipData) -> Iterator[Text]:
    """Every text of an original that a translation gives, with where it is written."""
    front = index.front_matter
    for name in FRONT_TEXT:
        value = front.data.get(name) if isinstance(front.data, dict) else None
        if value is not None:
            yield Text(f"front.{name}", value, index.display_path, front.locate((name,)))
    for key, line, section in _sections(index.body):
        yield Text(key, section, index.display_path, (index.body_line + line, 1))
    for name, (text_type, key_of) in TEXTS.items():
        for item in getattr(data, name):
            ident = key_of(item)
            if ident is None:
                continue
            for field_name in text_type.model_fields:
                value = getattr(item, field_name)
                # A rank is shown as an ordinal ("3rd", "3."): its unit is no word to translate.
                if value and not (field_name == "unit" and value == "rank"):
                    location = item.position.locate((field_name,))
                    key = f"{name}.{ident}.{field_name}"
                    yield Text(key, value, item.position.file, location)
    for entry in data.changelog:
        location = entry.position.locate(("summary",))
        key = f"changelog.{entry.date.isoformat()}"
        yield Text(key, entry.summary, entry.position.file, location)


def _sections(body: str) -> Iterator[tuple[str, int, str]]:
    """The narrative cut at its headings of level 1 and 2: ``(key, line from 0, text)``.
    Sections are keyed by their place (``body.2``, the text before the first heading
    ``body.0``), which a translation keeps while its headings' words change."""
    lines = body.split("\n")
    starts = [0]
    for token in MarkdownIt("commonmark").parse(body):
        if token.type == "heading_open" and token.tag in ("h1", "h2") and token.map:
            starts.append(token.map[0])
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        text = "\n".join(lines[start:end]).strip()
        if text:
            yield f"body.{number}", start, text


def fingerprint(value: Any) -> str:
    """A short hash of a text (or list of texts), the same on every machine."""
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()[:12]


def fingerprints(index: MarkdownDocument, data: RelationshipData) -> dict[str, str]:
    """What ``briefings translate mark`` records: every text of the original, hashed."""
    return {text.key: fingerprint(text.value) for text in original_texts(index, data)}


def changed_texts(
    index: MarkdownDocument, data: RelationshipData, translation: Translation
) -> list[Text]:
    """The original's texts that differ from what the translation last translated."""
    if translation.record is None:
        return []
    recorded = translation.record.fingerprints
    return [
        text
        for text in original_texts(index, data)
        if recorded.get(text.key) != fingerprint(text.value)
    ]


def latest_revision(data: RelationshipData, reviewed: PartialDate) -> PartialDate:
    """The date of an original's current version: its latest changelog entry, or the
    date it was reviewed when it has no changelog."""
    return max((entry.date for entry in data.changelog), default=reviewed)


def apply(
    translation: Translation, index: MarkdownDocument, data: RelationshipData
) -> tuple[dict[str, Any], MarkdownDocument, RelationshipData]:
    """The original's front matter fields, narrative and data in the translation's
    language: what the translation gives replaces the original's text, the rest stays."""
    text = translation.data
    fields: dict[str, Any] = {}
    for name, (_, key_of) in TEXTS.items():
        entries = getattr(text, name)
        fields[name] = [translated(item, entries.get(key_of(item))) for item in getattr(data, name)]
    fields["changelog"] = [
        item.model_copy(update={"summary": text.changelog[item.date]})
        if item.date in text.changelog
        else item
        for item in data.changelog
    ]
    translated_index = replace(
        index,
        path=translation.index.path,
        body=translation.index.body,
        body_line=translation.index.body_line,
        display_path=translation.index.display_path,
    )
    front = translation.front.model_dump()
    return front, translated_index, data.model_copy(update=fields)


def translated_texts(translation: Translation) -> Iterator[Text]:
    """Every text a translation gives, keyed like the original's, with where it is written."""
    index = translation.index
    front = index.front_matter
    for name in FRONT_TEXT:
        value = getattr(translation.front, name)
        yield Text(f"front.{name}", value, index.display_path, front.locate((name,)))
    for key, line, section in _sections(index.body):
        yield Text(key, section, index.display_path, (index.body_line + line, 1))
    document = translation.data_document
    for name in TEXTS:
        for ident, entry in getattr(translation.data, name).items():
            for field_name, value in entry:
                if value is not None and document is not None:
                    key = f"{name}.{ident}.{field_name}"
                    location = document.locate((name, ident, field_name), value=True)
                    yield Text(key, value, document.display_path, location)
    for day, summary in translation.data.changelog.items():
        if document is not None:
            key = _key(document, "changelog", day)
            location = document.locate(("changelog", key), value=True)
            yield Text(f"changelog.{day.isoformat()}", summary, document.display_path, location)


def _key(document: YamlDocument, name: str, day: PartialDate) -> Any:
    """The key as the file wrote it (a date, read as one), to find where it stands."""
    found = document.data.get(name, {}) if isinstance(document.data, dict) else {}
    return next((key for key in found if PartialDate.parse(key) == day), day.isoformat())


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str, lang: str) -> set[Decimal]:
    """The numbers written in ``text``, read as a writer of ``lang`` writes them: "8,95"
    and "3.000" in Turkish are 8.95 and 3000, "8.95" and "3,000" in English."""
    thousands, decimal = (
        get_group_symbol(locale=locale(lang)),
        get_decimal_symbol(locale=locale(lang)),
    )
    found = set()
    for match in _NUMBER.finditer(text):
        written = match.group()
        groups = written.split(thousands)
        if len(groups) > 1 and all(len(group.split(decimal)[0]) == 3 for group in groups[1:]):
            written = "".join(groups)
        try:
            found.add(Decimal(written.replace(decimal, ".")).normalize())
        except InvalidOperation:
            continue
    return found


def numbers_of(value: Any, lang: str) -> set[Decimal]:
    """The numbers in a text, a list of texts, or a value of the model."""
    if isinstance(value, str):
        return numbers(value, lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {Decimal(str(value)).normalize()}
    if isinstance(value, PartialDate):
        parts = (value.year, value.month, value.day)
        return {Decimal(part) for part in parts if part is not None}
    if isinstance(value, ContentModel):
        return set().union(*(numbers_of(v, lang) for _, v in value), set())
    if isinstance(value, list | tuple):
        return set().union(*(numbers_of(v, lang) for v in value), set())
    return set()


RECORD_HEADER = """\
# Written by `briefings translate mark {slug} {lang}`: what the {name} translation
# translates, a fingerprint of each text of the original as it stood then. Do not edit:
# mark the translation again once it says what the original says now.
"""


def mark(
    folder: Path,
    slug: str,
    lang: str,
    index: MarkdownDocument,
    data: RelationshipData,
    reviewed: PartialDate,
) -> Path:
    """Record that the translation into ``lang`` in ``folder`` now says what its original
    says: ``translation.<lang>.yaml``, with the original's date and fingerprints."""
    path = folder / f"translation.{lang}.yaml"
    lines = [RECORD_HEADER.format(slug=slug, lang=lang, name=language_name(lang, "en"))]
    lines.append(f"original_date: {latest_revision(data, reviewed).isoformat()}\n")
    lines.append("fingerprints:\n")
    for key, value in fingerprints(index, data).items():
        lines.append(f'  {json.dumps(key, ensure_ascii=False)}: "{value}"\n')
    path.write_text("".join(lines), encoding="utf-8")
    return path


class TranslationError(ValueError):
    """A translation to mark does not exist."""


def mark_translation(relationships: Sequence[Any], slug: str, lang: str) -> Path:
    """Mark the ``lang`` translation of relationship ``slug`` as up to date."""
    found = next((r for r in relationships if r.slug == slug), None)
    if found is None:
        hint = did_you_mean(close_matches(slug, [r.slug for r in relationships]))
        raise TranslationError(f"no relationship `{slug}`" + (f"; {hint}" if hint else ""))
    translation = found.translations.get(lang)
    if translation is None:
        raise TranslationError(
            f"`{slug}` has no translation into `{lang}`: write its index.{lang}.md first"
        )
    folder = translation.index.path.parent
    return mark(folder, slug, lang, found.index, found.data, found.front.reviewed)


def translation_status(relationships: Sequence[Any], languages: Sequence[str]) -> Iterator[str]:
    """A line per relationship and language: up to date, behind (and which texts
    changed, where), never marked, or not translated."""
    for relationship in relationships:
        for lang in languages[1:]:
            name = f"{relationship.slug} {lang}"
            translation = relationship.translations.get(lang)
            if translation is None:
                yield f"{name}: not translated"
            elif translation.record is None:
                yield (
                    f"{name}: never marked; once it says what the original says, run "
                    f"`briefings translate mark {relationship.slug} {lang}`"
                )
            elif translation.changed:
                since = translation.record.original_date.isoformat()
                yield f"{name}: behind: {len(translation.changed)} texts changed since {since}:"
                for text in translation.changed:
                    line, column = text.location
                    yield f"  {text.file}:{line}:{column}: {text.key}"
            else:
                since = translation.record.original_date.isoformat()
                yield f"{name}: up to date, translating the original of {since}"
