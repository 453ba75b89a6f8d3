"""Every brief and book as PDF/UA-1 (ISO 14289-1) asks, as far as a program can tell.

The shared build's PDFs are read twice: their structure trees with pikepdf
(``tests/tooling/tagged_pdf.py``: tables, header scope and IDs, headings, figures,
links, tab order, the PDF/UA identification), and by an outside checker, ``pdfua``
(pinned in requirements-test.lock), which implements the machine-checkable part of
PDF/UA-1 and the Matterhorn protocol. Books are checked as assembled, part by part.
The last tests show that each structure check finds the defect it is for, and why the
one rule of the checker that cannot read our files is wrong about them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from bs4 import BeautifulSoup
from pikepdf import Array, Dictionary, Name, Pdf
from pypdf import PdfReader

from tests.conftest import BuiltSite
from tests.tooling.pdf_structure import outline_entries
from tests.tooling.tagged_pdf import (
    Heading,
    empty_headings,
    figures_without_alt,
    header_cells_without_scope,
    header_scopes,
    heading_order_problems,
    headings,
    links_without_contents,
    pages_without_structure_tab_order,
    pdfua_check,
    pdfua_part,
    structure,
    tables_that_are_not_tables,
    unresolved_header_references,
    with_role,
)

HTML_SCOPES = {"col": "Column", "colgroup": "Column", "row": "Row", "rowgroup": "Row"}
CHECKER_DEFECTS = {"UA-14-001": "is_integer"}
"""Rules of the checker that cannot evaluate a valid file, with a word of why they raise:
``test_pdfua_cannot_tell_an_empty_heading_when_its_kids_are_an_array`` shows it."""


def all_pdfs(built_site: BuiltSite) -> list[Path]:
    return sorted(built_site.root.rglob("*.pdf"))


def brief_pdfs(built_site: BuiltSite) -> list[Path]:
    return sorted((built_site.root / "relationships").rglob("*.pdf"))


def book_pdfs(built_site: BuiltSite) -> list[Path]:
    return sorted((built_site.root / "books").glob("*.pdf"))


def part_starts(path: Path) -> list[int]:
    """The first page (from 0) of each part: a brief is one; a book is its front matter
    and then each brief it holds, which start where their outline entries point."""
    reader = PdfReader(path)
    front = reader.page_labels.index("1")
    parts = [entry.page for entry in outline_entries(reader) if entry.depth == 0]
    return sorted({0, *(page for page in parts if page >= front)})


def headings_by_part(path: Path, pdf: Pdf) -> list[list[Heading]]:
    starts = part_starts(path)
    grouped: list[list[Heading]] = [[] for _ in starts]
    for heading in headings(pdf):
        assert heading.page is not None, heading.element.describe()
        grouped[sum(1 for start in starts if start <= heading.page) - 1].append(heading)
    return grouped


# The structure of every PDF


def test_every_table_is_rows_of_header_and_data_cells(built_site: BuiltSite) -> None:
    tables = 0
    for path in all_pdfs(built_site):
        with pikepdf.open(path) as pdf:
            assert tables_that_are_not_tables(pdf) == [], path
            tables += len(with_role(pdf, "/Table"))
    assert tables > 0, "the shipped content has tables"


def test_every_header_cell_has_a_scope(built_site: BuiltSite) -> None:
    for path in all_pdfs(built_site):
        with pikepdf.open(path) as pdf:
            assert header_cells_without_scope(pdf) == [], path


def test_header_cells_keep_the_scope_their_html_gives(built_site: BuiltSite) -> None:
    """Every header cell of the PDF has the scope of its HTML cell; a table that runs
    onto the next page repeats its header row there, with the same scopes."""
    for path in brief_pdfs(built_site):
        page = BeautifulSoup((path.parent / "index.html").read_text("utf-8"), "html.parser")
        tables = page.select("article.briefing table")
        assert all(table.caption for table in tables), "each table starts with its caption"
        expected = [
            (_html_scopes(table.select("thead th")), _html_scopes(table.select("tbody th")))
            for table in tables
        ]
        with pikepdf.open(path) as pdf:
            parts = header_scopes(pdf)
        assert sum(captioned for captioned, _, _ in parts) == len(expected), path
        table, done = -1, 0
        for number, (captioned, head, rest) in enumerate(parts):
            if captioned:
                assert table < 0 or done == len(expected[table][1]), (path, number)
                table, done = table + 1, 0
            assert head == expected[table][0], (path, number)
            assert rest == expected[table][1][done : done + len(rest)], (path, number)
            done += len(rest)
        assert not expected or done == len(expected[-1][1]), path


def _html_scopes(cells: list[Any]) -> list[str]:
    return [HTML_SCOPES.get(str(cell.get("scope")), "Column") for cell in cells]


def test_data_cells_name_their_header_cells_by_ids_the_id_tree_resolves(
    built_site: BuiltSite,
) -> None:
    for path in all_pdfs(built_site):
        with pikepdf.open(path) as pdf:
            assert unresolved_header_references(pdf) == [], path


def test_headings_open_with_h1_and_skip_no_level_in_each_brief_and_book_part(
    built_site: BuiltSite,
) -> None:
    for path in all_pdfs(built_site):
        with pikepdf.open(path) as pdf:
            parts = headings_by_part(path, pdf)
            for number, part in enumerate(parts):
                assert part, (path, number)
                assert heading_order_problems(part) == [], (path, number)


def test_every_heading_has_text(built_site: BuiltSite) -> None:
    for path in all_pdfs(built_site):
        with pikepdf.open(path) as pdf:
            assert empty_headings(pdf) == [], path


def test_every_figure_has_alternative_text(built_site: BuiltSite) -> None:
    figures = 0
    for path in all_pdfs(built_site):
        with pikepdf.open(path) as pdf:
            assert figures_without_alt(pdf) == [], path
            figures += len(with_role(pdf, "/Figure"))
    assert figures > 0, "the shipped content has a chart"


def test_every_link_annotation_describes_itself(built_site: BuiltSite) -> None:
    for path in all_pdfs(built_site):
        with pikepdf.open(path) as pdf:
            assert links_without_contents(pdf) == [], path


def test_pages_with_annotations_take_them_in_structure_order(built_site: BuiltSite) -> None:
    for path in all_pdfs(built_site):
        with pikepdf.open(path) as pdf:
            assert pages_without_structure_tab_order(pdf) == [], path


def test_xmp_metadata_identifies_pdf_ua_1(built_site: BuiltSite) -> None:
    for path in all_pdfs(built_site):
        with pikepdf.open(path) as pdf:
            assert pdfua_part(pdf) == "1", path


def test_books_hold_every_structure_element_of_their_briefs(built_site: BuiltSite) -> None:
    briefs = {}
    for path in brief_pdfs(built_site):
        with pikepdf.open(path) as pdf:
            briefs[PdfReader(path).outline[0].title] = Counter(
                element.role for element in structure(pdf) if element.page is not None
            )
    for path in book_pdfs(built_site):
        front = part_starts(path)[1]
        titles = [e.title for e in outline_entries(PdfReader(path)) if e.depth == 0][1:]
        with pikepdf.open(path) as pdf:
            held = Counter(
                element.role
                for element in structure(pdf)
                if element.page is not None and element.page >= front
            )
        assert held == sum((briefs[title] for title in titles), Counter()), path


# The outside checker


def test_pdfua_finds_nothing_at_warning_or_above_in_any_pdf(built_site: BuiltSite) -> None:
    pdfs = all_pdfs(built_site)
    reports = pdfua_check(pdfs)
    assert [report.file for report in reports] == [str(pdf) for pdf in pdfs]
    for report in reports:
        assert report.at_least("warning", "error") == [], report.file
        assert set(report.skipped) == set(CHECKER_DEFECTS), report.file
        for rule, reason in CHECKER_DEFECTS.items():
            assert reason in report.skipped[rule], report.file


def heading_only_pdf(path: Path, kids: object | None) -> Path:
    """A one-page tagged PDF whose only element is an /H1 with ``kids`` as its /K
    (none: no /K), marking the page's one line of text."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(
        b"/H1 <</MCID 0>> BDC BT /F1 24 Tf 72 720 Td (A heading) Tj ET EMC"
    )
    page.obj.StructParents = 0
    heading = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.H1, Pg=page.obj))
    if kids is not None:
        heading.K = kids
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=[heading]))
    heading.P = document
    root = pdf.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=document,
            ParentTree=Dictionary(Nums=[0, Array([heading])]),
            ParentTreeNextKey=1,
        )
    )
    document.P = root
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String("en")
    pdf.save(path)
    return path


def test_pdfua_cannot_tell_an_empty_heading_when_its_kids_are_an_array(tmp_path: Path) -> None:
    """UA-14-001 looks for headings with no content. A structure element's /K is one kid
    or an array of kids (ISO 32000-1, table 323); WeasyPrint always writes an array. The
    rule reads ``is_integer`` off each /K with ``getattr``, which pikepdf answers for an
    array with a ValueError instead of an AttributeError: the rule raises, and pdfua
    reports it as not evaluated. The same heading with its one kid as /K passes, and a
    heading with no /K is found empty, so the rule works but for arrays.
    ``test_every_heading_has_text`` checks what it would, on every PDF."""
    files = [
        heading_only_pdf(tmp_path / "array.pdf", Array([0])),
        heading_only_pdf(tmp_path / "single.pdf", 0),
        heading_only_pdf(tmp_path / "empty.pdf", None),
    ]
    as_array, single, empty = pdfua_check(files, rules="UA-14-001")

    assert CHECKER_DEFECTS["UA-14-001"] in as_array.skipped["UA-14-001"]
    assert as_array.findings == []
    assert (single.skipped, single.findings) == ({}, [])
    assert empty.skipped == {}
    assert [finding["rule_id"] for finding in empty.findings] == ["UA-14-001"]
    with pikepdf.open(files[0]) as pdf:
        assert empty_headings(pdf) == []


# Each structure check finds what it is for


def first(pdf: Pdf, role: str) -> Dictionary:
    return with_role(pdf, role)[0].obj


def nest_a_table_in_a_table(pdf: Pdf) -> None:
    """What WeasyPrint made of an absolutely positioned caption."""
    table = first(pdf, "/Table")
    table.K.append(pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Table, P=table)))


def drop_a_scope(pdf: Pdf) -> None:
    del first(pdf, "/TH").A.Scope


def drop_the_id_tree(pdf: Pdf) -> None:
    del pdf.Root.StructTreeRoot.IDTree


def make_an_h2_an_h4(pdf: Pdf) -> None:
    first(pdf, "/H2").S = Name.H4


def empty_the_h1(pdf: Pdf) -> None:
    first(pdf, "/H1").K = Array()


def drop_an_alt(pdf: Pdf) -> None:
    del first(pdf, "/Figure").Alt


def drop_a_link_description(pdf: Pdf) -> None:
    del next(a for a in pdf.pages[0].obj.Annots if a.Subtype == Name.Link).Contents


def drop_a_tab_order(pdf: Pdf) -> None:
    del pdf.pages[0].obj.Tabs


def drop_the_xmp_identification(pdf: Pdf) -> None:
    with pdf.open_metadata() as metadata:
        del metadata["pdfuaid:part"]


def not_pdfua_1(pdf: Pdf) -> list[str]:
    return [] if pdfua_part(pdf) == "1" else [f"pdfuaid:part is {pdfua_part(pdf)}"]


def heading_order_of(pdf: Pdf) -> list[str]:
    return heading_order_problems(headings(pdf))


MUTATIONS: dict[str, tuple[Callable[[Pdf], None], Callable[[Pdf], list[str]]]] = {
    "a table in a table": (nest_a_table_in_a_table, tables_that_are_not_tables),
    "a header cell without scope": (drop_a_scope, header_cells_without_scope),
    "no ID tree": (drop_the_id_tree, unresolved_header_references),
    "a skipped heading level": (make_an_h2_an_h4, heading_order_of),
    "an empty heading": (empty_the_h1, empty_headings),
    "a figure without /Alt": (drop_an_alt, figures_without_alt),
    "a link without /Contents": (drop_a_link_description, links_without_contents),
    "a page without /Tabs": (drop_a_tab_order, pages_without_structure_tab_order),
    "no PDF/UA identification": (drop_the_xmp_identification, not_pdfua_1),
}


@pytest.mark.parametrize("defect", MUTATIONS)
def test_each_structure_check_finds_its_defect(
    built_site: BuiltSite, defect: str, tmp_path: Path
) -> None:
    """A copy of the brief with a chart, broken in one way: the check for that passes
    on the brief and fails on the copy."""
    mutate, check = MUTATIONS[defect]
    brief = next(path for path in brief_pdfs(built_site) if with_role_in(path, "/Figure"))
    with pikepdf.open(brief) as pdf:
        assert check(pdf) == []
        mutate(pdf)
        pdf.save(tmp_path / "broken.pdf")
    with pikepdf.open(tmp_path / "broken.pdf") as pdf:
        assert check(pdf) != []


def with_role_in(path: Path, role: str) -> bool:
    with pikepdf.open(path) as pdf:
        return bool(with_role(pdf, role))
