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
from contextlib import ExitStack
from functools import partial
from multiprocessing.connection import Connection
from typing import Generic, TypeVar, cast

from generator.processes.children import end_with_parent

T = TypeVar("T")
R = TypeVar("R")


class WorkerError(RuntimeError):
    """A forked worker failed; the message carries its traceback."""


def default_workers() -> int:
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Background(Generic[R]):
    """``function()`` running in a forked copy of this process while this one goes on;
    with ``fork=False`` (or where processes cannot fork) it runs here, at once.

    Until :meth:`result` (or leaving the ``with`` block), the collector of this process
    leaves the objects it had at the fork alone, so their memory pages stay shared with
    the copy instead of being copied when the collector marks them.
    """

    def __init__(self, function: Callable[[], R], *, fork: bool = True) -> None:
        self._child: multiprocessing.process.BaseProcess | None = None
        if not (fork and can_fork()):
            self._value = function()
            return
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._child = context.Process(target=_run, args=(function, sender, os.getpid()))
        gc.freeze()
        try:
            self._child.start()
        except BaseException:
            gc.unfreeze()
            raise
        finally:
            sender.close()

    def result(self) -> R:
        """What ``function()`` returned; :class:`WorkerError` with the traceback of the
        copy if it raised there."""
        if self._child is None:
            return self._value
        try:
            value, failure = self._receiver.recv()
        except EOFError:  # it died before it could report
            value, failure = None, ""
        self._child.join()
        self.close()
        if self._child.exitcode != 0 and not failure:
            failure = f"forked worker exited with code {self._child.exitcode}"
        if failure:
            raise WorkerError(f"a forked worker failed:\n{failure}")
        return cast(R, value)

    def cancel(self) -> None:
        """Stop the copy, from any thread: :meth:`result`, waiting in another one, then
        raises :class:`WorkerError`."""
        if self._child is not None:
            self._child.terminate()

    def close(self) -> None:
        """Stop the copy if it is still working: nothing will ask for its result."""
        if self._child is None or self._receiver.closed:
            return
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        self._receiver.close()
        gc.unfreeze()

    def __enter__(self) -> Background[R]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def map_in_forks(
    function: Callable[[T], R], items: Sequence[T], workers: int | None = None
) -> list[R]:
    """``[function(item) for item in items]``, spread over ``workers`` processes (default:
    one per core). This process takes the first share, so one worker means no fork at
    all; results computed elsewhere come back pickled, so they must pickle."""
    count = min(workers or default_workers(), len(items))
    if count <= 1 or not can_fork():
        return _share(function, items, 0, 1)
    with ExitStack() as stack:
        children = [
            stack.enter_context(Background(partial(_share, function, items, share, count)))
            for share in range(1, count)
        ]
        shares = [_share(function, items, 0, count)]
        shares += [child.result() for child in children]
    ordered: list[R] = [None] * len(items)  # type: ignore[list-item]
    for share, results in enumerate(shares):
        ordered[share::count] = results
    return ordered


def _share(function: Callable[[T], R], items: Sequence[T], share: int, count: int) -> list[R]:
    return [function(item) for item in items[share::count]]


def _run(function: Callable[[], R], report: Connection, parent_pid: int) -> None:
    end_with_parent(parent_pid)
    try:
        value = function()
    except BaseException:  # the parent reports it; a worker has nobody else to tell
        report.send((None, traceback.format_exc()))
        raise SystemExit(1) from None
    report.send((value, ""))
