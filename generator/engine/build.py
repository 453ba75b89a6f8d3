"""One build: check the content, run Pelican, render the PDF briefs, swap the output in.

The site is written to a staging folder beside ``output/`` and only replaces it once
everything succeeded, so a failed or interrupted build leaves the previous site whole
(see :mod:`.publishing`). A build whose inputs are those of the last one is skipped
(see :mod:`.last_build`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

from generator.checks import run_checks
from generator.engine import last_build
from generator.engine.publishing import exclusive_output, interruptible, publish, staging_folder
from generator.outputs.exports import write_exports
from generator.outputs.feeds import collect_updates, write_feeds
from generator.outputs.search import SearchIndexError, index_site, indexing
from generator.outputs.sitemap import write_sitemap
from generator.pdf import Shard, shard_pdf_urls
from generator.problems import Problem, sorted_problems
from generator.processes.forking import Background
from generator.settings import FIXED_LOCALE, SettingsError, complete
from generator.site.site import SITE_KEY, Site, load_site

NOT_PUBLISHED = "the content has errors; nothing was published"
PDF_SIZE_MARKER = re.compile(r'(<a [^>]*data-pdf-size="([^"]+)"[^>]*>)([^<]*)(</a>)')


class BuildError(Exception):
    """The build stopped; ``problems`` says why when content is at fault."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class BuildResult:
    output_dir: Path
    problems: list[Problem] = field(default_factory=list)
    pdfs_rendered: list[Path] = field(default_factory=list)
    pdfs_skipped: list[Path] = field(default_factory=list)
    pdf_warnings: list[str] = field(default_factory=list)


def load_settings(
    settings_file: Path, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Read a settings file (Pelican's format) with ``overrides``, checked and completed.

    Pelican would set the locale of the user's environment, and with it the month names
    of every date it formats; ours are English whatever the machine (``FIXED_LOCALE``).
    Reading the file leaves no ``__pycache__`` beside it, in a folder that is content.
    """
    dont_write_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        settings: dict[str, Any] = read_settings(
            str(settings_file), override={"LOCALE": FIXED_LOCALE, **(overrides or {})}
        )
    except ValueError as exc:  # Pelican's own checks, such as a missing theme folder
        raise SettingsError(f"{settings_file.name}: {exc}") from exc
    finally:
        sys.dont_write_bytecode = dont_write_bytecode
    complete(settings, settings_file.parent)
    return settings


def check(settings: Mapping[str, Any]) -> tuple[Site, list[Problem]]:
    """Load and check everything, drafts included; nothing is written."""
    site, problems = _load(settings)
    return site, sorted_problems(problems + run_checks(site))


def build(
    settings: dict[str, Any],
    *,
    pdf: bool = True,
    workers: int | None = None,
    progress: bool = False,
    shard: Shard | None = None,
) -> BuildResult:
    """Build into ``OUTPUT_PATH``; with ``shard``, render only that shard's PDFs."""
    if settings.get("BRIEFINGS_INCLUDE_DRAFTS"):
        raise SettingsError(
            "BRIEFINGS_INCLUDE_DRAFTS is set, so this build would publish drafts; only "
            "`briefings serve` shows them: remove the setting from the settings file"
        )
    output_dir = Path(settings["OUTPUT_PATH"])
    cache_dir = cache_path(settings)
    inputs = last_build.inputs_digest(settings, {"pdf": pdf, "shard": str(shard or "")})
    with exclusive_output(output_dir), interruptible():
        previous = last_build.find(cache_dir, output_dir, inputs)
        if previous is not None:
            return BuildResult(
                output_dir,
                previous.problems,
                [],
                [output_dir / pdf_path for pdf_path in previous.pdfs],
                previous.pdf_warnings,
            )
        site, problems = _load({**settings, "BRIEFINGS_WORKERS": workers})
        _stop_on_errors(problems, site)
        with staging_folder(output_dir) as staging:
            run_settings = _run_settings(staging, settings, site, pdf_links=pdf, workers=workers)
            problems = _write_html_while_checking(run_settings, site, problems, workers)
            result = _build_into(
                staging, run_settings, site, pdf, workers, progress, shard, cache_dir
            )
            result.pdfs_rendered = _moved(result.pdfs_rendered, staging, output_dir)
            result.pdfs_skipped = _moved(result.pdfs_skipped, staging, output_dir)
            publish(staging, output_dir)
        result.problems, result.output_dir = problems, output_dir
        pdfs = [
            path.relative_to(output_dir).as_posix()
            for path in result.pdfs_rendered + result.pdfs_skipped
        ]
        last_build.remember(
            cache_dir,
            output_dir,
            last_build.Record(
                inputs,
                last_build.output_fingerprint(output_dir),
                problems,
                pdfs,
                result.pdf_warnings,
            ),
        )
        return result


def _load(settings: Mapping[str, Any]) -> tuple[Site, list[Problem]]:
    return load_site(Path(settings["PATH"]), settings, Path(settings["PATH"]).parent)


def _stop_on_errors(problems: list[Problem], site: Site) -> None:
    """Content that did not load stops the build here, with what the rules find in it."""
    if any(problem.is_error for problem in problems):
        _raise_errors(problems + run_checks(site))


def _write_html_while_checking(
    run_settings: dict[str, Any], site: Site, problems: list[Problem], workers: int | None
) -> list[Problem]:
    """Write the pages while the rules check the content in a forked copy, and return
    every problem; an error stops the build, and nothing written is published.

    Laying the pages out takes one core, about as long as the rules take on the other.
    A page that could not be written because the content has errors reports those
    errors, not the traceback.
    """
    site.all_briefings  # noqa: B018  (drawn on every core, before the copy is made)
    with Background(partial(run_checks, site, 1), fork=workers != 1) as checking:
        try:
            write_html(run_settings)
        except Exception:
            _raise_errors(problems + checking.result())
            raise
        found = sorted_problems(problems + checking.result())
    _raise_errors(found)
    return found


def _raise_errors(problems: list[Problem]) -> None:
    if any(problem.is_error for problem in problems):
        raise BuildError(NOT_PUBLISHED, sorted_problems(problems)) from None


def cache_path(settings: Mapping[str, Any]) -> Path:
    """Where builds keep what they can reuse: ``.briefings-cache/`` beside ``output/``."""
    default = Path(settings["OUTPUT_PATH"]).parent / ".briefings-cache"
    return Path(settings.get("BRIEFINGS_CACHE_PATH") or default)


def _moved(paths: Sequence[Path], staging: Path, output_dir: Path) -> list[Path]:
    return [output_dir / path.relative_to(staging) for path in paths]


def _build_into(
    staging: Path,
    run_settings: dict[str, Any],
    site: Site,
    pdf: bool,
    workers: int | None,
    progress: bool,
    shard: Shard | None,
    cache_dir: Path,
) -> BuildResult:
    """Everything after the HTML pages: the PDFs, the data files and the search index."""
    result = BuildResult(staging)
    if pdf:
        # Imported here: it loads WeasyPrint, which HTML-only builds and `briefings check`
        # do not need (see generator/pdf/__init__.py).
        from generator.pdf import render_site_pdfs

        report = render_site_pdfs(
            site,
            staging,
            run_settings,
            cache_dir=cache_dir / "pdf",
            workers=workers,
            progress=progress,
            only=shard_pdf_urls(site, shard) if shard else None,
        )
        if report.failed:
            raise BuildError("; ".join(report.warnings) or "PDF rendering failed")
        result.pdfs_rendered, result.pdfs_skipped = report.rendered, report.skipped
        result.pdf_warnings = report.warnings
        _write_pdf_sizes(staging)
    # The HTML is final: Pagefind reads it while the other files are written.
    with _search_errors(), indexing(staging, run_settings.get("DEFAULT_LANG", "en")):
        write_data_files(site, run_settings)
    return result


def write_pages(
    output_dir: Path,
    settings: Mapping[str, Any],
    site: Site,
    *,
    pdf_links: bool,
    workers: int | None = None,
) -> None:
    """Everything but the PDFs and the search index: Pelican's pages, feeds, exports and
    sitemap, the pages written by ``workers`` processes (default: one per core).
    ``briefings serve`` calls it too, so the preview shows what a build writes."""
    run_settings = _run_settings(output_dir, settings, site, pdf_links=pdf_links, workers=workers)
    write_html(run_settings)
    write_data_files(site, run_settings)


def write_html(run_settings: dict[str, Any]) -> None:
    """Every HTML page, through Pelican."""
    Pelican(run_settings).run()


def write_data_files(site: Site, run_settings: Mapping[str, Any]) -> None:
    """Feeds, exports and the sitemap, once Pelican has run (it collects the articles'
    updates into ``run_settings``)."""
    output_dir = Path(run_settings["OUTPUT_PATH"])
    updates = collect_updates(site, run_settings)
    write_feeds(output_dir, site, updates, run_settings)
    write_exports(output_dir, site, run_settings)
    write_sitemap(output_dir, site, updates, run_settings)


def _run_settings(
    output_dir: Path,
    settings: Mapping[str, Any],
    site: Site,
    *,
    pdf_links: bool,
    workers: int | None,
) -> dict[str, Any]:
    return {
        **settings,
        "OUTPUT_PATH": str(output_dir),
        SITE_KEY: site,
        "BRIEFINGS_PDF": pdf_links,
        "BRIEFINGS_AS_OF": site.as_of,
        "BRIEFINGS_WORKERS": workers,
    }


def write_search_index(output_dir: Path, settings: Mapping[str, Any]) -> None:
    with _search_errors():
        index_site(output_dir, settings.get("DEFAULT_LANG", "en"))


@contextmanager
def _search_errors() -> Iterator[None]:
    try:
        yield
    except SearchIndexError as exc:
        raise BuildError(str(exc)) from exc


def _write_pdf_sizes(site_dir: Path) -> None:
    """Fill "Download PDF" links with the size of the PDF they point to.

    The size is known only after rendering, and the PDF is rendered from the page,
    so the page gets it afterwards (the PDF itself hides these links).
    """
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "data-pdf-size" not in html:
            continue

        def with_size(match: re.Match[str]) -> str:
            pdf = site_dir / match.group(2)
            if not pdf.exists():
                return match.group(0)
            size = f"{pdf.stat().st_size / 1024:,.0f} KB"
            return f"{match.group(1)}{match.group(3)} (PDF, {size}){match.group(4)}"

        page.write_text(PDF_SIZE_MARKER.sub(with_size, html), encoding="utf-8")
