"""One build: check the content, run Pelican, render the PDF briefs, swap the output in.

The site is written to a staging folder beside ``output/`` and only replaces it once
everything succeeded, so a failed or interrupted build leaves the previous site whole.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

from .checks import run_checks
from .exports import write_exports
from .feeds import collect_updates, write_feeds
from .pdf.site_pdfs import render_site_pdfs
from .problems import Problem, sorted_problems
from .search import SearchIndexError, index_site
from .settings import SettingsError, complete
from .site import SITE_KEY, Site, load_site
from .sitemap import write_sitemap

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
    try:
        settings: dict[str, Any] = read_settings(
            str(settings_file), override=dict(overrides or {})
        )
    except ValueError as exc:  # Pelican's own checks, such as a missing theme folder
        raise SettingsError(f"{settings_file.name}: {exc}") from exc
    complete(settings, settings_file.parent)
    return settings


def check(settings: Mapping[str, Any]) -> tuple[Site, list[Problem]]:
    """Load and check everything, drafts included; nothing is written."""
    project_dir = Path(settings["PATH"]).parent
    site, problems = load_site(Path(settings["PATH"]), settings, project_dir)
    return site, sorted_problems(problems + run_checks(site))


def build(
    settings: dict[str, Any],
    *,
    pdf: bool = True,
    workers: int | None = None,
    progress: bool = False,
) -> BuildResult:
    site, problems = check(settings)
    if any(problem.is_error for problem in problems):
        raise BuildError("the content has errors; nothing was published", problems)
    output_dir = Path(settings["OUTPUT_PATH"])
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-staging-", dir=output_dir.parent))
    try:
        result = _build_into(staging, settings, site, pdf, workers, progress)
        result.problems = problems
        _swap_in(staging, output_dir)
        result.output_dir = output_dir
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _build_into(
    staging: Path, settings: dict[str, Any], site: Site, pdf: bool,
    workers: int | None, progress: bool,
) -> BuildResult:
    run_settings = {**settings, "OUTPUT_PATH": str(staging), SITE_KEY: site,
                    "BRIEFINGS_PDF": pdf}
    Pelican(run_settings).run()
    updates = collect_updates(site, run_settings)
    write_feeds(staging, site, updates, run_settings)
    write_exports(staging, site, run_settings)
    write_sitemap(staging, site, updates, run_settings)
    result = BuildResult(staging)
    if pdf:
        cache_dir = Path(settings.get("BRIEFINGS_CACHE_PATH", staging.parent / ".briefings-cache"))
        report = render_site_pdfs(
            site, staging, settings, cache_dir=cache_dir / "pdf", workers=workers,
            progress=progress,
        )
        if report.failed:
            raise BuildError("; ".join(report.warnings) or "PDF rendering failed")
        result.pdfs_rendered, result.pdfs_skipped = report.rendered, report.skipped
        result.pdf_warnings = report.warnings
        _write_pdf_sizes(staging)
    try:
        index_site(staging, run_settings.get("DEFAULT_LANG", "en"))
    except SearchIndexError as exc:
        raise BuildError(str(exc)) from exc
    return result


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


def _swap_in(staging: Path, output_dir: Path) -> None:
    """Replace ``output_dir`` by ``staging`` with two renames, never a half-written tree."""
    retired = output_dir.with_name(f".{output_dir.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    if output_dir.exists():
        output_dir.rename(retired)
    staging.rename(output_dir)
    shutil.rmtree(retired, ignore_errors=True)
