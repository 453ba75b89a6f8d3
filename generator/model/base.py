"""Shared building blocks of the content model."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints


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


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80),
]
"""A lowercase, hyphenated identifier such as ``aa-2026-02-01`` or ``jspg``."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    return _SLUG_JUNK.sub("-", text.lower()).strip("-")
