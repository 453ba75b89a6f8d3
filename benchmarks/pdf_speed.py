"""What one brief costs WeasyPrint, with the product's own rendering, and what the look costs.

    python -m benchmarks.pdf_speed SITE_DIR relationships/kz-tr/index.html --runs 9

:func:`pdf_seconds_per_brief` renders one built page through
:func:`generator.pdf.weasy.render_job`, the function every PDF worker runs (fonts
served decoded, stylesheets parsed once, PDF/UA tags, the content's metadata, tables
completed), in a fresh interpreter, in two looks: ``styled``, the page as built, and
``bare``, the same page with its stylesheets removed (every ``<link rel="stylesheet">``
and ``<style>``), the floor that the print stylesheet's cost is measured from. One
render of each first, which a worker pays once per run (imports, fonts decoded and
registered, stylesheets parsed), then ``runs`` timed renders of each, the two looks in
turn, so that whatever else the machine does weighs on both alike. It returns the
median of each look.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

SITE_URL = "https://example.org/"
STYLESHEETS = re.compile(
    r"<link\b[^>]*\brel=\"?stylesheet\b[^>]*>|<style\b.*?</style\s*>", re.IGNORECASE | re.DOTALL
)
"""The stylesheets of a page as our templates write them (pages built by the site)."""
LOOKS = ("styled", "bare")
"""The page as built, and the same page without its stylesheets."""


def pdf_seconds_per_brief(site_dir: Path, page: str, *, runs: int) -> dict[str, float]:
    """The median wall time of ``runs`` renders of ``page`` (a path in the built site
    ``site_dir``) in each look of :data:`LOOKS`, measured in a subprocess."""
    if runs < 1:
        raise ValueError(f"runs must be at least 1, not {runs}")
    command = [sys.executable, "-m", "benchmarks.pdf_speed", str(site_dir), page]
    command += ["--runs", str(runs)]
    project = Path(__file__).resolve().parent.parent
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    seconds: dict[str, list[float]] = json.loads(done.stdout)
    return {look: statistics.median(seconds[look]) for look in LOOKS}


def render_times(
    site_dir: Path, page: str, *, runs: int, keep: Path | None = None
) -> dict[str, list[float]]:
    """Render ``page`` in each look once, then ``runs`` times more in turn, timing those;
    in this process. ``keep``, a folder, receives the last PDF of each look
    (``styled.pdf``, ``bare.pdf``)."""
    from generator.pdf.jobs import BuiltSite, PdfJob
    from generator.pdf.weasy import DEFAULT_VARIANT, render_job

    site = BuiltSite(site_dir.resolve(), SITE_URL)
    built = site.root / page
    with tempfile.TemporaryDirectory(prefix="pdf-speed-") as scratch:
        work = Path(scratch)
        bare = work / "page.html"
        bare.write_text(bare_html(built.read_text("utf-8")), "utf-8")
        jobs = {
            look: PdfJob(
                html_path=html_path,
                pdf_path=work / f"{look}.pdf",
                label=page,
                url=page,
                metadata={"title": page, "created": "2026-01-01"},
            )
            for look, html_path in zip(LOOKS, (built, bare), strict=True)
        }
        seconds: dict[str, list[float]] = {look: [] for look in LOOKS}
        for run in range(runs + 1):
            for look, job in jobs.items():
                start = time.perf_counter()
                outcome = render_job(job, site, work / "cache", DEFAULT_VARIANT)
                elapsed = time.perf_counter() - start
                if outcome.error:
                    raise RuntimeError(outcome.error)
                if run:
                    seconds[look].append(elapsed)
        if keep is not None:
            for job in jobs.values():
                shutil.copy(job.pdf_path, keep)
    return seconds


def bare_html(html: str) -> str:
    """``html`` without its stylesheets: WeasyPrint's default look."""
    return STYLESHEETS.sub("", html)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("page")
    parser.add_argument("--runs", type=int, default=9)
    arguments = parser.parse_args(argv)
    print(json.dumps(render_times(arguments.site_dir, arguments.page, runs=arguments.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
