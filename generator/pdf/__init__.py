"""The PDF step: built HTML pages to tagged, reproducible PDFs, loading only the site's files.

Briefs are rendered from their pages; briefing books are a rendered front matter
followed by the briefs' PDFs, assembled with pikepdf (``assembly``). This package is the
only place that imports WeasyPrint or pikepdf.
"""

from generator.pdf.fetcher import ConfinedFetcher
from generator.pdf.render import PdfJob, PdfReport, render_pdfs

__all__ = ["ConfinedFetcher", "PdfJob", "PdfReport", "render_pdfs"]
