"""The contributor workflow: scaffold, check, preview live, and drafts kept out of builds.

Each test works on a throwaway copy of the project. The preview is a real
``briefings serve`` process on a free loopback port, driven over HTTP.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.cli import _parser, main
from generator.engine import build
from generator.settings import SettingsError, load_settings
from tests.conftest import AS_OF, PROJECT, BuiltSite, build_project, copy_project
from tests.tooling.git import commit_all
from tests.tooling.pdf import pdf_text

BRIEFINGS = Path(sys.executable).with_name("briefings")
SERVE_START_BOUND = 180
"""Seconds the first preview build may take on a busy machine: a bound, not a target."""
CHANGE_BOUND = 60
"""Seconds an edit may take to show up in the preview: a bound, not a target."""

DRAFT_SLUG = "is-tr"
DRAFT_TITLE = "Türkiye–Iceland"


def run(project: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``briefings ARGS`` in ``project``, in this process."""
    code = main(
        ["--settings", str(project / "pelicanconf.py"), "--as-of", AS_OF.isoformat(), *args]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copied = copy_project(tmp_path / "project")
    monkeypatch.chdir(copied)
    return copied


COMMITTED = dt.date(2026, 11, 20)
TODAY = dt.date(2026, 12, 6)
"""The clock's date, passed to ``main``: what the tests expect never depends on it."""

SOURCE_READ_TODAY = f"""
  - id: synthetic-read-today
    title: SYNTHETIC test source, read on the day of the test's clock
    publisher: Test suite
    url: https://example.org/synthetic
    published: 2026-11
    accessed: {TODAY.isoformat()}
    kind: report
"""


def run_today(
    project: Path, *args: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """``briefings ARGS`` with no ``--as-of``, on the day ``TODAY``."""
    code = main(["--settings", str(project / "pelicanconf.py"), *args], today=TODAY)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def committed(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project as a git repository whose last commit is dated ``COMMITTED``."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    commit_all(project, COMMITTED)
    return project


def test_a_source_read_today_passes_check_before_it_is_committed(
    committed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (committed / "content/sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write(SOURCE_READ_TODAY)
    code, out, err = run_today(committed, "check", capsys=capsys)
    assert code == 0, out
    assert "dated in the future" not in out
    assert f"as of today, {TODAY.isoformat()}: the work tree has uncommitted changes" in err

    commit_all(committed, TODAY - dt.timedelta(days=1))  # a commit dated before the reading
    code, out, err = run_today(committed, "check", capsys=capsys)
    assert code == 1
    assert 'source "synthetic-read-today" `accessed` is dated in the future' in out
    assert "write the day you read the source" in out
    assert "as of today" not in err


def test_new_content_is_dated_as_the_check_and_build_will_date_it(
    committed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The tree is clean (as of ``COMMITTED``) until ``new`` writes: its files are
    uncommitted, so they carry today's date, and check finds nothing reviewed later."""
    assert run_today(committed, "new", "relationship", "TR", "IS", capsys=capsys)[0] == 0
    index = committed / "content/relationships" / DRAFT_SLUG / "index.md"
    front = YAML(typ="safe").load(index.read_text(encoding="utf-8").split("---")[1])
    assert front["reviewed"] == TODAY
    assert run_today(committed, "new", "update", "Synthetic news", capsys=capsys)[0] == 0
    assert (committed / f"content/updates/{TODAY.isoformat()}-synthetic-news.md").exists()
    code, out, _ = run_today(committed, "check", capsys=capsys)
    assert code == 0, out
    assert "`reviewed` is dated in the future" not in out


def test_new_content_takes_the_as_of_date_given(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "new", "relationship", "TR", "IS", capsys=capsys)[0] == 0
    index = project / "content/relationships" / DRAFT_SLUG / "index.md"
    front = YAML(typ="safe").load(index.read_text(encoding="utf-8").split("---")[1])
    assert front["reviewed"] == AS_OF


def test_scaffolded_relationship_passes_check_with_placeholder_warnings_and_fails_strict(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(project, "new", "relationship", "Türkiye", "Iceland", capsys=capsys)
    assert code == 0
    folder = project / "content/relationships" / DRAFT_SLUG
    assert f"relationships/{DRAFT_SLUG}/index.md" in out
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert "status: draft" in index and f'title: "{DRAFT_TITLE}"' in index

    code, out, _ = run(project, "check", capsys=capsys)
    draft_problems = [line for line in out.splitlines() if f"/{DRAFT_SLUG}/" in line]
    assert code == 0, out
    assert draft_problems
    assert all(": warning: placeholder not yet filled in" in line for line in draft_problems)

    code, out, _ = run(project, "check", "--strict", capsys=capsys)
    assert code == 1


def test_new_relationship_never_overwrites_and_explains_unknown_names(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = project / "content/relationships/kz-tr/index.md"
    before = index.read_bytes()
    code, _, err = run(project, "new", "relationship", "KZ", "tr", capsys=capsys)
    assert code == 2
    assert "content/relationships/kz-tr/ already exists" in err
    assert index.read_bytes() == before

    code, _, err = run(project, "new", "relationship", "Turkey", "Kazakhstan", capsys=capsys)
    assert code == 2
    assert 'no country is called "Turkey"; did you mean Türkiye (TR)?' in err
    assert "Traceback" not in err


def test_new_update_is_a_dated_draft_named_in_plain_letters(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "Türkiye–Kazakhstan: planning group meets in Ankara"
    code, out, _ = run(project, "new", "update", title, "--date", "2026-02-02", capsys=capsys)
    assert code == 0
    path = (
        project / "content/updates/2026-02-02-turkiye-kazakhstan-planning-group-meets-in-ankara.md"
    )
    assert path.name in out
    front = YAML(typ="safe").load(path.read_text(encoding="utf-8").split("---")[1])
    assert front["title"] == title and front["status"] == "draft"
    assert str(front["date"]) == "2026-02-02"
    code, out, _ = run(project, "check", capsys=capsys)
    assert code == 0 and f"{path.name}:" in out and "placeholder not yet filled in" in out


def test_event_added_to_a_published_briefing_blocks_publication_until_filled_in(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(project, "new", "event", "--to", "tr-kz", capsys=capsys)
    assert code == 0
    location = re.search(r"(content/relationships/kz-tr/data\.yaml):(\d+): added", out)
    assert location is not None, out
    lines = (project / location.group(1)).read_text(encoding="utf-8").splitlines()
    assert lines[int(location.group(2)) - 1].strip().startswith("- id: TODO")

    code, out, _ = run(project, "check", capsys=capsys)
    assert code == 1
    assert f"{location.group(1)}:{location.group(2)}:" in out
    assert "placeholder not yet filled in" in out and "in published content" in out


def test_filled_in_templates_give_a_green_check(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SYNTHETIC: the source and event written here are test data, not facts."""
    run(project, "new", "relationship", "TR", "IS", capsys=capsys)
    assert run(project, "new", "source", "--add", capsys=capsys)[0] == 0
    assert run(project, "new", "event", "--to", DRAFT_SLUG, capsys=capsys)[0] == 0
    filled = {
        "TODO-source-id": "synthetic-source",
        '"TODO: the headline or document title, as published"': "SYNTHETIC test source",
        '"TODO: who published it, e.g. Ministry of Foreign Affairs of Türkiye"': "Test suite",
        "url: TODO": "url: https://example.org/synthetic",
        "published: TODO": "published: 2026-01",
        "accessed: TODO": "accessed: 2026-01-05",
        "kind: TODO  # news": "kind: report  # news",
        "TODO-event-id": "synthetic-visit",
        "date: TODO": "date: 2026-01",
        "kind: TODO  # visit": "kind: visit  # visit",
        '"TODO: what happened, in your own words"': "SYNTHETIC test visit",
    }
    for path in ("content/sources.yaml", f"content/relationships/{DRAFT_SLUG}/data.yaml"):
        text = (project / path).read_text(encoding="utf-8")
        for placeholder, value in filled.items():
            text = text.replace(placeholder, value)
        (project / path).write_text(text, encoding="utf-8")

    code, out, _ = run(project, "check", capsys=capsys)
    assert code == 0, out
    assert "data.yaml" not in out and "sources.yaml" not in out
    events = YAML(typ="safe").load(project / f"content/relationships/{DRAFT_SLUG}/data.yaml")
    assert events["events"][0]["id"] == "synthetic-visit"


def test_contributing_guide_commands_are_real(capsys: pytest.CaptureFixture[str]) -> None:
    guide = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    commands = re.findall(r"^\s*(?:\$ )?(briefings [^\n#]+)", guide, re.MULTILINE)
    assert commands
    for command in commands:
        try:
            _parser().parse_args(shlex.split(command)[1:])
        except SystemExit as exc:
            pytest.fail(f"CONTRIBUTING.md shows `{command}`, which is not a valid command ({exc})")
    capsys.readouterr()


def test_ci_workflows_run_make_targets_that_exist() -> None:
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE))
    workflows = sorted((PROJECT / ".github/workflows").glob("*.yml"))
    assert {path.name for path in workflows} >= {"ci.yml", "pages.yml", "review.yml"}
    for path in workflows:
        workflow = YAML(typ="safe").load(path)
        steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
        for step in steps:
            run = step.get("run", "")
            for target in re.findall(r"(?:^|&&|;)\s*make ([a-z][a-z-]*)", run, re.MULTILINE):
                assert target in targets, f"{path.name} runs `make {target}`, not in Makefile"
    ci = YAML(typ="safe").load(PROJECT / ".github/workflows/ci.yml")
    assert "pull_request" in ci["on"]
    runs = " ".join(s.get("run", "") for j in ci["jobs"].values() for s in j["steps"])
    targets = ("check", "shard", "merge-shards", "test", "lint")
    assert all(f"make {target}" in runs for target in targets)
    assert "make lint" in (PROJECT / ".ci/run").read_text(encoding="utf-8")


def test_pull_requests_are_strict_for_their_changes_and_pushes_keep_the_plain_check() -> None:
    ci = YAML(typ="safe").load(PROJECT / ".github/workflows/ci.yml")
    steps = [step for job in ci["jobs"].values() for step in job["steps"]]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0, "the merge base may lie anywhere in the history"
    by_run = {step.get("run", ""): step for step in steps}
    pull = by_run['make check-changes SINCE="$SINCE"']
    assert pull["if"] == "github.event_name == 'pull_request'"
    assert pull["env"]["SINCE"] == "${{ github.event.pull_request.base.sha }}"
    assert by_run["make check"]["if"] == "github.event_name != 'pull_request'"
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert "briefings check --strict --changed-since $(SINCE)" in makefile


def test_the_weekly_review_keeps_one_issue_with_the_list() -> None:
    review = YAML(typ="safe").load(PROJECT / ".github/workflows/review.yml")
    triggers = review["on"]
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert triggers["schedule"][0]["cron"]
    assert review["permissions"]["issues"] == "write"
    steps = [step for job in review["jobs"].values() for step in job["steps"]]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert 'make review AS_OF="$AS_OF" REVIEW_FORMAT=json > due.json' in runs
    (issue,) = [step for step in steps if "gh issue" in step.get("run", "")]
    assert issue["env"]["GH_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert all(f"gh issue {verb}" in issue["run"] for verb in ("list", "create", "edit", "close"))


# --- The draft rule --------------------------------------------------------------------


def test_draft_is_absent_from_the_production_build(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No page, no listing, no PDF, no feed or export: nothing names the draft."""
    for other in (project / "content/relationships").iterdir():
        if other.name != "kz-tr":  # one published briefing keeps the PDF step short
            shutil.rmtree(other)
    assert run(project, "new", "relationship", "TR", "Iceland", capsys=capsys)[0] == 0
    assert (
        run(
            project, "new", "update", "Synthetic draft news", "--date", "2026-01-05", capsys=capsys
        )[0]
        == 0
    )

    result = build_project(project, workers=2)
    site = result.output_dir
    assert not (site / "relationships" / DRAFT_SLUG).exists()
    assert not (site / "countries/is").exists()
    assert not list(site.rglob("*synthetic-draft-news*"))
    assert result.pdfs_rendered + result.pdfs_skipped
    leaks = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        text = pdf_text(path) if path.suffix == ".pdf" else _decoded(data)
        if any(mark in text for mark in ("Iceland", DRAFT_SLUG, "Synthetic draft news")):
            leaks.append(str(path.relative_to(site)))
    assert leaks == []


def test_a_production_build_refuses_to_include_drafts(project: Path) -> None:
    settings = load_settings(
        project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF, "BRIEFINGS_INCLUDE_DRAFTS": True}
    )
    with pytest.raises(SettingsError, match="would publish drafts"):
        build(settings)
    assert not (project / "output").exists()


def _decoded(data: bytes) -> str:
    if data[:2] == b"\x1f\x8b":  # Pagefind's index fragments are gzipped
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


# --- The live preview ------------------------------------------------------------------


class Preview:
    """A ``briefings serve --port 0`` process and what it printed."""

    def __init__(self, project: Path) -> None:
        self.process = subprocess.Popen(
            [str(BRIEFINGS), "--as-of", AS_OF.isoformat(), "serve", "--port", "0"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.errors: list[str] = []
        self.readers = [
            threading.Thread(target=_drain, args=(stream, sink), daemon=True)
            for stream, sink in (
                (self.process.stdout, self.lines),
                (self.process.stderr, self.errors),
            )
        ]
        for reader in self.readers:
            reader.start()
        self.url = self._wait_for_url()

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + SERVE_START_BOUND
        while time.monotonic() < deadline and self.process.poll() is None:
            for line in list(self.lines):
                if match := re.search(r"http://127\.0\.0\.1:(\d+)/", line):
                    return match.group(0)
            time.sleep(0.2)
        raise AssertionError(f"no URL printed: {self.lines} {self.errors}")

    def get(self, path: str) -> tuple[int, str, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=CHANGE_BOUND) as response:
                return response.status, response.headers["Content-Type"], response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers["Content-Type"], exc.read()

    def page(self, path: str) -> str:
        status, _, body = self.get(path)
        assert status == 200, (status, path)
        return body.decode("utf-8")

    def wait_for(self, path: str, text: str) -> str:
        deadline = time.monotonic() + CHANGE_BOUND
        while time.monotonic() < deadline:
            page = self.page(path)
            if text in page:
                return page
            time.sleep(0.5)
        raise AssertionError(f"{text!r} never appeared at {path}; printed: {self.lines}")

    def stop(self, how: signal.Signals) -> int:
        self.process.send_signal(how)
        code = self.process.wait(timeout=CHANGE_BOUND)
        for reader in self.readers:
            reader.join(timeout=CHANGE_BOUND)
        return code


def _drain(stream: object, sink: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        sink.append(line.rstrip("\n"))


@pytest.fixture
def preview(project: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Preview]:
    run(project, "new", "relationship", "TR", "IS", capsys=capsys)
    started = Preview(project)
    yield started
    if started.process.poll() is None:
        started.process.kill()
        started.process.wait()


def test_preview_serves_on_loopback_and_shows_an_edit_without_restarting(
    project: Path, preview: Preview
) -> None:
    assert preview.url.startswith("http://127.0.0.1:")
    first = json.loads(preview.get("__preview__/version")[2])["version"]
    page = preview.page("relationships/kz-tr/")
    assert f'<script src="/__preview__/live-reload.js" data-version="{first}" defer>' in page
    status, kind, script = preview.get("__preview__/live-reload.js")
    assert status == 200 and kind == "text/javascript" and b"location.reload" in script

    index = project / "content/relationships/kz-tr/index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("## Overview", "## Overview after an edit", 1),
        encoding="utf-8",
    )
    # The page's request for a newer version is answered once the rebuild is done.
    newer = json.loads(preview.get(f"__preview__/version?seen={first}")[2])["version"]
    assert newer > first
    page = preview.wait_for("relationships/kz-tr/", "Overview after an edit")
    shown = re.search(r'live-reload\.js" data-version="(\d+)"', page)
    assert shown is not None and int(shown.group(1)) >= newer
    assert any(
        line.startswith("Changed: content/relationships/kz-tr/index.md") for line in preview.lines
    )

    index.write_text(
        index.read_text(encoding="utf-8") + "\nSee [[person:nobody]].\n", encoding="utf-8"
    )
    page = preview.wait_for("relationships/kz-tr/", "unknown reference &quot;person:nobody&quot;")
    assert 'class="briefings-preview briefings-preview--errors"' in page
    assert any('unknown reference "person:nobody"' in line for line in preview.lines)

    assert preview.stop(signal.SIGTERM) == 0
    assert not any("Traceback" in line for line in preview.errors), preview.errors
    assert preview.lines[-1] == "Preview stopped."


def test_preview_shows_drafts_and_renders_a_pdf_when_asked(project: Path, preview: Preview) -> None:
    draft = preview.page(f"relationships/{DRAFT_SLUG}/")
    assert DRAFT_TITLE in draft and "<code>status: draft</code>" in draft
    assert not list((project / ".briefings-cache").rglob("*.pdf"))
    status, kind, pdf = preview.get("relationships/kz-tr/kz-tr-brief.pdf")
    assert status == 200 and kind == "application/pdf" and pdf.startswith(b"%PDF-")
    assert preview.get("relationships/no-such-page/")[0] == 404

    assert preview.stop(signal.SIGINT) == 0
    assert not any("Traceback" in line for line in preview.errors), preview.errors
    assert not list((project / ".briefings-cache").glob("preview-*"))
    assert not (project / "output").exists()


def test_preview_explains_a_port_in_use(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(BRIEFINGS), "--as-of", AS_OF.isoformat(), "serve", "--port", str(port)],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=CHANGE_BOUND,
        )
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "--port 0" in done.stderr
    assert "Traceback" not in done.stderr


def test_production_pages_carry_no_preview_code(built_site: BuiltSite) -> None:
    for page in built_site.html_files():
        assert "__preview__" not in page.read_text(encoding="utf-8"), page
