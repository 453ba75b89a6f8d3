"""The benchmark's own measuring: what ``make bench`` reports must be what ran."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.ci_matrix import differing_files
from benchmarks.corpus import edit_relationship, relationships, write_content
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


def test_the_matrix_comparison_names_every_file_that_differs_or_is_missing(
    tmp_path: Path,
) -> None:
    left, right = tmp_path / "sharded", tmp_path / "unsharded"
    for root in (left, right):
        (root / "books").mkdir(parents=True)
        (root / "index.html").write_bytes(b"same")
        (root / "books" / "kz.pdf").write_bytes(b"%PDF-1.7 one")
    (right / "books" / "kz.pdf").write_bytes(b"%PDF-1.7 two")
    (left / "books" / "tr.pdf").write_bytes(b"%PDF-1.7")

    assert differing_files(left, right) == ["books/kz.pdf", "books/tr.pdf"]
    (right / "books" / "kz.pdf").write_bytes(b"%PDF-1.7 one")
    (right / "books" / "tr.pdf").write_bytes(b"%PDF-1.7")
    assert differing_files(left, right) == []


def test_a_synthetic_edit_can_be_made_again_and_again(tmp_path: Path) -> None:
    item = relationships(1)[0]
    write_content(tmp_path, 1)
    for note in ("first", "second"):
        text = edit_relationship(tmp_path, item, note).read_text()
        assert f"(synthetic edit: {note})." in text
        assert "synthetic edit: first" not in text or note == "first"
