"""Reading a PDF's structure with pypdf and qpdf: outline, links, tags, artifacts, bytes."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, IndirectObject


@dataclass(frozen=True)
class OutlineEntry:
    depth: int
    title: str
    page: int
    """0-based."""
    top: float
    """The destination's height above the bottom of the page, in points."""


def outline_entries(reader: PdfReader) -> list[OutlineEntry]:
    """The bookmarks, depth first, each with its page and height."""

    def walk(items: list[Any], depth: int) -> Iterator[OutlineEntry]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                yield OutlineEntry(depth, str(item.title), page, float(item.top or 0))

    return list(walk(reader.outline, 0))


@dataclass(frozen=True)
class Link:
    page: int
    """0-based page the link is on."""
    uri: str = ""
    """For links out of the document."""
    destination: str = ""
    """For links inside it: the named destination."""


def links(reader: PdfReader) -> list[Link]:
    """Every link annotation, in page order."""
    found = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annotation:
                found.append(Link(number, destination=str(annotation["/Dest"])))
            else:
                found.append(Link(number, uri=str(annotation["/A"]["/URI"])))
    return found


def tree_elements(node: Any) -> Iterator[int]:
    """The object numbers of the structure elements below ``node``, which is in the tree."""
    kids = node.get("/K", []) if isinstance(node, dict) else []
    for kid in kids if isinstance(kids, list) else [kids]:
        if isinstance(kid, IndirectObject) and kid.get_object().get("/Type") == "/StructElem":
            yield kid.idnum
            yield from tree_elements(kid.get_object())


def marked_content_owners(reader: PdfReader) -> set[int]:
    """The structure elements the parent tree gives to the marked content of the pages."""
    parent_tree = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]
    owners = set()
    for value in number_tree(parent_tree).values():
        value = value.get_object()
        for owner in value if isinstance(value, list) else [value]:
            if isinstance(owner, IndirectObject):
                owners.add(owner.idnum)
    return owners


def untagged_marked_content(reader: PdfReader) -> set[int]:
    """Structure elements that own marked content but are not in the structure tree."""
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    return marked_content_owners(reader) - set(tree_elements(root))


def text_shown_in_artifacts(reader: PdfReader, page: int) -> int:
    """How many text-showing operators of a page lie inside ``/Artifact`` marked content."""
    stack: list[bool] = []
    count = 0
    for operands, operator in ContentStream(reader.pages[page].get_contents(), reader).operations:
        if operator in (b"BMC", b"BDC"):
            stack.append(operands[0] == "/Artifact" or any(stack))
        elif operator == b"EMC":
            stack.pop()
        elif operator in (b"Tj", b"TJ", b"'", b'"') and any(stack):
            count += 1
    return count


def uncompressed(pdf: Path, target: Path) -> bytes:
    """The PDF with every stream decoded (written to ``target``), to grep its bytes."""
    subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", "--decode-level=all", str(pdf), str(target)],
        check=True,
    )
    return target.read_bytes()


def number_tree(node: Any) -> dict[int, Any]:
    """The entries of a number tree (such as the structure parent tree), flattened."""
    node = node.get_object()
    entries: dict[int, Any] = {}
    numbers = node.get("/Nums", [])
    entries.update(zip((int(key) for key in numbers[0::2]), numbers[1::2], strict=True))
    for kid in node.get("/Kids", []):
        entries.update(number_tree(kid))
    return entries


def unreachable_marked_content(reader: PdfReader) -> list[str]:
    """Marked content of the pages that the structure tree does not reach rightly.

    Each marked-content sequence (``/MCID``) of a page must be given by the parent tree,
    under the page's ``/StructParents``, to an element that is in the structure tree and
    whose page (``/Pg``, its own or inherited) is that page. Returns what is wrong.
    """
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    in_tree = set(tree_elements(root))
    parents = number_tree(root["/ParentTree"])
    problems = []
    for number, page in enumerate(reader.pages):
        mcids = [
            operands[1]["/MCID"]
            for operands, operator in ContentStream(page.get_contents(), reader).operations
            if operator == b"BDC" and isinstance(operands[1], dict) and "/MCID" in operands[1]
        ]
        if not mcids:
            continue
        owners = parents.get(page.get("/StructParents", -1))
        if owners is None:
            problems.append(f"page {number + 1}: no parent tree entry")
            continue
        owners = owners.get_object()
        for mcid in mcids:
            owner = owners[mcid] if mcid < len(owners) else None
            if not isinstance(owner, IndirectObject) or owner.idnum not in in_tree:
                problems.append(f"page {number + 1}, MCID {mcid}: owner not in the tree")
            elif element_page(owner) != page.indirect_reference.idnum:
                problems.append(f"page {number + 1}, MCID {mcid}: owner is on another page")
    return problems


def element_page(element: IndirectObject) -> int | None:
    """The object number of the page a structure element is on (``/Pg``, inherited)."""
    node: Any = element.get_object()
    while node is not None:
        if "/Pg" in node:
            return int(node.raw_get("/Pg").idnum)
        parent = node.get("/P")
        node = parent.get_object() if parent is not None else None
    return None
