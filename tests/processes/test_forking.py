"""Work shared with forked processes: every item once, in order, and a failure is never lost."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from generator.processes.forking import Background, WorkerError, map_in_forks


def written_by(folder: Path, number: int) -> int:
    (folder / f"{number}.txt").write_text(str(os.getpid()))
    return number * number


def test_every_item_is_done_once_shared_between_processes_and_returned_in_order(
    tmp_path: Path,
) -> None:
    results = map_in_forks(lambda number: written_by(tmp_path, number), range(10), workers=2)

    assert results == [number * number for number in range(10)]
    assert sorted(int(path.stem) for path in tmp_path.iterdir()) == list(range(10))
    workers = {path.read_text() for path in tmp_path.iterdir()}
    assert len(workers) == 2
    assert str(os.getpid()) in workers


def test_one_worker_does_everything_in_this_process(tmp_path: Path) -> None:
    results = map_in_forks(lambda number: written_by(tmp_path, number), range(3), workers=1)

    assert results == [0, 1, 4]
    assert {path.read_text() for path in tmp_path.iterdir()} == {str(os.getpid())}


def test_an_item_failing_in_a_forked_worker_fails_with_its_traceback() -> None:
    def square(number: int) -> int:
        if number == 3:  # every other item goes to the forked worker
            raise ValueError("template exploded on page 3")
        return number * number

    with pytest.raises(WorkerError, match="template exploded on page 3"):
        map_in_forks(square, range(4), workers=2)


def test_background_work_runs_in_a_forked_copy_while_this_process_goes_on(
    tmp_path: Path,
) -> None:
    with Background(lambda: written_by(tmp_path, 7)) as running:
        here = written_by(tmp_path, 2)
        assert running.result() == 49

    assert here == 4
    assert (tmp_path / "7.txt").read_text() != str(os.getpid())


def test_background_work_without_fork_is_done_here_at_once(tmp_path: Path) -> None:
    running = Background(lambda: written_by(tmp_path, 3), fork=False)

    assert (tmp_path / "3.txt").read_text() == str(os.getpid())
    assert running.result() == 9


def test_background_work_that_fails_reports_its_traceback() -> None:
    def broken() -> int:
        raise KeyError("rule exploded")

    with pytest.raises(WorkerError, match="rule exploded"), Background(broken) as running:
        running.result()


def test_background_work_given_up_is_stopped(tmp_path: Path) -> None:
    def endless() -> None:
        (tmp_path / "started").touch()
        while True:
            pass

    with Background(endless):
        while not (tmp_path / "started").exists():
            pass
    # Leaving the block stopped the copy: nothing is left running to be waited for.
    assert multiprocessing.active_children() == []
