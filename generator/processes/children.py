"""Child processes that end with the build, and the folder their temporary files go to.

An editor, a CI runner or a user may ``kill -9`` the build's main process alone. Its
PDF workers (each holding a rendering engine's memory), its forked copies and Pagefind
would then go on for minutes, and WeasyPrint's temporary font folders would stay in
``/tmp`` for good. So every child asks the kernel to kill it when its parent dies, and
a run keeps its temporary files in a folder of its own under the cache, which the next
run removes when the run that made it is gone (docs/performance.md, "A PDF worker's
memory").
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

PR_SET_PDEATHSIG = 1
LOCK_SUFFIX = ".lock"
_prctl: Callable[..., int] | None
try:  # looked up here, not in a freshly forked child, where dlopen could deadlock
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux
    _prctl = None


def end_with_parent(parent_pid: int) -> None:
    """Have this process killed as soon as ``parent_pid``, the process that started it,
    dies; exit at once if it already has.

    Linux only (``prctl``); elsewhere this does nothing. Call it first thing in the child.
    """
    if _prctl is None:
        return
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the request was made
        os._exit(1)


@contextmanager
def run_folder(parent: Path) -> Iterator[Path]:
    """A new folder under ``parent`` for this run's temporary files, removed at the end.

    The run holds a lock on ``<folder>.lock`` while it lives (the kernel releases it
    when the run dies, however it dies). Folders whose lock nobody holds were left by
    killed runs and are removed first; those of a run still going on (another build
    sharing the cache) are left alone.
    """
    parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(parent)
    descriptor, lock_name = tempfile.mkstemp(dir=parent, suffix=LOCK_SUFFIX)
    lock_path = Path(lock_name)
    folder = lock_path.with_suffix("")
    with os.fdopen(descriptor, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder.mkdir()
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            lock_path.unlink(missing_ok=True)


@contextmanager
def temporary_files_in(folder: Path | None) -> Iterator[None]:
    """Send this process's temporary files (``tempfile``'s default folder) to ``folder``
    while the block runs; with ``None``, leave them where they go."""
    if folder is None:
        yield
        return
    previous = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = previous


def _remove_abandoned(parent: Path) -> None:
    for lock_path in parent.glob(f"*{LOCK_SUFFIX}"):
        try:
            with lock_path.open("a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(lock_path.with_suffix(""), ignore_errors=True)
                lock_path.unlink(missing_ok=True)
        except BlockingIOError:  # its run is still going on
            continue
