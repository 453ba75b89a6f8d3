"""One meeting brief on demand (``briefings brief``): the day before a meeting, a desk
officer wants its PDF, not a new site.

The site's pages are written into a temporary folder (the brief links to them and its
PDF is printed from its page), then only that PDF is rendered, from the build's PDF
cache when its page has not changed.
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from pathlib import Path

from generator.engine.pipeline import BuildError, _pages_run, _stop_on_errors
from generator.problems import close_matches
from generator.settings import Settings
from generator.site import load_site
from generator.site.urls import meeting_pdf_url


def render_meeting_brief(settings: Settings, wanted: str, output: Path | None) -> Path:
    """Write the brief of the meeting or visit ``wanted`` (``jspg-8``, or ``kz-tr/jspg-8``
    when two relationships use the id) as a PDF at ``output`` (default: its own name in
    the current folder); the settings' edition says public or internal."""
    site, problems = load_site(settings)
    _stop_on_errors(problems, site)
    briefed = {
        f"{briefing.slug}/{view.event.id}": briefing.slug
        for briefing in site.briefings
        for view in briefing.events
        if view.brief_url
    }
    found = [key for key in briefed if wanted in (key, key.split("/", 1)[1])]
    if len(found) != 1:
        raise BuildError(_not_found(wanted, found, list(briefed)))
    slug, event_id = found[0].split("/", 1)
    pdf_url = meeting_pdf_url(slug, event_id)
    suffix = "-internal" if settings.edition == "internal" else ""
    target = output or Path(Path(pdf_url).stem + suffix + ".pdf")
    # Imported here: it loads WeasyPrint (see generator/pdf/__init__.py).
    from generator.pdf import render_site_pdfs

    with tempfile.TemporaryDirectory(prefix="briefings-brief-") as folder:
        pages = _pages_run(site, settings, Path(folder), pdf_links=False)
        pages.write()
        report = render_site_pdfs(pages.sites[:1], Path(folder), settings, only={pdf_url})
        if report.failed:
            raise BuildError("; ".join(report.warnings) or f"could not render {pdf_url}")
        shutil.copyfile(Path(folder) / pdf_url, target)
    return target


def _not_found(wanted: str, found: list[str], known: list[str]) -> str:
    if found:
        return f'"{wanted}" is a meeting of several relationships: give one of {", ".join(found)}'
    names = sorted({key.split("/", 1)[1] for key in known})
    # Unlike a typo in content, a wrong number here is worth answering with the meetings
    # the briefings do hold: "jspg-9" may simply not be recorded yet.
    closest = close_matches(wanted, names) or difflib.get_close_matches(wanted, names, n=3)
    return f'no meeting or visit "{wanted}" in the briefings' + (
        f"; known ones closest to it: {', '.join(closest)}" if closest else ""
    )
