"""Ids must name one thing: duplicate ids, duplicate relationships, repeated list items.

Ids are looked up where they are referenced: registry ids from every file, figure,
event and series ids within their relationship. A second entry with the same id
would silently replace or shadow the first, so it is an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.checks.located import error_at, raw_list, warning_at
from generator.content import Relationship, YamlDocument
from generator.model.positions import KeyPath
from generator.problems import Problem
from generator.site import Site

RELATIONSHIP_LISTS = {"figures": "figure", "events": "event", "series": "series"}
"""The lists of ``data.yaml`` whose items carry an id of their own."""

ID_LISTS = frozenset(
    {
        "countries",
        "parties",
        "members",
        "participants",
        "signatories",
        "topics",
        "mechanisms",
        "organizations",
    }
)
"""Fields holding a list of ids or country codes, where each belongs once."""


def check_registry_ids(site: Site) -> list[Problem]:
    problems = []
    for name, document in site.corpus.registry_documents.items():
        for path, ident, first_line in _repeated_ids(document, name):
            problems.append(
                error_at(
                    document.position(),
                    path,
                    f'duplicate id "{ident}" in {name} (first defined on line {first_line})',
                    "give each entry its own id, or merge the two entries",
                    value=True,
                )
            )
    return problems


def check_relationship_ids(site: Site) -> list[Problem]:
    problems = []
    for relationship in site.corpus.relationships:
        document = relationship.data_document
        if document is None:
            continue
        for key, kind in RELATIONSHIP_LISTS.items():
            for path, ident, first_line in _repeated_ids(document, key):
                problems.append(
                    error_at(
                        document.position(),
                        path,
                        f'duplicate {kind} id "{ident}" (first defined on line {first_line})',
                        f"ids must be unique within a relationship's {key}: "
                        "rename one, or merge the two entries",
                        value=True,
                    )
                )
    return problems


def check_relationship_slugs(site: Site) -> list[Problem]:
    """Two folders for the same pair of countries would publish one page twice."""
    by_slug: dict[str, list[Relationship]] = {}
    for relationship in site.corpus.relationships:
        by_slug.setdefault(relationship.slug, []).append(relationship)
    problems = []
    for slug, group in by_slug.items():
        canonical = [r for r in group if r.index.path.parent.name == slug] or group[:1]
        for relationship in group:
            if relationship is canonical[0]:
                continue
            problems.append(
                error_at(
                    relationship.front.position,
                    ("countries",),
                    f'a second folder for the relationship "{slug}": '
                    f"{canonical[0].index.display_path} covers the same two countries",
                    f"keep one folder per pair: merge this one into content/relationships/{slug}/",
                    value=True,
                )
            )
    return problems


def check_repeated_list_items(site: Site) -> list[Problem]:
    """``topics: [trade, trade]`` shows the same link twice; the second is surely a slip."""
    corpus = site.corpus
    documents = list(corpus.registry_documents.values())
    documents += [r.data_document for r in corpus.relationships if r.data_document]
    # The front matter's two countries are already checked by the model.
    documents += [_without_countries(r.index.front_matter) for r in corpus.relationships]
    problems = []
    for document in documents:
        for path, field, item in _repeated_items(document.data):
            problems.append(
                warning_at(
                    document.position(),
                    path,
                    f'"{item}" is listed twice in `{field}`',
                    "remove the repeat",
                )
            )
    return problems


def _without_countries(front: YamlDocument) -> YamlDocument:
    data = front.data if isinstance(front.data, dict) else {}
    kept = {key: value for key, value in data.items() if key != "countries"}
    return YamlDocument(front.path, kept, front.display_path, front.positions)


def _repeated_ids(document: YamlDocument, key: str) -> Iterator[tuple[KeyPath, str, int]]:
    """(path of the id, id, line of its first use) for every id used again. The file's
    own list is read: the registries keep one entry per id, and an entry that failed
    validation still takes its id."""
    first_lines: dict[str, int] = {}
    for index, item in enumerate(raw_list(document, key)):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        path = (key, index, "id")
        if ident in first_lines:
            yield path, ident, first_lines[ident]
        else:
            first_lines[ident] = document.locate(path)[0]


def _repeated_items(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, str]]:
    """Each repeat in a list of ids or codes. Other items under such a name are walked as
    structure: ``mechanisms.yaml`` and ``organizations.yaml`` hold their entries under
    ``mechanisms:`` and ``organizations:``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ID_LISTS and isinstance(value, list):
                seen: set[str] = set()
                for index, item in enumerate(value):
                    if isinstance(item, str) and item in seen:
                        yield (*path, key, index), key, item
                    elif isinstance(item, str):
                        seen.add(item)
                    else:
                        yield from _repeated_items(item, (*path, key, index))
            else:
                yield from _repeated_items(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _repeated_items(item, (*path, index))
