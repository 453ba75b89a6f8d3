"""The preview after an edit: only the edited relationship's pages at once, every other
page from the edited content when it is opened, and in the end the site a whole
rebuild gives.

The edits are made to a throwaway copy of the shipped content; what they write is
SYNTHETIC test text, never content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.serve.preview import Preview, preview_overrides
from tests.conftest import AS_OF, copy_project

KZ_TR = Path("content/relationships/kz-tr")
TR_UZ = Path("content/relationships/tr-uz")
MADE_ON_REQUEST = ("pagefind",)
"""What the preview makes only when asked (the search index), left out of comparisons."""


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


Edit = Callable[[Path], list[Path]]


def _narrative(project: Path) -> list[Path]:
    path = project / KZ_TR / "index.md"
    _replace(path, "## Overview", "## Overview (SYNTHETIC edit)")
    return [path]


def _figure_and_participants(project: Path) -> list[Path]:
    """A key figure (on comparisons, country and topic pages, in both languages) and who
    took part in a visit (on the people's pages and the meeting brief)."""
    path = project / KZ_TR / "data.yaml"
    _replace(path, "    value: 8.95", "    value: 9.15")
    _replace(path, "participants: [tokayev, erdogan]", "participants: [tokayev]")
    return [path]


def _meeting_renamed(project: Path) -> list[Path]:
    """A meeting's brief moves: the old page is gone, the new one is there."""
    path = project / TR_UZ / "data.yaml"
    _replace(path, "  - id: four-plus-four-1", "  - id: four-plus-four-first")
    return [path]


def _translation(project: Path) -> list[Path]:
    path = project / KZ_TR / "index.tr.md"
    _replace(path, "## Genel görünüm", "## Genel görünüm (SYNTHETIC düzenleme)")
    return [path]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def previews(tmp_path: Path) -> Iterator[Callable[[Path], Preview]]:
    started: list[Preview] = []

    def start(project: Path) -> Preview:
        workdir = tmp_path / f"preview-{len(started)}"
        workdir.mkdir()
        preview = Preview(project / "pelicanconf.py", preview_overrides(AS_OF.isoformat()), workdir)
        started.append(preview)
        return preview

    yield start
    for preview in started:
        preview.stop_checks()


def _files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
        and path.suffix != ".pdf"
        and path.relative_to(site).parts[0] not in MADE_ON_REQUEST
    }


@pytest.mark.parametrize(
    "edit", [_narrative, _figure_and_participants, _meeting_renamed, _translation]
)
def test_an_edited_relationship_gives_the_site_a_whole_rebuild_gives(
    edit: Edit, project: Path, tmp_path: Path, previews: Callable[[Path], Preview]
) -> None:
    preview = previews(project)
    preview.rebuild()
    before = _files(preview.site_dir)
    changed = edit(project)

    outcome = preview.rebuild(set(changed))

    assert not outcome.failure
    slug = changed[0].parent.name
    assert outcome.edited == (slug,)
    # Only the edited relationship's own pages are written at once: another one's page
    # is as it was until it is opened.
    other = "relationships/tr-us/index.html"
    assert (preview.site_dir / other).read_bytes() == before[other]
    assert preview.page(other) == ""
    preview.write_stale_pages()
    assert preview.data_files() == ""
    whole = previews(project)
    assert not whole.rebuild().failure
    assert _files(preview.site_dir) == _files(whole.site_dir)
    assert _files(preview.site_dir) != before


def test_a_page_opened_after_an_edit_shows_the_edit(
    project: Path, previews: Callable[[Path], Preview]
) -> None:
    preview = previews(project)
    preview.rebuild()
    person = preview.site_dir / "people/erdogan/index.html"
    visit = "relationships/kz-tr/meetings/tokayev-state-visit-2022/"
    assert visit in person.read_text(encoding="utf-8")

    changed = _figure_and_participants(project)
    preview.rebuild(set(changed))

    assert visit in person.read_text(encoding="utf-8")  # stale until opened
    assert preview.page("people/erdogan/index.html") == ""
    assert visit not in person.read_text(encoding="utf-8")


def test_a_renamed_relationship_builds_the_whole_site(
    project: Path, previews: Callable[[Path], Preview]
) -> None:
    preview = previews(project)
    preview.rebuild()
    path = project / TR_UZ / "index.md"
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    _replace(path, title, "title: SYNTHETIC renamed relationship")

    outcome = preview.rebuild({path})

    assert outcome.edited is None and not outcome.failure
    home = (preview.site_dir / "index.html").read_text(encoding="utf-8")
    assert "SYNTHETIC renamed relationship" in home


def test_an_edit_outside_relationship_folders_builds_the_whole_site(
    project: Path, previews: Callable[[Path], Preview]
) -> None:
    preview = previews(project)
    preview.rebuild()
    people = project / "content/people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    assert preview.rebuild({people}).edited is None


def test_the_checks_report_after_the_rebuild_without_blocking_it(
    project: Path, previews: Callable[[Path], Preview]
) -> None:
    preview = previews(project)
    preview.rebuild()
    assert preview.checked().errors == 0
    path = project / KZ_TR / "index.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nSee [[person:nobody]].\n")

    rebuilt = preview.rebuild({path})
    checked = preview.checked()

    assert rebuilt.edited == ("kz-tr",)
    assert checked.version > rebuilt.version
    assert any('unknown reference "person:nobody"' in str(p) for p in checked.problems)
