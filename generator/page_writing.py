"""Writing the site's pages on every core.

Rendering templates is most of an HTML build, and it is pure CPU work on a site model
that is complete before the first page is written. So the pages are shared out between
this process and forked copies of it, each writing every k-th page: the copies share
the model with the parent instead of loading and checking the content again (which a
spawned process would have to do). Which process writes a page does not change its
bytes; the build tests compare a build written by one process with one written by two.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection

PageWrite = Callable[[], None]
"""Writes one page; everything it needs is already in memory."""


class PageWritingError(RuntimeError):
    """A forked writer failed; the message carries its traceback."""


def default_workers() -> int:
    return os.cpu_count() or 1


def write_pages_in_parallel(writes: Sequence[PageWrite], workers: int | None = None) -> None:
    """Call every one of ``writes``, spread over ``workers`` processes (default: one per
    core). This process takes the first share, so one worker means no fork at all."""
    count = min(workers or default_workers(), len(writes))
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for write in writes:
            write()
        return
    context = multiprocessing.get_context("fork")
    # Objects the collector never visits keep their memory pages shared with the copies.
    gc.freeze()
    children = []
    try:
        for share in range(1, count):
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_write_share, args=(writes, share, count, sender))
            child.start()
            sender.close()
            children.append((child, receiver))
        for write in writes[0::count]:
            write()
        failures = [_outcome(child, receiver) for child, receiver in children]
    finally:
        for child, _ in children:
            if child.is_alive():
                child.terminate()
            child.join()
        gc.unfreeze()
    reports = [failure for failure in failures if failure]
    if reports:
        raise PageWritingError("a page writer failed:\n" + "\n".join(reports))


def _write_share(writes: Sequence[PageWrite], share: int, count: int, report: Connection) -> None:
    try:
        for write in writes[share::count]:
            write()
    except BaseException:  # the parent reports it; a worker has nobody else to tell
        report.send(traceback.format_exc())
        raise SystemExit(1) from None
    report.send("")


def _outcome(child: multiprocessing.process.BaseProcess, receiver: Connection) -> str:
    """The child's traceback, or "" when it wrote its share."""
    try:
        message: str = receiver.recv()
    except EOFError:
        message = ""
    child.join()
    if child.exitcode != 0 and not message:
        message = f"page writer exited with code {child.exitcode}"
    return message
