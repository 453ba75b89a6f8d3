"""Located problems: what every check and loader returns instead of raising.

Errors are values until the command line prints them, so a contributor sees every
mistake at once, each pointing at a file, a line and a column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one content file; ``line`` and ``column`` count from 1."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(path: str | Path, line: int, column: int, message: str, hint: str = "") -> Problem:
    return Problem(str(path), max(line, 1), max(column, 1), Severity.ERROR, message, hint)


def warning(path: str | Path, line: int, column: int, message: str, hint: str = "") -> Problem:
    return Problem(str(path), max(line, 1), max(column, 1), Severity.WARNING, message, hint)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by file and position, dropping exact repeats."""
    return sorted(set(problems))


def as_json(problems: Iterable[Problem]) -> str:
    return json.dumps(
        [{**asdict(p), "severity": p.severity.value} for p in problems],
        ensure_ascii=False,
        indent=2,
    )
