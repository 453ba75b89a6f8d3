"""How long ``briefings serve`` takes to show an edit: from saving one sentence of one
narrative to the preview serving the page with it.

A real ``briefings serve`` process on the synthetic project, asked over HTTP as a
browser would be: the relationship's page is opened, a sentence edited, and the page
asked for every few milliseconds until it holds the new sentence. The file watcher's
own latency (it waits for a pause of 50 ms in the edits) is part of the time, as it is
for the analyst.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks.corpus import SyntheticRelationship, edit_relationship

START_BOUND = 1800.0
"""Seconds the first build of the preview may take (N=1000 builds its whole site first)."""
SHOW_BOUND = 60.0
POLL = 0.005


def serve_edit_seconds(
    briefings: list[str], project: Path, item: SyntheticRelationship, edits: int = 5
) -> list[float]:
    """The time each of ``edits`` edits of ``item``'s narrative took to show."""
    process = subprocess.Popen(
        [*briefings, "serve", "--port", "0"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        base = _url(process)
        page = f"{base}relationships/{item.slug}/"
        _get(page)
        shown = []
        for number in range(edits):
            note = f"serve edit {number} {time.time_ns()}"
            started = time.perf_counter()
            edit_relationship(project / "content", item, note)
            while note not in _get(page):
                if time.perf_counter() - started > SHOW_BOUND:
                    raise RuntimeError(f"the preview never showed edit {number}")
                time.sleep(POLL)
            shown.append(time.perf_counter() - started)
            time.sleep(1.0)  # the checks of this edit, beside it, end before the next
        return shown
    finally:
        process.terminate()
        process.wait(timeout=60)


def _url(process: subprocess.Popen[str]) -> str:
    """The preview's address, once printed; what it prints afterwards is read and
    dropped, so that a full pipe never holds it up."""
    assert process.stdout is not None
    deadline = time.monotonic() + START_BOUND
    for line in process.stdout:
        if match := re.search(r"http://127\.0\.0\.1:\d+/", line):
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return match.group(0)
        if time.monotonic() > deadline:
            break
    raise RuntimeError("briefings serve printed no address")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=SHOW_BOUND) as response:
        return str(response.read().decode("utf-8"))


if __name__ == "__main__":
    # python -m benchmarks.serve_edit PROJECT: the times of five edits of its first
    # relationship, for a quick look.
    from benchmarks.corpus import relationships

    script = Path(sys.executable).with_name("briefings")
    times = serve_edit_seconds(
        [str(script), "--as-of", "2026-11-25"], Path(sys.argv[1]), relationships(1)[0]
    )
    print(" ".join(f"{t:.3f}" for t in times), f"median {statistics.median(times):.3f}")
