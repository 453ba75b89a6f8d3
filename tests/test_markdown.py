"""The Markdown renderer and its two extensions, against a real (small) site.

Each file under ``tests/fixtures/markdown/`` holds cases in markdown-it-py's fixture
format: a description, then the Markdown and the exact HTML, each ended by a line ``.``.
The text is rendered as the narrative of the relationship ``fi-is`` of the corpus in
``tests/fixtures/checks/base``, with a second source from ``tests/fixtures/markdown``.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from generator.build import check, load_settings
from generator.markdown import Heading, MarkdownLink, Rendered, render
from generator.site import PageLinks, Site, SourceList, url_for
from tests.conftest import AS_OF
from tests.test_checks import fixture_project

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
CASES = [
    pytest.param(text, html, id=f"{path.stem}:{line}")
    for path in sorted(FIXTURES.glob("*.md"))
    for line, _, text, html in read_fixture_file(path)
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = fixture_project(tmp_path_factory.mktemp("markdown"))
    shutil.copytree(FIXTURES / "content", project / "content", dirs_exist_ok=True)
    site, problems = check(load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF}))
    assert [str(problem) for problem in problems] == []
    return site


def narrative(site: Site, text: str) -> Rendered:
    sources = SourceList(site.corpus.sources)
    return render(text, PageLinks(site, url_for("relationship", "fi-is"), sources))


@pytest.mark.parametrize(("text", "html"), CASES)
def test_markdown_renders_as_its_fixture_says(site: Site, text: str, html: str) -> None:
    assert narrative(site, text).html == html


def test_unknown_references_and_citations_are_located_at_their_line_and_column(
    site: Site,
) -> None:
    text = (
        "## Overview\n"
        "\n"
        "A paragraph that starts here and\n"
        "[[person:nobody]] opens its second line [@report-2026].\n"
        "\n"
        "> Quoted: [@nowhere; @report-2026] and [[planet:mars|Mars]]\n"
    )

    problems = [
        (problem.line, problem.column, problem.message)
        for problem in narrative(site, text).problems
    ]

    assert problems == [
        (4, 1, 'unknown reference "person:nobody"'),
        (6, 11, 'citation of unknown source "nowhere"'),
        (6, 40, 'unknown reference "planet:mars"'),
    ]


def test_problems_carry_a_hint_on_how_to_fix_them(site: Site) -> None:
    problems = narrative(site, "[[person:nobody]] [@nowhere]").problems

    assert [problem.hint for problem in problems] == [
        "check the id in the registry files, or the kind (person, country, mechanism, "
        "organization, topic, relationship)",
        "add it to content/sources.yaml or fix the id",
    ]


def test_a_citation_written_over_two_lines_is_located_at_its_paragraph(site: Site) -> None:
    text = "Intro.\n\nFirst line\nthen [@report-2026;\n@nowhere] end.\n"

    problems = narrative(site, text).problems

    assert [(p.line, p.column, p.message) for p in problems] == [
        (3, 1, 'citation of unknown source "nowhere"')
    ]


def test_a_text_without_mistakes_has_no_problems(site: Site) -> None:
    rendered = narrative(site, "[[person:makinen]] [@report-2026]\n\n## Trade\n")

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
    text = "# Title\n\n## Trade and *energy* [@report-2026]\n\n### Gas\n\n#### Detail\n"

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
