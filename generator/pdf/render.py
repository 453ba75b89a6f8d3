"""Render built HTML pages to PDF: in parallel, cached by content, byte-for-byte reproducible.

Each page is rendered by WeasyPrint as if it stood at its public address
(``site_url`` + the job's ``url``), through a ``ConfinedFetcher`` that reads the site's
files from the build folder and records every file the page actually loaded. Links
between pages therefore lead to the published site, and no PDF names the folder it was
built in. The cache key is a SHA-256 over the page's HTML and address, those files'
bytes, the PDF metadata, the variant and the versions of the PDF toolchain, so an
unchanged page is copied from the cache instead of rendered again, and a change to the
HTML, a stylesheet, an image or a web font renders it again. Everything in the cache is
relative to the site, so it serves builds made in any folder.

A job with ``parts`` is a book: the page rendered is its front matter, and the part
PDFs (briefs of the same site) follow it, assembled by :mod:`generator.pdf.assembly`;
their bytes count in the cache key, so a book is assembled again exactly when one of
its briefs, or its front matter, changed. A book whose parts are made in the same run
is a :class:`LaterJob`: it is described once its parts exist (its contents list needs
their page counts) and joins the same pool's queue, so the workers never wait between
the briefs and the books.

Output is reproducible: dates come from the content (``metadata["created"]``), never
from the clock, also the ones fontTools stamps into the font subsets it saves; and the
PDF file identifier is derived from the cache key (a book's from its content).
Workers die with the process that started them, and keep their temporary files in
``temporary_dir`` (see :mod:`generator.processes.children`). Attachments
(``<link rel="attachment">``, ``<a rel="attachment">``) are never embedded: a briefing
has no use for them and they would carry the clock's time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import itertools
import json
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TextIO
from urllib.parse import urljoin

import pikepdf
import pydyf
import weasyprint
from weasyprint.logger import LOGGER as WEASYPRINT_LOGGER
from weasyprint.pdf import VARIANTS

from generator.pdf.artifacts import draw_margin_boxes_as_artifacts
from generator.pdf.assembly import Part, assemble
from generator.pdf.fetcher import ConfinedFetcher, RefusedURLError, check_site_url
from generator.pdf.fonts import FontDecodingFetcher
from generator.pdf.structure import complete_tables
from generator.processes.children import end_with_parent, temporary_files_in

METADATA_KEYS = frozenset({"title", "author", "subject", "keywords", "lang", "created"})
DEFAULT_VARIANT = "pdf/ua-1"
# PDF/X-4 and later stamp the clock and a random UUID into the PDF, so only these.
REPRODUCIBLE_VARIANTS = frozenset(
    name for name in VARIANTS if name.startswith(("pdf/ua-", "pdf/a-"))
)
MANIFEST_NAME = "manifest.json"
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
NOT_EMBEDDED = "attachments are not embedded"
# Bump when the rendering options below change, so that old cache entries stop matching.
CACHE_FORMAT = 5


@dataclass(frozen=True)
class PdfJob:
    """One document to render: ``html_path`` to ``pdf_path``, which is inside the site.

    ``url`` is where the document is published, relative to the site's root (for
    example ``relationships/kz-tr/index.html``): its relative links resolve from there.
    ``html_path`` may lie outside the site (a document composed only for its PDF).
    ``label`` names the document in progress and warnings. ``parts``, PDFs inside the
    site, follow the rendered page in the PDF (a book: the page is its front matter).
    """

    html_path: Path
    pdf_path: Path
    label: str
    url: str
    metadata: dict[str, str]
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class LaterJob:
    """A job that can be described only once the PDFs ``after`` exist: ``make`` (called
    in the calling process, then) returns it. If one of them fails, it is not made."""

    label: str
    pdf_path: Path
    after: tuple[Path, ...]
    make: Callable[[], PdfJob]


@dataclass
class PdfReport:
    """What a run did; ``warnings`` name the page they concern, ``failed`` pages have no PDF."""

    rendered: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class _Outcome:
    """What a worker sends back for one job; picklable."""

    job: PdfJob
    key: str = ""
    resources: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str = ""


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
    site = _Site(site_dir.resolve(), site_url.rstrip("/") + "/")
    check_site_url(site.url)
    cache_dir.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(cache_dir)
    report = PdfReport()
    show = _progress_printer(len(jobs) + len(later)) if progress and sys.stderr.isatty() else None
    waiting = list(later)
    made: set[Path] = set()
    lost: set[Path] = set()

    def record(outcome: _Outcome) -> None:
        job = outcome.job
        report.warnings.extend(outcome.warnings)
        if outcome.error:
            report.failed.append(job.pdf_path)
            report.warnings.append(outcome.error)
            lost.add(job.pdf_path)
        else:
            report.rendered.append(job.pdf_path)
            manifest[_manifest_key(job, site)] = {
                "key": outcome.key,
                "resources": list(outcome.resources),
                "warnings": list(outcome.warnings),
            }
            made.add(job.pdf_path)
        if show:
            show(job.label)

    def to_render(offered: Sequence[PdfJob]) -> list[PdfJob]:
        """The jobs of ``offered`` the cache cannot serve, and then those of ``waiting``
        that this made ready."""
        pending = []
        while offered:
            for job in offered:
                entry = manifest.get(_manifest_key(job, site))
                if entry is not None and _copy_from_cache(job, entry, site, cache_dir, variant):
                    report.skipped.append(job.pdf_path)
                    report.warnings.extend(entry.get("warnings", []))
                    made.add(job.pdf_path)
                    if show:
                        show(job.label)
                else:
                    pending.append(job)
            offered = _released(waiting, made, lost, report, site)
        return pending

    def finished(outcome: _Outcome) -> list[PdfJob]:
        record(outcome)
        return to_render(_released(waiting, made, lost, report, site))

    count = min(workers or os.cpu_count() or 1, len(jobs) + len(later))
    _render_all(to_render(jobs), finished, site, cache_dir, variant, count, temporary_dir)
    for job in waiting:  # waits for a PDF no job makes
        report.failed.append(job.pdf_path)
        report.warnings.append(f"could not make {job.label}: nothing made what it needs")
    if show:
        sys.stderr.write("\n")

    if prune:
        _prune_cache(cache_dir, manifest, site)
    else:
        _write_manifest(cache_dir, manifest)
    return report


def _released(
    waiting: list[LaterJob], made: set[Path], lost: set[Path], report: PdfReport, site: _Site
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
            job = later.make()
            _check_job(job, site.root)
            ready.append(job)
    return ready


def _relative(path: Path, site: _Site) -> str:
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


@dataclass(frozen=True)
class _Site:
    """The built site's folder and the URL it is published at (ending in ``/``)."""

    root: Path
    url: str


def _render_all(
    jobs: Sequence[PdfJob],
    finished: Callable[[_Outcome], Sequence[PdfJob]],
    site: _Site,
    cache_dir: Path,
    variant: str,
    workers: int,
    temporary_dir: Path | None,
) -> None:
    """Render ``jobs`` and those ``finished`` returns for each outcome, until none is left,
    in this process (one worker) or in a pool of ``workers`` processes.

    Jobs are handed to the pool one per idle worker, in the order of :class:`_JobQueue`.
    Pool workers end with this process and keep their temporary files in
    ``temporary_dir``.
    """
    queue = _JobQueue(jobs)
    if workers == 1 or not jobs:
        with temporary_files_in(temporary_dir):
            while queue:
                queue.extend(finished(_render_job(queue.pop(), site, cache_dir, variant)))
        return
    # "spawn" starts clean interpreters: no state inherited from a threaded parent.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(), temporary_dir),
    )
    with pool:
        running: dict[Future[_Outcome], PdfJob] = {}
        try:
            while queue or running:
                while queue and len(running) < workers:
                    job = queue.pop()
                    running[pool.submit(_render_job, job, site, cache_dir, variant)] = job
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda future: running[future].label):
                    job = running.pop(future)
                    try:
                        outcome = future.result()
                    except Exception as error:  # a crashed worker, not a WeasyPrint error
                        outcome = _Outcome(job, error=_failure(job, error))
                    queue.extend(finished(outcome))
        except BaseException:
            _stop_workers(pool)
            raise


class _JobQueue:
    """Jobs waiting for a worker: pages first, the largest first, then books, the one of
    most parts first.

    A long job started last leaves the other workers idle while it finishes. The
    longest is the site's book, which can start only once every brief is done; the
    country books wait for the briefs too, so that they keep the other workers busy
    beside it instead of being done by then.
    """

    def __init__(self, jobs: Sequence[PdfJob] = ()) -> None:
        self._heap: list[tuple[bool, int, int, int, PdfJob]] = []
        self._order = itertools.count()
        self.extend(jobs)

    def __bool__(self) -> bool:
        return bool(self._heap)

    def extend(self, jobs: Sequence[PdfJob]) -> None:
        for job in jobs:
            entry = (bool(job.parts), -len(job.parts), -_html_size(job), next(self._order), job)
            heapq.heappush(self._heap, entry)

    def pop(self) -> PdfJob:
        return heapq.heappop(self._heap)[-1]


def _html_size(job: PdfJob) -> int:
    try:
        return job.html_path.stat().st_size
    except OSError:
        return 0


def _start_worker(parent_pid: int, temporary_dir: Path | None) -> None:
    end_with_parent(parent_pid)
    if temporary_dir is not None:
        tempfile.tempdir = str(temporary_dir)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop at once when interrupted: leaving the ``with`` block would otherwise wait for
    every queued page to be rendered first."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def _render_job(job: PdfJob, site: _Site, cache_dir: Path, variant: str) -> _Outcome:
    """Render one page into the cache and copy it to its place; runs in a worker process."""
    draw_margin_boxes_as_artifacts()
    fetcher = FontDecodingFetcher(
        site.url, site.root, document=job.label, fonts_dir=cache_dir / "fonts"
    )
    try:
        html = job.html_path.read_bytes()
        with _weasyprint_messages() as messages, _content_clock(job.metadata.get("created")):
            page = weasyprint.HTML(
                string=html, base_url=urljoin(site.url, job.url), url_fetcher=fetcher
            )
            document = page.render(pdf_variant=variant, pdf_tags=True)
            _apply_metadata(document.metadata, job.metadata)
            _drop_attachments(page, document, fetcher)
            key = _cache_key(job, site, html, fetcher.loaded, variant, _part_digests(job))
            pdf = document.write_pdf(
                pdf_variant=variant, pdf_tags=True, pdf_identifier=key[:32].encode()
            )
            pdf = complete_tables(pdf, document)
        cached = cache_dir / f"{key}.pdf"
        with _atomic_file(cached) as file:
            if job.parts:
                assemble(pdf, job.parts, file)
            else:
                file.write(pdf)
        with _atomic_file(job.pdf_path) as file, cached.open("rb") as made:
            shutil.copyfileobj(made, file)
    except Exception as error:
        return _Outcome(job, warnings=tuple(fetcher.refusals), error=_failure(job, error))
    return _Outcome(
        job,
        key=key,
        resources=tuple(sorted(str(path) for path in fetcher.loaded)),
        warnings=(*fetcher.refusals, *(f"{job.label}: {message}" for message in messages)),
    )


def _failure(job: PdfJob, error: BaseException) -> str:
    return f"could not render {job.label}: {type(error).__name__}: {error}"


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


@contextmanager
def _content_clock(created: str | None) -> Iterator[None]:
    """Stamp the content's date, not the clock, into the fonts saved while rendering.

    WeasyPrint turns the WOFF fonts of the print stylesheet into TrueType with fontTools,
    whose ``save`` writes the current time into the font's ``head`` table (embedded in
    the PDF) unless ``SOURCE_DATE_EPOCH`` says otherwise: so it says the content's date
    (midnight UTC of ``created``, else the epoch), whatever the caller's environment.
    """
    day = dt.date.fromisoformat(created) if created else dt.date(1970, 1, 1)
    stamp = dt.datetime.combine(day, dt.time(), dt.UTC)
    previous = os.environ.get(SOURCE_DATE_EPOCH)
    os.environ[SOURCE_DATE_EPOCH] = str(int(stamp.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ[SOURCE_DATE_EPOCH]
        else:
            os.environ[SOURCE_DATE_EPOCH] = previous


@contextmanager
def _weasyprint_messages() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors, except those about refused URLs."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if RefusedURLError.__name__ not in message:
                messages.append(message)

    handler = Collect(logging.WARNING)
    WEASYPRINT_LOGGER.addHandler(handler)
    try:
        yield messages
    finally:
        WEASYPRINT_LOGGER.removeHandler(handler)


def _cache_key(
    job: PdfJob,
    site: _Site,
    html: bytes,
    resources: Mapping[str, str],
    variant: str,
    parts: Sequence[tuple[str, str, str]],
) -> str:
    """SHA-256 over everything that decides the PDF's bytes, and nothing about the folder."""
    facts = {
        "format": CACHE_FORMAT,
        "weasyprint": weasyprint.__version__,
        "pydyf": pydyf.__version__,
        "pikepdf": pikepdf.__version__,
        "qpdf": pikepdf.__libqpdf_version__,
        "variant": variant,
        "metadata": job.metadata,
        # The page's address decides where its relative links point.
        "url": urljoin(site.url, job.url),
        "html": hashlib.sha256(html).hexdigest(),
        "resources": sorted(resources.items()),
        "parts": list(parts),
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def _copy_from_cache(
    job: PdfJob, entry: Mapping[str, Any], site: _Site, cache_dir: Path, variant: str
) -> bool:
    """Copy the cached PDF to ``job.pdf_path`` if the page and what it loaded are unchanged."""
    try:
        html = job.html_path.read_bytes()
        resources = {
            path: hashlib.sha256(_site_file(site, path).read_bytes()).hexdigest()
            for path in entry["resources"]
        }
        parts = _part_digests(job)
    except (OSError, KeyError, TypeError, ValueError):
        return False
    key = _cache_key(job, site, html, resources, variant, parts)
    cached = cache_dir / f"{key}.pdf"
    if key != entry["key"] or not cached.is_file():
        return False
    job.pdf_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, job.pdf_path)
    return True


def _part_digests(job: PdfJob) -> list[tuple[str, str, str]]:
    """Each part's title, anchor and SHA-256: what the book takes from it."""
    return [
        (part.title, part.anchor, hashlib.sha256(part.pdf.read_bytes()).hexdigest())
        for part in job.parts
    ]


def _site_file(site: _Site, path: str) -> Path:
    """The file at ``path`` (relative, from the manifest) in the site, never outside it."""
    real_path = (site.root / path).resolve()
    if not real_path.is_relative_to(site.root):
        raise ValueError(f"{path} is outside the site")
    return real_path


def _manifest_key(job: PdfJob, site: _Site) -> str:
    """The PDF's path in the site: the same in every build folder."""
    return job.pdf_path.resolve().relative_to(site.root).as_posix()


def _read_manifest(cache_dir: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads((cache_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    pages = data.get("pages")
    if not isinstance(pages, dict):
        return {}
    return {path: entry for path, entry in pages.items() if isinstance(entry, dict)}


def merge_caches(sources: Sequence[Path], cache_dir: Path) -> int:
    """Add the PDFs and manifest entries of other caches to ``cache_dir``; return how many.

    For CI jobs that each rendered a shard of the PDFs (see ``generator.pdf.shards``). An
    entry is only a hint: a build still checks it against the page before using it.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    pages = _read_manifest(cache_dir)
    added = 0
    for source in sources:
        for pdf_path, entry in sorted(_read_manifest(source).items()):
            cached = source / f"{entry.get('key')}.pdf"
            if cached.is_file():
                shutil.copyfile(cached, cache_dir / cached.name)
                pages[pdf_path] = entry
                added += 1
    _write_manifest(cache_dir, pages)
    return added


def _write_manifest(cache_dir: Path, pages: Mapping[str, Any]) -> None:
    text = json.dumps({"format": CACHE_FORMAT, "pages": pages}, indent=1, sort_keys=True)
    _write_atomically(cache_dir / MANIFEST_NAME, text.encode())


def _prune_cache(cache_dir: Path, pages: dict[str, Any], site: _Site) -> None:
    """Forget PDFs this site no longer has, save the manifest, delete PDFs it no longer names."""
    for pdf_path in [path for path in pages if not (site.root / path).is_file()]:
        del pages[pdf_path]
    _write_manifest(cache_dir, pages)
    wanted = {f"{entry.get('key')}.pdf" for entry in pages.values()}
    for cached in cache_dir.glob("*.pdf"):
        if cached.name not in wanted:
            cached.unlink(missing_ok=True)


def _write_atomically(path: Path, data: bytes) -> None:
    with _atomic_file(path) as file:
        file.write(data)


@contextmanager
def _atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file that appears at ``path`` complete, or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            yield file
        os.chmod(temporary, _new_file_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _new_file_mode() -> int:
    """The mode ``open()`` gives a new file; mkstemp's 0600 would hide a PDF from the web
    server, and make a rendered PDF differ from one copied from the cache."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _progress_printer(total: int, stream: TextIO | None = None) -> Callable[[str], None]:
    """Return a function that rewrites one status line: ``PDF 3/12 label``."""
    out = stream or sys.stderr
    done = 0

    def show(label: str) -> None:
        nonlocal done
        done += 1
        out.write(f"\r\x1b[2KPDF {done}/{total} {label}")
        out.flush()

    return show
