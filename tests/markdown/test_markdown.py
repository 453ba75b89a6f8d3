"""Our Markdown, pinned by fixture files: tests/fixtures/markdown/, one file per concern.

Content is untrusted: a narrative can hold raw HTML, on-handlers and ``javascript:``
links, and none of it may reach a page as markup. Each fixture file is in the format of
markdown-it-py's tests/test_port/fixtures: a title, then the input and the exact HTML
expected, each between lines holding a single dot. They are rendered by the real
renderer (:func:`generator.markdown.render`) against the synthetic registries in
tests/fixtures/markdown/content/. tests/content/test_hostile_content.py puts the same kinds of
input through a real build.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it.utils import read_fixture_file

from generator.markdown import Heading, MarkdownLink, Rendered, render
from generator.settings import Settings
from generator.site import PageLinks, Site, SourceList, load_site
from tests.conftest import AS_OF, PROJECT
from tests.tooling.markup import unsafe_markup

FIXTURES = Path(__file__).parents[1] / "fixtures" / "markdown"
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
    settings = Settings(
        content_dir=FIXTURES / "content",
        theme_dir=PROJECT / "theme",
        output_dir=FIXTURES / "output",
        cache_dir=FIXTURES / "cache",
        as_of=AS_OF,
        workers=1,
    )
    site, problems = load_site(settings)
    assert problems == []
    return site


def narrative(site: Site, text: str) -> Rendered:
    """``text`` rendered as the narrative of the page at ``PAGE_URL``, with its own list
    of sources."""
    return render(text, PageLinks(site, PAGE_URL, SourceList(site.corpus.sources)))


def rendered(site: Site, text: str) -> str:
    """``text`` as the page at ``PAGE_URL`` shows it."""
    return narrative(site, text).html


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


# What the checks read from a render: problems, headings, links, code


def test_unknown_references_and_citations_are_located_at_their_line_and_column(
    site: Site,
) -> None:
    text = (
        "## Overview\n"
        "\n"
        "A paragraph that starts here and\n"
        "[[person:nobody]] opens its second line [@report-a].\n"
        "\n"
        "> Quoted: [@nowhere; @report-a] and [[planet:mars|Mars]]\n"
    )

    problems = [
        (problem.line, problem.column, problem.message)
        for problem in narrative(site, text).problems
    ]

    assert problems == [
        (4, 1, 'unknown reference "person:nobody"'),
        (6, 11, 'citation of unknown source "nowhere"'),
        (6, 37, 'unknown reference "planet:mars"'),
    ]


def test_every_unknown_source_of_a_citation_is_reported(site: Site) -> None:
    problems = narrative(site, "See [@nowhere; @report-a; @elsewhere].").problems

    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 5, 'citation of unknown source "nowhere"'),
        (1, 5, 'citation of unknown source "elsewhere"'),
    ]


def test_problems_carry_a_hint_on_how_to_fix_them(site: Site) -> None:
    problems = narrative(site, "[[person:nobody]] [@nowhere]").problems

    assert [problem.hint for problem in problems] == [
        "add it to content/people.yaml or fix the id",
        "add it to content/sources.yaml or fix the id",
    ]


def test_a_misspelt_reference_or_citation_is_answered_with_the_closest_id(site: Site) -> None:
    problems = narrative(site, "[[person:makkinen]] [[persn:makinen]] [@reprot-a]").problems

    assert [problem.hint for problem in problems] == [
        'did you mean "person:makinen"? If not, add it to content/people.yaml or fix the id',
        'did you mean "person:makinen"? If not, the kind must be one of person, mechanism, '
        "organization, topic, country, relationship",
        'did you mean "report-a" or "report-b"? If not, add it to content/sources.yaml '
        "or fix the id",
    ]


def test_a_reference_of_no_kind_near_a_known_one_lists_the_kinds(site: Site) -> None:
    problems = narrative(site, "[[planet:mars]]").problems

    assert [problem.hint for problem in problems] == [
        "the kind must be one of person, mechanism, organization, topic, country, relationship"
    ]


def test_a_citation_written_over_two_lines_is_located_at_its_paragraph(site: Site) -> None:
    text = "Intro.\n\nFirst line\nthen [@report-a;\n@nowhere] end.\n"

    problems = narrative(site, text).problems

    assert [(p.line, p.column, p.message) for p in problems] == [
        (3, 1, 'citation of unknown source "nowhere"')
    ]


def test_a_text_without_mistakes_has_no_problems(site: Site) -> None:
    rendered = narrative(site, "[[person:makinen]] [@report-a]\n\n## Trade\n")

    assert rendered.problems == []


def test_mistakes_in_an_inline_footnote_are_located_and_its_links_listed(site: Site) -> None:
    """The footnote's text is moved to the end of the document, without a line of its
    own; what it holds is found from the top of the text."""
    text = "Intro.\n\nTrade grew.^[As [[person:nobody]] said [@nowhere]; [see](../../x/).]\n"

    rendered = narrative(site, text)

    assert [(p.line, p.column, p.message) for p in rendered.problems] == [
        (3, 17, 'unknown reference "person:nobody"'),
        (3, 40, 'citation of unknown source "nowhere"'),
    ]
    assert rendered.links == [
        MarkdownLink(0, markup="[[person:nobody]]", kind="person", ident="nobody"),
        MarkdownLink(0, href="../../x/"),
    ]


def test_what_the_checks_share_from_a_render_cannot_be_changed(site: Site) -> None:
    """One parse serves every check: none of them may alter what the next one reads."""
    rendered = narrative(site, "## Trade\n\n[[person:nobody]] [a](b)\n")

    for value in (rendered.headings[0], rendered.problems[0], rendered.links[0]):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, dataclasses.fields(value)[0].name, 0)


def test_headings_are_listed_with_their_level_anchor_and_plain_text(site: Site) -> None:
    text = "# Title\n\n## Trade and *energy* [@report-a]\n\n### Gas\n\n#### Detail\n"

    assert narrative(site, text).headings == [
        Heading(2, "trade-and-energy", "Trade and energy"),
        Heading(3, "gas", "Gas"),
    ]


def test_links_images_and_references_are_listed_with_the_line_of_their_block(
    site: Site,
) -> None:
    text = (
        "Intro.\n"
        "\n"
        "See [the report](https://example.org/report?a=1&b=2) and\n"
        "![a chart](../img/chart.svg) with [[person:makinen|her]].\n"
        "\n"
        "- [[planet:mars]]\n"
    )

    assert narrative(site, text).links == [
        MarkdownLink(2, href="https://example.org/report?a=1&b=2"),
        MarkdownLink(2, href="../img/chart.svg"),
        MarkdownLink(2, markup="[[person:makinen|her]]", kind="person", ident="makinen"),
        MarkdownLink(5, markup="[[planet:mars]]", kind="planet", ident="mars"),
    ]


def test_lines_of_code_blocks_are_known_to_be_code(site: Site) -> None:
    text = "Prose.\n\n```yaml\nid: x\n```\n\nMore prose.\n\n    indented code\n    more\n"

    assert narrative(site, text).code_lines == frozenset({2, 3, 4, 8, 9})


def test_a_text_without_code_has_no_code_lines(site: Site) -> None:
    assert narrative(site, "Prose only.\n\n## Heading\n").code_lines == frozenset()
