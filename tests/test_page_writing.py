"""Pages written by forked processes: every page once, and a failure is never lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.page_writing import PageWrite, PageWritingError, write_pages_in_parallel


def page_writes(folder: Path, count: int) -> list[PageWrite]:
    def write(number: int) -> None:
        (folder / f"{number}.txt").write_text(f"{number} {os.getpid()}")

    return [lambda number=number: write(number) for number in range(count)]


def test_every_page_is_written_once_and_shared_between_processes(tmp_path: Path) -> None:
    write_pages_in_parallel(page_writes(tmp_path, 10), workers=2)

    written = {path.stem: path.read_text().split() for path in tmp_path.iterdir()}
    assert sorted(written, key=int) == [str(number) for number in range(10)]
    writers = {pid for _, pid in written.values()}
    assert len(writers) == 2
    assert str(os.getpid()) in writers


def test_one_worker_writes_everything_in_this_process(tmp_path: Path) -> None:
    write_pages_in_parallel(page_writes(tmp_path, 3), workers=1)

    assert {path.read_text().split()[1] for path in tmp_path.iterdir()} == {str(os.getpid())}


def test_a_page_failing_in_a_forked_writer_fails_with_its_traceback(tmp_path: Path) -> None:
    writes = page_writes(tmp_path, 4)

    def broken() -> None:
        raise ValueError("template exploded on page 3")

    writes[3] = broken  # every other page goes to the forked writer

    with pytest.raises(PageWritingError, match="template exploded on page 3"):
        write_pages_in_parallel(writes, workers=2)
