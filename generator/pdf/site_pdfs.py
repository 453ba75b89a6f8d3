"""The site's PDFs: a brief per briefing, a briefing book per country and one for the site.

Briefs are rendered from their built pages; books are composed from the same pages
(see :mod:`generator.pdf.books`) into a scratch folder that never reaches the output.
All of them go through one :func:`render_pdfs` call, so they share the worker pool and
the cache: a book is rendered again only when one of its briefings (or the theme)
changed. A brief is labelled with its content file, so a URL the fetcher refuses is
reported against the file the author can fix.
"""

from __future__ import annotations

import tempfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.model.countries import Country
from generator.pdf.books import Book, compose_book, read_part
from generator.pdf.render import PdfJob, PdfReport, render_pdfs
from generator.site import Briefing, Site

SITE_BOOK_URL = "books/briefings.pdf"
UNKNOWN_SITE_URL = "https://briefings.invalid/"
"""Where PDFs say the site lives when ``SITEURL_CANONICAL`` is not set: a reserved name
that never resolves, rather than a path on the machine that built them."""


def book_url(country: Country) -> str:
    """Where the briefing book of ``country`` is published, relative to the site."""
    return f"books/{country.slug}.pdf"


@dataclass(frozen=True)
class _BookPlan:
    url: str
    title: str
    description: str
    briefings: Sequence[Briefing]


def render_site_pdfs(
    site: Site,
    site_dir: Path,
    settings: Mapping[str, Any],
    *,
    cache_dir: Path,
    workers: int | None = None,
    progress: bool = False,
    only: Collection[str] | None = None,
) -> PdfReport:
    """Render every brief and book of ``site``, built into ``site_dir``, or only those
    whose site-relative URLs are in ``only`` (the preview renders a PDF when opened)."""
    site_url = public_site_url(settings)
    briefs = [
        _brief_job(site_dir, briefing, settings)
        for briefing in site.briefings
        if only is None or briefing.pdf_url in only
    ]
    with tempfile.TemporaryDirectory(prefix="briefings-books-") as scratch:
        books = [
            _book_job(plan, site_dir, site_url, Path(scratch), site, settings)
            for plan in _book_plans(site, settings)
            if only is None or plan.url in only
        ]
        report = render_pdfs(
            briefs + books,
            site_dir=site_dir,
            site_url=site_url,
            cache_dir=cache_dir,
            workers=workers,
            progress=progress,
            variant=settings["BRIEFINGS_PDF_VARIANT"],
        )
    report.warnings = _without_book_repeats(
        report.warnings, [job.label for job in briefs], [job.label for job in books]
    )
    return report


def public_site_url(settings: Mapping[str, Any]) -> str:
    """The site's public address, ending in ``/``: ``SITEURL_CANONICAL`` when set."""
    canonical = str(settings.get("SITEURL_CANONICAL") or "").rstrip("/")
    return f"{canonical}/" if canonical else UNKNOWN_SITE_URL


def _brief_job(site_dir: Path, briefing: Briefing, settings: Mapping[str, Any]) -> PdfJob:
    front = briefing.front
    return PdfJob(
        html_path=site_dir / briefing.url / "index.html",
        pdf_path=site_dir / briefing.pdf_url,
        label=briefing.relationship.index.display_path,
        url=f"{briefing.url}index.html",
        metadata={
            "title": f"{briefing.title}: briefing",
            "author": settings["SITENAME"],
            "subject": front.summary,
            "keywords": ", ".join([c.name for c in briefing.countries] + list(front.topics)),
            "lang": settings.get("DEFAULT_LANG", "en"),
            "created": front.reviewed.end.isoformat(),
        },
    )


def _book_plans(site: Site, settings: Mapping[str, Any]) -> list[_BookPlan]:
    if not site.briefings:
        return []
    plans = []
    for country in site.countries:
        briefings = [b for b in site.briefings if country in b.countries]
        if briefings:
            plans.append(
                _BookPlan(
                    url=book_url(country),
                    title=f"{country.name}: briefing book",
                    description=f"Every briefing on a bilateral relationship of {country.name}.",
                    briefings=briefings,
                )
            )
    plans.append(
        _BookPlan(
            url=SITE_BOOK_URL,
            title=f"{settings['SITENAME']}: all briefings",
            description="Every bilateral-relationship briefing of the site.",
            briefings=site.briefings,
        )
    )
    return plans


def _book_job(
    plan: _BookPlan,
    site_dir: Path,
    site_url: str,
    scratch: Path,
    site: Site,
    settings: Mapping[str, Any],
) -> PdfJob:
    """Compose the book's HTML into ``scratch`` and describe its rendering."""
    parts = [
        read_part(
            site_dir / briefing.url / "index.html",
            f"{site_url}{briefing.url}index.html",
            prefix=briefing.slug,
            title=briefing.title,
        )
        for briefing in plan.briefings
    ]
    book = Book(
        title=plan.title,
        description=plan.description,
        url=f"{site_url}{plan.url}",
        site_name=settings["SITENAME"],
        distribution=settings["BRIEFINGS_DISTRIBUTION"],
        as_of=site.as_of.strftime("%-d %B %Y"),
        parts=parts,
    )
    html_path = scratch / plan.url.replace("/", "-").replace(".pdf", ".html")
    html_path.write_text(compose_book(book, Path(settings["THEME"]) / "templates"), "utf-8")
    titles = [briefing.title for briefing in plan.briefings]
    return PdfJob(
        html_path=html_path,
        pdf_path=site_dir / plan.url,
        label=plan.url,
        url=plan.url,
        metadata={
            "title": plan.title,
            "author": settings["SITENAME"],
            "subject": plan.description,
            "keywords": ", ".join(titles),
            "lang": settings.get("DEFAULT_LANG", "en"),
            "created": max(b.front.reviewed.end for b in plan.briefings).isoformat(),
        },
    )


def _without_book_repeats(
    warnings: Sequence[str], brief_labels: Sequence[str], book_labels: Sequence[str]
) -> list[str]:
    """Drop a book's warnings that a brief already gave: a book is made of the briefs'
    pages, so the brief's warning, which names the content file to fix, says it all."""
    seen = set(warnings)
    return [
        warning
        for warning in warnings
        if not any(
            book in warning and warning.replace(book, brief) in seen
            for book in book_labels
            for brief in brief_labels
        )
    ]
