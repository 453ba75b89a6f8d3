"""The PDF step: built HTML pages to tagged, reproducible PDFs, loading only the site's files.

This package is the only place that imports WeasyPrint.
"""

from generator.pdf.fetcher import ConfinedFetcher
from generator.pdf.render import PdfJob, PdfReport, render_pdfs

__all__ = ["ConfinedFetcher", "PdfJob", "PdfReport", "render_pdfs"]
