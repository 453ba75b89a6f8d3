"""Commitments and targets: what they name exists, and a target can be set beside the
figures of its measure (same currency, scale and unit), or the brief could not say
where it stands."""

from __future__ import annotations

from generator.checks.located import error_at
from generator.model.relationships import Commitment, Figure
from generator.problems import Problem, unknown_id_hint
from generator.site import Site


def check_commitments(site: Site) -> list[Problem]:
    problems = []
    for relationship in site.corpus.relationships:
        data = relationship.data
        figures = {figure.id: figure for figure in data.figures}
        events = [event.id for event in data.events]
        for commitment in data.commitments:
            if commitment.made_at is not None and commitment.made_at not in events:
                problems.append(
                    _error(commitment, "made_at", f'no event "{commitment.made_at}"', events)
                )
            if commitment.target is None:
                continue
            target = figures.get(commitment.target)
            if target is None:
                message = f'no figure "{commitment.target}" states this target'
                problems.append(_error(commitment, "target", message, list(figures)))
                continue
            measured = [f for f in data.figures if f.measure == commitment.measure]
            problems += [
                error_at(
                    commitment.position,
                    ("measure",),
                    f'target "{commitment.target}" is in {_unit(target)}, but figure '
                    f'"{figure.id}" of measure "{commitment.measure}" is in {_unit(figure)}',
                    "a target is compared with figures of the same currency, scale and unit",
                    value=True,
                )
                for figure in measured
                if _unit(figure) != _unit(target)
            ]
    return problems


def _unit(figure: Figure) -> str:
    parts = [figure.currency, figure.scale, figure.unit]
    return " ".join(part for part in parts if part) or "plain numbers"


def _error(commitment: Commitment, field: str, message: str, known: list[str]) -> Problem:
    hint = unknown_id_hint(getattr(commitment, field), known, f"name an id of data.yaml's {field}")
    return error_at(commitment.position, (field,), message, hint, value=True)
