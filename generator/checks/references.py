"""Every id a content file names must exist: sources, people, mechanisms, topics."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..loading import YamlDocument
from ..problems import Problem, error
from ..site import Site


def check_markdown_references(site: Site) -> list[Problem]:
    """Unknown ``[[kind:id]]`` references and ``[@source]`` citations in narratives."""
    return [problem for briefing in site.all_briefings for problem in briefing.problems]


def check_data_references(site: Site) -> list[Problem]:
    corpus = site.corpus
    registries: Mapping[str, Mapping[str, Any]] = {
        "source": corpus.sources,
        "person": corpus.people,
        "mechanism": corpus.mechanisms,
        "organization": corpus.organizations,
        "topic": corpus.topics,
    }
    problems = []
    documents = [r.data_document for r in corpus.relationships if r.data_document]
    documents += [r.index.front_matter for r in corpus.relationships]
    documents += list(corpus.registry_documents.values())
    for document in documents:
        for path, kind, ident in _references(document.data):
            if ident not in registries[kind]:
                problems.append(_unknown(document, path, kind, ident))
    return problems


REFERENCE_FIELDS = {
    "source": "source",
    "participants": "person",
    "signatories": "person",
    "mechanism": "mechanism",
    "mechanisms": "mechanism",
    "organization": "organization",
    "organizations": "organization",
    "topic": "topic",
    "topics": "topic",
}
"""Field names that hold ids of another registry, wherever they appear."""


def _references(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            kind = REFERENCE_FIELDS.get(key)
            if kind and isinstance(value, str):
                yield (*path, key), kind, value
            elif kind and isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str):
                        yield (*path, key, index), kind, item
            else:
                yield from _references(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _references(item, (*path, index))


def _unknown(document: YamlDocument, path: tuple[str | int, ...], kind: str, ident: str) -> Problem:
    line, column = document.locate(path)
    registry = "sources" if kind == "source" else {"person": "people"}.get(kind, kind + "s")
    return error(document.display_path, line, column, f'unknown {kind} "{ident}"',
                 f"add it to content/{registry}.yaml or fix the id")
