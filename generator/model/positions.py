"""Where an item of the model was written: file, line and column, and its fields' places.

A check that finds a mistake in an item must point at it in its file. The model keeps
only the items that passed validation, so the third event of the model may be the
fourth of the file; content loading therefore attaches a :class:`Position` to each item
it validates, and checks report from that without reading the file again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Location = tuple[int, int]
"""(line, column), both counted from 1."""

KeyPath = tuple[Any, ...]
"""Keys and list indexes from the top of a file to a node, such as ``("events", 2, "date")``;
a key can be any YAML scalar, not only text."""


@dataclass(frozen=True)
class Position:
    """An item's place in its file, and the way to the places of its fields.

    ``keys`` and ``values`` are the whole file's tables, shared by all its items rather
    than copied: a mapping entry is found at its key in ``keys`` and at its value in
    ``values``; a list entry is at its value in both.
    """

    file: str
    """The file as problems name it, relative to the project."""
    line: int
    column: int
    path: KeyPath = ()
    """The item's own key path in its file: ``("events", 3)``, or ``()`` for a front matter."""
    keys: Mapping[KeyPath, Location] = field(default_factory=dict, repr=False, compare=False)
    values: Mapping[KeyPath, Location] = field(default_factory=dict, repr=False, compare=False)

    def locate(self, fields: Sequence[Any] = (), *, value: bool = False) -> Location:
        """(line, column) of the node at ``fields`` below the item, such as ``("date",)`` or
        ``("period", "from")``.

        A field is located at its key, or with ``value=True`` at its value (a wrong value
        is best shown where it is written). A field the item does not have (a missing
        one, say) falls back to its nearest ancestor, the item itself at the last.
        """
        wanted = (*self.path, *fields)
        found = wanted
        while found not in self.keys and len(found) > len(self.path):
            found = found[:-1]
        if value and found == wanted and found in self.values:
            return self.values[found]
        return self.keys.get(found, (self.line, self.column))
