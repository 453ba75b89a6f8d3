"""What the PDF step is asked to make, what it reports, and what a worker sends back.

A :class:`PdfJob` is one document; a :class:`LaterJob` is a book that can be described
only once its parts exist (its contents list needs their page counts). Jobs travel to
worker processes and outcomes back, so both are plain picklable values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.pdf.assembly import Part

METADATA_KEYS = frozenset({"title", "author", "subject", "keywords", "lang", "created"})


@dataclass(frozen=True)
class PdfJob:
    """One document to render: ``html_path`` to ``pdf_path``, which is inside the site.

    ``url`` is where the document is published, relative to the site's root (for
    example ``relationships/kz-tr/index.html``): its relative links resolve from there.
    ``html_path`` may lie outside the site (a document composed only for its PDF).
    ``label`` names the document in progress and warnings. ``parts``, PDFs inside the
    site, follow the rendered page in the PDF (a book: the page is its front matter).
    ``earlier`` is the cache key of the book's last version, if the cache has one: the
    parts that have not changed since are copied from it.
    """

    html_path: Path
    pdf_path: Path
    label: str
    url: str
    metadata: dict[str, str]
    parts: tuple[Part, ...] = ()
    earlier: str = ""


@dataclass(frozen=True)
class LaterJob:
    """A job that can be described only once the PDFs ``after`` exist: ``make`` (called
    in the calling process, then) returns it, given the page counts of the run's PDFs as
    their workers or the cache reported them. If one of them fails, it is not made."""

    label: str
    pdf_path: Path
    after: tuple[Path, ...]
    make: Callable[[Mapping[Path, int]], PdfJob]


@dataclass
class PdfReport:
    """What a run did; ``warnings`` name the page they concern, ``failed`` pages have no PDF."""

    rendered: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class BuiltSite:
    """The built site's folder and the URL it is published at (ending in ``/``)."""

    root: Path
    url: str


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for one job; picklable."""

    job: PdfJob
    key: str = ""
    resources: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str = ""
    pages: int = 0
    """The PDF's page count, which the books holding it need for their contents (none
    for a book, which no book holds)."""

    @classmethod
    def failure(cls, job: PdfJob, error: BaseException, warnings: tuple[str, ...] = ()) -> Outcome:
        """The job made no PDF, because of ``error``."""
        message = f"could not render {job.label}: {type(error).__name__}: {error}"
        return cls(job, warnings=warnings, error=message)
