"""Links in a briefing's Markdown must lead to pages the site publishes.

A hand-written link such as ``[x](../tr-us/)`` or ``[x](/countries/zz/)`` is resolved
from the briefing's own address and compared with the pages the build writes for
relationships, countries, people, mechanisms, organizations and topics, and with
the site's one-of-a-kind pages. Links into other parts of the site (updates, pages,
exports) are left to the generators that own them; a link that climbs above the site
root is always broken. ``[[kind:id]]`` references to an entity that has no page
(a draft relationship, a country without a published relationship) are broken too.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from generator.markdown import MarkdownLink
from generator.problems import Problem, error
from generator.site import REGISTRY_KINDS, Site
from generator.site.urls import PAGE_URLS, url_for

PAGE_KINDS = ("relationship", "country", *REGISTRY_KINDS)

SECTIONS = {url_for(kind, "x").split("/")[0]: kind for kind in PAGE_KINDS}
"""``relationships`` → ``relationship``: the folder each kind of entity page lives in."""

REFERENCE_HINTS = {
    "relationship": "set `status: published` in that relationship's index.md, or write its "
    "name as plain text",
    "country": "a country has a page only when a published relationship involves it: write "
    "its name as plain text",
}


@dataclass(frozen=True)
class Link:
    """A link or reference in the body, with where its text starts (0-based)."""

    line: int
    column: int
    href: str = ""
    kind: str = ""
    ident: str = ""


def check_links(site: Site) -> list[Problem]:
    pages = published_pages(site)
    problems = []
    for briefing in site.all_briefings:
        relationship = briefing.relationship
        document = relationship.index
        page_url = url_for("relationship", relationship.slug)
        # A draft is checked as it will be once published, with its own pages.
        own = {page_url, *(url_for("country", code) for code in relationship.front.countries)}
        known = pages | own
        for link in _located(document.body, briefing.narrative.links):
            found = (
                _broken_reference(site, known, link)
                if link.kind
                else _broken_link(site, known, page_url, link.href)
            )
            if found is not None:
                line, column = document.body_line + link.line, link.column + 1
                problems.append(error(document.display_path, line, column, *found))
    return problems


def published_pages(site: Site) -> set[str]:
    """Site-relative URLs (``countries/kz/``) of every entity page and one-of-a-kind page."""
    pages = set(PAGE_URLS.values())
    pages |= {briefing.url for briefing in site.briefings}
    pages |= {url_for("country", country.code) for country in site.countries}
    pages |= {url_for(kind, ident) for kind in REGISTRY_KINDS for ident in site.registry_of(kind)}
    return pages


def _broken_link(site: Site, pages: set[str], page_url: str, href: str) -> tuple[str, str] | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another site, an e-mail address, or a place on this page
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(page_url, path)
    resolved = posixpath.normpath(joined or ".")
    if resolved == ".." or resolved.startswith("../"):
        return (
            f'broken link "{href}": it leads outside the site',
            "link to a page of this site, or give a full https:// address",
        )
    segments = [s for s in resolved.split("/") if s not in (".", "index.html")]
    if not segments or "/".join(segments) + "/" in pages or segments[0] not in SECTIONS:
        return None
    if len(segments) < 2 or f"{segments[0]}/{segments[1]}/" in pages:
        return None
    kind, ident = SECTIONS[segments[0]], segments[1]
    drafts = {r.slug for r in site.corpus.relationships} - {b.slug for b in site.briefings}
    if kind == "relationship" and ident in drafts:
        message = f'the relationship "{ident}" is not published yet'
        return f'broken link "{href}": {message}', REFERENCE_HINTS[kind]
    return (
        f'broken link "{href}": there is no {kind} page "{ident}"',
        f"link with [[{kind}:id]] instead, which is checked by id and always leads to "
        "the right page",
    )


def _broken_reference(site: Site, pages: set[str], link: Link) -> tuple[str, str] | None:
    if site.label(link.kind, link.ident) is None:
        return None  # an unknown reference, reported by checks/references.py
    if url_for(link.kind, link.ident) in pages:
        return None
    return (
        f"[[{link.kind}:{link.ident}]] links to a page the site does not publish",
        REFERENCE_HINTS.get(link.kind, "write the name as plain text"),
    )


def _located(body: str, links: list[MarkdownLink]) -> Iterator[Link]:
    """Every link and reference the renderer found in the body, located in its raw text."""
    lines = body.split("\n")
    for link in links:
        if link.kind:
            line, column = _find(lines, link.block_line, (link.markup,))
            yield Link(line, column, kind=link.kind, ident=link.ident)
        else:
            line, column = _find(lines, link.block_line, (link.href, unquote(link.href)))
            yield Link(line, column, href=link.href)


def _find(lines: list[str], start: int, candidates: tuple[str, ...]) -> tuple[int, int]:
    """The first place, from the block's first line on, where the raw text appears; a
    reference-style link's address is in its definition, which may come before."""
    for number in [*range(start, len(lines)), *range(start)]:
        for candidate in candidates:
            column = lines[number].find(candidate) if candidate else -1
            if column >= 0:
                return number, column
    return start, 0
