"""An edit is published by the next build in the same folder, whatever file it touched.

A build whose inputs are those of the last build into the same ``output/`` is skipped
(generator/engine/last_build.py). That skip only fires in a folder that was built before, so
a test that builds a fresh copy cannot see a skip that ignores an input. Here one small
synthetic project (benchmarks/corpus.py, marked SYNTHETIC) is built once per module,
and each test works in that same folder, as an analyst does: it checks that a build
without changes is skipped, edits one input (a narrative, a registry, a template, a
stylesheet, the settings file), builds again and finds the edit in ``output/``.

The tests share the folder: each leaves it built and recorded, as it found it. PDFs are
left out (``pdf=False``); they are not what these tests are about.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import SyntheticRelationship, edit_relationship, relationships, write_project
from tests.conftest import build_project

pytestmark = pytest.mark.slow

RELATIONSHIPS = 2
EDITED = relationships(RELATIONSHIPS)[0]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(tmp_path_factory.mktemp("in-place") / "site", RELATIONSHIPS)
    build_project(project, pdf=False, workers=2)
    return project


def build_in_place(project: Path) -> Path:
    """The next ``briefings build`` in the project's folder; its ``output/``."""
    build_project(project, pdf=False, workers=2)
    return project / "output"


def assert_a_build_without_changes_is_skipped(project: Path) -> None:
    """The folder is where the skip fires: otherwise an edit would show trivially."""
    folder = (project / "output").stat().st_ino
    build_in_place(project)
    assert (project / "output").stat().st_ino == folder, "the build was not skipped"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page(output: Path, url: str) -> str:
    return (output / url / "index.html").read_text(encoding="utf-8")


def relationship_url(item: SyntheticRelationship) -> str:
    return f"relationships/{item.slug}"


def test_an_edited_narrative_is_published_by_the_next_build(project: Path) -> None:
    assert_a_build_without_changes_is_skipped(project)
    edit_relationship(project / "content", EDITED, "narrative edited in place")

    output = build_in_place(project)

    assert "synthetic edit: narrative edited in place" in page(output, relationship_url(EDITED))


def test_an_edited_registry_entry_is_published_by_the_next_build(project: Path) -> None:
    assert_a_build_without_changes_is_skipped(project)
    title = f"Synthetic report on relationship {EDITED.tag}"
    edit(project / "content" / "sources.yaml", title, f"{title}, second edition")

    output = build_in_place(project)

    assert f"{title}, second edition" in page(output, relationship_url(EDITED))


def test_an_edited_template_is_published_by_the_next_build(project: Path) -> None:
    assert_a_build_without_changes_is_skipped(project)
    marker = '<p class="synthetic">Synthetic line added to the footer template.</p>'
    edit(project / "theme" / "templates" / "base.html", "</footer>", f"{marker}\n</footer>")

    output = build_in_place(project)

    assert marker in page(output, relationship_url(EDITED))
    assert marker in (output / "index.html").read_text(encoding="utf-8")


def test_an_edited_stylesheet_is_published_by_the_next_build(project: Path) -> None:
    assert_a_build_without_changes_is_skipped(project)
    rule = ".synthetic-edit { color: #123456; }"
    stylesheet = project / "theme" / "static" / "css" / "site.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + f"\n{rule}\n")

    output = build_in_place(project)

    assert rule in (output / "theme" / "css" / "site.css").read_text(encoding="utf-8")


def test_an_edited_settings_file_is_published_by_the_next_build(project: Path) -> None:
    assert_a_build_without_changes_is_skipped(project)
    marking = "SYNTHETIC MARKING — edited in place by a test"
    settings = project / "pelicanconf.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"BRIEFINGS_DISTRIBUTION = {marking!r}\n",
        encoding="utf-8",
    )

    output = build_in_place(project)

    assert marking in page(output, relationship_url(EDITED))
