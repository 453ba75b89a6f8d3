"""CPU work of a build on every core, in forked copies of this process.

Rendering narratives, drawing charts and writing pages are pure CPU work on a site
model already in memory. So the items are shared out between this process and forked
copies of it, each taking every k-th item: the copies share the model with the parent
instead of loading and checking the content again (which a spawned process would have
to do), and send back only what they computed. Which process computes an item does not
change the result; the build tests compare a build made by one process with one made
by two.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class WorkerError(RuntimeError):
    """A forked worker failed; the message carries its traceback."""


def default_workers() -> int:
    return os.cpu_count() or 1


def map_in_forks(
    function: Callable[[T], R], items: Sequence[T], workers: int | None = None
) -> list[R]:
    """``[function(item) for item in items]``, spread over ``workers`` processes (default:
    one per core). This process takes the first share, so one worker means no fork at
    all; results computed elsewhere come back pickled, so they must pickle."""
    count = min(workers or default_workers(), len(items))
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    # Objects the collector never visits keep their memory pages shared with the copies.
    gc.freeze()
    children = []
    try:
        for share in range(1, count):
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_work, args=(function, items, share, count, sender))
            child.start()
            sender.close()
            children.append((child, receiver))
        results: list[list[R]] = [[function(item) for item in items[0::count]]]
        failures = []
        for child, receiver in children:
            share_results, failure = _outcome(child, receiver)
            results.append(share_results)
            failures.append(failure)
    finally:
        for child, _ in children:
            if child.is_alive():
                child.terminate()
            child.join()
        gc.unfreeze()
    reports = [failure for failure in failures if failure]
    if reports:
        raise WorkerError("a forked worker failed:\n" + "\n".join(reports))
    ordered: list[R] = [None] * len(items)  # type: ignore[list-item]
    for share, share_results in enumerate(results):
        ordered[share::count] = share_results
    return ordered


def _work(
    function: Callable[[T], R], items: Sequence[T], share: int, count: int, report: Connection
) -> None:
    try:
        results = [function(item) for item in items[share::count]]
    except BaseException:  # the parent reports it; a worker has nobody else to tell
        report.send(([], traceback.format_exc()))
        raise SystemExit(1) from None
    report.send((results, ""))


def _outcome(child: multiprocessing.process.BaseProcess, receiver: Connection) -> tuple[list, str]:
    """The child's results and "", or no results and its traceback."""
    try:
        results, message = receiver.recv()
    except EOFError:
        results, message = [], ""
    child.join()
    if child.exitcode != 0 and not message:
        message = f"forked worker exited with code {child.exitcode}"
    return results, message
