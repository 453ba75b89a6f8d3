"""The benchmark's own measuring: what ``make bench`` reports must be what ran."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.measure import run

SHARED_THEN_FORK = """
import os, time
memory = bytearray(200 * 1024 * 1024)
for offset in range(0, len(memory), 4096):
    memory[offset] = 1
if os.fork() == 0 and os.fork() == 0:
    pass  # a grandchild: it holds the same pages too
time.sleep(1.5)
"""


def test_peak_memory_counts_pages_shared_by_forks_once_in_pss_and_in_every_process_in_rss(
    tmp_path: Path,
) -> None:
    measured = run([sys.executable, "-c", SHARED_THEN_FORK], cwd=tmp_path)

    assert 200 <= measured.peak_tree_pss_mb < 300
    assert measured.peak_tree_rss_mb >= 3 * 200  # parent, child and grandchild
    assert 200 <= measured.max_process_rss_mb < 300
