"""The GitHub workflows: valid, and sharded into the number of jobs the Makefile says.

The PDF step runs as a matrix of `make shard SHARD=i` jobs whose shard numbers come from
`make ci-shards` (SHARDS in the Makefile), merged by `make merge-shards`
(docs/scaling.md). These tests pin that wiring without running a workflow.
"""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import PROJECT
from tests.tooling.actionlint import lint_workflows

WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
SHARDED = ["ci.yml", "pages.yml"]


def make(*args: str) -> str:
    done = subprocess.run(
        ["make", "--no-print-directory", "-s", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def workflow(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = YAML(typ="safe").load(PROJECT / ".github/workflows" / name)
    return loaded


def makefile_shards() -> int:
    found = re.search(r"^SHARDS \?= ([0-9]+)$", (PROJECT / "Makefile").read_text(), re.M)
    assert found, "the Makefile sets SHARDS"
    return int(found.group(1))


def test_every_workflow_passes_actionlint() -> None:
    assert WORKFLOWS
    texts = {p.relative_to(PROJECT).as_posix(): p.read_text(encoding="utf-8") for p in WORKFLOWS}

    assert lint_workflows(texts) == []


def test_actionlint_reports_a_matrix_read_from_an_output_the_plan_lacks() -> None:
    text = (PROJECT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    broken = text.replace("needs.plan.outputs.shards", "needs.plan.outputs.shard_count")
    assert broken != text

    problems = lint_workflows({"ci.yml": broken})

    assert any("shard_count" in problem for problem in problems), problems


@pytest.mark.parametrize("shards", [None, 1, 3])
def test_the_plan_numbers_each_shard_from_1_to_n_once(shards: int | None) -> None:
    n = makefile_shards() if shards is None else shards
    args = ["ci-shards"] if shards is None else ["ci-shards", f"SHARDS={shards}"]

    assert json.loads(make(*args)) == list(range(1, n + 1))


@pytest.mark.parametrize("name", SHARDED)
def test_the_shard_jobs_take_their_numbers_from_the_plan_and_n_from_the_makefile(
    name: str,
) -> None:
    jobs = workflow(name)["jobs"]
    plan_runs = [step.get("run", "") for step in jobs["plan"]["steps"]]
    shard_job = jobs["pdfs"]
    shard_runs = [step.get("run", "") for step in shard_job["steps"]]

    assert any("make --no-print-directory -s ci-shards" in run for run in plan_runs)
    assert shard_job["needs"] == "plan"
    assert shard_job["strategy"]["matrix"] == {
        "shard": "${{ fromJSON(needs.plan.outputs.shards) }}"
    }
    assert any(run.startswith("make shard SHARD=${{ matrix.shard }}") for run in shard_runs)
    # `make shard` builds shard i of the same n the plan counted to.
    assert f"--shard 2/{makefile_shards()}" in make("-n", "shard", "SHARD=2")


@pytest.mark.parametrize("name", SHARDED)
def test_the_site_is_merged_from_every_shard_cache_with_the_pdf_cache_kept(name: str) -> None:
    jobs = workflow(name)["jobs"]
    merge = next(job for job in jobs.values() if job.get("needs") == "pdfs")
    steps = merge["steps"]
    cache = next(step for step in steps if step.get("uses") == "actions/cache@v4")
    download = next(s for s in steps if s.get("uses") == "actions/download-artifact@v4")
    uploads = [s for s in jobs["pdfs"]["steps"] if s.get("uses") == "actions/upload-artifact@v4"]

    assert cache["with"]["path"] == ".briefings-cache/"
    assert "${{ github.sha }}" in cache["with"]["key"]
    assert [u["with"]["name"] for u in uploads] == ["pdf-cache-${{ matrix.shard }}"]
    assert uploads[0]["with"]["include-hidden-files"] is True
    assert download["with"]["pattern"] == "pdf-cache-*"
    assert any(s.get("run", "").startswith("make merge-shards") for s in steps)
