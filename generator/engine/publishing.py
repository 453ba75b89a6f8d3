"""Publishing a build: a staging folder beside ``output/``, swapped in whole, or not at all.

A build writes into ``.output-staging-<random>/`` next to ``output/`` and, only once
everything succeeded, exchanges the two folders in one atomic ``renameat2`` call (two
renames where the kernel or file system cannot exchange). So whatever happens to a
build (an error, Ctrl-C, SIGTERM, SIGKILL, a power cut), ``output/`` is either the
previous site, complete and untouched, or the new one.

A killed build cannot clean up after itself: it leaves its staging folder behind.
The next build removes such leftovers first, under a lock that also keeps two builds
from publishing into the same folder at once.

Files the new site shares, byte for byte, with the previous one are hard-linked to the
previous copy just before the swap. Deleting the retired site then mostly drops links
instead of freeing blocks, which matters on disks mounted with ``discard``, where
every freed file costs a TRIM (docs/performance.md).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import secrets
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

AT_FDCWD = -100
RENAME_EXCHANGE = 2
COMPARE_CHUNK = 1 << 20


def staging_prefix(output_dir: Path) -> str:
    return f".{output_dir.name}-staging-"


def retired_prefix(output_dir: Path) -> str:
    return f".{output_dir.name}-old-"


@contextmanager
def exclusive_output(output_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock and clear what killed builds left beside it."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output_dir.parent / f".{output_dir.name}.lock"
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            _recover(output_dir)
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def staging_folder(output_dir: Path) -> Iterator[Path]:
    """A fresh staging folder beside ``output_dir``, removed on leaving unless published."""
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(output_dir), dir=output_dir.parent))
    umask = os.umask(0o022)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp's 0700 would hide the site from a web server
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, output_dir: Path) -> None:
    """Make ``staging`` the new ``output_dir`` atomically; delete the previous site."""
    if not output_dir.exists():
        staging.rename(output_dir)
        return
    reuse_unchanged_files(staging, output_dir)
    if _exchange(staging, output_dir):
        retired = staging  # after the exchange, the staging name holds the previous site
    else:
        retired = output_dir.with_name(f"{retired_prefix(output_dir)}{secrets.token_hex(4)}")
        output_dir.rename(retired)
        staging.rename(output_dir)
    shutil.rmtree(retired, ignore_errors=True)


def reuse_unchanged_files(new: Path, previous: Path) -> int:
    """Hard-link each file of ``new`` that is identical to its counterpart in ``previous``.

    Both trees keep exactly the same bytes; only which inode holds them changes.
    Returns how many files were linked.
    """
    linked = 0
    for folder, _, names in os.walk(new):
        for name in names:
            path = Path(folder, name)
            old = previous / path.relative_to(new)
            if _same_regular_file(path, old):
                temporary = path.with_name(f".{name}.{secrets.token_hex(4)}.link")
                try:
                    os.link(old, temporary)
                    os.replace(temporary, path)
                except OSError:  # another file system, or no hard links: keep the copy
                    temporary.unlink(missing_ok=True)
                    continue
                linked += 1
    return linked


@contextmanager
def interruptible() -> Iterator[None]:
    """Let SIGTERM stop a build as Ctrl-C does, so that its staging folder is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _recover(output_dir: Path) -> None:
    """Restore a site retired by an interrupted two-rename swap; remove stale folders."""
    retired = sorted(output_dir.parent.glob(f"{retired_prefix(output_dir)}*"))
    if retired and not output_dir.exists():
        retired.pop().rename(output_dir)
    for leftover in [*retired, *output_dir.parent.glob(f"{staging_prefix(output_dir)}*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one system call; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _same_regular_file(path: Path, other: Path) -> bool:
    try:
        mine, theirs = path.lstat(), other.lstat()
    except OSError:
        return False
    if not (stat.S_ISREG(mine.st_mode) and mine.st_mode == theirs.st_mode):
        return False
    if mine.st_size != theirs.st_size or mine.st_ino == theirs.st_ino:
        return False
    with path.open("rb") as first, other.open("rb") as second:
        while True:
            chunk = first.read(COMPARE_CHUNK)
            if chunk != second.read(COMPARE_CHUNK):
                return False
            if not chunk:
                return True
