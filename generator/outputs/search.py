"""Full-text search: a Pagefind index of the finished pages, written into the site.

Pagefind reads the built HTML and writes a static bundle under ``pagefind/``: the
index, its WebAssembly and the default search UI, which the search page loads from
the site itself, so search works on any static host with no server code. Only what
templates mark ``data-pagefind-body`` (the main content) is indexed, so the navigation
and footer repeated on every page do not swamp the results; and only pages worth a
hit opt in (see ``base.html``): a timeline filtered by kind or a revision history
repeats text a reader finds better on the full timeline or the briefing itself.

PDF briefs are not indexed: each is rendered from a page that is. The index is made
last, from the final HTML, and Pagefind names its files by their content, so the
same pages give the same bundle, byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from pagefind.service import get_executable

from generator.processes import end_with_parent

SEARCH_BUNDLE = "pagefind"
INDEX_TIMEOUT_SECONDS = 300
IGNORED_SELECTOR = ".header-anchor"
"""Inside indexed content but not text: the "#" permalink after each heading."""


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message carries what it reported."""


def index_site(site_dir: Path) -> None:
    """Index every HTML page under ``site_dir`` into ``site_dir/pagefind/``."""
    with indexing(site_dir):
        pass


@contextmanager
def indexing(site_dir: Path) -> Iterator[None]:
    """Index the pages under ``site_dir`` while the block runs; done when it ends.

    Pagefind makes one index per language, from each page's ``lang``, and the search
    page loads the one of its own language: a Turkish search finds Turkish pages.

    Pagefind works in a process of its own, so the block can write other files (feeds,
    exports) on the core Pagefind leaves free; it must not write HTML, which Pagefind
    may be reading. Pagefind runs from ``site_dir``, so it picks up no configuration
    file from wherever the build was started. Result links keep ``index.html``, like
    every other link of the site, so they work on hosts that do not add it.
    """
    binary = get_executable()
    if binary is None:
        raise SearchIndexError("the Pagefind binary is missing; install pagefind[bin]")
    command = [
        str(binary),
        "--site",
        ".",
        "--output-subdir",
        SEARCH_BUNDLE,
        "--exclude-selectors",
        IGNORED_SELECTOR,
        "--keep-index-url",
        "--silent",
    ]
    try:
        process = subprocess.Popen(
            command,
            cwd=site_dir,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=partial(end_with_parent, os.getpid()),
        )
    except OSError as exc:
        raise SearchIndexError(f"Pagefind did not run: {exc}") from exc
    with process:
        try:
            yield
            stdout, stderr = process.communicate(timeout=INDEX_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise SearchIndexError(f"Pagefind did not run: {exc}") from exc
        finally:
            if process.returncode is None:
                process.kill()
    if process.returncode != 0 or not (site_dir / SEARCH_BUNDLE / "pagefind.js").is_file():
        report = (stderr or stdout).strip()
        raise SearchIndexError(f"Pagefind failed (exit {process.returncode}): {report}")
    _sort_languages(site_dir / SEARCH_BUNDLE / ENTRY_FILE)


ENTRY_FILE = "pagefind-entry.json"
"""Where Pagefind lists the index of each language, for the search page to pick one."""


def _sort_languages(entry: Path) -> None:
    """Pagefind lists the languages of a site with more than one in an order that changes
    from run to run; the search page looks them up by name, so listing them by name
    keeps two builds of the same content the same, byte for byte."""
    data = json.loads(entry.read_text("utf-8"))
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
