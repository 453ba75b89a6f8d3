"""Our Markdown: fixture files for the renderer, and hostile narratives through a build.

Content is untrusted: a narrative can hold raw HTML, on-handlers and ``javascript:``
links, and none of it may reach a page as markup. Each file in tests/fixtures/markdown/
is one concern, in the format of markdown-it-py's tests/test_port/fixtures: a title,
then the input and the exact HTML expected, each between lines holding a single dot.
They are rendered by the real renderer (:func:`generator.markdown.render`) against the
synthetic registries in tests/fixtures/markdown/content/. The build tests then put the
same kinds of input into a copy of the project, build it with real Pelican and read
the pages back with an HTML parser.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it.utils import read_fixture_file

from generator.build import BuildResult
from generator.markdown import render
from generator.site import PageLinks, Site, SourceList, load_site
from tests.conftest import AS_OF, build_project, copy_project
from tests.tooling.markup import unsafe_markup

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
HOSTILE_FILES = ("raw_html.md", "unsafe_links.md", "autolinks.md")
"""The fixtures of hostile input: whatever their expected HTML says, it must be harmless."""
CASES = [
    pytest.param(name, title, text, expected, id=f"{name}:{line + 1}")
    for name in sorted(path.name for path in FIXTURES.glob("*.md"))
    for line, title, text, expected in read_fixture_file(FIXTURES / name)
]
PAGE_URL = "relationships/fi-is/"
"""Where the fixtures are rendered as if they stood, for the relative links they make."""


@pytest.fixture(scope="module")
def site() -> Site:
    site, problems = load_site(
        FIXTURES / "content", {"BRIEFINGS_AS_OF": AS_OF, "BRIEFINGS_WORKERS": 1}, FIXTURES
    )
    assert problems == []
    return site


def rendered(site: Site, text: str) -> str:
    """``text`` as the page at ``PAGE_URL`` shows it, with its own list of sources."""
    return render(text, PageLinks(site, PAGE_URL, SourceList(site.corpus.sources))).html


def test_every_fixture_file_holds_cases() -> None:
    files = {path.name for path in FIXTURES.glob("*.md")}
    assert set(HOSTILE_FILES) <= files
    assert {case.values[0] for case in CASES} == files


@pytest.mark.parametrize(("name", "title", "text", "expected"), CASES)
def test_markdown_renders_as_its_fixture_says(
    site: Site, name: str, title: str, text: str, expected: str
) -> None:
    assert rendered(site, text).rstrip() == expected.rstrip(), title


@pytest.mark.parametrize(
    ("name", "title", "text", "expected"),
    [case for case in CASES if case.values[0] in HOSTILE_FILES],
)
def test_hostile_markdown_renders_no_script_handler_or_unsafe_address(
    site: Site, name: str, title: str, text: str, expected: str
) -> None:
    """Read back by an HTML parser, in case an expected output is ever rewritten."""
    document = BeautifulSoup(rendered(site, text), "html.parser")
    assert unsafe_markup(document) == [], title
    assert document.find(["iframe", "object", "embed", "form", "meta", "base", "style"]) is None


# A real build of hostile content

HOSTILE_NARRATIVE = """

## Synthetic hostile input

This section is synthetic test input, written by tests/test_markdown.py.

<script>alert("narrative")</script>

<div onclick="alert(1)">A block with an on-handler.</div>

Inline <span onmouseover="alert(1)">raw HTML</span> and <img src=x onerror=alert(1)> and
<svg/onload=alert(1)> and <A HREF="#" ONCLICK="alert(1)">capitals</A>.

[a javascript: link](javascript:alert(1)), [mixed case](JaVaScRiPt:alert(1)),
[entity-encoded](&#106;avascript:alert(1)), [hexadecimal](&#x6A;avascript&#x3A;alert(1)),
[vbscript](vbscript:msgbox(1)), [HTML in data:](data:text/html;base64,PHNjcmlwdD4=),
![a javascript: image](javascript:alert(1)), ![an HTML image](data:text/html,x),
<javascript:alert(1)>, <vbscript:msgbox(1)> and <data:text/html,x>.

[[person:erdogan|<script>alert("reference")</script>]]
"""
HOSTILE_UPDATE = """\
---
title: Synthetic hostile update
date: 2026-03-01
status: published
summary: Synthetic test input, written by tests/test_markdown.py.
---

<script>alert("update")</script> <b onclick="alert(1)">bold</b>
[a javascript: link](javascript:alert(1)) <javascript:alert(1)>
"""
HOSTILE_PAGE = '<html><body><script>alert("page")</script><p onclick="x">page</p></body></html>'
"""A page in a format whose Pelican reader passes markup through: no reader is enabled for it."""


@dataclass(frozen=True)
class HostileBuild:
    result: BuildResult

    def page(self, url: str) -> BeautifulSoup:
        path = self.result.output_dir / url / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileBuild]:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    narrative = project / "content" / "relationships" / "kz-tr" / "index.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + HOSTILE_NARRATIVE, "utf-8")
    (project / "content" / "updates").mkdir()
    (project / "content" / "updates" / "synthetic-hostile.md").write_text(HOSTILE_UPDATE)
    (project / "content" / "pages").mkdir()
    for name in ("synthetic-hostile.html", "synthetic-hostile.htm"):
        (project / "content" / "pages" / name).write_text(HOSTILE_PAGE)
    (project / "content" / "pages" / "synthetic-hostile.rst").write_text(
        "Synthetic\n=========\n\n.. raw:: html\n\n   <script>alert('rst')</script>\n"
    )
    yield HostileBuild(build_project(project, pdf=False, workers=2))
    shutil.rmtree(project)


def test_hostile_narrative_shows_as_text_with_no_script_handler_or_unsafe_link(
    hostile_build: HostileBuild,
) -> None:
    page = hostile_build.page("relationships/kz-tr")
    narrative = page.select_one("section.narrative")
    text = narrative.get_text()
    assert '<script>alert("narrative")</script>' in text  # the input is on the page, as text
    assert '<script>alert("reference")</script>' in text
    assert "[a javascript: link](javascript:alert(1))" in text
    assert unsafe_markup(page) == []


def test_hostile_update_shows_as_text_with_no_script_handler_or_unsafe_link(
    hostile_build: HostileBuild,
) -> None:
    page = hostile_build.page("updates/synthetic-hostile")
    assert '<script>alert("update")</script>' in page.get_text()
    assert unsafe_markup(page) == []


def test_no_page_of_a_hostile_build_holds_a_handler_or_unsafe_link_or_foreign_script(
    hostile_build: HostileBuild,
) -> None:
    """Scripts the theme ships (search) are allowed; any other is the content's."""
    root = hostile_build.result.output_dir
    pages = sorted(root.rglob("*.html"))
    assert root / "updates" / "synthetic-hostile" / "index.html" in pages
    for path in pages:
        document = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert unsafe_markup(document, scripts=False) == [], path
        for script in document.find_all("script"):
            assert script.get("src") and not script.get_text().strip(), (path, script)
        assert "alert(" not in " ".join(str(s) for s in document.find_all("script")), path
    assert not (root / "pages").exists()  # the .html, .htm and .rst pages were not read
