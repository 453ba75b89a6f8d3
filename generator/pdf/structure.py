"""Table header cells completed in the structure tree WeasyPrint 70 writes.

WeasyPrint 70 tags an HTML table as /Table with /THead, /TBody, /TR, /TH and /TD; it
gives each header cell an /ID and each data cell /Headers naming the IDs of its header
cells, chosen by the HTML's ``scope`` attribute. Two things a PDF/UA-1 reader needs are
missing, and :func:`complete_tables` adds them to the PDF with pikepdf:

- **/Scope** on each /TH (ISO 14289-1, 7.5; Matterhorn 15-003), from the HTML: ``row``
  and ``rowgroup`` are /Row, ``col`` and ``colgroup`` /Column, and a header cell without
  a scope is a /Column header, as WeasyPrint's own /Headers take it (a Markdown table's
  header cells are all in its header row).
- **/IDTree**, the name tree that finds an element by its /ID (ISO 32000-1, 14.7.2:
  required as soon as an element has an ID); without it a cell's /Headers name nothing
  a reader can find.

The PDF does not say which HTML cell a /TH came from, so the scope is read from the laid
out document: WeasyPrint 70 keeps each table cell's structure element on the cell's box
(``mark``), under the object number it has in the PDF. Like the margin-box fix in
:mod:`generator.pdf.artifacts`, this leans on the internals of WeasyPrint 70: another
version is refused when this module is imported
(:mod:`generator.pdf.weasyprint_internals`), and tests/pdf/test_pdf_accessibility.py
pins the result on every PDF of the build (each /TH has its HTML cell's scope, each
/Headers resolves), so an upgrade that changes them fails there, loudly. qpdf writes
the PDF again: same objects, WeasyPrint's file identifier kept, the same bytes for the
same input.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, Object
from weasyprint.formatting_structure import boxes

from generator.pdf.weasyprint_internals import check_weasyprint

check_weasyprint()

SCOPES = {"row": Name.Row, "rowgroup": Name.Row, "col": Name.Column, "colgroup": Name.Column}


def complete_tables(pdf: bytes, document: Any) -> bytes:
    """``pdf``, which WeasyPrint wrote from ``document`` with tags, with /Scope on every
    header cell and the ID tree of its structure elements; unchanged if it has no table
    header cell."""
    scopes = dict(_header_scopes(document))
    if not scopes:
        return pdf
    with pikepdf.open(io.BytesIO(pdf)) as source:
        for number, scope in scopes.items():
            cell = source.get_object(number, 0)
            if cell.get("/S") != Name.TH:
                raise ValueError(f"header cell {number} is tagged {cell.get('/S')}, not /TH")
            cell.A = _with_scope(cell.get("/A"), scope)
        root = source.Root.StructTreeRoot
        identified = sorted(_identified(root), key=lambda item: item[0].encode())
        if identified:
            tree = NameTree.new(source)
            for identifier, element in identified:
                tree[identifier] = element
            root.IDTree = tree.obj
        written = io.BytesIO()
        source.save(written, deterministic_id=True, fix_metadata_version=False)
    return written.getvalue()


def _header_scopes(document: Any) -> Iterator[tuple[int, Name]]:
    """The object number and scope of each header cell's structure element."""
    for page in document.pages:
        for box in page._page_box.descendants():
            mark = getattr(box, "mark", None)
            if isinstance(box, boxes.TableCellBox) and mark is not None and box.element_tag == "th":
                scope = (box.element.get("scope") or "").strip().lower()
                yield mark.number, SCOPES.get(scope, Name.Column)


def _with_scope(attributes: Any, scope: Name) -> Any:
    """The cell's attributes (/A: a dictionary or an array of them) with ``scope`` in
    its /Table attributes."""
    owners = list(attributes) if isinstance(attributes, Array) else [attributes]
    for owner in owners:
        if isinstance(owner, Dictionary) and owner.get("/O") == Name.Table:
            owner.Scope = scope
            return attributes
    table = Dictionary(O=Name.Table, Scope=scope)
    return table if attributes is None else Array([*owners, table])


def _identified(root: Object) -> Iterator[tuple[str, Object]]:
    """Each structure element with an /ID, and that ID, from a walk of the tree."""
    pending = [root]
    seen: set[tuple[int, int]] = set()
    while pending:
        node = pending.pop()
        kids = node.get("/K")
        for kid in kids if isinstance(kids, Array) else [kids]:
            if not isinstance(kid, Dictionary) or kid.get("/Type") in (Name.MCR, Name.OBJR):
                continue
            if kid.is_indirect:
                if kid.objgen in seen:
                    continue
                seen.add(kid.objgen)
            if "/ID" in kid:
                yield str(kid.ID), kid
            pending.append(kid)
