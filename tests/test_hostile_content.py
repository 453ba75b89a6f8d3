"""Content that tries to run code in the pages built from it, through a real build.

Content is untrusted. tests/fixtures/hostile/content/ is a small synthetic corpus whose
narrative and update hold raw HTML, on-handlers and ``javascript:`` links in every form
tests/fixtures/markdown/ pins for the renderer, and whose pages folder holds HTML and
reStructuredText files, formats whose Pelican readers pass markup through. It is built
with real Pelican (no PDFs: WeasyPrint runs no script) and every page is read back
with an HTML parser: the hostile input must be on the page as text, never as markup.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import PROJECT, build_project
from tests.tooling.markup import unsafe_markup

FIXTURE = Path(__file__).parent / "fixtures" / "hostile" / "content"


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
