"""The rules ``briefings check`` applies after loading, one module per family.

Each rule takes the loaded :class:`~generator.site.Site` and returns located
problems; :func:`run_checks` runs them all, so every mistake shows up in one run.
"""

from __future__ import annotations

from collections.abc import Callable

from ..problems import Problem
from ..site import Site
from . import references

Rule = Callable[[Site], list[Problem]]

RULES: list[Rule] = [
    references.check_markdown_references,
    references.check_data_references,
]


def run_checks(site: Site) -> list[Problem]:
    problems: list[Problem] = []
    for rule in RULES:
        problems += rule(site)
    return problems
