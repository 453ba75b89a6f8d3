"""The preview's site: rebuilt whole into a staging folder and swapped in, PDFs on request.

A rebuild is the production build minus the slow and the final parts: the same checks
and the same pages, with drafts included and nothing written to ``output/``. PDFs and
the search index are made only when a page asks for them (a brief's URL, the search
page's script), and a PDF is reused while its page is unchanged. Files are parsed
again only when their text changed. A rebuild that fails keeps the last good site
and reports why.
"""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content import remember_parses
from generator.engine import BuildError, check, write_pages, write_search_index
from generator.outputs import SEARCH_BUNDLE
from generator.pages import language_sites
from generator.problems import Problem
from generator.settings import Settings, load_settings
from generator.site import Site

PUBLISHED = "published"


def preview_overrides(as_of: str | None) -> dict[str, Any]:
    """Settings that turn a production configuration into a local preview."""
    overrides: dict[str, Any] = {
        "BRIEFINGS_INCLUDE_DRAFTS": True,
        "SITEURL": "",
        "RELATIVE_URLS": True,
    }
    if as_of:
        overrides["BRIEFINGS_AS_OF"] = as_of
    return overrides


def _show_drafts(settings: Settings) -> Settings:
    """Draft updates and pages at the URL they will have once published."""
    pelican = dict(settings.pelican)
    for kind in ("", "_LANG"):
        pelican[f"DRAFT{kind}_URL"] = pelican.get(f"ARTICLE{kind}_URL", "")
        pelican[f"DRAFT{kind}_SAVE_AS"] = pelican.get(f"ARTICLE{kind}_SAVE_AS", "")
        pelican[f"DRAFT_PAGE{kind}_URL"] = pelican.get(f"PAGE{kind}_URL", "")
        pelican[f"DRAFT_PAGE{kind}_SAVE_AS"] = pelican.get(f"PAGE{kind}_SAVE_AS", "")
    return settings.replace(pelican=pelican)


@dataclass(frozen=True)
class Outcome:
    """What the last rebuild gave: shown in the terminal and on every page."""

    version: int
    problems: list[Problem] = field(default_factory=list)
    failure: str = ""
    """Why the rebuild failed; the site still served is the last one that built."""
    messages: list[str] = field(default_factory=list)
    """Pelican's warnings, such as an update it could not read."""
    seconds: float = 0.0
    unpublished: dict[str, str] = field(default_factory=dict)
    """Page URL (``relationships/is-tr/``) to status, for briefings not yet published."""

    @property
    def errors(self) -> int:
        return sum(problem.is_error for problem in self.problems) + bool(self.failure)

    @property
    def warnings(self) -> int:
        return sum(not problem.is_error for problem in self.problems) + len(self.messages)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip())


class Preview:
    """One project's preview site under ``workdir``; safe to use from several threads."""

    def __init__(
        self,
        settings_file: Path,
        overrides: dict[str, Any],
        workdir: Path,
        log: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.settings_file = settings_file
        self.log = log
        self.overrides = overrides
        self.workdir = workdir
        self.site_dir = workdir / "site"
        self.outcome = Outcome(version=0)
        self._lock = threading.RLock()
        """Held while the site folder is swapped and while a PDF is written into it."""
        self._settings: Settings | None = None
        self._site: Site | None = None
        remember_parses(True)

    def rebuild(self) -> Outcome:
        started = time.perf_counter()
        problems: list[Problem] = []
        collect = _Collect()
        pelican_log = logging.getLogger("pelican")
        pelican_log.addHandler(collect)
        pelican_log.propagate = False
        staging = Path(tempfile.mkdtemp(prefix="staging-", dir=self.workdir))
        try:
            settings = _show_drafts(load_settings(self.settings_file, self.overrides))
            site, problems = check(settings)
            with contextlib.redirect_stdout(io.StringIO()):  # Pelican prints a summary
                write_pages(site, settings.replace(output_dir=staging))
            self._swap_in(staging)
            self._settings, self._site = settings, site
            failure = ""
            unpublished = _unpublished(site)
        except Exception as exc:  # the preview outlives any mistake in content or theme
            failure = f"the site could not be rebuilt: {type(exc).__name__}: {exc}"
            unpublished = self.outcome.unpublished
        finally:
            pelican_log.removeHandler(collect)
            pelican_log.propagate = True
            shutil.rmtree(staging, ignore_errors=True)
        self.outcome = Outcome(
            version=self.outcome.version + 1,
            problems=problems,
            failure=failure,
            messages=collect.messages,
            seconds=time.perf_counter() - started,
            unpublished=unpublished,
        )
        return self.outcome

    def _swap_in(self, staging: Path) -> None:
        """Two renames under the lock; the old site is deleted in the background, as
        deleting thousands of files can take longer than the rebuild itself."""
        retired = Path(tempfile.mkdtemp(prefix="retired-", dir=self.workdir))
        with self._lock:
            if self.site_dir.exists():
                self.site_dir.rename(retired / "site")
            staging.rename(self.site_dir)
        threading.Thread(target=shutil.rmtree, args=(retired, True), daemon=True).start()

    @contextlib.contextmanager
    def steady(self) -> Iterator[None]:
        """No swap and no PDF write happens inside this block."""
        with self._lock:
            yield

    def index_search(self) -> str:
        """Make the search index unless the site has it; returns why it failed, or ""."""
        with self._lock:
            if self._site is None or self._settings is None:
                return ""
            if (self.site_dir / SEARCH_BUNDLE).is_dir():
                return ""
            started = time.perf_counter()
            try:
                write_search_index(self.site_dir, self._settings)
            except BuildError as exc:
                return str(exc)
        self.log(f"Indexed the site for search in {time.perf_counter() - started:.1f} s")
        return ""

    def render_pdf(self, url: str) -> str:
        """Render the PDF at site-relative ``url`` (a brief or a book) unless it is there.

        Returns why it could not be rendered, or "" (also for a URL that names no PDF,
        which is then simply not found).
        """
        with self._lock:
            if self._site is None or self._settings is None:
                return ""
            if (self.site_dir / url).is_file():
                return ""
            started = time.perf_counter()
            # Imported here: it loads WeasyPrint, which `briefings` needs only for PDFs.
            from generator.pdf import render_site_pdfs

            report = render_site_pdfs(
                language_sites(self._site, self._settings),
                self.site_dir,
                self._settings.replace(cache_dir=self.workdir / "cache", workers=1),
                only={url},
            )
        if report.failed:
            return "; ".join(report.warnings) or f"could not render {url}"
        if report.rendered or report.skipped:
            self.log(f"Rendered {url} in {time.perf_counter() - started:.1f} s")
        return ""


def _unpublished(site: Site) -> dict[str, str]:
    return {
        briefing.url: briefing.front.status
        for briefing in site.all_briefings
        if briefing.front.status != PUBLISHED
    }
