"""Run one command in a subprocess and measure its wall time and peak memory.

Peak memory is sampled from ``/proc`` as the summed resident set size of the command's
whole process tree (the PDF step runs in worker processes, so the parent's own peak
says little), and cross-checked against the kernel's ``ru_maxrss`` of the largest
single process. Summing counts pages shared between processes more than once, so the
tree figure errs on the high side.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.05
MIB = 1024 * 1024


@dataclass(frozen=True)
class Measurement:
    seconds: float
    cpu_seconds: float
    """User and system time of the command and the descendants it waited for: unlike
    wall time, barely changed by other processes competing for the cores."""
    peak_tree_rss_mb: float
    max_process_rss_mb: float
    exit_code: int
    stdout: str
    stderr: str


class CommandFailed(RuntimeError):
    """A measured command exited non-zero; the message carries its output."""


def run(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> Measurement:
    """Run ``command`` to completion, timing it and sampling its tree's memory."""
    log_out, log_err = cwd / ".bench-stdout", cwd / ".bench-stderr"
    with log_out.open("w") as out, log_err.open("w") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=dict(env or os.environ), stdout=out, stderr=err
        )
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
    stdout, stderr = log_out.read_text(), log_err.read_text()
    log_out.unlink()
    log_err.unlink()
    measurement = Measurement(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_tree_rss_mb=sampler.peak_bytes / MIB,
        # Linux reports ru_maxrss in KiB, for the child and the descendants it waited for.
        max_process_rss_mb=usage.ru_maxrss / 1024,
        exit_code=process.returncode,
        stdout=stdout,
        stderr=stderr,
    )
    if check and measurement.exit_code != 0:
        raise CommandFailed(
            f"{' '.join(command)} exited {measurement.exit_code}:\n"
            f"{stdout[-2000:]}\n{stderr[-4000:]}"
        )
    return measurement


class _TreeSampler(threading.Thread):
    """Polls the summed RSS of a process and all its descendants until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_bytes = 0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            self.peak_bytes = max(self.peak_bytes, _tree_rss(self.root))
            self._stopped.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses; fields resume after the last ")".
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending += children.get(pid, [])
        try:
            resident_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        total += resident_pages * PAGE_SIZE
    return total
