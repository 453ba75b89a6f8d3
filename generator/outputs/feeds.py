"""Atom feeds of dated updates: one for the whole site and one per relationship.

An update is a changelog entry of a relationship (``changelog:`` in its
``data.yaml``) or an article in ``content/updates/``, which Pelican reads. Every
date in a feed comes from the content, never from the clock, and every entry id is
derived from what the entry is, so feed readers see the same entry build after build.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed
from markupsafe import Markup, escape
from pelican.contents import Article

from generator.model.dates import PartialDate
from generator.settings import Settings
from generator.site import Briefing, Site
from generator.site.urls import SITE_FEED, public_url, relationship_feed

ENTRY_ID_NAMESPACE = uuid.UUID("0d8f7b1e-6a52-4c3e-8f0b-93d4a2c5e671")
"""Fixed, so an entry's id never changes; ids must not follow the site to a new host."""


@dataclass(frozen=True)
class Update:
    """One dated change a reader may want to hear about."""

    ident: str
    """Stable identity, e.g. ``kz-tr/changelog/2026-02-01``; the entry id derives from it."""
    date: PartialDate
    title: str
    summary: str
    """Plain text."""
    page: str
    """The page that changed, as a site URL such as ``relationships/kz-tr/``."""
    relationship: str | None = None


def collect_updates(site: Site, articles: Iterable[Article], prefix: str = "") -> list[Update]:
    """Changelog entries of published relationships and the articles Pelican published,
    newest first; ``prefix``: the folder of the site's language (``tr/``)."""
    updates = [u for briefing in site.briefings for u in changelog_updates(briefing, site, prefix)]
    updates += [_article_update(article) for article in articles]
    return sorted(updates, key=lambda u: (-u.date.start.toordinal(), u.ident))


def changelog_updates(briefing: Briefing, site: Site, prefix: str = "") -> list[Update]:
    seen: dict[str, int] = {}
    updates = []
    wording = site.wording
    for entry in briefing.relationship.data.changelog:
        ident = f"{prefix}{briefing.slug}/changelog/{entry.date.isoformat()}"
        seen[ident] = seen.get(ident, 0) + 1
        if seen[ident] > 1:
            ident = f"{ident}/{seen[ident]}"
        updates.append(
            Update(
                ident=ident,
                date=entry.date,
                title=wording.gettext(
                    "%(title)s: update of %(date)s",
                    title=briefing.title,
                    date=wording.date(entry.date),
                ),
                summary=entry.summary,
                page=prefix + briefing.url,
                relationship=briefing.slug,
            )
        )
    return updates


def write_feeds(
    site_dir: Path, site: Site, updates: list[Update], settings: Settings, prefix: str = ""
) -> None:
    """Write the site feed and one feed per published relationship, in the site's
    language, under its folder (``prefix``)."""
    canonical = settings.canonical_url
    name = settings.site_name
    language = site.lang
    reviewed = [b.front.reviewed for b in site.briefings]
    _write(
        site_dir / prefix / SITE_FEED,
        _feed(
            site.wording.gettext("%(site)s: updates", site=name),
            prefix,
            prefix + SITE_FEED,
            updates,
            max(reviewed, default=None),
            canonical,
            name,
            language,
        ),
    )
    for briefing in site.briefings:
        path = prefix + relationship_feed(briefing.slug)
        own = [u for u in updates if u.relationship == briefing.slug]
        _write(
            site_dir / path,
            _feed(
                site.wording.gettext("%(title)s: updates", title=briefing.title),
                prefix + briefing.url,
                path,
                own,
                briefing.front.reviewed,
                canonical,
                name,
                language,
            ),
        )


class _ContentDatedFeed(Atom1Feed):  # type: ignore[misc]
    """An Atom feed whose ``updated`` falls back to a content date, not to now."""

    def __init__(self, *args: Any, fallback: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fallback = fallback

    def latest_post_date(self) -> dt.datetime:
        dates = [item["updateddate"] for item in self.items if item["updateddate"]]
        return max(dates, default=self._fallback)


def _feed(
    title: str,
    page: str,
    path: str,
    updates: Iterable[Update],
    fallback: PartialDate | None,
    canonical: str,
    author: str,
    language: str,
) -> str:
    here = str(Path(path).parent)
    feed = _ContentDatedFeed(
        title=title,
        link=public_url(page, canonical, here),
        description="",
        language=language,
        author_name=author,
        feed_url=public_url(path, canonical) if canonical else None,
        feed_guid=_urn(f"{author}/{path}"),
        fallback=_moment(fallback.start if fallback else dt.date(2000, 1, 1)),
    )
    for update in updates:
        feed.add_item(
            title=update.title,
            link=public_url(update.page, canonical, here),
            description=str(escape(update.summary)),
            unique_id=_urn(f"{author}/{update.ident}"),
            pubdate=_moment(update.date.start),
            updateddate=_moment(update.date.start),
        )
    text: str = feed.writeString("utf-8")
    return text


def _article_update(article: Article) -> Update:
    summary = Markup(article.summary or "").striptags()
    return Update(
        ident=f"updates/{article.slug}",
        date=PartialDate(article.date.year, article.date.month, article.date.day),
        title=str(article.title),
        summary=summary,
        page=article.url,
    )


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ENTRY_ID_NAMESPACE, name)}"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
