"""Books written part by part: references renumbered, everything else copied as it was.

The PDFs here are made with pikepdf, small and synthetic; the books of a real build
(tags, outlines, links, page labels) are checked in test_pdf_briefs.py.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from generator.pdf.assembly import KEY_BLOCK, LAYOUT_FORMAT, Layout, Part, Previous, assemble
from tests.tooling.pdf import qpdf_check

TRICKY = "Report 12 0 R (draft) \\ <3F> 7 0 R"
"""Text that looks like references, parentheses and a hex string: it must not change."""


def tagged_pdf(path: Path | None, text: str) -> bytes:
    """One page, one structure element under a /Document, one annotation with ``text``."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 300))
    page = pdf.pages[0].obj
    page.StructParents = 0
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    annotation = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Link,
            Rect=Array([0, 0, 10, 10]),
            Contents=String(text),
            Dest=String("note"),
            StructParent=1,
        )
    )
    page.Annots = Array([annotation])
    paragraph = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.P, P=document, Pg=page, K=Array([0]))
    )
    link = pdf.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Link,
            P=document,
            K=Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page),
        )
    )
    document.K = Array([paragraph, link])
    root.K = document
    root.ParentTree = Dictionary(Nums=Array([0, Array([paragraph]), 1, link]))
    root.ParentTreeNextKey = 2
    pdf.Root.StructTreeRoot = root
    pdf.Root.Names = Dictionary(
        Dests=Dictionary(Names=Array(["note", Array([page, Name.XYZ, 0, 300, 0])]))
    )
    pdf.docinfo.Title = text
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    if path is not None:
        path.write_bytes(out.getvalue())
    return out.getvalue()


def front_and_parts(folder: Path, count: int, text: str | None = None) -> tuple[bytes, list[Part]]:
    """A front matter and ``count`` parts written to ``folder``, each part saying
    ``text`` or, without it, its own anchor."""
    parts = [Part(folder / f"{n}.pdf", f"Part {n}", f"part-{n}") for n in range(count)]
    for part in parts:
        tagged_pdf(part.pdf, text or f"Text of {part.anchor}")
    return tagged_pdf(None, "Front"), parts


def test_strings_that_look_like_references_are_copied_as_they_were(tmp_path: Path) -> None:
    front, parts = front_and_parts(tmp_path, 3, TRICKY)
    book = tmp_path / "book.pdf"

    with book.open("wb") as file:
        assemble(front, parts, file)

    assert qpdf_check(book) is None
    with pikepdf.open(book) as pdf:
        assert str(pdf.docinfo.Title) == "Front"
        annotations = [page.obj.Annots[0] for page in pdf.pages]
        assert [str(a.Contents) for a in annotations] == ["Front", *[TRICKY] * 3]
        assert [str(a.Dest) for a in annotations] == [
            "note",
            *(f"{part.anchor}--note" for part in parts),
        ]
        # Each part's keys take a block; the front matter's come after the parts'.
        firsts = [3 * KEY_BLOCK, 0, KEY_BLOCK, 2 * KEY_BLOCK]
        assert [int(page.obj.StructParents) for page in pdf.pages] == firsts
        assert [int(a.StructParent) for a in annotations] == [key + 1 for key in firsts]
        tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        for first, page, annotation in zip(firsts, pdf.pages, annotations, strict=True):
            (paragraph,) = tree[first]
            assert paragraph.Pg.objgen == page.obj.objgen
            assert tree[first + 1].K.Obj.objgen == annotation.objgen
        document = pdf.Root.StructTreeRoot.K
        assert len(document.K) == 2 * 4
        assert all(kid.P.objgen == document.objgen for kid in document.K)
        destinations = pikepdf.NameTree(pdf.Root.Names.Dests)
        for number, part in enumerate(parts, start=1):
            assert destinations[part.anchor][0].objgen == pdf.pages[number].obj.objgen


def test_the_same_parts_give_the_same_bytes(tmp_path: Path) -> None:
    front, parts = front_and_parts(tmp_path, 2, TRICKY)
    books = []
    for _ in range(2):
        out = io.BytesIO()
        assemble(front, parts, out)
        books.append(out.getvalue())

    assert books[0] == books[1]


def with_a_table(path: Path) -> None:
    """Give the PDF at ``path`` a table of one header and one data cell naming it, by the
    ID ``h`` (which every part made so has), and its ID tree."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        document = pdf.Root.StructTreeRoot.K
        table = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Table, P=document))
        row = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TR, P=table))
        header = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.TH, P=row, ID=String("h"))
        )
        cell = Dictionary(O=Name.Table, Headers=Array([String("h")]))
        data = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TD, P=row, A=cell))
        row.K = Array([header, data])
        table.K = Array([row])
        document.K.append(table)
        pdf.Root.StructTreeRoot.IDTree = Dictionary(Names=Array([String("h"), header]))
        pdf.save(path, deterministic_id=True)


def test_element_ids_of_each_part_get_its_prefix_and_the_headers_naming_them_too(
    tmp_path: Path,
) -> None:
    parts = [Part(tmp_path / f"{n}.pdf", f"Part {n}", f"part-{n}") for n in range(2)]
    for part in parts:
        tagged_pdf(part.pdf, "A part")
        with_a_table(part.pdf)
    book = tmp_path / "book.pdf"
    with book.open("wb") as out:
        assemble(tagged_pdf(None, "Front"), parts, out)

    assert qpdf_check(book) is None
    with pikepdf.open(book) as pdf:
        ids = dict(pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree).items())
        assert sorted(ids) == ["part-0--h", "part-1--h"]
        for identifier, header in ids.items():
            assert header.S == Name.TH and str(header.ID) == identifier
            data = header.P.K[1]
            assert [str(name) for name in data.A.Headers] == [identifier]
    for part in parts:  # the parts' own files are left as they were
        with pikepdf.open(part.pdf) as pdf:
            assert list(pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree).keys()) == ["h"]


def book_of(
    front: bytes, parts: list[Part], previous: Previous | None = None
) -> tuple[bytes, Layout]:
    out = io.BytesIO()
    layout = assemble(front, parts, out, previous)
    return out.getvalue(), layout


class OpenCounter:
    """Counts the PDFs the assembly opens with pikepdf (the front matter among them)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = pikepdf.open

        def counted(*args: Any, **kwargs: Any) -> pikepdf.Pdf:
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(pikepdf, "open", counted)


@pytest.mark.parametrize("grow", [False, True], ids=["same-size", "more-objects"])
def test_a_book_made_again_copies_its_unchanged_parts_and_equals_one_made_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, grow: bool
) -> None:
    front, parts = front_and_parts(tmp_path, 4)
    earlier = tmp_path / "earlier.pdf"
    data, layout = book_of(front, parts)
    earlier.write_bytes(data)
    tagged_pdf(parts[1].pdf, "Edited text")
    if grow:  # a few objects more: the part still fits its blocks
        with_a_table(parts[1].pdf)
    anew, _ = book_of(front, parts)
    opened = OpenCounter(monkeypatch)

    again, layout_again = book_of(front, parts, Previous(earlier, layout))

    assert again == anew
    assert opened.count == 2  # the front matter and the edited part, nothing else
    book = tmp_path / "book.pdf"
    book.write_bytes(again)
    assert qpdf_check(book) is None
    reloaded = Layout.from_json(layout_again.to_json())
    assert reloaded == layout_again


def test_a_part_whose_bytes_in_the_earlier_book_differ_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    front, parts = front_and_parts(tmp_path, 2)
    data, layout = book_of(front, parts)
    damaged = bytearray(data)
    damaged[layout.parts[0].start + 20] ^= 0xFF
    earlier = tmp_path / "earlier.pdf"
    earlier.write_bytes(damaged)
    opened = OpenCounter(monkeypatch)

    again, _ = book_of(front, parts, Previous(earlier, layout))

    assert again == data
    assert opened.count == 2  # the front matter and the damaged part; the other copied


def test_a_part_that_moves_is_read_again(tmp_path: Path) -> None:
    front, parts = front_and_parts(tmp_path, 3)
    earlier = tmp_path / "earlier.pdf"
    data, layout = book_of(front, parts)
    earlier.write_bytes(data)
    reordered = [parts[2], parts[0], parts[1]]

    again, _ = book_of(front, reordered, Previous(earlier, layout))

    assert again == book_of(front, reordered)[0]


def test_a_damaged_layout_is_no_layout() -> None:
    assert Layout.from_json("{") is None
    assert Layout.from_json(f'{{"format": {LAYOUT_FORMAT - 1}, "parts": []}}') is None
    assert Layout.from_json(f'{{"format": {LAYOUT_FORMAT}, "parts": [{{"anchor": "x"}}]}}') is None
