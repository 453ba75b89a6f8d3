"""What one brief costs WeasyPrint, with the product's own rendering, and what the look costs.

    python -m benchmarks.pdf_speed SITE_DIR relationships/kz-tr/index.html --runs 5 [--bare]

:func:`pdf_seconds_per_brief` renders one built page through
:func:`generator.pdf.weasy.render_job`, the function every PDF worker runs (fonts
served decoded, PDF/UA tags, the content's metadata, tables completed), in a fresh
interpreter: one render first, which a worker pays once per run (imports, fonts
decoded and registered), then ``runs`` timed renders, as a worker renders page after
page. It returns their median. ``stylesheet=False`` renders the same page with its
stylesheets removed (every ``<link rel="stylesheet">`` and ``<style>``), the floor that
the print stylesheet's cost is measured from.
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


def pdf_seconds_per_brief(site_dir: Path, page: str, *, stylesheet: bool, runs: int) -> float:
    """The median wall time of ``runs`` renders of ``page`` (a path in the built site
    ``site_dir``), after one render to warm up, in a subprocess."""
    if runs < 1:
        raise ValueError(f"runs must be at least 1, not {runs}")
    command = [sys.executable, "-m", "benchmarks.pdf_speed", str(site_dir), page]
    command += ["--runs", str(runs), *([] if stylesheet else ["--bare"])]
    project = Path(__file__).resolve().parent.parent
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    seconds: list[float] = json.loads(done.stdout)["seconds"]
    return statistics.median(seconds)


def render_times(
    site_dir: Path, page: str, *, stylesheet: bool, runs: int, keep: Path | None = None
) -> list[float]:
    """Render ``page`` once, then ``runs`` times more, timing those; in this process.
    ``keep`` receives the last PDF."""
    from generator.pdf.jobs import BuiltSite, PdfJob
    from generator.pdf.weasy import DEFAULT_VARIANT, render_job

    site = BuiltSite(site_dir.resolve(), SITE_URL)
    html_path = site.root / page
    with tempfile.TemporaryDirectory(prefix="pdf-speed-") as scratch:
        work = Path(scratch)
        if not stylesheet:
            bare = work / "page.html"
            bare.write_text(bare_html(html_path.read_text("utf-8")), "utf-8")
            html_path = bare
        job = PdfJob(
            html_path=html_path,
            pdf_path=work / "page.pdf",
            label=page,
            url=page,
            metadata={"title": page, "created": "2026-01-01"},
        )
        seconds = []
        for run in range(runs + 1):
            start = time.perf_counter()
            outcome = render_job(job, site, work / "cache", DEFAULT_VARIANT)
            elapsed = time.perf_counter() - start
            if outcome.error:
                raise RuntimeError(outcome.error)
            if run:
                seconds.append(elapsed)
        if keep is not None:
            shutil.copyfile(job.pdf_path, keep)
    return seconds


def bare_html(html: str) -> str:
    """``html`` without its stylesheets: WeasyPrint's default look."""
    return STYLESHEETS.sub("", html)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("page")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bare", action="store_true", help="without the page's stylesheets")
    arguments = parser.parse_args(argv)
    seconds = render_times(
        arguments.site_dir, arguments.page, stylesheet=not arguments.bare, runs=arguments.runs
    )
    print(json.dumps({"seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
