"""Publishing a build (generator/publishing.py): the previous site is never lost.

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
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from benchmarks.corpus import edit_relationship, relationships, write_project
from generator import publishing
from generator.build import BuildError
from generator.last_build import output_digest
from generator.publishing import exclusive_output, publish, retired_prefix, staging_prefix
from tests.conftest import build_project

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


PREVIOUS = {"index.html": "previous home", "same.html": "unchanged", "gone.html": "removed"}
NEW = {"index.html": "new home", "same.html": "unchanged", "added/index.html": "added"}


@pytest.fixture
def no_exchange(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system cannot exchange two paths, as ``_exchange`` reports where renameat2 or
    RENAME_EXCHANGE is missing (old kernels, some network and FUSE file systems)."""
    monkeypatch.setattr(publishing, "_exchange", lambda first, second: False)


def test_publish_exchanges_staging_and_output_and_removes_the_previous_site(
    tmp_path: Path,
) -> None:
    output = write_site(tmp_path / "output", PREVIOUS)
    staging = write_site(new_staging(output), NEW)

    publish(staging, output)

    assert read_site(output) == NEW
    assert beside(output) == []


@pytest.mark.usefixtures("no_exchange")
def test_publish_without_an_atomic_exchange_renames_twice_and_removes_the_previous_site(
    tmp_path: Path,
) -> None:
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
