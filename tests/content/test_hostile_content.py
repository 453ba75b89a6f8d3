"""Content that tries to run code in the pages built from it, through a real build.

Content is untrusted. tests/fixtures/hostile/content/ is a small synthetic corpus whose
narrative and update hold raw HTML, on-handlers and ``javascript:`` links in the forms
tests/fixtures/markdown/ pins for the renderer, whose YAML text fields (titles,
summaries, names, places, notes, in the registries, the data file and the front
matters) each hold a ``<script>`` naming the field, and whose pages folder holds HTML
and reStructuredText files, formats whose Pelican readers pass markup through. It is
built with real Pelican (no PDFs: WeasyPrint runs no script) and every page is read
back with an HTML parser: the hostile input must be on the page as text, never markup.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import PROJECT, build_project
from tests.tooling.markup import unsafe_markup

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parents[1] / "fixtures" / "hostile" / "content"
SCRIPTS_IN_DATA = sorted(
    {
        match.group()
        for path in [*FIXTURE.rglob("*.yaml"), *FIXTURE.rglob("*.md")]
        for match in re.finditer(r'<script>alert\("[^"]+"\)</script>', path.read_text("utf-8"))
    }
)
"""Each ``<script>`` the corpus writes into a YAML field or a front matter (its label
names the field), and into its Markdown."""


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = tmp_path_factory.mktemp("hostile")
    shutil.copytree(FIXTURE, project / "content")
    shutil.copy2(PROJECT / "pelicanconf.py", project / "pelicanconf.py")
    shutil.copytree(PROJECT / "theme", project / "theme")
    yield build_project(project, pdf=False, workers=2).output_dir


def page(output: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((output / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_a_hostile_narrative_shows_as_text_with_no_script_handler_or_unsafe_link(
    output: Path,
) -> None:
    document = page(output, "relationships/fi-is")
    text = document.select_one("section.narrative").get_text()
    assert '<script>alert("narrative")</script>' in text  # on the page, as text
    assert '<script>alert("reference")</script>' in text
    assert "[a javascript: link](javascript:alert(1))" in text
    assert unsafe_markup(document) == []


def test_a_hostile_update_shows_as_text_with_no_script_handler_or_unsafe_link(
    output: Path,
) -> None:
    document = page(output, "updates/synthetic-hostile")
    assert '<script>alert("update")</script>' in document.get_text()
    assert unsafe_markup(document) == []


def test_hostile_text_in_every_data_field_shows_as_text_on_some_page(output: Path) -> None:
    """Titles, summaries, names, places, notes: any text from the content is escaped."""
    texts = [
        BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
        for path in output.rglob("*.html")
    ]
    assert len(SCRIPTS_IN_DATA) > 20
    assert [script for script in SCRIPTS_IN_DATA if not any(script in t for t in texts)] == []


def test_pages_in_formats_that_pass_markup_through_are_not_published(output: Path) -> None:
    assert not (output / "pages").exists()
    assert not list(output.rglob("synthetic-hostile.*"))


def test_no_page_holds_a_handler_an_unsafe_link_or_a_script_of_the_content(
    output: Path,
) -> None:
    """The theme's own scripts (search) are files of the site; any other is the content's."""
    pages = sorted(output.rglob("*.html"))
    assert output / "updates" / "synthetic-hostile" / "index.html" in pages
    for path in pages:
        document = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert unsafe_markup(document, scripts=False) == [], path
        for script in document.find_all("script"):
            assert script.get("src") and not script.get_text().strip(), (path, script)
