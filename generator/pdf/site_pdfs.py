"""The site's PDFs: a brief per briefing, a briefing book per country and one for the site.

One run of :func:`render_pdfs`, one worker pool, one cache:

- the briefs, each rendered by WeasyPrint from its built page (or copied from the
  cache when its page and what it loads are unchanged);
- the books, each a front matter rendered from ``print/book.html`` (cover, contents
  with the parts' page numbers) followed by its briefs' PDFs, assembled with their
  tags, outlines and links (:mod:`generator.pdf.assembly`). A book is described (its
  front matter composed) as soon as its last brief is done, and queued for the same
  workers; no worker waits while the books are planned.

A book is cached by its front matter and the bytes of its parts, so editing one
relationship renders that brief again and re-assembles only the books holding it (its
two countries' and the site's): no brief is laid out twice. A brief is
labelled with its content file, so a URL the fetcher refuses is reported against the
file the author can fix; a book whose brief failed is not made, and says why.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial
from pathlib import Path

from generator.pdf.assembly import Part, book_page_numbers, page_count
from generator.pdf.books import (
    BookFrontMatter,
    BookPlan,
    ContentsEntry,
    book_plans,
    compose_front_matter,
)
from generator.pdf.jobs import LaterJob, PdfJob, PdfReport
from generator.pdf.render import render_pdfs
from generator.processes import run_folder
from generator.settings import Settings
from generator.site import Briefing, Site
from generator.site.urls import page_file, public_site_url

PDF_CACHE_FOLDER = "pdf"
"""The PDF cache, in the settings' cache folder (``.briefings-cache/pdf``)."""
TEMPORARY_FOLDER = "tmp"
"""Under the PDF cache: each run's temporary files (book front matters, WeasyPrint's
fonts), in a folder removed when the run ends or, if it was killed, by the next run."""


def render_site_pdfs(
    site: Site,
    site_dir: Path,
    settings: Settings,
    *,
    progress: bool = False,
    only: Collection[str] | None = None,
) -> PdfReport:
    """Render every brief and book of ``site``, built into ``site_dir``, or only those
    whose site-relative URLs are in ``only`` (the preview renders a PDF when opened;
    a shard renders its briefs). A book in ``only`` brings its briefs along.

    The cache is ``pdf/`` in the settings' cache folder; ``settings.workers`` render."""
    cache_dir = settings.cache_dir / PDF_CACHE_FOLDER
    site_url = public_site_url(settings.canonical_url)
    plans = [plan for plan in book_plans(site, settings) if only is None or plan.url in only]
    wanted = None if only is None else {*only, *(b.pdf_url for p in plans for b in p.briefings)}
    briefs = [
        _brief_job(site_dir, briefing, settings)
        for briefing in site.briefings
        if wanted is None or briefing.pdf_url in wanted
    ]
    with run_folder(cache_dir / TEMPORARY_FOLDER) as scratch:
        counts: dict[Path, int] = {}
        books = [
            LaterJob(
                label=plan.url,
                pdf_path=site_dir / plan.url,
                after=tuple(site_dir / b.pdf_url for b in plan.briefings),
                make=partial(_book_job, plan, site, site_dir, scratch, settings, counts),
            )
            for plan in plans
        ]
        return render_pdfs(
            briefs,
            later=books,
            site_dir=site_dir,
            site_url=site_url,
            cache_dir=cache_dir,
            workers=settings.workers,
            progress=progress,
            variant=settings.pdf_variant,
            temporary_dir=scratch,
        )


def _brief_job(site_dir: Path, briefing: Briefing, settings: Settings) -> PdfJob:
    front = briefing.front
    return PdfJob(
        html_path=site_dir / page_file(briefing.url),
        pdf_path=site_dir / briefing.pdf_url,
        label=briefing.relationship.index.display_path,
        url=page_file(briefing.url),
        metadata={
            "title": f"{briefing.title}: briefing",
            "author": settings.site_name,
            "subject": front.summary,
            "keywords": ", ".join([c.name for c in briefing.countries] + list(front.topics)),
            "lang": settings.lang,
            "created": front.reviewed.end.isoformat(),
        },
    )


def _book_job(
    plan: BookPlan,
    site: Site,
    site_dir: Path,
    scratch: Path,
    settings: Settings,
    counts: dict[Path, int],
) -> PdfJob:
    """Compose the book's front matter into ``scratch`` and describe the book, once its
    briefs are rendered.

    ``counts`` remembers the page count of each brief across the books.
    """
    parts = tuple(Part(site_dir / b.pdf_url, b.title, b.slug) for b in plan.briefings)
    for part in parts:
        if part.pdf not in counts:
            counts[part.pdf] = page_count(part.pdf)
    starts = book_page_numbers([counts[part.pdf] for part in parts])
    site_url = public_site_url(settings.canonical_url)
    front = BookFrontMatter(
        title=plan.title,
        description=plan.description,
        url=f"{site_url}{plan.url}",
        site_url=site_url,
        site_name=settings.site_name,
        distribution=settings.distribution,
        as_of=site.as_of.strftime("%-d %B %Y"),
        lang=settings.lang,
        contents=[
            ContentsEntry(part.anchor, part.title, start)
            for part, start in zip(parts, starts, strict=True)
        ],
    )
    html_path = scratch / plan.url.replace("/", "-").replace(".pdf", ".html")
    html_path.write_text(compose_front_matter(front, settings.theme_dir / "templates"), "utf-8")
    return PdfJob(
        html_path=html_path,
        pdf_path=site_dir / plan.url,
        label=plan.url,
        url=plan.url,
        metadata={
            "title": plan.title,
            "author": settings.site_name,
            "subject": plan.description,
            "keywords": ", ".join(part.title for part in parts),
            "lang": settings.lang,
            "created": max(b.front.reviewed.end for b in plan.briefings).isoformat(),
        },
        parts=parts,
    )
