"""The PDF step: built HTML pages to tagged, reproducible PDFs, loading only the site's files.

Briefs are rendered from their pages; briefing books are a rendered front matter
followed by the briefs' PDFs, assembled with pikepdf (``assembly``). This package is the
only place that imports WeasyPrint or pikepdf, and other packages import what they use
from here, not from its modules.

Importing WeasyPrint is a noticeable part of a short command's time
(docs/performance.md, "Measurements behind the code"), and HTML-only builds and
``briefings check`` never render a PDF, so the names that need it are loaded when
first used; sharding, which needs no PDF library, is loaded at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from generator.pdf.shards import Shard, merge_shard_caches, shard_pdf_urls

if TYPE_CHECKING:
    from generator.pdf.fetcher import ConfinedFetcher
    from generator.pdf.jobs import LaterJob, PdfJob, PdfReport
    from generator.pdf.render import render_pdfs
    from generator.pdf.site_pdfs import render_site_pdfs

_LOADED_WHEN_USED = {
    "ConfinedFetcher": "generator.pdf.fetcher",
    "LaterJob": "generator.pdf.jobs",
    "PdfJob": "generator.pdf.jobs",
    "PdfReport": "generator.pdf.jobs",
    "render_pdfs": "generator.pdf.render",
    "render_site_pdfs": "generator.pdf.site_pdfs",
}

__all__ = [
    "ConfinedFetcher",
    "LaterJob",
    "PdfJob",
    "PdfReport",
    "Shard",
    "merge_shard_caches",
    "render_pdfs",
    "render_site_pdfs",
    "shard_pdf_urls",
]


def __getattr__(name: str) -> object:
    module = _LOADED_WHEN_USED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
