"""The CI workflows' sharded build, simulated on this machine: what a matrix of shard
jobs would take, and whether its site is the site of an unsharded build.

The workflows (``.github/workflows/ci.yml``, ``pages.yml``) run ``briefings build
--shard i/n`` in n jobs that share nothing, then ``briefings merge-shards`` in one
last job (``scripts/ci-build.sh`` runs the same commands). Here the shards run one
after the other, each from an empty PDF cache as a fresh runner would; the matrix would
take as long as its slowest shard, then the merge. An unsharded clean build of the same
project follows, and the two sites are compared file by file.
"""

from __future__ import annotations

import filecmp
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.measure import Measurement

Measure = Callable[[str, list[str], Path], Measurement]
"""Runs and records one named command from a folder (``benchmarks.run``'s ``measure``)."""


def simulate_ci_matrix(
    briefings: list[str], project: Path, shards: int, measure: Measure
) -> dict[str, Any]:
    """Time the shard jobs and the merge on ``project``; compare with an unsharded build."""
    work = project.parent / "ci-matrix"
    shutil.rmtree(work, ignore_errors=True)
    caches = []
    shard_seconds = []
    for shard in range(1, shards + 1):
        folder = work / f"shard-{shard}"
        done = measure(
            f"ci_shard_{shard}_of_{shards}",
            [
                *briefings,
                "build",
                "--shard",
                f"{shard}/{shards}",
                "--output",
                str(folder / "output"),
            ],
            project,
        )
        shard_seconds.append(done.seconds)
        caches.append(str(folder / ".briefings-cache"))
    merged = work / "merged" / "output"
    merge = measure(
        "ci_merge", [*briefings, "merge-shards", *caches, "--output", str(merged)], project
    )
    unsharded = work / "unsharded" / "output"
    measure("ci_unsharded_build", [*briefings, "build", "--output", str(unsharded)], project)
    differences = differing_files(merged, unsharded)
    return {
        "shards": shards,
        "shard_seconds": [round(seconds, 3) for seconds in shard_seconds],
        "slowest_shard_seconds": round(max(shard_seconds), 3),
        "merge_seconds": round(merge.seconds, 3),
        "matrix_seconds": round(max(shard_seconds) + merge.seconds, 3),
        "files": sum(1 for path in merged.rglob("*") if path.is_file()),
        "equals_unsharded_build": not differences,
        "differences": differences[:20],
    }


def differing_files(left: Path, right: Path) -> list[str]:
    """The files that are in one tree and not the other, or differ in a byte."""
    found: list[str] = []
    stack = [filecmp.dircmp(left, right)]
    while stack:
        compared = stack.pop()
        prefix = Path(compared.left).relative_to(left)
        found += [str(prefix / name) for name in compared.left_only + compared.right_only]
        _, mismatch, errors = filecmp.cmpfiles(
            compared.left, compared.right, compared.common_files, shallow=False
        )
        found += [str(prefix / name) for name in mismatch + errors]
        stack += compared.subdirs.values()
    return sorted(found)
