"""Located problems: what every check and loader returns instead of raising.

Errors are values until the command line prints them, so a contributor sees every
mistake at once, each pointing at a file, a line and a column.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Collection, Iterable, Sequence
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


def close_matches(wanted: str, known: Iterable[str], *, n: int = 3) -> list[str]:
    """The known names closest to a misspelt one, closest first: one measure of
    closeness for every "did you mean" a contributor reads.

    Only names with the same digits are offered: a different number names a different
    thing (``report-2018`` is not a typo of ``report-2026``, nor ``jc-1`` of ``jc-2``).
    """
    digits = _DIGITS.sub("", wanted)
    same = sorted({name for name in known if _DIGITS.sub("", name) == digits})
    return difflib.get_close_matches(wanted, same, n=n, cutoff=0.6)


_DIGITS = re.compile(r"[^0-9]")


def did_you_mean(options: Sequence[str]) -> str:
    """``did you mean A or B?``, or nothing when there is nothing close to offer."""
    return f"did you mean {' or '.join(options)}?" if options else ""


def unknown_id_hint(wanted: str, known: Iterable[str], otherwise: str, *, prefix: str = "") -> str:
    """The fix for an id that names nothing: the closest ids when there are any (a typo
    is far more likely than a missing entry), then what else to do."""
    close = did_you_mean([f'"{prefix}{ident}"' for ident in close_matches(wanted, known)])
    return f"{close} If not, {otherwise}" if close else otherwise


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by file and position, dropping exact repeats."""
    return sorted(set(problems))


def as_json(problems: Iterable[Problem], failing: Collection[Problem] | None = None) -> str:
    """The problems for tools; with ``failing``, each says whether it is one of them
    (a warning outside the files a change touched is not)."""
    listed: list[dict[str, object]] = []
    for problem in problems:
        listed.append({**asdict(problem), "severity": problem.severity.value})
        if failing is not None:
            listed[-1]["failing"] = problem in failing
    return json.dumps(listed, ensure_ascii=False, indent=2)
