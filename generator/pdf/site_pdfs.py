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

from collections.abc import Collection, Mapping, Sequence
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
from generator.site import Briefing, MeetingBrief, Site, meeting_briefs
from generator.site.urls import language_prefix, page_file, public_site_url

PDF_CACHE_FOLDER = "pdf"
"""The PDF cache, in the settings' cache folder (``.briefings-cache/pdf``)."""
TEMPORARY_FOLDER = "tmp"
"""Under the PDF cache: each run's temporary files (book front matters, WeasyPrint's
fonts), in a folder removed when the run ends or, if it was killed, by the next run."""


def render_site_pdfs(
    sites: Sequence[Site],
    site_dir: Path,
    settings: Settings,
    *,
    progress: bool = False,
    only: Collection[str] | None = None,
) -> PdfReport:
    """Render every brief and book of ``sites`` (the site in each of its languages),
    built into ``site_dir``, or only those whose site-relative URLs are in ``only`` (the
    preview renders a PDF when opened; a shard renders its briefs). A book in ``only``
    brings its briefs along.

    The cache is ``pdf/`` in the settings' cache folder; ``settings.workers`` render."""
    cache_dir = settings.cache_dir / PDF_CACHE_FOLDER
    site_url = public_site_url(settings.canonical_url)
    plans = [
        (plan, site)
        for site in sites
        for plan in book_plans(site, settings)
        if only is None or plan.url in only
    ]
    wanted = None if only is None else {*only, *(url for p, _ in plans for url in p.brief_urls)}
    briefs = [
        _brief_job(site_dir, briefing, site, settings)
        for site in sites
        for briefing in site.briefings
        if wanted is None or _in_language(site, settings, briefing.pdf_url) in wanted
    ]
    briefs += [
        _meeting_job(site_dir, brief, site, settings)
        for site in sites
        for briefing in site.briefings
        for brief in meeting_briefs(briefing, site.corpus.sources)
        if wanted is None or _in_language(site, settings, brief.pdf_url) in wanted
    ]
    with run_folder(cache_dir / TEMPORARY_FOLDER) as scratch:
        counts: dict[Path, int] = {}
        books = [
            LaterJob(
                label=plan.url,
                pdf_path=site_dir / plan.url,
                after=tuple(site_dir / url for url in plan.brief_urls),
                make=partial(_book_job, plan, site, site_dir, scratch, settings, counts),
            )
            for plan, site in plans
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


def _in_language(site: Site, settings: Settings, url: str) -> str:
    """``url`` of ``site``'s language, from the site's root (``tr/relationships/…``)."""
    return language_prefix(site.lang, settings.lang) + url


def _brief_job(site_dir: Path, briefing: Briefing, site: Site, settings: Settings) -> PdfJob:
    front = briefing.front
    page = page_file(_in_language(site, settings, briefing.url))
    countries = [site.wording.country(c.code) for c in briefing.countries]
    return PdfJob(
        html_path=site_dir / page,
        pdf_path=site_dir / _in_language(site, settings, briefing.pdf_url),
        label=briefing.relationship.index.display_path,
        url=page,
        metadata={
            "title": site.wording.gettext("%(title)s: briefing", title=briefing.title),
            "author": settings.site_name,
            "subject": front.summary,
            "keywords": ", ".join(countries + list(front.topics)),
            "lang": site.lang,
            "created": front.reviewed.end.isoformat(),
        },
    )


def _meeting_job(site_dir: Path, brief: MeetingBrief, site: Site, settings: Settings) -> PdfJob:
    """A meeting brief, printed from its page; it goes into no book."""
    page = page_file(_in_language(site, settings, brief.url))
    event = brief.event.event
    return PdfJob(
        html_path=site_dir / page,
        pdf_path=site_dir / _in_language(site, settings, brief.pdf_url),
        label=event.position.file,
        url=page,
        metadata={
            "title": site.wording.gettext("%(title)s: meeting brief", title=event.title),
            "author": settings.site_name,
            "subject": brief.briefing.title,
            "keywords": ", ".join(site.wording.country(c.code) for c in brief.briefing.countries),
            "lang": site.lang,
            "created": brief.briefing.front.reviewed.end.isoformat(),
        },
    )


def _book_job(
    plan: BookPlan,
    site: Site,
    site_dir: Path,
    scratch: Path,
    settings: Settings,
    counts: dict[Path, int],
    reported: Mapping[Path, int],
) -> PdfJob:
    """Compose the book's front matter into ``scratch`` and describe the book, once its
    briefs are rendered.

    ``reported`` gives the page counts the run knows; ``counts`` remembers, across the
    books, those of briefs it had to open to count (made before the cache kept counts).
    """
    parts = tuple(
        Part(site_dir / url, b.title, b.slug)
        for url, b in zip(plan.brief_urls, plan.briefings, strict=True)
    )
    for part in parts:
        if part.pdf not in counts:
            counts[part.pdf] = reported.get(part.pdf) or page_count(part.pdf)
    starts = book_page_numbers([counts[part.pdf] for part in parts])
    site_url = public_site_url(settings.canonical_url)
    front = BookFrontMatter(
        title=plan.title,
        description=plan.description,
        url=f"{site_url}{plan.url}" if settings.canonical_url else "",
        site_url=site_url,
        site_name=settings.site_name,
        distribution=settings.marking,
        distribution_lang="" if site.lang == settings.lang else settings.lang,
        as_of=site.wording.date(site.as_of),
        lang=site.lang,
        contents=[
            ContentsEntry(part.anchor, part.title, start)
            for part, start in zip(parts, starts, strict=True)
        ],
    )
    html_path = scratch / plan.url.replace("/", "-").replace(".pdf", ".html")
    composed = compose_front_matter(front, settings.theme_dir / "templates", site.wording.texts)
    html_path.write_text(composed, "utf-8")
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
            "lang": site.lang,
            "created": max(b.front.reviewed.end for b in plan.briefings).isoformat(),
        },
        parts=parts,
    )
