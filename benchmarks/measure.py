"""Run one command in a subprocess and measure its wall time and peak memory.

Peak memory is sampled from ``/proc`` over the command's whole process tree (the PDF
step and the page writers run in worker processes, so the parent's own peak says
little), two ways: the summed proportional set size (PSS: a page shared by k processes
counts 1/k in each, so the sum is the memory the tree really holds; this is the figure
the target is judged on) and the summed resident set size (RSS: counts a shared page
once per process, so forked workers that share the parent's memory inflate it). The
kernel's ``ru_maxrss`` of the largest single process is kept beside them.
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
"""How often the tree and its resident sizes are read (``children`` and ``statm``: cheap)."""
PSS_SECONDS = 0.5
"""How often, at most, the PSS is read, unless the summed RSS reaches a new high (when
the PSS most likely has one too). Reading ``smaps_rollup`` walks a
process's page tables, a few milliseconds per 300 MB; done twenty times a second, with
a scan of all of ``/proc`` to find the tree, it took about a tenth of a core from the
command measured: a run using every core lost that time, a run on one core did not."""
MIB = 1024 * 1024


@dataclass(frozen=True)
class Measurement:
    seconds: float
    cpu_seconds: float
    """User and system time of the command and the descendants it waited for: unlike
    wall time, barely changed by other processes competing for the cores."""
    peak_tree_pss_mb: float
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
        peak_tree_pss_mb=sampler.peak_pss_bytes / MIB,
        peak_tree_rss_mb=sampler.peak_rss_bytes / MIB,
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
    """Polls the summed PSS and RSS of a process and all its descendants until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_pss_bytes = 0
        self.peak_rss_bytes = 0
        self._stopped = threading.Event()

    def run(self) -> None:
        last_pss = -PSS_SECONDS
        while not self._stopped.is_set():
            pids = _tree(self.root)
            rss = sum(_rss_bytes(pid) for pid in pids)
            now = time.monotonic()
            if rss > self.peak_rss_bytes or now - last_pss >= PSS_SECONDS:
                pss = sum(_pss_bytes(pid) for pid in pids)
                self.peak_pss_bytes = max(self.peak_pss_bytes, pss)
                last_pss = now
            self.peak_rss_bytes = max(self.peak_rss_bytes, rss)
            self._stopped.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from each thread's list of the children it started."""
    pids, pending = [], [root]
    while pending:
        pid = pending.pop()
        pids.append(pid)
        try:
            for task in os.scandir(f"/proc/{pid}/task"):
                pending += map(int, Path(task.path, "children").read_text().split())
        except OSError:  # it ended meanwhile
            continue
    return pids


def _rss_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def _pss_bytes(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0
