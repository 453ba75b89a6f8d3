"""Publishing a build (generator/engine/publishing.py): the previous site is never lost.

``publish`` exchanges the staging folder and ``output/`` in one ``renameat2`` call, or,
where the kernel or file system cannot, renames ``output/`` to a retired name and then
the staging folder to ``output/``. A build killed between those two renames leaves no
``output/`` at all; the next build restores the retired site before anything else.

This machine can exchange, so the two-rename path and the restore never run in an
ordinary build. The unit tests make the exchange unavailable (as ``_exchange`` reports
on such a system) and lay out by hand exactly what a kill between the renames leaves;
the build tests then run real builds of a small synthetic project (benchmarks/corpus.py,
marked SYNTHETIC) over that state, and over a build that fails after its pages were
written.

Between them, the file-system calls themselves on small trees: the exchange, hard links
to unchanged files, the staging folder, the lock and SIGTERM.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
import pytest

from benchmarks.corpus import edit_relationship, relationships, write_project
from generator.engine import BuildError, publishing
from generator.engine.last_build import output_digest
from generator.engine.publishing import (
    COMPARE_CHUNK,
    exclusive_output,
    interruptible,
    publish,
    retired_prefix,
    reuse_unchanged_files,
    staging_folder,
    staging_prefix,
)
from tests.conftest import build_project
from tests.tooling.trees import tree

RELATIONSHIPS = 2
EDITED = relationships(RELATIONSHIPS)[0]


def write_site(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def read_site(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def beside(output: Path) -> list[str]:
    """What is left beside ``output/``: staging and retired folders, nothing else."""
    prefixes = (staging_prefix(output), retired_prefix(output))
    return sorted(path.name for path in output.parent.iterdir() if path.name.startswith(prefixes))


def new_staging(output: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=staging_prefix(output), dir=output.parent))


def interrupt_between_the_two_renames(output: Path, new_site: dict[str, str]) -> Path:
    """Leave what a build killed inside the two-rename ``publish`` leaves: the previous
    site renamed to a retired name, the new one complete in its staging folder, and no
    ``output/``. Returns the retired folder."""
    write_site(new_staging(output), new_site)
    retired = output.with_name(f"{retired_prefix(output)}{secrets.token_hex(4)}")
    output.rename(retired)
    return retired


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content)
        else:
            path.write_bytes(content)
    return root


def everything_beside(output: Path) -> list[str]:
    return sorted(path.name for path in output.parent.iterdir() if path != output)


PREVIOUS = {"index.html": "previous home", "same.html": "unchanged", "gone.html": "removed"}
NEW = {"index.html": "new home", "same.html": "unchanged", "added/index.html": "added"}


@pytest.fixture
def no_exchange(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system cannot exchange two paths, as ``_exchange`` reports where renameat2 or
    RENAME_EXCHANGE is missing (old kernels, some network and FUSE file systems)."""
    monkeypatch.setattr(publishing, "_exchange", lambda first, second: False)


@pytest.mark.parametrize("exchange", [True, False], ids=["atomic-exchange", "two-renames"])
def test_publish_replaces_output_and_removes_the_previous_site(
    tmp_path: Path, request: pytest.FixtureRequest, exchange: bool
) -> None:
    if not exchange:
        request.getfixturevalue("no_exchange")
    output = write_site(tmp_path / "output", PREVIOUS)
    staging = write_site(new_staging(output), NEW)

    publish(staging, output)

    assert read_site(output) == NEW
    assert beside(output) == []


@pytest.mark.usefixtures("no_exchange")
def test_publish_without_an_atomic_exchange_twice_in_a_row_keeps_the_last_site(
    tmp_path: Path,
) -> None:
    output = write_site(tmp_path / "output", PREVIOUS)
    publish(write_site(new_staging(output), NEW), output)

    publish(write_site(new_staging(output), {"index.html": "third"}), output)

    assert read_site(output) == {"index.html": "third"}
    assert beside(output) == []


def test_a_site_retired_by_an_interrupted_swap_is_restored_when_output_is_next_locked(
    tmp_path: Path,
) -> None:
    output = write_site(tmp_path / "output", PREVIOUS)
    interrupt_between_the_two_renames(output, NEW)
    assert not output.exists()

    with exclusive_output(output):
        assert read_site(output) == PREVIOUS
        assert beside(output) == []


def test_a_retired_site_left_beside_a_published_one_is_removed_not_restored(
    tmp_path: Path,
) -> None:
    """Killed after both renames, before the retired site was deleted."""
    output = write_site(tmp_path / "output", NEW)
    write_site(output.with_name(f"{retired_prefix(output)}{secrets.token_hex(4)}"), PREVIOUS)

    with exclusive_output(output):
        assert read_site(output) == NEW
        assert beside(output) == []


# The file-system calls themselves, on small trees


@pytest.fixture(params=[0o022, 0o027])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


@contextmanager
def immutable(path: Path, within: Path) -> Iterator[None]:
    """``path`` can be neither deleted nor hard-linked, even by root, as a file of another
    user or a file system that refuses would make it; released wherever it moved
    ``within``."""
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode:
        pytest.skip("needs chattr +i: root, on a file system with file attributes")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-R", "-i", str(within)], check=True)


def test_the_first_publish_renames_staging_into_place(tmp_path: Path) -> None:
    staging = write_tree(tmp_path / ".output-staging-x", {"index.html": "new"})
    output = tmp_path / "output"

    publish(staging, output)

    assert tree(output) == {"index.html": b"new"}
    assert everything_beside(output) == []


@pytest.mark.usefixtures("no_exchange")
def test_without_an_exchange_call_unchanged_files_still_keep_their_inodes(tmp_path: Path) -> None:
    output = write_tree(tmp_path / "output", {"index.html": "old", "same.css": "same"})
    staging = write_tree(tmp_path / ".output-staging-x", {"index.html": "new", "same.css": "same"})
    kept = (output / "same.css").stat().st_ino

    publish(staging, output)

    assert tree(output) == {"index.html": b"new", "same.css": b"same"}
    assert (output / "same.css").stat().st_ino == kept


def test_publish_takes_paths_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path / "output", {"index.html": "old"})
    write_tree(tmp_path / ".output-staging-x", {"index.html": "new"})
    monkeypatch.chdir(tmp_path)

    publish(Path(".output-staging-x"), Path("output"))

    assert tree(tmp_path / "output") == {"index.html": b"new"}
    assert everything_beside(tmp_path / "output") == []


def test_a_previous_site_that_cannot_be_deleted_is_left_behind_without_an_error(
    tmp_path: Path,
) -> None:
    output = write_tree(tmp_path / "output", {"index.html": "old", "stuck.html": "stuck"})
    staging = write_tree(tmp_path / ".output-staging-x", {"index.html": "new"})
    with immutable(output / "stuck.html", within=tmp_path):
        publish(staging, output)

        assert tree(output) == {"index.html": b"new"}
        (left,) = everything_beside(output)
        assert tree(tmp_path / left) == {"stuck.html": b"stuck"}

        with exclusive_output(output):  # the next build tries again, and goes on
            assert everything_beside(output) == sorted([left, ".output.lock"])


def test_the_exchange_call_swaps_two_folders(tmp_path: Path) -> None:
    first = write_tree(tmp_path / "first", {"name": "first"})
    second = write_tree(tmp_path / "second", {"name": "second"})

    assert publishing._exchange(first, second)

    assert (first / "name").read_text() == "second"
    assert (second / "name").read_text() == "first"


def test_the_exchange_call_reports_a_missing_folder_as_an_error(tmp_path: Path) -> None:
    first = write_tree(tmp_path / "first", {"name": "first"})

    with pytest.raises(FileNotFoundError):
        publishing._exchange(first, tmp_path / "missing")


def test_files_unchanged_since_the_previous_site_keep_its_inodes(tmp_path: Path) -> None:
    previous = write_tree(
        tmp_path / "output", {"same.html": "same", "sub/same.css": "css", "edited.html": "old"}
    )
    new = write_tree(
        tmp_path / "new",
        {"same.html": "same", "sub/same.css": "css", "edited.html": "new", "added.html": "x"},
    )
    before = {name: (previous / name).stat().st_ino for name in ("same.html", "sub/same.css")}

    linked = reuse_unchanged_files(new, previous)

    assert linked == 2
    assert {name: (new / name).stat().st_ino for name in before} == before
    assert (new / "edited.html").stat().st_ino != (previous / "edited.html").stat().st_ino
    assert tree(new) == {
        "same.html": b"same",
        "sub/same.css": b"css",
        "edited.html": b"new",
        "added.html": b"x",
    }
    assert sorted(path.name for path in new.rglob(".*")) == []


def test_only_files_identical_in_bytes_and_mode_are_linked(tmp_path: Path) -> None:
    size = 2 * COMPARE_CHUNK + 10
    data = bytes(range(256)) * (size // 256)
    late_change = data[:-1] + b"!"
    early_change = b"!" + data[1:]
    previous = write_tree(
        tmp_path / "previous",
        {"same.pdf": data, "late.pdf": data, "early.pdf": data, "mode.txt": "m", "empty": b""},
    )
    new = write_tree(
        tmp_path / "new",
        {
            "same.pdf": data,
            "late.pdf": late_change,
            "early.pdf": early_change,
            "mode.txt": "m",
            "empty": b"",
        },
    )
    (new / "mode.txt").chmod(0o600)
    (previous / "link").symlink_to("same.pdf")
    (new / "link").symlink_to("same.pdf")

    linked = reuse_unchanged_files(new, previous)

    assert linked == 2
    same = {"same.pdf", "empty"}
    for name in ("same.pdf", "late.pdf", "early.pdf", "mode.txt", "empty"):
        shared = (new / name).stat().st_ino == (previous / name).stat().st_ino
        assert shared == (name in same), name
    assert (new / "link").is_symlink()
    assert (new / "late.pdf").read_bytes() == late_change
    assert (new / "mode.txt").stat().st_mode & 0o777 == 0o600


def test_a_file_that_cannot_be_linked_keeps_its_copy_and_the_others_are_linked(
    tmp_path: Path,
) -> None:
    files = {f"page-{number:02}.html": f"page {number}" for number in range(20)}
    previous = write_tree(tmp_path / "previous", files)
    new = write_tree(tmp_path / "new", files)
    stuck = "page-10.html"

    with immutable(previous / stuck, within=tmp_path):
        linked = reuse_unchanged_files(new, previous)

    assert linked == 19
    for name in files:
        shared = (new / name).stat().st_ino == (previous / name).stat().st_ino
        assert shared == (name != stuck), name
    assert tree(new) == {name: text.encode() for name, text in files.items()}


def test_files_already_linked_are_not_counted_again(tmp_path: Path) -> None:
    previous = write_tree(tmp_path / "previous", {"a": "a"})
    new = write_tree(tmp_path / "new", {"a": "a"})

    assert reuse_unchanged_files(new, previous) == 1
    assert reuse_unchanged_files(new, previous) == 0


def test_across_file_systems_the_copies_are_kept(tmp_path: Path) -> None:
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("needs a second file system at /dev/shm")
    other = shm / f"briefings-test-{os.getpid()}"
    try:
        previous = write_tree(other, {"a.html": "same"})
        new = write_tree(tmp_path / "new", {"a.html": "same"})

        assert reuse_unchanged_files(new, previous) == 0
        assert tree(new) == {"a.html": b"same"}
        assert [path.name for path in new.iterdir()] == ["a.html"]
    finally:
        for path in sorted(other.rglob("*"), reverse=True):
            path.unlink()
        other.rmdir()


def test_staging_is_beside_the_output_readable_by_others_and_removed_after(
    tmp_path: Path, umask: int
) -> None:
    output = tmp_path / "output"

    with staging_folder(output) as staging:
        assert staging.parent == tmp_path
        assert staging.name.startswith(".output-staging-")
        assert staging.stat().st_mode & 0o7777 == 0o777 & ~umask
        (staging / "page.html").write_text("x")

    assert not staging.exists()
    assert os.umask(umask) == umask  # the umask is as the fixture set it


def test_staging_is_removed_when_the_build_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), staging_folder(tmp_path / "output") as staging:
        (staging / "page.html").write_text("x")
        raise RuntimeError("the build failed")

    assert list(tmp_path.iterdir()) == []


def test_a_published_staging_folder_is_not_an_error_to_remove(tmp_path: Path) -> None:
    output = tmp_path / "output"
    with staging_folder(output) as staging:
        (staging / "page.html").write_text("x")
        publish(staging, output)

    assert tree(output) == {"page.html": b"x"}
    assert everything_beside(output) == []


def test_the_output_lock_is_held_inside_and_released_after(tmp_path: Path) -> None:
    output = tmp_path / "build" / "site" / "output"

    with exclusive_output(output):
        lock = tmp_path / "build" / "site" / ".output.lock"
        with lock.open("a") as other, pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)

    with lock.open("a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_the_lock_clears_staging_folders_of_killed_builds_of_this_output_only(
    tmp_path: Path,
) -> None:
    output = write_tree(tmp_path / "output", {"index.html": "current"})
    write_tree(tmp_path / ".output-staging-abc", {"index.html": "half"})
    write_tree(tmp_path / ".other-staging-abc", {"index.html": "another output's"})

    with exclusive_output(output):
        assert tree(output) == {"index.html": b"current"}
        assert everything_beside(output) == [".other-staging-abc", ".output.lock"]


def test_sigterm_inside_interruptible_stops_the_build_like_ctrl_c() -> None:
    def before(signum: int, frame: object) -> None:
        raise AssertionError("the handler from before was called")

    previous = signal.signal(signal.SIGTERM, before)
    try:
        with pytest.raises(KeyboardInterrupt, match="signal 15"), interruptible():
            os.kill(os.getpid(), signal.SIGTERM)
        assert signal.getsignal(signal.SIGTERM) is before
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_interruptible_leaves_signals_alone_outside_the_main_thread() -> None:
    failures: list[BaseException] = []

    def build() -> None:
        try:
            with interruptible():
                pass
        except BaseException as exc:  # reported to the main thread
            failures.append(exc)

    handler = signal.getsignal(signal.SIGTERM)
    thread = threading.Thread(target=build)
    thread.start()
    thread.join()

    assert failures == []
    assert signal.getsignal(signal.SIGTERM) is handler


# Real builds over an interrupted swap, and a build that fails late


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A built synthetic project; each test builds a copy of it."""
    project = write_project(tmp_path_factory.mktemp("publishing") / "site", RELATIONSHIPS)
    build_project(project, pdf=False, workers=2)
    yield project


def copy_of(reference: Path, target: Path) -> Path:
    return Path(shutil.copytree(reference, target / "site", symlinks=True))


@pytest.mark.slow
def test_a_build_after_a_kill_between_the_two_renames_publishes_the_new_site(
    reference: Path, tmp_path: Path
) -> None:
    project = copy_of(reference, tmp_path)
    output = project / "output"
    interrupt_between_the_two_renames(output, {"index.html": "the killed build's site"})
    edit_relationship(project / "content", EDITED, "published after the kill")

    build_project(project, pdf=False, workers=2)

    page = output / "relationships" / EDITED.slug / "index.html"
    assert "synthetic edit: published after the kill" in page.read_text(encoding="utf-8")
    assert "the killed build's site" not in (output / "index.html").read_text(encoding="utf-8")
    assert beside(output) == []


@pytest.mark.slow
def test_a_failing_build_after_a_kill_between_the_two_renames_leaves_the_previous_site(
    reference: Path, tmp_path: Path
) -> None:
    """The previous site is never lost: not even when the build after the kill fails."""
    project = copy_of(reference, tmp_path)
    output = project / "output"
    before = output_digest(output)
    interrupt_between_the_two_renames(output, {"index.html": "the killed build's site"})
    data = project / "content" / "relationships" / EDITED.slug / "data.yaml"
    data.write_text(data.read_text(encoding="utf-8") + "\nfigures_typo: []\n", encoding="utf-8")

    with pytest.raises(BuildError, match="nothing was published"):
        build_project(project, pdf=False, workers=2)

    assert output_digest(output) == before
    assert beside(output) == []


@pytest.mark.slow
def test_a_build_failing_in_the_pdf_step_after_its_pages_were_written_leaves_output_as_it_was(
    reference: Path, tmp_path: Path
) -> None:
    """The briefing books' template is used only by the PDF step, which runs once every
    page is written into the staging folder: a mistake in it fails the build there."""
    project = copy_of(reference, tmp_path)
    output = project / "output"
    before = output_digest(output)
    edit_relationship(project / "content", EDITED, "never published")
    book = project / "theme" / "templates" / "print" / "book.html"
    book.write_text(
        book.read_text(encoding="utf-8").replace("{{ book.title }}", "{{ book.no_such_field }}"),
        encoding="utf-8",
    )

    with pytest.raises(jinja2.UndefinedError, match="no_such_field"):
        build_project(project, workers=2)

    rendered_briefs = list((project / ".briefings-cache" / "pdf").glob("*.pdf"))
    assert rendered_briefs, "the build failed before the PDF step: no brief was rendered"
    assert output_digest(output) == before
    assert beside(output) == []
