"""A printed contents with dot leaders and page numbers, as our patches of WeasyPrint draw it.

:mod:`generator.pdf.page_references` lays a contents' page out twice where WeasyPrint
70 lays it out three times, and :mod:`generator.pdf.artifacts` draws its dot leaders as
artifacts, setting their text up once. Both must leave every pixel as WeasyPrint draws
it alone: each test renders one synthetic document with the patches and with
WeasyPrint's own functions, and compares the pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import weasyprint
import weasyprint.draw
import weasyprint.layout.page
import weasyprint.pdf.tags
from pypdf import PdfReader
from weasyprint.css.targets import TargetCollector

from generator.pdf import artifacts, page_references
from tests.tooling.pdf import page_pixels, pdf_text
from tests.tooling.pdf_structure import text_shown_in_artifacts, untagged_marked_content

THEME = Path(__file__).parents[2] / "theme" / "static"
"""Where the stylesheet finds the theme's own font, so that no system font is needed."""
SECTIONS = ("Overview", "Trade and energy", "Transport", "Education and culture", "Outlook")
STYLE = """
@page { size: A5; margin: 15mm; font-family: Theme;
        @bottom-right { content: counter(page) " / " counter(pages) } }
@font-face { font-family: Theme; src: url("fonts/NotoSans-Regular.woff"); }
body { font-family: Theme; font-size: 10pt; }
.contents ol { columns: 2; column-gap: 6mm; list-style: none; padding: 0; }
.contents a { display: block; color: inherit; }
.contents a::after { content: leader(". ") target-counter(attr(href), page); }
section, .again { break-before: page; }
.again a::after { content: leader(". ") counter(page) "/" target-counter(attr(href), page); }
"""


def document() -> str:
    """A synthetic document (invented sections): a contents before the sections, which
    start a page each, some of them running over a second page, and a second contents
    after them that points back and shows its own page too."""
    entries = "".join(f'<li><a href="#s{i}">{title}</a></li>' for i, title in enumerate(SECTIONS))
    sections = "".join(
        f'<section><h2 id="s{i}">{title}</h2>'
        + "<p>Synthetic text.</p>" * (12 * (i % 3) + 1)
        + "</section>"
        for i, title in enumerate(SECTIONS)
    )
    return (
        f'<!doctype html><html lang="en"><head><title>Synthetic</title><style>{STYLE}</style>'
        f'</head><body><nav class="contents"><ol>{entries}</ol></nav>{sections}'
        f'<nav class="contents again"><ol>{entries}</ol></nav></body></html>'
    )


@pytest.fixture
def weasyprint_alone(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Undo our patches for the rest of the test."""

    def undo() -> None:
        monkeypatch.setattr(
            weasyprint.draw, "draw_stacking_context", artifacts._draw_stacking_context
        )
        monkeypatch.setattr(weasyprint.draw, "draw_inline_level", artifacts._draw_inline_level)
        monkeypatch.setattr(weasyprint.pdf.tags, "_build_box_tree", artifacts._build_box_tree)
        for name, method in (
            ("collect_missing_counters", page_references._collect_missing_counters),
            ("cache_target_page_counters", page_references._cache_target_page_counters),
        ):
            monkeypatch.setattr(TargetCollector, name, method)

    return undo


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[int]]:
    """How many times each page (0-based) is laid out."""
    made: Counter[int] = Counter()
    remake_page = weasyprint.layout.page.remake_page

    def counting(index: int, *args: Any) -> Any:
        made[index] += 1
        return remake_page(index, *args)

    monkeypatch.setattr(weasyprint.layout.page, "remake_page", counting)
    yield made


def render(target: Path) -> Path:
    artifacts.draw_artifacts()
    page_references.find_page_references_in_two_layouts()
    return write(target)


def write(target: Path) -> Path:
    page = weasyprint.HTML(string=document(), base_url=THEME.as_uri() + "/")
    page.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True)
    return target


def section_pages(pdf: Path) -> dict[str, int]:
    """The page (1-based) each section starts on, from the PDF's named destinations."""
    reader = PdfReader(pdf)
    destinations = reader.named_destinations
    return {
        title: reader.get_destination_page_number(destinations[f"s{i}"]) + 1
        for i, title in enumerate(SECTIONS)
    }


def printed_numbers(pdf: Path, page: int) -> dict[str, str]:
    """What a contents on ``page`` (1-based) prints after each section's dot leader."""
    text = pdf_text(pdf).split("\f")[page - 1]
    found = {title: re.search(rf"{re.escape(title)}[ .]+([\d/]+)", text) for title in SECTIONS}
    return {title: match.group(1) for title, match in found.items() if match}


def test_a_contents_page_is_laid_out_twice_and_numbered_as_weasyprint_numbers_it(
    tmp_path: Path, layouts: Counter[int], weasyprint_alone: Callable[[], None]
) -> None:
    ours = render(tmp_path / "ours.pdf")
    laid_out = layouts.copy()
    layouts.clear()
    weasyprint_alone()
    theirs = write(tmp_path / "theirs.pdf")

    starts = section_pages(ours)
    last = len(PdfReader(ours).pages)
    assert sorted(set(starts.values())) == sorted(starts.values()) and max(starts.values()) < last
    assert printed_numbers(ours, 1) == {title: str(page) for title, page in starts.items()}
    assert printed_numbers(ours, last) == {
        title: f"{last}/{page}" for title, page in starts.items()
    }
    assert (laid_out[0], layouts[0]) == (2, 3)
    assert page_pixels(ours, tmp_path / "ours") == page_pixels(theirs, tmp_path / "theirs")


def test_leader_dots_are_drawn_as_artifacts_with_the_pixels_weasyprint_draws(
    tmp_path: Path, weasyprint_alone: Callable[[], None]
) -> None:
    ours = render(tmp_path / "ours.pdf")
    weasyprint_alone()
    theirs = write(tmp_path / "theirs.pdf")

    dotted_lines = len(SECTIONS)
    # One text object per dot, inside artifacts (the footer is one more on each page).
    assert text_shown_in_artifacts(PdfReader(ours), 0) > 10 * dotted_lines
    assert text_shown_in_artifacts(PdfReader(theirs), 0) == 0
    assert untagged_marked_content(PdfReader(ours)) == set()
    assert page_pixels(ours, tmp_path / "ours") == page_pixels(theirs, tmp_path / "theirs")
