"""Offices over time: no page may call an office current that the sources show taken
over by a later holder.

Pages list such an office among the former ones on their own, from its dates; what
they cannot mend is an office written as held "since" a date with no end, which would
read as current beside its later holder.
"""

from __future__ import annotations

from generator.checks.located import error_at
from generator.problems import Problem
from generator.site import Site

SINCE_HINT = (
    "add `to:` with the date the source gives for the end of the office; if no source "
    "gives one, write `as_of:` (the date the source shows it held) instead of `from:`"
)


def check_superseded_offices(site: Site) -> list[Problem]:
    history = site.office_history
    return [
        error_at(
            person.position,
            ("offices", index, "from"),
            f'person "{person.id}" is shown holding "{office.office}" since '
            f"{office.start.isoformat()}, but the sources show the office held later by "
            "someone else or this person in a later office",
            SINCE_HINT,
            value=True,
        )
        for person in site.corpus.people.values()
        for index, office in enumerate(person.offices)
        if office.start and not office.end and history.is_former(person, office)
    ]
