"""The worker processes that render PDFs, and the order in which they take the jobs.

Jobs are handed to the pool one per idle worker, in the order of :class:`JobQueue`, and
a finished job may release new ones (the books waiting for their briefs), which join
the same queue, so the workers never wait between the briefs and the books. Workers
are spawned (clean interpreters: no state inherited from a threaded parent), die with
the process that started them and keep their temporary files in ``temporary_dir`` (see
:mod:`generator.processes.children`). Each worker reports its process id when it
starts, so that an interrupted run can terminate its own workers, and only them.
"""

from __future__ import annotations

import heapq
import itertools
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import closing
from multiprocessing.queues import SimpleQueue
from pathlib import Path

from generator.pdf.jobs import BuiltSite, Outcome, PdfJob
from generator.pdf.weasy import render_job
from generator.processes import end_with_parent, temporary_files_in


def render_all(
    jobs: Sequence[PdfJob],
    finished: Callable[[Outcome], Sequence[PdfJob]],
    site: BuiltSite,
    cache_dir: Path,
    variant: str,
    workers: int,
    temporary_dir: Path | None,
) -> None:
    """Render ``jobs`` and those ``finished`` returns for each outcome, until none is left,
    in this process (one worker) or in a pool of ``workers`` processes."""
    queue = JobQueue(jobs)
    if workers == 1 or not jobs:
        with temporary_files_in(temporary_dir):
            while queue:
                queue.extend(finished(render_job(queue.pop(), site, cache_dir, variant)))
        return
    context = multiprocessing.get_context("spawn")
    with (
        closing(context.SimpleQueue()) as started,
        ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(os.getpid(), temporary_dir, started),
        ) as pool,
    ):
        running: dict[Future[Outcome], PdfJob] = {}
        try:
            while queue or running:
                while queue and len(running) < workers:
                    job = queue.pop()
                    running[pool.submit(render_job, job, site, cache_dir, variant)] = job
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda future: running[future].label):
                    job = running.pop(future)
                    try:
                        outcome = future.result()
                    except Exception as error:  # a crashed worker, not a WeasyPrint error
                        outcome = Outcome.failure(job, error)
                    queue.extend(finished(outcome))
        except BaseException:
            _stop_workers(pool, started)
            raise


class JobQueue:
    """Jobs waiting for a worker: pages first, the largest first, then books, the one of
    most parts first.

    A long job started last leaves the other workers idle while it finishes. The
    longest is the site's book, which can start only once every brief is done; the
    country books wait for the briefs too, so that they keep the other workers busy
    beside it instead of being done by then.
    """

    def __init__(self, jobs: Sequence[PdfJob] = ()) -> None:
        self._heap: list[tuple[bool, int, int, int, PdfJob]] = []
        self._order = itertools.count()
        self.extend(jobs)

    def __bool__(self) -> bool:
        return bool(self._heap)

    def extend(self, jobs: Sequence[PdfJob]) -> None:
        for job in jobs:
            entry = (bool(job.parts), -len(job.parts), -_html_size(job), next(self._order), job)
            heapq.heappush(self._heap, entry)

    def pop(self) -> PdfJob:
        return heapq.heappop(self._heap)[-1]


def _html_size(job: PdfJob) -> int:
    try:
        return job.html_path.stat().st_size
    except OSError:
        return 0


def _start_worker(parent_pid: int, temporary_dir: Path | None, started: SimpleQueue[int]) -> None:
    end_with_parent(parent_pid)
    started.put(os.getpid())
    if temporary_dir is not None:
        tempfile.tempdir = str(temporary_dir)


def _stop_workers(pool: ProcessPoolExecutor, started: SimpleQueue[int]) -> None:
    """Stop at once when interrupted: the workers would otherwise go on rendering the
    pages they hold, and this process would wait for them before it could exit.

    The pool's workers are the children of this process that reported to ``started``;
    another pool of this process, if any, is left alone.
    """
    pool.shutdown(wait=False, cancel_futures=True)
    workers = set()
    while not started.empty():
        workers.add(started.get())
    for child in multiprocessing.active_children():
        if child.pid in workers:
            child.terminate()
