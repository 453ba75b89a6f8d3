"""Every id a content file names must exist: sources, people, mechanisms, organizations,
topics, a figure's measure, an agreement's event, and the entities of ``[[kind:id]]``
references."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.checks.located import error_at, raw_list
from generator.content import YamlDocument
from generator.model.relationships import Agreement, StatedPosition
from generator.problems import Problem, error, unknown_id_hint
from generator.site import Site


def check_markdown_references(site: Site) -> list[Problem]:
    """Unknown ``[[kind:id]]`` references and ``[@source]`` citations in narratives.

    An entry written in a registry file but invalid (a date in the wrong form, say) is
    missing from the model, so the narrative's references to it would be reported as
    unknown too; its own mistake is the one to fix, so those echoes are left out.
    """
    echoes = {f'citation of unknown source "{ident}"' for ident in _invalid_ids(site, "sources")}
    for kind, name in REGISTRY_FILES.items():
        echoes |= {f'unknown reference "{kind}:{ident}"' for ident in _invalid_ids(site, name)}
    return [
        problem
        for briefing in site.all_briefings
        for problem in briefing.problems
        if problem.message not in echoes
    ]


def check_data_references(site: Site) -> list[Problem]:
    """Ids of registry entries, including entries with a mistake of their own: that
    mistake is reported once where it is, not again at every use of the id."""
    corpus = site.corpus
    registries = {
        kind: set(corpus.registry(name)) | _raw_ids(corpus.registry_documents.get(name), name)
        for kind, name in {"source": "sources", "measure": "measures", **REGISTRY_FILES}.items()
    }
    problems = []
    documents = [r.data_document for r in corpus.relationships if r.data_document]
    documents += [r.index.front_matter for r in corpus.relationships]
    documents += list(corpus.registry_documents.values())
    for document in documents:
        for path, kind, ident in _references(document.data):
            if kind == "source" and ident in corpus.withheld_sources:
                problems.append(_withheld(document, path, ident))
            elif ident not in registries[kind]:
                problems.append(_unknown(document, path, kind, ident, registries[kind]))
    return problems


def _withheld(document: YamlDocument, path: tuple[str | int, ...], ident: str) -> Problem:
    """A public field citing an internal source: the public edition, which leaves the
    source out, would show the field without it."""
    line, column = document.locate(path, value=True)
    return error(
        document.display_path,
        line,
        column,
        f'public field cites internal source "{ident}"',
        "cite a public source here; an internal source backs only internal fields and blocks",
    )


REGISTRY_FILES = {
    "person": "people",
    "mechanism": "mechanisms",
    "organization": "organizations",
    "topic": "topics",
}
"""The registry file of each kind of entity a narrative can reference."""

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
    "measure": "measure",
}
"""Field names that hold ids of another registry, wherever they appear."""


def check_event_references(site: Site) -> list[Problem]:
    """An agreement's or a stated position's ``event`` names an event of the same
    relationship, including an event with a mistake of its own (reported where it is)."""
    problems = []
    for relationship in site.corpus.relationships:
        events = _raw_ids(relationship.data_document, "events")
        data = relationship.data
        items: list[Agreement | StatedPosition] = [*data.agreements, *data.positions]
        for item in items:
            if item.event is not None and item.event not in events:
                problems.append(
                    error_at(
                        item.position,
                        ("event",),
                        f'unknown event "{item.event}"',
                        unknown_id_hint(
                            item.event,
                            events,
                            "use the id of an event listed under `events` in this file",
                        ),
                        value=True,
                    )
                )
    return problems


def check_position_holders(site: Site) -> list[Problem]:
    """A stated position belongs to one of the relationship's two governments: a third
    country's view of the relationship is a fact to report in the narrative, cited."""
    return [
        error_at(
            position.position,
            ("held_by",),
            f'position "{position.id}" is held by {position.held_by}, which is not one of '
            f"the relationship's countries ({', '.join(relationship.front.countries)})",
            "write the code of the government whose aim or message it is",
            value=True,
        )
        for relationship in site.corpus.relationships
        for position in relationship.data.positions
        if position.held_by not in relationship.front.countries
    ]


KeyPath = tuple[str | int, ...]


def _invalid_ids(site: Site, name: str) -> set[str]:
    """Ids written in a registry file whose entry did not pass validation."""
    return _raw_ids(site.corpus.registry_documents.get(name), name) - set(
        site.corpus.registry(name)
    )


def _raw_ids(document: YamlDocument | None, key: str) -> set[str]:
    return {
        item["id"]
        for item in raw_list(document, key)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _references(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, str]]:
    """Every id under a reference field, with its key path and kind.

    A reference field holds an id or a list of ids; anything else under such a name is
    walked as structure: ``mechanisms.yaml`` and ``organizations.yaml`` hold their
    entries under ``mechanisms:`` and ``organizations:``, the names of two of the front
    matter's reference fields.
    """
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
                        yield from _references(item, (*path, key, index))
            else:
                yield from _references(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _references(item, (*path, index))


def _unknown(
    document: YamlDocument, path: tuple[str | int, ...], kind: str, ident: str, known: set[str]
) -> Problem:
    line, column = document.locate(path, value=True)
    registry = "sources" if kind == "source" else {"person": "people"}.get(kind, kind + "s")
    return error(
        document.display_path,
        line,
        column,
        f'unknown {kind} "{ident}"',
        unknown_id_hint(ident, known, f"add it to content/{registry}.yaml or fix the id"),
    )
