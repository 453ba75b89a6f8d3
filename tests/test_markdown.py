"""Our Markdown, pinned by fixture files: tests/fixtures/markdown/, one file per concern.

Content is untrusted: a narrative can hold raw HTML, on-handlers and ``javascript:``
links, and none of it may reach a page as markup. Each fixture file is in the format of
markdown-it-py's tests/test_port/fixtures: a title, then the input and the exact HTML
expected, each between lines holding a single dot. They are rendered by the real
renderer (:func:`generator.markdown.render`) against the synthetic registries in
tests/fixtures/markdown/content/. tests/test_hostile_content.py puts the same kinds of
input through a real build.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it.utils import read_fixture_file

from generator.markdown import render
from generator.site import PageLinks, Site, SourceList, load_site
from tests.conftest import AS_OF
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
