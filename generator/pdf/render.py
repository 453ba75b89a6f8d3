"""Render built HTML pages to PDF: in parallel, cached by content, byte-for-byte reproducible.

:func:`render_pdfs` is the PDF step's one entry point. It copies from the cache every
page that has not changed (:mod:`generator.pdf.cache`), gives the others to the worker
pool (:mod:`generator.pdf.pool`), each rendered by WeasyPrint (:mod:`generator.pdf.weasy`),
and reports what it made.

A job with ``parts`` is a book: the page rendered is its front matter, and the part
PDFs (briefs of the same site) follow it, assembled by :mod:`generator.pdf.assembly`.
A book whose parts are made in the same run is a :class:`LaterJob`: it is described
once its parts exist (its contents list needs their page counts) and joins the same
pool's queue.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from generator.pdf.cache import (
    copy_from_cache,
    manifest_key,
    prune_cache,
    read_manifest,
    write_manifest,
)
from generator.pdf.fetcher import check_site_url
from generator.pdf.jobs import METADATA_KEYS, BuiltSite, LaterJob, Outcome, PdfJob, PdfReport
from generator.pdf.pool import render_all
from generator.pdf.progress import progress_printer
from generator.pdf.weasy import DEFAULT_VARIANT, REPRODUCIBLE_VARIANTS


def render_pdfs(
    jobs: Sequence[PdfJob],
    *,
    site_dir: Path,
    site_url: str,
    cache_dir: Path,
    later: Sequence[LaterJob] = (),
    workers: int | None = None,
    progress: bool = False,
    variant: str = DEFAULT_VARIANT,
    prune: bool = True,
    temporary_dir: Path | None = None,
) -> PdfReport:
    """Render ``jobs``, then each of ``later`` once what it waits for exists, to PDF,
    copying unchanged pages from ``cache_dir``.

    ``site_dir`` is published at ``site_url`` (an absolute ``http(s)://`` URL, the
    canonical address); pages may load its files and ``data:`` URIs only. ``workers=1``
    renders in this process; otherwise a pool of ``workers`` processes (default: one
    per CPU) is used; its processes are spawned, so a script calling this needs the
    ``if __name__ == "__main__":`` guard. A page that fails is reported in ``warnings``
    and ``failed``; it never raises. ``variant`` is a PDF/UA or PDF/A variant of
    WeasyPrint: ``"pdf/ua-1"`` (tagged, the default) or ``"pdf/a-3u"`` (archival, also
    tagged here), for example. ``prune`` forgets the cached PDFs of every other page
    of the site; a caller that renders the site in several calls prunes in the last.
    ``temporary_dir`` receives the temporary files of the rendering (WeasyPrint's
    font folders); by default they go to the system's temporary folder.
    """
    _check_arguments(jobs, site_dir, workers, variant)
    site = BuiltSite(site_dir.resolve(), site_url.rstrip("/") + "/")
    check_site_url(site.url)
    cache_dir.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(cache_dir)
    report = PdfReport()
    show = progress_printer(len(jobs) + len(later)) if progress and sys.stderr.isatty() else None
    waiting = list(later)
    made: set[Path] = set()
    lost: set[Path] = set()
    digests: dict[str, str] = {}
    # The page count of each PDF made, as reported: the books' contents need them, and
    # opening every brief again to count its pages cost about a second at N=200.
    pages: dict[Path, int] = {}

    def record(outcome: Outcome) -> None:
        job = outcome.job
        report.warnings.extend(outcome.warnings)
        if outcome.error:
            report.failed.append(job.pdf_path)
            report.warnings.append(outcome.error)
            lost.add(job.pdf_path)
        else:
            report.rendered.append(job.pdf_path)
            manifest[manifest_key(job, site)] = {
                "key": outcome.key,
                "resources": list(outcome.resources),
                "warnings": list(outcome.warnings),
                "pages": outcome.pages,
            }
            pages[job.pdf_path] = outcome.pages
            made.add(job.pdf_path)
        if show:
            show(job.label)

    def to_render(offered: Sequence[PdfJob]) -> list[PdfJob]:
        """The jobs of ``offered`` the cache cannot serve, and then those of ``waiting``
        that this made ready."""
        pending = []
        while offered:
            for job in offered:
                entry = manifest.get(manifest_key(job, site))
                if entry is not None and copy_from_cache(
                    job, entry, site, cache_dir, variant, digests
                ):
                    report.skipped.append(job.pdf_path)
                    report.warnings.extend(entry.get("warnings", []))
                    if isinstance(entry.get("pages"), int) and entry["pages"] > 0:
                        pages[job.pdf_path] = entry["pages"]
                    made.add(job.pdf_path)
                    if show:
                        show(job.label)
                elif entry is not None and job.parts:
                    pending.append(replace(job, earlier=str(entry.get("key", ""))))
                else:
                    pending.append(job)
            offered = _released(waiting, made, lost, report, site, pages)
        return pending

    def finished(outcome: Outcome) -> list[PdfJob]:
        record(outcome)
        return to_render(_released(waiting, made, lost, report, site, pages))

    count = min(workers or os.cpu_count() or 1, len(jobs) + len(later))
    render_all(to_render(jobs), finished, site, cache_dir, variant, count, temporary_dir)
    for job in waiting:  # waits for a PDF no job makes
        report.failed.append(job.pdf_path)
        report.warnings.append(f"could not make {job.label}: nothing made what it needs")
    if show:
        sys.stderr.write("\n")

    if prune:
        prune_cache(cache_dir, manifest, site)
    else:
        write_manifest(cache_dir, manifest)
    return report


def _released(
    waiting: list[LaterJob],
    made: set[Path],
    lost: set[Path],
    report: PdfReport,
    site: BuiltSite,
    pages: Mapping[Path, int],
) -> list[PdfJob]:
    """Take from ``waiting`` the jobs whose PDFs are all ``made``, described; those
    waiting for a ``lost`` PDF are reported failed (and lost in turn)."""
    ready = []
    for later in list(waiting):
        missing = [path for path in later.after if path in lost]
        if missing:
            waiting.remove(later)
            lost.add(later.pdf_path)
            report.failed.append(later.pdf_path)
            names = ", ".join(_relative(path, site) for path in missing)
            report.warnings.append(f"could not make {later.label}: no {names}")
        elif all(path in made for path in later.after):
            waiting.remove(later)
            job = later.make(pages)
            _check_job(job, site.root)
            ready.append(job)
    return ready


def _relative(path: Path, site: BuiltSite) -> str:
    return path.resolve().relative_to(site.root).as_posix()


def _check_arguments(
    jobs: Sequence[PdfJob], site_dir: Path, workers: int | None, variant: str
) -> None:
    if variant not in REPRODUCIBLE_VARIANTS:
        known = ", ".join(sorted(REPRODUCIBLE_VARIANTS))
        raise ValueError(f"unknown or unsupported PDF variant {variant!r}; known: {known}")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    made_here = {job.pdf_path.resolve() for job in jobs}
    for job in jobs:
        if any(part.pdf.resolve() in made_here for part in job.parts):
            raise ValueError(f"{job.label}: make it a LaterJob, after its parts")
        _check_job(job, site_dir.resolve())


def _check_job(job: PdfJob, site_root: Path) -> None:
    unknown = set(job.metadata) - METADATA_KEYS
    if unknown:
        raise ValueError(f"{job.label}: unknown PDF metadata {', '.join(sorted(unknown))}")
    for path in (job.pdf_path, *(part.pdf for part in job.parts)):
        if not path.resolve().is_relative_to(site_root):
            raise ValueError(f"{job.label}: {path} is outside the site {site_root}")
