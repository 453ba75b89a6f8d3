"""What a build publishes must be finished: no placeholder, no update Pelican would drop.

``briefings new`` marks what is still to write with ``TODO``. In a draft that is a
warning, as :func:`editorial.check_placeholders` finds it, so half-written work can be
saved and previewed. Content a build publishes as it stands must hold none, so there
a placeholder is an error and the build refuses to publish it: a relationship with
``status: published``, the shared registries (every person, mechanism, organization
and topic has a page; sources are listed where cited), and every update or page
that is not a draft.

Updates and pages are Pelican articles, outside the corpus; Pelican skips one it
cannot read with only a log line, so their mistakes are reported here instead.
"""

from __future__ import annotations

from pathlib import Path

from generator.checks import editorial
from generator.checks.editorial import PLACEHOLDER, PLACEHOLDER_HINT
from generator.checks.located import strings
from generator.content import MarkdownDocument, read_markdown
from generator.markdown import render
from generator.problems import Problem, error, warning
from generator.site import PageLinks, Site, SourceList

PUBLISHED = "published"

PELICAN_DIRS = {"updates": ("an update", ("title", "date")), "pages": ("a page", ("title",))}
"""The folders of ``ARTICLE_PATHS`` and ``PAGE_PATHS`` in pelicanconf.py: what each holds
and the front-matter fields Pelican needs to publish it."""

PAGE_DEPTH_URL = "updates/page/"
"""Updates and pages are rendered as if from here (see ``generator.pages.reader``)."""

UNPUBLISH_HINT = (
    "replace it with sourced text, or set `status: draft` in index.md until every "
    "placeholder is filled in"
)


def check_placeholders(site: Site) -> list[Problem]:
    """Each placeholder once: a warning in a draft, an error in published content
    (a relationship with ``status: published``, or a registry)."""
    corpus = site.corpus
    registries = {document.display_path for document in corpus.registry_documents.values()}
    published = set(registries)
    for relationship in corpus.relationships:
        if relationship.front.status == PUBLISHED:
            published.add(relationship.index.display_path)
            if relationship.data_document is not None:
                published.add(relationship.data_document.display_path)
    return [
        error(
            found.path,
            found.line,
            found.column,
            f"{found.message} in published content",
            PLACEHOLDER_HINT if found.path in registries else UNPUBLISH_HINT,
        )
        if found.path in published
        else found
        for found in editorial.check_placeholders(site)
    ]


def check_updates(site: Site) -> list[Problem]:
    """Each update and page: readable, titled, dated, references known, no placeholder
    unless it is a draft."""
    content_dir = site.corpus.root
    problems: list[Problem] = []
    for folder, (kind, required) in PELICAN_DIRS.items():
        for path in sorted((content_dir / folder).rglob("*.md")):
            shown = _shown(path, content_dir.parent)
            document, found = read_markdown(path, display_path=shown)
            problems += found
            if document is not None:
                problems += _check_document(site, document, kind, required)
    return problems


def _check_document(
    site: Site, document: MarkdownDocument, kind: str, required: tuple[str, ...]
) -> list[Problem]:
    shown = document.display_path
    data = document.front_matter.data
    problems = [
        error(
            shown,
            1,
            1,
            f"missing required field `{key}` in the front matter",
            f"Pelican leaves out {kind} without it; `briefings new update` shows the fields",
        )
        for key in required
        if not data.get(key)
    ]
    links = PageLinks(site, PAGE_DEPTH_URL, SourceList(site.corpus.sources))
    for found in render(document.body, links).problems:
        line = document.body_line + found.line - 1
        problems.append(error(shown, line, found.column, found.message, found.hint))
    return problems + _placeholders(document, draft=data.get("status") == "draft")


def _placeholders(document: MarkdownDocument, *, draft: bool) -> list[Problem]:
    """Placeholders in the body and the front matter: warnings in a draft, else errors."""
    found: list[tuple[int, int, str]] = [
        (document.body_line + offset, match.start() + 1, match.group())
        for offset, text in enumerate(document.body.split("\n"))
        for match in PLACEHOLDER.finditer(text)
    ]
    found += [
        (*document.front_matter.locate(path, value=True), match.group())
        for path, text in strings(document.front_matter.data)
        for match in PLACEHOLDER.finditer(text)
    ]
    if draft:
        return [
            warning(
                document.display_path,
                line,
                column,
                f'placeholder not yet filled in: "{text}"',
                PLACEHOLDER_HINT,
            )
            for line, column, text in found
        ]
    return [
        error(
            document.display_path,
            line,
            column,
            f'placeholder not yet filled in: "{text}" in published content',
            "replace it with sourced text, or set `status: draft` until it is finished",
        )
        for line, column, text in found
    ]


def _shown(path: Path, project_dir: Path) -> str:
    try:
        return str(path.relative_to(project_dir))
    except ValueError:
        return str(path)
