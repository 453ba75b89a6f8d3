"""Editorial rules: names in their canonical spelling, no placeholder left in the text.

A person's ``aliases`` and ``misspellings`` (content/people.yaml) found in prose get a
warning naming the canonical spelling. Matching is by whole word, case-sensitive
and diacritic-aware: the alias "Erdogan" is not found inside "Erdoğan", whether the
file writes "ğ" as one character or as "g" plus a combining breve.

Prose is the Markdown body of each relationship (without code, link targets,
reference ids and citations), its front matter and ``data.yaml`` text, and the text
of mechanisms, organizations and topics. ``people.yaml`` defines the spellings and
``sources.yaml`` quotes titles as published, so neither is prose to correct.
Placeholders (``TODO`` or ``{{name}}``) are looked for everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.checks.located import strings, warning_at
from generator.content import MarkdownDocument, YamlDocument
from generator.markdown import CITATION
from generator.model.positions import KeyPath
from generator.model.registries import Person
from generator.problems import Problem, warning
from generator.site import Site

PROSE_REGISTRIES = ("mechanisms", "organizations", "topics")

NOT_PROSE = frozenset(
    {
        "id",
        "source",
        "url",
        "event",
        "kind",
        "status",
        "level",
        "qualifier",
        "scale",
        "currency",
        "version",
        "country",
        "countries",
        "parties",
        "members",
        "participants",
        "signatories",
        "mechanism",
        "mechanisms",
        "organization",
        "organizations",
        "topic",
        "topics",
        "measure",
        "unit_kind",
    }
)
"""Fields holding ids, codes or fixed words rather than sentences."""

PLACEHOLDER = re.compile(r"TODO|\{\{[^{}\n]*\}\}")
PLACEHOLDER_HINT = "replace it with the text it stands for, taken from a cited source"

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
"""Combining diacritical marks: a letter followed by one is still inside a word."""

_NOT_PROSE_SPANS = [
    re.compile(r"(`+).*?\1"),  # inline code
    CITATION,
    re.compile(r"\[\[[a-z]+:[A-Za-z0-9-]+\|?"),  # a reference's kind and id, not its text
    re.compile(r"\]\]"),
    re.compile(r"\]\([^)]*\)"),  # link destinations
    re.compile(r"^ {0,3}\[[^\]]+\]:.*$"),  # link reference definitions
    re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^>\s]*>|https?://\S+"),  # autolinks and URLs
]


@dataclass(frozen=True)
class Spelling:
    """A way of writing a person's name that prose should not use."""

    text: str
    kind: str
    """``alias`` or ``misspelling``."""
    person: Person

    @property
    def canonical(self) -> str:
        """The short name for a one-word alias ("Erdogan" → "Erdoğan"), else the full name."""
        short = self.person.short_name
        return short if short and len(self.text.split()) == 1 else self.person.name


class Names:
    """Finds non-canonical spellings of people's names in a piece of text."""

    def __init__(self, people: list[Person]) -> None:
        canonical = {_nfc(name) for p in people for name in (p.name, p.short_name) if name}
        self._spellings: dict[str, list[Spelling]] = {}
        for person in people:
            for kind, texts in (("alias", person.aliases), ("misspelling", person.misspellings)):
                for text in texts:
                    if _nfc(text) not in canonical:
                        self._spellings.setdefault(_nfc(text), []).append(
                            Spelling(text, kind, person)
                        )
        self._wrong = _words(self._spellings)
        self._right = _words(canonical)

    def find(self, text: str) -> Iterator[tuple[int, str, list[Spelling]]]:
        """(offset, text found, spellings) of each alias or misspelling in ``text``."""
        if self._wrong is None:
            return
        right = [m.span() for m in self._right.finditer(text)] if self._right else []
        for match in self._wrong.finditer(text):
            start, end = match.span()
            if not any(start < r_end and r_start < end for r_start, r_end in right):
                yield start, match.group(), self._spellings[_nfc(match.group())]


def check_names(site: Site) -> list[Problem]:
    corpus = site.corpus
    names = Names(list(corpus.people.values()))
    problems = []
    for briefing in site.all_briefings:
        document = briefing.relationship.index
        for line_number, line in _body_lines(document, briefing.narrative.code_lines):
            for offset, found, spellings in names.find(_mask(line)):
                problems.append(
                    warning(
                        document.display_path,
                        line_number,
                        offset + 1,
                        *_name_message(found, spellings),
                    )
                )
    for yaml in _prose_documents(site):
        for path, text in strings(yaml.data):
            if _field(path) in NOT_PROSE:
                continue
            for _, found, spellings in names.find(_mask(text)):
                problems.append(
                    warning_at(yaml.position(), path, *_name_message(found, spellings), value=True)
                )
    return problems


def check_placeholders(site: Site) -> list[Problem]:
    corpus = site.corpus
    problems = []
    for relationship in corpus.relationships:
        document = relationship.index
        for index, line in enumerate(document.body.split("\n")):
            for match in PLACEHOLDER.finditer(line):
                problems.append(
                    warning(
                        document.display_path,
                        document.body_line + index,
                        match.start() + 1,
                        _placeholder(match.group()),
                        PLACEHOLDER_HINT,
                    )
                )
    documents = list(corpus.registry_documents.values())
    documents += [r.index.front_matter for r in corpus.relationships]
    documents += [r.data_document for r in corpus.relationships if r.data_document]
    for yaml in documents:
        for path, text in strings(yaml.data):
            for match in PLACEHOLDER.finditer(text):
                problems.append(
                    warning_at(
                        yaml.position(),
                        path,
                        _placeholder(match.group()),
                        PLACEHOLDER_HINT,
                        value=True,
                    )
                )
    return problems


def _placeholder(text: str) -> str:
    return f'placeholder not yet filled in: "{text}"'


def _name_message(found: str, spellings: list[Spelling]) -> tuple[str, str]:
    people = " or ".join(dict.fromkeys(s.person.name for s in spellings))
    canonical = " or ".join(dict.fromkeys(f'"{s.canonical}"' for s in spellings))
    links = " or ".join(dict.fromkeys(f"[[person:{s.person.id}]]" for s in spellings))
    return (
        f'{spellings[0].kind} "{found}" written for {people}',
        f"write {canonical}, or {links} to link the person",
    )


def _body_lines(document: MarkdownDocument, code: frozenset[int]) -> Iterator[tuple[int, str]]:
    """(file line number, text) of the body, with the code blocks' lines left out."""
    for index, line in enumerate(document.body.split("\n")):
        if index not in code:
            yield document.body_line + index, line


def _prose_documents(site: Site) -> list[YamlDocument]:
    corpus = site.corpus
    documents = [
        corpus.registry_documents[name]
        for name in PROSE_REGISTRIES
        if name in corpus.registry_documents
    ]
    documents += [r.index.front_matter for r in corpus.relationships]
    documents += [r.data_document for r in corpus.relationships if r.data_document]
    return documents


def _mask(text: str) -> str:
    """Blank out what is not prose, keeping every other character where it was."""
    for pattern in _NOT_PROSE_SPANS:
        text = pattern.sub(lambda match: " " * len(match.group()), text)
    return text


def _field(path: KeyPath) -> object:
    """The name of the field a value belongs to, for list items the list's name."""
    return next((part for part in reversed(path) if isinstance(part, str)), None)


def _words(texts: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for any of the texts as whole words, in composed or decomposed form."""
    forms = {unicodedata.normalize(form, text) for text in texts for form in ("NFC", "NFD")}
    if not forms:
        return None
    alternatives = "|".join(re.escape(text) for text in sorted(forms, key=lambda t: (-len(t), t)))
    return re.compile(rf"(?<![\w{_MARKS}])(?:{alternatives})(?![\w{_MARKS}])")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
