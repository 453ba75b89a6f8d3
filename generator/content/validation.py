"""Validate content against the model: each valid item carries its place in the file, and
pydantic's errors on the others become problems located there."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import ValidationError

from generator.content.loading import YamlDocument
from generator.model.base import ContentModel, placed
from generator.problems import Problem, error

M = TypeVar("M", bound=ContentModel)


def validate(
    model: type[M], data: Any, document: YamlDocument, at: Sequence[str | int] = ()
) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (found at key path ``at`` of ``document``) as ``model``; the item
    comes back placed there, so that checks can point at it and at its fields."""
    try:
        return placed(model.model_validate(data), document.position(tuple(at))), []
    except ValidationError as exc:
        return None, [_problem(document, tuple(at), details) for details in exc.errors()]


def validate_items(
    model: type[M], document: YamlDocument, key: str
) -> tuple[list[M], list[Problem]]:
    """Validate each item of the list under ``key`` on its own, keeping the valid ones.

    One bad event then costs one error, not the whole file: every mistake in the
    file is still reported, and later checks still see the rest, each at its own entry
    of the file even when an entry before it was left out.
    """
    data = document.data.get(key, []) if isinstance(document.data, dict) else []
    if data is None:
        return [], []
    if not isinstance(data, list):
        line, column = document.locate((key,))
        message, hint = (
            f"`{key}` must be a list",
            "write its items under it, each starting with `- `",
        )
        return [], [error(document.display_path, line, column, message, hint)]
    items, problems = [], []
    for index, item in enumerate(data):
        valid, found = validate(model, item, document, (key, index))
        problems += found
        if valid is not None:
            items.append(valid)
    return items, problems


def _problem(document: YamlDocument, at: tuple[str | int, ...], details: Any) -> Problem:
    loc = at + tuple(part for part in details["loc"] if not _is_union_tag(part))
    kind = details["type"]
    line, column = document.locate(loc, value=kind not in ("extra_forbidden", "missing"))
    name = next((part for part in reversed(loc) if isinstance(part, str)), "")
    guide = f"see `{name}` in docs/content-guide.md"
    if kind == "extra_forbidden":
        return error(
            document.display_path,
            line,
            column,
            f"unknown field `{name}`",
            "check its spelling against docs/content-guide.md",
        )
    if kind == "missing":
        return error(
            document.display_path,
            line,
            column,
            f"missing required field `{name}`",
            f"add `{name}:`; {guide}",
        )
    if kind == "string_pattern_mismatch":
        message = f'"{details["input"]}" is not an id'
    else:
        message = _message(details)
    # An item's own rule (a meeting needs a mechanism) is about the item, not one field.
    prefix = f"`{name}`: " if loc and isinstance(loc[-1], str) else ""
    return error(document.display_path, line, column, prefix + message, HINTS.get(kind, guide))


HINTS = {
    "bool_type": "write true or false without quotes; yes, no, on and off are text",
    "int_type": "write a whole number without quotes, such as 5",
    "float_type": "write a number without quotes or thousands separators, such as 8.95",
    "finite_number": "write an ordinary number, such as 8.95",
    "string_type": 'put the text in quotes, such as "2025"',
    "string_too_short": "write the text, or leave the field out if it is optional",
    "string_too_long": "shorten the text",
    "string_pattern_mismatch": "ids use lowercase letters, digits and single hyphens, "
    "such as tr-kz-jspg",
    "literal_error": "write one of the values listed, exactly",
    "list_type": "write a list: [a, b], or one `- item` per line",
    "model_type": "write the fields it takes below it, one `name: value` per line, indented",
    "dict_type": "write `name: value` pairs",
    "too_short": "add the missing items",
    "too_long": "remove the extra items",
    "url_parsing": "give the full address, starting with https://",
    "url_scheme": "give an address starting with https:// or http://",
    "greater_than_equal": "use a larger number",
    "less_than_equal": "use a smaller number",
}
"""A fix for each kind of pydantic error; others point at the field in the guide."""


def _is_union_tag(part: object) -> bool:
    """Pydantic puts the tried type's name in the path of a union error; drop it."""
    return isinstance(part, str) and (
        part[:1].isupper()
        or "[" in part
        or part in {"str", "int", "float", "function-after", "function-plain", "lax-or-strict"}
    )


def _message(details: Any) -> str:
    message = str(details["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message[:1].lower() + message[1:]
