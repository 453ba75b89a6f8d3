"""One build: check the content, run Pelican, render the PDF briefs, swap the output in.

The site is written to a staging folder beside ``output/`` and only replaces it once
everything succeeded, so a failed or interrupted build leaves the previous site whole
(see :mod:`.publishing`). A build whose inputs are those of the last one is skipped
(see :mod:`.last_build`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generator.checks import Due, due_for_review, run_checks
from generator.engine import last_build
from generator.engine.publishing import exclusive_output, interruptible, publish, staging_folder
from generator.outputs import (
    SearchIndexError,
    collect_updates,
    index_site,
    indexing,
    write_exports,
    write_favicon,
    write_feeds,
    write_sitemap,
)
from generator.pages import PagesRun, untranslated_strings
from generator.pdf import Shard, shard_pdf_urls
from generator.problems import Problem, sorted_problems
from generator.processes import Background
from generator.settings import Settings, SettingsError
from generator.site import Site, load_site
from generator.site.urls import language_prefix

NOT_PUBLISHED = "the content has errors; nothing was published"


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
    pages: int = 0
    """HTML pages in the published site."""
    data_files: int = 0
    """Feeds, exports, the calendar and the sitemap in the published site."""


DATA_SUFFIXES = frozenset({".xml", ".json", ".csv", ".ics"})
"""The kinds of file :func:`write_data_files` writes."""
NOT_CONTENT = frozenset({"theme", "pagefind"})
"""Top-level folders of the site that hold the theme's and the search's own files."""


def check(settings: Settings) -> tuple[Site, list[Problem]]:
    """Load and check everything, drafts included, and the theme's interface strings
    in every language; nothing is written."""
    site, problems = load_site(settings)
    interface = untranslated_strings(settings.theme_dir, settings.languages)
    return site, sorted_problems(problems + run_checks(site) + interface)


def review(settings: Settings) -> tuple[Site, list[Due], list[Problem]]:
    """What is due for review as of the settings' date, and the problems of loading
    (content that failed to load has nothing listed for it)."""
    site, problems = load_site(settings)
    return site, due_for_review(site, settings.review_months), sorted_problems(problems)


def build(
    settings: Settings,
    *,
    pdf: bool = True,
    progress: bool = False,
    shard: Shard | None = None,
) -> BuildResult:
    """Build into the settings' output folder; with ``shard``, render only that shard's
    PDFs."""
    if settings.include_drafts:
        raise SettingsError(
            "BRIEFINGS_INCLUDE_DRAFTS is set, so this build would publish drafts; only "
            "`briefings serve` shows them: remove the setting from the settings file"
        )
    output_dir = settings.output_dir
    inputs = last_build.inputs_digest(settings, {"pdf": pdf, "shard": str(shard or "")})
    with exclusive_output(output_dir), interruptible():
        previous = last_build.find(settings.cache_dir, output_dir, inputs)
        if previous is not None:
            return _counted(
                BuildResult(
                    output_dir,
                    previous.problems,
                    [],
                    [output_dir / pdf_path for pdf_path in previous.pdfs],
                    previous.pdf_warnings,
                )
            )
        site, problems = load_site(settings)
        _stop_on_errors(problems, site)
        with staging_folder(output_dir) as staging:
            pages = _pages_run(site, settings, staging, pdf_links=pdf, sizes_later=pdf)
            problems = _write_html_while_checking(pages, problems)
            result = _build_into(staging, pages, pdf, progress, shard)
            result.pdfs_rendered = _moved(result.pdfs_rendered, staging, output_dir)
            result.pdfs_skipped = _moved(result.pdfs_skipped, staging, output_dir)
            publish(staging, output_dir)
        result.problems, result.output_dir = problems, output_dir
        pdfs = [
            path.relative_to(output_dir).as_posix()
            for path in result.pdfs_rendered + result.pdfs_skipped
        ]
        last_build.remember(
            settings.cache_dir,
            output_dir,
            last_build.Record(
                inputs,
                last_build.output_fingerprint(output_dir),
                problems,
                pdfs,
                result.pdf_warnings,
            ),
        )
        return _counted(result)


def _counted(result: BuildResult) -> BuildResult:
    """``result`` with the pages and data files its output folder holds, counted there
    so that a build skipped as unchanged says what the site has too."""
    for path in result.output_dir.rglob("*"):
        relative = path.relative_to(result.output_dir)
        if relative.parts[0] in NOT_CONTENT or not path.is_file():
            continue
        if path.suffix == ".html":
            result.pages += 1
        elif path.suffix in DATA_SUFFIXES:
            result.data_files += 1
    return result


def _stop_on_errors(problems: list[Problem], site: Site) -> None:
    """Content that did not load stops the build here, with what the rules find in it."""
    if any(problem.is_error for problem in problems):
        _raise_errors(problems + run_checks(site))


def _write_html_while_checking(pages: PagesRun, problems: list[Problem]) -> list[Problem]:
    """Write the pages while the rules check the content in a forked copy, and return
    every problem; an error stops the build, and nothing written is published.

    Laying the pages out takes one core, about as long as the rules take on the other.
    A page that could not be written because the content has errors reports those
    errors, not the traceback.
    """
    site = pages.site
    site.all_briefings  # noqa: B018  (drawn on every core, before the copy is made)
    with Background(partial(run_checks, site, 1), fork=pages.settings.workers != 1) as checking:
        try:
            pages.write()
        except Exception:
            _raise_errors(problems + checking.result())
            raise
        found = sorted_problems(problems + checking.result())
    _raise_errors(found)
    return found


def _raise_errors(problems: list[Problem]) -> None:
    if any(problem.is_error for problem in problems):
        raise BuildError(NOT_PUBLISHED, sorted_problems(problems)) from None


def _moved(paths: Sequence[Path], staging: Path, output_dir: Path) -> list[Path]:
    return [output_dir / path.relative_to(staging) for path in paths]


def _build_into(
    staging: Path, pages: PagesRun, pdf: bool, progress: bool, shard: Shard | None
) -> BuildResult:
    """Everything after the HTML pages: the PDFs, the data files and the search index."""
    result = BuildResult(staging)
    settings = pages.settings
    if pdf:
        # Imported here: it loads WeasyPrint, which HTML-only builds and `briefings check`
        # do not need (see generator/pdf/__init__.py).
        from generator.pdf import render_site_pdfs

        report = render_site_pdfs(
            pages.sites,
            staging,
            settings,
            progress=progress,
            only=shard_pdf_urls(pages.sites, shard) if shard else None,
        )
        if report.failed:
            raise BuildError("; ".join(report.warnings) or "PDF rendering failed")
        result.pdfs_rendered, result.pdfs_skipped = report.rendered, report.skipped
        result.pdf_warnings = report.warnings
        pages.write_pdf_sizes(
            {
                path.relative_to(staging).as_posix(): path.stat().st_size
                for path in report.rendered + report.skipped
            }
        )
    # The HTML is final: Pagefind reads it while the other files are written.
    with _search_errors(), indexing(staging):
        write_data_files(pages)
    return result


def write_pages(site: Site, settings: Settings) -> PagesRun:
    """Everything but the PDFs and the search index: Pelican's pages, feeds, exports and
    sitemap, into the settings' output folder. ``briefings serve`` calls it too, so the
    preview shows what a build writes, and keeps the run to write pages again."""
    pages = _pages_run(site, settings, settings.output_dir, pdf_links=settings.pdf_links)
    pages.write()
    write_data_files(pages)
    return pages


def write_data_files(pages: PagesRun) -> None:
    """Feeds, exports, the sitemap and the root icon, once Pelican has written the pages
    (and read the updates)."""
    site, settings = pages.site, pages.settings
    updates = collect_updates(site, pages.articles)
    write_feeds(settings.output_dir, site, updates, settings)
    for translated in pages.sites[1:]:
        # Updates of content/updates/ are in the originals' language: not in these feeds.
        prefix = language_prefix(translated.lang, site.lang)
        own = collect_updates(translated, [], prefix)
        write_feeds(settings.output_dir, translated, own, settings, prefix)
        updates += own
    for each in pages.sites:
        write_exports(settings.output_dir, each, settings)
    write_sitemap(settings.output_dir, site, updates, settings)
    write_favicon(settings.output_dir, settings.theme_dir)


def _pages_run(
    site: Site, settings: Settings, output_dir: Path, *, pdf_links: bool, sizes_later: bool = False
) -> PagesRun:
    """The run that writes ``site`` into ``output_dir``; its settings give the as-of date
    the site was loaded with, which templates show. ``sizes_later``: the PDFs' sizes are
    given once they exist."""
    run_settings = settings.replace(output_dir=output_dir, pdf_links=pdf_links, as_of=site.as_of)
    return PagesRun(site, run_settings, sizes_later=sizes_later)


def write_search_index(output_dir: Path, settings: Settings) -> None:
    with _search_errors():
        index_site(output_dir)


@contextmanager
def _search_errors() -> Iterator[None]:
    try:
        yield
    except SearchIndexError as exc:
        raise BuildError(str(exc)) from exc
