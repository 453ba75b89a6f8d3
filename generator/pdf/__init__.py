"""The PDF step: built HTML pages to tagged, reproducible PDFs, loading only the site's files.

Briefs are rendered from their pages; briefing books are a rendered front matter
followed by the briefs' PDFs, assembled with pikepdf (``assembly``). This package is the
only place that imports WeasyPrint or pikepdf.
"""

from generator.pdf.fetcher import ConfinedFetcher
from generator.pdf.jobs import LaterJob, PdfJob, PdfReport
from generator.pdf.render import render_pdfs

__all__ = ["ConfinedFetcher", "LaterJob", "PdfJob", "PdfReport", "render_pdfs"]
