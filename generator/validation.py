"""Turn pydantic's validation errors into problems located in the content file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .loading import YamlDocument
from .problems import Problem, error

M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M], data: Any, document: YamlDocument, at: Sequence[str | int] = ()
) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (found at key path ``at`` of ``document``) as ``model``."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_problem(document, tuple(at), details) for details in exc.errors()]


def validate_items(
    model: type[M], document: YamlDocument, key: str
) -> tuple[list[M], list[Problem]]:
    """Validate each item of the list under ``key`` on its own, keeping the valid ones.

    One bad event then costs one error, not the whole file: every mistake in the
    file is still reported, and later checks still see the rest.
    """
    data = document.data.get(key, []) if isinstance(document.data, dict) else []
    if data is None:
        return [], []
    if not isinstance(data, list):
        line, column = document.locate((key,))
        return [], [error(document.display_path, line, column, f"`{key}` must be a list")]
    items, problems = [], []
    for index, item in enumerate(data):
        valid, found = validate(model, item, document, (key, index))
        problems += found
        if valid is not None:
            items.append(valid)
    return items, problems


def _problem(document: YamlDocument, at: tuple[str | int, ...], details: Any) -> Problem:
    loc = at + tuple(part for part in details["loc"] if not _is_union_tag(part))
    line, column = document.locate(loc, value=details["type"] not in ("extra_forbidden", "missing"))
    field = ".".join(str(part) for part in loc)
    message = _message(details)
    if details["type"] == "extra_forbidden":
        return error(document.display_path, line, column, f"unknown field `{loc[-1]}`",
                     "check its spelling against docs/content-guide.md")
    if details["type"] == "missing":
        return error(document.display_path, line, column, f"missing required field `{loc[-1]}`")
    return error(document.display_path, line, column, f"{field}: {message}")


def _is_union_tag(part: object) -> bool:
    """Pydantic puts the tried type's name in the path of a union error; drop it."""
    return isinstance(part, str) and (part[:1].isupper() or "[" in part or part in {
        "str", "int", "float", "function-after", "function-plain", "lax-or-strict"
    })


def _message(details: Any) -> str:
    message = str(details["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message
