"""One page through WeasyPrint, in a worker process: the only place that calls it.

Each page is rendered as if it stood at its public address (``site_url`` + the job's
``url``), through a fetcher that reads the site's files from the build folder and
records every file the page actually loaded (the cache keys on them). Links between
pages therefore lead to the published site, and no PDF names the folder it was built
in. A book's front matter is rendered the same way, and its parts follow it
(:mod:`generator.pdf.assembly`).

Output is reproducible: dates come from the content (``metadata["created"]``), never
from the clock (the web fonts are decoded without a timestamp, :mod:`generator.pdf.fonts`);
and the PDF file identifier is derived from the cache key (a book's from its content).
Attachments (``<link rel="attachment">``, ``<a rel="attachment">``) are never embedded:
a briefing has no use for them and they would carry the clock's time.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import weasyprint
from weasyprint.pdf import VARIANTS

from generator.pdf.artifacts import draw_artifacts
from generator.pdf.assembly import assemble
from generator.pdf.cache import atomic_file, cache_key, earlier_book, part_digests, save_layout
from generator.pdf.fetcher import ConfinedFetcher, RefusedURLError
from generator.pdf.fonts import FontDecodingFetcher, run_fonts
from generator.pdf.jobs import BuiltSite, Outcome, PdfJob
from generator.pdf.messages import weasyprint_records
from generator.pdf.page_references import find_page_references_in_two_layouts
from generator.pdf.structure import complete_tables
from generator.pdf.stylesheets import parse_stylesheets_once

DEFAULT_VARIANT = "pdf/ua-1"
# PDF/X-4 and later stamp the clock and a random UUID into the PDF, so only these.
REPRODUCIBLE_VARIANTS = frozenset(
    name for name in VARIANTS if name.startswith(("pdf/ua-", "pdf/a-"))
)
NOT_EMBEDDED = "attachments are not embedded"


def render_job(job: PdfJob, site: BuiltSite, cache_dir: Path, variant: str) -> Outcome:
    """Render one page into the cache and copy it to its place; runs in a worker process."""
    draw_artifacts()
    find_page_references_in_two_layouts()
    parse_stylesheets_once()
    fetcher = FontDecodingFetcher(
        site.url, site.root, document=job.label, fonts_dir=cache_dir / "fonts"
    )
    try:
        html = job.html_path.read_bytes()
        with weasyprint_records() as records:
            page = weasyprint.HTML(
                string=html, base_url=urljoin(site.url, job.url), url_fetcher=fetcher
            )
            document = page.render(
                pdf_variant=variant, pdf_tags=True, font_config=run_fonts(site.root)
            )
            _apply_metadata(document.metadata, job.metadata)
            _drop_attachments(page, document, fetcher)
            key = cache_key(job, site, html, fetcher.loaded, variant, part_digests(job))
            pdf = document.write_pdf(
                pdf_variant=variant, pdf_tags=True, pdf_identifier=key[:32].encode()
            )
            pdf = complete_tables(pdf, document)
        cached = cache_dir / f"{key}.pdf"
        layout = None
        with atomic_file(cached) as file:
            if job.parts:
                previous = earlier_book(cache_dir, job.earlier)
                layout = assemble(pdf, job.parts, file, previous)
            else:
                file.write(pdf)
        if layout is not None:
            save_layout(cached, layout)
        with atomic_file(job.pdf_path) as file, cached.open("rb") as made:
            shutil.copyfileobj(made, file)
    except Exception as error:
        return Outcome.failure(job, error, warnings=tuple(fetcher.refusals))
    return Outcome(
        job,
        key=key,
        resources=tuple(sorted(str(path) for path in fetcher.loaded)),
        warnings=(
            *fetcher.refusals,
            *(f"{job.label}: {message}" for message in _messages(records)),
        ),
        pages=0 if job.parts else len(document.pages),
    )


def _apply_metadata(target: Any, metadata: Mapping[str, str]) -> None:
    """Overwrite what WeasyPrint read from the HTML with the content's own metadata."""
    if "title" in metadata:
        target.title = metadata["title"]
    if "author" in metadata:
        target.authors = [metadata["author"]]
    if "subject" in metadata:
        target.description = metadata["subject"]
    if "keywords" in metadata:
        target.keywords = [word.strip() for word in metadata["keywords"].split(",") if word.strip()]
    if "lang" in metadata:
        target.lang = metadata["lang"]
    # Both dates come from the content, so the PDF does not change when rebuilt.
    target.created = target.modified = metadata.get("created")


def _drop_attachments(page: weasyprint.HTML, document: Any, fetcher: ConfinedFetcher) -> None:
    """Embed no files: drop ``<link rel=attachment>``, make ``<a rel=attachment>`` plain links."""
    for element in page.etree_element.iter("link"):
        if "attachment" in element.get("rel", "").lower().split() and element.get("href"):
            fetcher.refuse(urljoin(page.base_url or "", element.get("href")), NOT_EMBEDDED)
    document.metadata.attachments = []
    for pdf_page in document.pages:
        for kind, target, *_ in pdf_page.links:
            if kind == "attachment":
                fetcher.refuse(target, NOT_EMBEDDED)
        pdf_page.links = [
            ("external" if kind == "attachment" else kind, target, *rest)
            for kind, target, *rest in pdf_page.links
        ]


def _messages(records: list[logging.LogRecord]) -> Iterator[str]:
    """WeasyPrint's messages, but those about refused URLs (the fetcher reports them)."""
    for record in records:
        message = record.getMessage()
        if RefusedURLError.__name__ not in message:
            yield message
