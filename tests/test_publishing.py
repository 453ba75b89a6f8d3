"""Publishing a build: the staging folder, the atomic swap, the lock and hard links.

These run the real file-system calls on small trees; the builds that use them are
tested in test_build_robustness.py.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator import publishing
from generator.publishing import (
    COMPARE_CHUNK,
    exclusive_output,
    interruptible,
    publish,
    reuse_unchanged_files,
    staging_folder,
)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content)
        else:
            path.write_bytes(content)
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def beside(output: Path) -> list[str]:
    return sorted(path.name for path in output.parent.iterdir() if path != output)


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
    assert beside(output) == []


def test_publish_replaces_the_previous_site_whole_and_leaves_nothing_beside_it(
    tmp_path: Path,
) -> None:
    output = write_tree(tmp_path / "output", {"index.html": "old", "gone.html": "old"})
    staging = write_tree(tmp_path / ".output-staging-x", {"index.html": "new", "a/b.css": "b"})

    publish(staging, output)

    assert tree(output) == {"index.html": b"new", "a/b.css": b"b"}
    assert beside(output) == []


def test_publish_without_an_exchange_call_renames_twice_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on a kernel or file system that cannot exchange two paths in one call."""
    monkeypatch.setattr(publishing, "_exchange", lambda first, second: False)
    output = write_tree(tmp_path / "output", {"index.html": "old", "same.css": "same"})
    staging = write_tree(tmp_path / ".output-staging-x", {"index.html": "new", "same.css": "same"})
    kept = (output / "same.css").stat().st_ino

    publish(staging, output)

    assert tree(output) == {"index.html": b"new", "same.css": b"same"}
    assert (output / "same.css").stat().st_ino == kept
    assert beside(output) == []


def test_publish_takes_paths_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path / "output", {"index.html": "old"})
    write_tree(tmp_path / ".output-staging-x", {"index.html": "new"})
    monkeypatch.chdir(tmp_path)

    publish(Path(".output-staging-x"), Path("output"))

    assert tree(tmp_path / "output") == {"index.html": b"new"}
    assert beside(tmp_path / "output") == []


def test_a_previous_site_that_cannot_be_deleted_is_left_behind_without_an_error(
    tmp_path: Path,
) -> None:
    output = write_tree(tmp_path / "output", {"index.html": "old", "stuck.html": "stuck"})
    staging = write_tree(tmp_path / ".output-staging-x", {"index.html": "new"})
    with immutable(output / "stuck.html", within=tmp_path):
        publish(staging, output)

        assert tree(output) == {"index.html": b"new"}
        (left,) = beside(output)
        assert tree(tmp_path / left) == {"stuck.html": b"stuck"}

        with exclusive_output(output):  # the next build tries again, and goes on
            assert beside(output) == sorted([left, ".output.lock"])


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
    assert beside(output) == []


def test_the_output_lock_is_held_inside_and_released_after(tmp_path: Path) -> None:
    output = tmp_path / "build" / "site" / "output"

    with exclusive_output(output):
        lock = tmp_path / "build" / "site" / ".output.lock"
        with lock.open("a") as other, pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)

    with lock.open("a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_the_lock_clears_what_killed_builds_left_and_keeps_the_output(tmp_path: Path) -> None:
    output = write_tree(tmp_path / "output", {"index.html": "current"})
    write_tree(tmp_path / ".output-staging-abc", {"index.html": "half"})
    write_tree(tmp_path / ".output-old-1234", {"index.html": "retired"})
    write_tree(tmp_path / ".other-staging-abc", {"index.html": "another output's"})

    with exclusive_output(output):
        assert tree(output) == {"index.html": b"current"}
        assert beside(output) == [".other-staging-abc", ".output.lock"]


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
