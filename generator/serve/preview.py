"""The preview's site: built whole once, then after an edit only as far as a reader looks.

The first build is the production build minus the slow and the final parts: the same
pages, with drafts included, written to a staging folder and swapped in; no PDF and no
search index. After an edit inside one relationship's folder, only that folder is
loaded again and only its narrative and charts made again (the other briefings are
kept, as their files did not change); its own pages are written at once and every other
page is marked stale and written again, from the new content, when a reader asks for it.
Whatever a page shows of the edited briefing (a country's, a person's, the timeline)
is therefore never shown from before the edit, and an edit costs what the pages looked
at cost, not the whole site. A PDF or the search index first writes every stale page;
feeds and exports are written again when one is asked for.

Anything else (a registry, the theme, the settings, an update, a relationship added,
removed or renamed, or content that no longer loads) builds the whole site again. The
checks run in a forked copy after each rebuild: their problems reach the terminal and
the page banner a moment after the page itself. A rebuild that fails keeps the last good
site and reports why.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from generator.checks import run_checks
from generator.content import RELATIONSHIPS_DIR, remember_parses
from generator.engine import BuildError, write_data_files, write_pages, write_search_index
from generator.outputs import SEARCH_BUNDLE
from generator.pages import PagesRun, untranslated_strings
from generator.problems import Problem, sorted_problems
from generator.processes import Background
from generator.settings import Settings, load_settings
from generator.site import Briefing, Site, load_site

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
    edited: tuple[str, ...] | None = None
    """The relationships whose pages were written again after an edit, the other pages
    being written when asked for; ``None`` when the whole site was built again."""

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
        on_checked: Callable[[Outcome], None] = lambda _: None,
    ) -> None:
        self.settings_file = settings_file
        self.log = log
        self.on_checked = on_checked
        """Called with the outcome once the checks of a rebuild have run."""
        self.overrides = overrides
        self.workdir = workdir
        self.site_dir = workdir / "site"
        self.outcome = Outcome(version=0)
        self._lock = threading.RLock()
        """Held while the site, its folder or the pages' generator change or are used."""
        self._published = threading.Condition()
        """Notified with each new outcome, for readers waiting for a new version."""
        self._settings: Settings | None = None
        self._site: Site | None = None
        self._run: PagesRun | None = None
        """The last whole build's pages, kept to write pages again from an edited site."""
        self._fresh: set[str] | None = None
        """The page files written from the current site; ``None`` when all of them are."""
        self._data_stale = False
        self._pdfs: set[Path] = set()
        self._kept: dict[tuple[str, str, str], Briefing] = {}
        self._interface: list[Problem] = []
        self._found: list[Problem] = []
        """What the last checks found, shown until the next ones have run."""
        self._checking: Background[list[Problem]] | None = None
        self._checker: threading.Thread | None = None
        remember_parses(True)

    def rebuild(self, changed: Collection[Path] | None = None) -> Outcome:
        """Rebuild after ``changed`` files changed (``None``: anything may have), then
        start the checks; the outcome has the problems of loading and, until the checks
        end, those the last checks found."""
        started = time.perf_counter()
        collect = _Collect()
        pelican_log = logging.getLogger("pelican")
        pelican_log.addHandler(collect)
        pelican_log.propagate = False
        loading: list[Problem] = []
        edited: tuple[str, ...] | None = None
        try:
            found = self._rebuild_edited() if self._in_folders(changed) else None
            if found is None:
                loading = self._rebuild_whole()
            else:
                loading, edited = found
            failure = ""
        except Exception as exc:  # the preview outlives any mistake in content or theme
            failure = f"the site could not be rebuilt: {type(exc).__name__}: {exc}"
        finally:
            pelican_log.removeHandler(collect)
            pelican_log.propagate = True
        with self._lock:
            problems = self.outcome.problems if failure else self._problems(loading)
            outcome = self._publish(
                problems=problems,
                failure=failure,
                messages=collect.messages,
                seconds=time.perf_counter() - started,
                unpublished=_unpublished(self._site) if self._site else {},
                edited=edited,
            )
            if not failure and self._site is not None:
                self._start_checks(self._site, loading)
        return outcome

    def _in_folders(self, changed: Collection[Path] | None) -> bool:
        """Whether every file changed lies in a relationship's folder, and the site they
        change has been built whole before."""
        if changed is None or not changed or self._settings is None or self._run is None:
            return False
        relationships = (self._settings.content_dir / RELATIONSHIPS_DIR).resolve()
        resolved = [path.resolve() for path in changed]
        return all(
            path.is_relative_to(relationships) and len(path.relative_to(relationships).parts) >= 2
            for path in resolved
        )

    def _rebuild_whole(self) -> list[Problem]:
        """Build every page into a staging folder and swap it in; keep the run, to write
        pages again after an edit."""
        staging = Path(tempfile.mkdtemp(prefix="staging-", dir=self.workdir))
        try:
            settings = _show_drafts(load_settings(self.settings_file, self.overrides))
            kept: dict[tuple[str, str, str], Briefing] = {}
            site, problems = load_site(settings, kept)
            interface = untranslated_strings(settings.theme_dir, settings.languages)
            with contextlib.redirect_stdout(io.StringIO()):  # Pelican prints a summary
                run = write_pages(site, settings.replace(output_dir=staging))
            with self._lock:
                self._swap_in(staging)
                run.settings = run.settings.replace(output_dir=self.site_dir)
                self._settings, self._site, self._run = settings, site, run
                self._kept, self._interface = kept, interface
                self._fresh, self._data_stale = None, False
                self._pdfs.clear()
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return problems

    def _rebuild_edited(self) -> tuple[list[Problem], tuple[str, ...]] | None:
        """Load again and write the edited relationships' pages, marking every other
        page stale; ``None`` when the edit changes what every page may show of a
        relationship (its title, countries or status, or one failed to load), which
        needs a whole build."""
        settings, run, previous = self._settings, self._run, self._site
        assert settings is not None and run is not None and previous is not None
        site, problems = load_site(settings, self._kept)
        if _shape(site) != _shape(previous):
            return None
        before = _digests(previous)
        edited = sorted(slug for slug, digest in _digests(site).items() if before[slug] != digest)
        if not edited:  # saved unchanged: every page is as it was
            return problems, ()
        staging = Path(tempfile.mkdtemp(prefix="staging-", dir=self.workdir))
        try:
            with self._lock:
                generator = run.generator
                assert generator is not None
                gone = {file for slug in edited for file in generator.files_of(_group(slug))}
                try:
                    run.replan(site)
                    written = [file for slug in edited for file in generator.files_of(_group(slug))]
                    for file in written:
                        generator.write_page(file, str(staging))
                except BaseException:
                    run.replan(previous)
                    raise
                for file in written:
                    target = self.site_dir / file
                    target.parent.mkdir(parents=True, exist_ok=True)
                    (staging / file).replace(target)
                for file in gone - set(written):
                    (self.site_dir / file).unlink(missing_ok=True)
                self._site = site
                self._fresh, self._data_stale = set(written), True
                self._forget_made_on_request()
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return problems, tuple(edited)

    def _forget_made_on_request(self) -> None:
        """PDFs and the search index come from the pages: made again when asked for."""
        for pdf in self._pdfs:
            pdf.unlink(missing_ok=True)
        self._pdfs.clear()
        shutil.rmtree(self.site_dir / SEARCH_BUNDLE, ignore_errors=True)

    def _problems(self, loading: list[Problem]) -> list[Problem]:
        return sorted_problems(loading + self._interface + self._found)

    def _publish(self, **changes: Any) -> Outcome:
        """Make ``changes`` the outcome, as a new version, and wake those waiting for one."""
        with self._published:
            self.outcome = replace(self.outcome, version=self.outcome.version + 1, **changes)
            self._published.notify_all()
            return self.outcome

    def wait_for_version(self, seen: int, timeout: float) -> int:
        """The outcome's version once it is not ``seen``, or after ``timeout`` seconds."""
        with self._published:
            self._published.wait_for(lambda: self.outcome.version != seen, timeout)
            return self.outcome.version

    def _start_checks(self, site: Site, loading: list[Problem]) -> None:
        """Run the checks in a forked copy; stop those of an earlier rebuild.

        Forked under the lock, so that no thread of this process is inside the code
        the copy runs (a page being written, Babel's locale data) when it is made.
        """
        if self._checking is not None:
            self._checking.cancel()
        checking = Background(partial(run_checks, site, 1))
        self._checking = checking
        self._checker = threading.Thread(
            target=self._finish_checks, args=(checking, loading), daemon=True
        )
        self._checker.start()

    def _finish_checks(self, checking: Background[list[Problem]], loading: list[Problem]) -> None:
        try:
            found = checking.result()
            failure = ""
        except Exception as exc:  # stopped for a newer rebuild, or a rule failed
            found, failure = [], f"the checks could not run: {exc}"
        with self._lock:
            if self._checking is not checking:
                return
            self._checking = None
            if failure:
                outcome = self._publish(failure=failure)
            else:
                self._found = found
                problems = self._problems(loading)
                outcome = (
                    self._publish(problems=problems)
                    if problems != self.outcome.problems
                    else self.outcome
                )
        self.on_checked(outcome)
        # A full collection of a large site's objects takes the better part of a second:
        # made now, while the reader reads, rather than by chance inside the next edit.
        gc.collect()

    def stop_checks(self) -> None:
        """Stop the checks under way, if any, and let them report nothing."""
        with self._lock:
            checking, self._checking = self._checking, None
            if checking is not None:
                checking.cancel()
        if self._checker is not None:
            self._checker.join()

    def checked(self, timeout: float = 600) -> Outcome:
        """The outcome once the checks of the last rebuild have run."""
        deadline = time.monotonic() + timeout
        while self._checking is not None and time.monotonic() < deadline:
            time.sleep(0.02)
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
        """No swap and no page or PDF write happens inside this block."""
        with self._lock:
            yield

    def page(self, file: str) -> str:
        """Write the page at ``file`` (site-relative) if it is stale; returns why it
        could not be written, or "". A page the edited site no longer has is removed."""
        with self._lock:
            if self._fresh is None or file in self._fresh or self._run is None:
                return ""
            generator = self._run.generator
            assert generator is not None
            if not generator.owns(file):
                return ""
            try:
                if generator.write_page(file, str(self.site_dir)):
                    self._fresh.add(file)
                else:
                    (self.site_dir / file).unlink(missing_ok=True)
            except Exception as exc:
                return f"{file} could not be written: {type(exc).__name__}: {exc}"
        return ""

    def data_files(self) -> str:
        """Write the feeds, exports and sitemap again if an edit left them stale;
        returns why they could not be, or ""."""
        with self._lock:
            if not self._data_stale or self._run is None:
                return ""
            try:
                write_data_files(self._run)
            except Exception as exc:
                return f"the feeds and exports could not be written: {exc}"
            self._data_stale = False
        return ""

    def write_stale_pages(self) -> None:
        """Write every stale page and remove every page the site no longer has, for
        what reads the whole site (PDFs, search)."""
        with self._lock:
            if self._fresh is None or self._run is None:
                return
            generator = self._run.generator
            assert generator is not None
            files = generator.page_files()
            for file in files:
                if file not in self._fresh:
                    generator.write_page(file, str(self.site_dir))
            planned = set(files)
            for path in self.site_dir.rglob("*.html"):
                file = path.relative_to(self.site_dir).as_posix()
                if file not in planned and generator.owns(file):
                    path.unlink()
            self._fresh = None

    def index_search(self) -> str:
        """Make the search index unless the site has it; returns why it failed, or ""."""
        with self._lock:
            if self._site is None or self._settings is None:
                return ""
            if (self.site_dir / SEARCH_BUNDLE).is_dir():
                return ""
            started = time.perf_counter()
            try:
                self.write_stale_pages()
                write_search_index(self.site_dir, self._settings)
            except BuildError as exc:
                return str(exc)
            except Exception as exc:
                return f"the pages could not be written: {type(exc).__name__}: {exc}"
        self.log(f"Indexed the site for search in {time.perf_counter() - started:.1f} s")
        return ""

    def render_pdf(self, url: str) -> str:
        """Render the PDF at site-relative ``url`` (a brief or a book) unless it is there.

        Returns why it could not be rendered, or "" (also for a URL that names no PDF,
        which is then simply not found).
        """
        with self._lock:
            if self._run is None or self._settings is None:
                return ""
            if (self.site_dir / url).is_file():
                return ""
            started = time.perf_counter()
            try:
                self.write_stale_pages()
            except Exception as exc:
                return f"the pages could not be written: {type(exc).__name__}: {exc}"
            # Imported here: it loads WeasyPrint, which `briefings` needs only for PDFs.
            from generator.pdf import render_site_pdfs

            report = render_site_pdfs(
                self._run.sites,
                self.site_dir,
                self._settings.replace(cache_dir=self.workdir / "cache", workers=1),
                only={url},
            )
            self._pdfs.update(report.rendered + report.skipped)
        if report.failed:
            return "; ".join(report.warnings) or f"could not render {url}"
        if report.rendered or report.skipped:
            self.log(f"Rendered {url} in {time.perf_counter() - started:.1f} s")
        return ""


def _group(slug: str) -> str:
    """The group of a relationship's own pages (see :func:`generator.pages.page_group`)."""
    return f"relationship/{slug}"


def _shape(site: Site) -> tuple[Any, ...]:
    """What any page may show of every relationship, beyond its own pages: its title
    in each language, its countries and status; and the as-of date, which the latest
    review date gives when the settings name none. An edit that changes it builds
    the whole site."""
    return (
        site.as_of,
        tuple(
            (
                relationship.slug,
                relationship.index.display_path,
                tuple(relationship.front.countries),
                relationship.front.status,
                tuple(
                    translated.title if translated else None
                    for lang in site.languages
                    for translated in [relationship.in_language(lang)]
                ),
            )
            for relationship in site.corpus.relationships
        ),
    )


def _digests(site: Site) -> dict[str, str]:
    return {relationship.slug: relationship.digest for relationship in site.corpus.relationships}


def _unpublished(site: Site) -> dict[str, str]:
    return {
        briefing.url: briefing.front.status
        for briefing in site.all_briefings
        if briefing.front.status != PUBLISHED
    }
