"""A briefing's revision history, and what changed since a reader last saw it.

The history comes from the ``changelog`` of the relationship's ``data.yaml``: dated
entries that editors write when they revise a briefing. Each earlier date also gets
a page of only what came after it, so a reader who saw the brief of that date can
read just the changes, without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from generator.model.dates import PartialDate
from generator.model.relationships import ChangelogEntry
from generator.site import ENGLISH, Briefing, Wording
from generator.site.urls import since_url


@dataclass(frozen=True)
class ChangeGroup:
    date: PartialDate
    entries: list[ChangelogEntry]

    @property
    def anchor(self) -> str:
        return f"changes-{self.date.isoformat()}"


@dataclass(frozen=True)
class SinceLink:
    date: PartialDate
    url: str
    count: int


@dataclass
class ChangesPage:
    briefing: Briefing
    url: str
    title: str
    since: PartialDate | None
    groups: list[ChangeGroup] = field(default_factory=list)
    since_links: list[SinceLink] = field(default_factory=list)


def changes_pages(briefing: Briefing, wording: Wording = ENGLISH) -> list[ChangesPage]:
    """The full history first, then one page per earlier edition date, titled in
    ``wording``'s language."""
    groups = [
        ChangeGroup(date, list(entries))
        for date, entries in groupby(briefing.changelog, key=lambda entry: entry.date)
    ]
    earlier = [group.date for group in groups[1:]]
    links = [
        SinceLink(
            date,
            since_url(briefing.slug, date.isoformat()),
            sum(len(group.entries) for group in groups if group.date.start > date.end),
        )
        for date in earlier
    ]
    pages = [
        ChangesPage(
            briefing,
            briefing.changes_url,
            wording.gettext("Revision history: %(title)s", title=briefing.title),
            None,
            groups,
            links,
        )
    ]
    for date in earlier:
        newer = [group for group in groups if group.date.start > date.end]
        pages.append(
            ChangesPage(
                briefing,
                since_url(briefing.slug, date.isoformat()),
                wording.gettext(
                    "What changed since %(date)s: %(title)s",
                    date=wording.date(date),
                    title=briefing.title,
                ),
                date,
                newer,
                links,
            )
        )
    return pages
