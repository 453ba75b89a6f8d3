"""Shared building blocks of the content model."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints

from generator.model.positions import Position


class ContentModel(BaseModel):
    """Base of every type that mirrors a content file.

    Unknown fields are errors, so a typo such as ``soruce:`` is reported instead of
    silently ignored; models are frozen because the build never edits content. Types
    are strict: the loader keeps ``NO`` or ``"8.95"`` as text (YAML 1.2), and pydantic
    must not then turn it into a boolean or a number behind the contributor's back;
    NaN and infinity are refused, as no source gives such a figure.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, strict=True, allow_inf_nan=False
    )

    def __hash__(self) -> int:
        """Equal items hash alike, lists and mappings (``translations``) included, and
        wherever they stand: the position is not a field."""
        return hash(
            (type(self), _frozen([getattr(self, name) for name in type(self).model_fields]))
        )

    @property
    def position(self) -> Position:
        """Where content loading found this item: each entry of a file's list and each
        front matter has one, and the models inside them are located through it.

        It is kept beside the fields, not among them, so that no content file can set it
        and equality, hashing and exports ignore it: two entries written alike are equal
        wherever they stand.
        """
        found = self.__dict__.get(_POSITION)
        if not isinstance(found, Position):
            raise LookupError(f"this {type(self).__name__} was not read from a content file")
        return found


M = TypeVar("M", bound=ContentModel)
B = TypeVar("B", bound=BaseModel)


def _frozen(value: Any) -> Any:
    """``value`` with its lists and mappings made tuples, so it can be hashed."""
    if isinstance(value, dict):
        return tuple((key, _frozen(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


_POSITION = "_position"
"""The key of an item's position in its ``__dict__``: pydantic compares, hashes and dumps
only the fields found there, and iterating a model skips keys starting with ``_``."""


def placed(item: M, position: Position) -> M:
    """``item``, now carrying where it was read (see :attr:`ContentModel.position`)."""
    item.__dict__[_POSITION] = position
    return item


def translated(item: B, text: BaseModel | None) -> B:
    """``item`` with the text fields a translation gives; those it leaves out, and
    everything that is not text, stay the original's (and so does its position). A list
    of items (a person's offices) is translated item by item, in order."""
    if text is None:
        return item
    update: dict[str, Any] = {}
    for name, value in text:
        if isinstance(value, list) and value and isinstance(value[0], BaseModel):
            originals = getattr(item, name)
            update[name] = [
                translated(original, each) for original, each in zip(originals, value, strict=True)
            ]
        elif value is not None:
            update[name] = value
    return item.model_copy(update=update)


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80),
]
"""A lowercase, hyphenated identifier such as ``aa-2026-02-01`` or ``jspg``."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """``Çok taraflı konular`` reads ``cok-tarafli-konular``: letters lose their accents
    (the dotless ı its dot-free form), anything else between words becomes one hyphen."""
    letters = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    plain = "".join(char for char in letters if unicodedata.category(char) != "Mn")
    return _SLUG_JUNK.sub("-", plain.lower()).strip("-")
