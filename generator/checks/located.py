"""Finding the content-file node a rule talks about.

The corpus keeps only the items that passed validation, so the third event of the
model may be the fourth of the file. Rules that need an item's place re-validate the
file's list the way :func:`generator.content.validation.validate_items` does and keep each
valid item with its key path; rules that read raw values walk the plain data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.content.loading import YamlDocument
from generator.problems import Problem, error, warning

M = TypeVar("M", bound=BaseModel)

Path = tuple[Any, ...]


def valid_items(document: YamlDocument | None, key: str, model: type[M]) -> list[tuple[Path, M]]:
    """Each item under ``key`` that validates as ``model``, with its key path."""
    data = document.data.get(key) if document and isinstance(document.data, dict) else None
    if not isinstance(data, list):
        return []
    found = []
    for index, item in enumerate(data):
        try:
            found.append(((key, index), model.model_validate(item)))
        except ValidationError:
            continue
    return found


def raw_list(document: YamlDocument | None, key: str) -> list[Any]:
    """The list under a top-level ``key``, or nothing when the file got it wrong
    (that mistake is reported by validation)."""
    data = document.data.get(key) if document and isinstance(document.data, dict) else None
    return data if isinstance(data, list) else []


def strings(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
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
    document: YamlDocument, path: Path, message: str, hint: str, *, value: bool = False
) -> Problem:
    """An error at the node's key, or with ``value=True`` at the wrong value itself."""
    return error(document.display_path, *document.locate(path, value=value), message, hint)


def warning_at(
    document: YamlDocument, path: Path, message: str, hint: str, *, value: bool = False
) -> Problem:
    return warning(document.display_path, *document.locate(path, value=value), message, hint)
