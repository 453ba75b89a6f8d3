"""Pointing at the content a rule talks about.

Every item of the model carries its :class:`~generator.model.positions.Position` in its
file (content loading attaches it), so a rule that finds a mistake in an item reports
at the item, one of its fields or a field's value, without reading the file again.

Some rules read what the model does not keep, and walk a file's plain data instead:
every text value, for placeholders and names (a ``TODO`` is found in an entry that
failed validation too); and the ids written in entries that failed validation or repeat
an id, for references and duplicates. They point through the file's own position.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.content import YamlDocument
from generator.model.positions import KeyPath, Position
from generator.problems import Problem, error, warning


def raw_list(document: YamlDocument | None, key: str) -> list[Any]:
    """The list under a top-level ``key``, or nothing when the file got it wrong
    (that mistake is reported by validation)."""
    data = document.data.get(key) if document and isinstance(document.data, dict) else None
    return data if isinstance(data, list) else []


def strings(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every text value in plain YAML data, with its key path; keys are not values."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from strings(item, (*path, index))


def error_at(
    position: Position, path: KeyPath, message: str, hint: str, *, value: bool = False
) -> Problem:
    """An error at the key of the node at ``path`` below ``position``, or with
    ``value=True`` at the wrong value itself."""
    return error(position.file, *position.locate(path, value=value), message, hint)


def warning_at(
    position: Position, path: KeyPath, message: str, hint: str, *, value: bool = False
) -> Problem:
    return warning(position.file, *position.locate(path, value=value), message, hint)
