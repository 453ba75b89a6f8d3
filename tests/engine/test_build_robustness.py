"""Builds that are incremental, atomic, deterministic and shardable (issue 7).

One small synthetic project (benchmarks/corpus.py, marked SYNTHETIC) is built once per
module; each test works on a copy of it. Timing lives in ``make bench``, not here.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.corpus import SyntheticRelationship, edit_relationship, relationships, write_project
from generator.engine import BuildError, BuildResult
from generator.engine.last_build import output_digest
from generator.pdf.cache import LAYOUT_SUFFIX
from generator.pdf.shards import Shard
from generator.pdf.site_pdfs import TEMPORARY_FOLDER
from generator.site.urls import SITE_BOOK_URL
from tests.conftest import AS_OF, build_project, copy_project
from tests.conftest import PROJECT as PROJECT_ROOT
from tests.tooling.trees import tree

pytestmark = pytest.mark.slow
PAUSE_DEADLINE = 600
"""Seconds a paused build may take to reach its point, on however busy a machine."""

RELATIONSHIPS = 3
CLI = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]


@dataclass(frozen=True)
class Reference:
    """A built synthetic project: content, theme, output and warm cache."""

    project: Path
    items: list[SyntheticRelationship]

    @property
    def output(self) -> Path:
        return self.project / "output"


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reference]:
    project = write_project(tmp_path_factory.mktemp("synthetic") / "site", RELATIONSHIPS)
    build_project(project, workers=2)
    yield Reference(project, relationships(RELATIONSHIPS))


def copy_of(reference: Reference, target: Path, *, built: bool = True) -> Path:
    ignore = None if built else shutil.ignore_patterns("output", ".briefings-cache")
    return Path(shutil.copytree(reference.project, target / "site", symlinks=True, ignore=ignore))


def cli(project: Path, *args: str, **popen: object) -> subprocess.Popen[str]:
    command = [*CLI, "--settings", str(project / "pelicanconf.py"), "--as-of", AS_OF.isoformat()]
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [*command, *args],
        cwd=project,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**(os.environ if popen.pop("inherit_env", True) else {}), **popen.pop("env", {})},
        **popen,  # type: ignore[dict-item]
    )


def rendered_urls(result: BuildResult) -> set[str]:
    return {path.relative_to(result.output_dir).as_posix() for path in result.pdfs_rendered}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.glob(".output-*"))


def test_one_edit_renders_only_its_brief_and_the_books_holding_it(
    reference: Reference, tmp_path: Path
) -> None:
    project = copy_of(reference, tmp_path)
    edited = reference.items[0]
    edit_relationship(project / "content", edited)

    result = build_project(project, workers=2)

    first, second = (code.lower() for code in edited.codes)
    assert rendered_urls(result) == {
        f"relationships/{edited.slug}/{edited.slug}-brief.pdf",
        f"books/{first}.pdf",
        f"books/{second}.pdf",
        SITE_BOOK_URL,
    }
    skipped = {path.relative_to(result.output_dir).as_posix() for path in result.pdfs_skipped}
    others = reference.items[1:]
    assert {f"relationships/{i.slug}/{i.slug}-brief.pdf" for i in others} <= skipped


def test_a_rebuild_after_one_edit_equals_a_clean_build_of_the_edited_content(
    reference: Reference, tmp_path: Path
) -> None:
    """The books of the rebuild copy their unchanged parts from their last version; a
    clean build assembles them anew: the same bytes either way."""
    edited = reference.items[1]
    rebuilt = copy_of(reference, tmp_path / "rebuilt")
    edit_relationship(rebuilt / "content", edited)
    assert list((rebuilt / ".briefings-cache" / "pdf").glob(f"*{LAYOUT_SUFFIX}"))
    clean = copy_of(reference, tmp_path / "clean", built=False)
    edit_relationship(clean / "content", edited)

    result = build_project(rebuilt, workers=2)
    build_project(clean, workers=2)

    assert SITE_BOOK_URL in rendered_urls(result)
    assert tree(rebuilt / "output") == tree(clean / "output")


def test_a_rebuild_without_changes_renders_nothing_and_keeps_output(
    reference: Reference, tmp_path: Path
) -> None:
    project = copy_of(reference, tmp_path)
    build_project(project, workers=2)  # the copy's first build: its paths are new
    before = output_digest(project / "output")
    folder = (project / "output").stat().st_ino

    result = build_project(project, workers=2)

    assert result.pdfs_rendered == []
    assert len(result.pdfs_skipped) == len(list((project / "output").rglob("*.pdf")))
    assert output_digest(project / "output") == before
    assert (project / "output").stat().st_ino == folder  # skipped: nothing was swapped in


def test_a_touched_output_is_rebuilt_not_skipped(reference: Reference, tmp_path: Path) -> None:
    """Even with its size and modification time as before: the build compares a
    fingerprint of the files' metadata, in which the change time gives it away."""
    project = copy_of(reference, tmp_path)
    build_project(project, workers=2)  # the copy's first build: recorded for its paths
    before = output_digest(project / "output")
    page = project / "output" / "index.html"
    old = page.stat()
    page.write_bytes(b"x" * old.st_size)
    os.utime(page, ns=(old.st_atime_ns, old.st_mtime_ns))

    build_project(project, workers=2)

    assert output_digest(project / "output") == before


def test_a_failing_build_leaves_output_as_it_was(reference: Reference, tmp_path: Path) -> None:
    project = copy_of(reference, tmp_path)
    before = output_digest(project / "output")
    edit_relationship(project / "content", reference.items[0])
    template = project / "theme" / "templates" / "relationship.html"
    template.write_text(template.read_text() + "{% if %}")

    with pytest.raises(Exception) as failure:
        build_project(project, workers=2)

    assert not isinstance(failure.value, BuildError) or failure.value.problems == []
    assert output_digest(project / "output") == before
    assert leftovers(project) == []


@pytest.mark.parametrize(
    ("point", "how", "group"),
    [
        ("pdf", signal.SIGINT, False),
        ("publish", signal.SIGTERM, False),
        ("publish", signal.SIGKILL, True),
    ],
    ids=["sigint-while-rendering", "sigterm-before-publishing", "sigkill-before-publishing"],
)
def test_an_interrupted_build_leaves_output_as_it_was(
    reference: Reference, tmp_path: Path, point: str, how: signal.Signals, group: bool
) -> None:
    project = copy_of(reference, tmp_path)
    before = output_digest(project / "output")
    shutil.rmtree(project / ".briefings-cache")  # every PDF must be rendered again
    edit_relationship(project / "content", reference.items[0])

    with paused_build(project, point) as process:
        if group:
            os.killpg(process.pid, how)
        else:
            process.send_signal(how)
        _, errors = process.communicate(timeout=120)

    assert output_digest(project / "output") == before
    if how == signal.SIGKILL:
        # A killed build cannot clean up; the next build does, and publishes.
        build_project(project, workers=2)
        assert output_digest(project / "output") != before
    else:
        assert process.returncode == 130, errors
    assert leftovers(project) == []
    assert temporary_files(project, tmp_path) == []


def test_workers_end_when_the_build_is_killed_alone_and_the_next_build_cleans_up(
    reference: Reference, tmp_path: Path
) -> None:
    """``kill -9`` of the main process only, as an editor or a CI runner may do: its
    PDF workers notice and end, and what they left in temporary folders is removed."""
    project = copy_of(reference, tmp_path)
    shutil.rmtree(project / ".briefings-cache")
    edit_relationship(project / "content", reference.items[0])

    with paused_build(project, "pdf") as process:
        assert len(session_processes(process.pid)) > 2  # the build, its workers, ...
        process.kill()
        process.wait(timeout=60)
        deadline = time.monotonic() + 5
        while session_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert session_processes(process.pid) == []
    assert temporary_files(project, tmp_path) != []  # what the killed build left

    build_project(project, workers=2)

    assert leftovers(project) == []
    assert temporary_files(project, tmp_path) == []


@contextmanager
def paused_build(project: Path, point: str) -> Iterator[subprocess.Popen[str]]:
    """A CLI build with 2 workers, in a session of its own, stopped at ``point`` (see
    tests/tooling/paused_build.py), its temporary files in ``system-tmp`` beside the
    project. A build that never gets there is stopped after ``PAUSE_DEADLINE`` seconds;
    whatever the test does, nothing of it is left running afterwards."""
    system_tmp = project.parent / "system-tmp"
    system_tmp.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "tests.tooling.paused_build", point]
    command += ["--settings", str(project / "pelicanconf.py"), "--as-of", AS_OF.isoformat()]
    process = subprocess.Popen(
        [*command, "build", "--workers", "2"],
        cwd=PROJECT_ROOT,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(system_tmp)},
        start_new_session=True,
    )
    give_up = threading.Timer(PAUSE_DEADLINE, stop_session, [process.pid])
    give_up.start()
    try:
        said = []
        assert process.stderr is not None
        while (line := process.stderr.readline()) and line.strip() != f"paused at {point}":
            said.append(line)
        give_up.cancel()
        assert line, f"the build did not reach {point}:\n{''.join(said)}"
        yield process
    finally:
        give_up.cancel()
        stop_session(process.pid)
        process.communicate()


def stop_session(session: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(session, signal.SIGKILL)


def session_processes(session: int) -> list[int]:
    """The processes still alive in ``session`` (a zombie has ended: it only waits for
    its parent to collect its exit status)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def temporary_files(project: Path, tmp_path: Path) -> list[str]:
    """What builds left in the PDF step's temporary folder and in the system's."""
    folders = [project / ".briefings-cache" / "pdf" / TEMPORARY_FOLDER, tmp_path / "system-tmp"]
    return sorted(
        path.relative_to(tmp_path).as_posix()
        for folder in folders
        if folder.is_dir()
        for path in folder.iterdir()
    )


def test_two_clean_builds_in_other_folders_environments_and_seconds_are_identical(
    tmp_path: Path,
) -> None:
    """Everything the build could pick up from where, when and by whom it runs differs
    between the two builds: folder, clock (over a second apart), time zone, locale,
    ``SOURCE_DATE_EPOCH``, hash seed, home, user and worker count."""
    turkish = turkish_locale(tmp_path / "locales")
    environments = [
        {"PYTHONHASHSEED": "1", "USER": "first"},
        {
            "PYTHONHASHSEED": "4242",
            "USER": "second",
            "TZ": "Pacific/Kiritimati",
            "LANG": "tr_TR.UTF-8",
            "LC_ALL": "tr_TR.UTF-8",
            "LOCPATH": str(turkish),
            "SOURCE_DATE_EPOCH": "1000000000",
        },
    ]
    outputs = []
    started = 0.0
    for name, workers, environment in zip(("a", "b"), ("2", "1"), environments, strict=True):
        while time.time() < started + 1.5:  # the clocks of the two builds differ
            time.sleep(0.1)
        started = time.time()
        project = copy_project(tmp_path / name / "project")
        home = tmp_path / name / "home"
        home.mkdir()
        scrubbed = {"PATH": os.environ["PATH"], "HOME": str(home), **environment}
        process = cli(project, "build", "--workers", workers, env=scrubbed, inherit_env=False)
        _, errors = process.communicate(timeout=900)
        assert process.returncode == 0, errors
        outputs.append(tree(project / "output"))

    assert outputs[0].keys() == outputs[1].keys()
    assert [name for name in outputs[0] if outputs[0][name] != outputs[1][name]] == []


def turkish_locale(folder: Path) -> Path:
    """A compiled tr_TR.UTF-8 locale in ``folder``, for ``LOCPATH``: Turkish month names
    and a dotless i, whatever locales the machine has installed."""
    folder.mkdir(parents=True)
    subprocess.run(
        ["localedef", "-i", "tr_TR", "-f", "UTF-8", str(folder / "tr_TR.UTF-8")],
        check=True,
        capture_output=True,
    )
    probe = "import locale, datetime; locale.setlocale(locale.LC_ALL, ''); "
    probe += "print(datetime.date(2026, 2, 1).strftime('%B'))"
    month = subprocess.run(
        [sys.executable, "-c", probe],
        env={"LOCPATH": str(folder), "LC_ALL": "tr_TR.UTF-8"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert month == "Şubat"  # the locale works: a build that used it would show it
    return folder


def test_the_ci_build_script_gives_the_bytes_of_an_unsharded_build(
    reference: Reference, tmp_path: Path
) -> None:
    """scripts/ci-build.sh runs the workflows' steps: shard builds, each from an empty
    cache of its own, then the merge, from an empty cache too."""
    project = copy_of(reference, tmp_path, built=False)
    briefings = Path(sys.executable).with_name("briefings")

    done = subprocess.run(
        ["bash", PROJECT_ROOT / "scripts/ci-build.sh", "2", "site-output", "--as-of", str(AS_OF)],
        cwd=project,
        env={**os.environ, "BRIEFINGS": str(briefings)},
        capture_output=True,
        text=True,
        timeout=1800,
    )

    assert done.returncode == 0, done.stderr
    # Shards render the briefs; the merge renders no brief and assembles the books.
    pdfs = [path.parent.name for path in reference.output.rglob("*.pdf")]
    books, briefs = pdfs.count("books"), len(pdfs) - pdfs.count("books")
    merged = [line for line in done.stdout.splitlines() if "unchanged" in line][-1]
    assert f"({books} rendered, {briefs} unchanged)" in merged, done.stdout
    assert tree(project / "site-output") == tree(reference.output)
    assert [p.name for p in project.iterdir() if p.name.startswith(".ci-build")] == []


def test_each_pdf_belongs_to_exactly_one_shard() -> None:
    urls = [f"relationships/{item.slug}/{item.slug}-brief.pdf" for item in relationships(40)]
    shards = [Shard(index, 3) for index in (1, 2, 3)]

    owners = [[shard for shard in shards if shard.holds(url)] for url in urls]

    assert all(len(found) == 1 for found in owners)
    assert {found[0] for found in owners} == set(shards)
    assert Shard.parse("2/3") == Shard(2, 3)
    with pytest.raises(ValueError, match="between 1 and n"):
        Shard.parse("4/3")
