"""The rules ``briefings check`` applies after loading, one module per family.

Each rule takes the loaded :class:`~generator.site.Site` and returns located
problems, pointing at an item through the position it carries from loading (see
:mod:`.located`); :func:`run_checks` runs them all, so every mistake shows up in one run.
docs/content-guide.md lists every message a rule can give and how to fix it.

Beside the rules: :mod:`.changes` (which warnings a pull request answers for) and
:mod:`.review` (what is due for review, which no change answers for).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from generator.checks import (
    commitments,
    dates,
    duplicates,
    editorial,
    figures,
    links,
    meetings,
    offices,
    publication,
    references,
    translations,
)
from generator.checks.changes import ChangesError, changed_files, is_failing
from generator.checks.review import Due, DueKind, due_as_json, due_for_review
from generator.problems import Problem, error
from generator.processes import map_in_forks
from generator.site import Site

__all__ = [
    "RULES",
    "ChangesError",
    "Due",
    "DueKind",
    "Rule",
    "changed_files",
    "due_as_json",
    "due_for_review",
    "is_failing",
    "run_checks",
]

Rule = Callable[[Site], list[Problem]]

RULES: list[Rule] = [
    references.check_markdown_references,
    references.check_data_references,
    references.check_event_references,
    references.check_position_holders,
    duplicates.check_registry_ids,
    duplicates.check_relationship_ids,
    duplicates.check_relationship_slugs,
    duplicates.check_repeated_list_items,
    meetings.check_mechanism_countries,
    meetings.check_ordinals,
    meetings.check_ordinal_order,
    meetings.check_ordinal_needs_mechanism,
    dates.check_past_events,
    dates.check_future_dates,
    dates.check_review_dates,
    dates.check_review_against_changelog,
    dates.check_figure_sources,
    dates.check_stale_figures,
    figures.check_figure_disagreements,
    editorial.check_names,
    offices.check_superseded_offices,
    publication.check_placeholders,
    publication.check_updates,
    links.check_links,
    commitments.check_commitments,
    translations.check_behind,
    translations.check_untranslated,
    translations.check_numbers,
]


def run_checks(site: Site, workers: int | None = None) -> list[Problem]:
    """Every rule's problems, the rules shared out between ``workers`` processes
    (default: ``site.workers``)."""
    # Drawn here, on every core, so that no rule's process draws them on its own.
    site.all_briefings  # noqa: B018
    found = map_in_forks(partial(_apply, site=site), RULES, workers or site.workers)
    return [problem for problems in found for problem in problems]


def _apply(rule: Rule, site: Site) -> list[Problem]:
    """A rule's problems. A rule that fails on content it did not foresee becomes one
    error naming the rule, so the other rules still report and nothing is published."""
    try:
        return rule(site)
    except Exception as exc:
        return [
            error(
                site.corpus.root.name,
                1,
                1,
                f"internal error in check {rule.__module__}.{rule.__name__}: "
                f"{exc.__class__.__name__}: {exc}",
                "the other checks ran; please report this with the file that causes it",
            )
        ]
