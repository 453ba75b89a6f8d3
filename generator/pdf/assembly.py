"""Briefing books assembled from finished PDFs: a front matter, then each part's own pages.

A book is the front matter WeasyPrint rendered for it (cover and contents, tagged, with
the book's metadata) followed by the pages of each part, which are the brief PDFs of the
same build, byte for byte the pages a reader gets from the brief. Nothing is laid out
again: pikepdf (qpdf) copies objects, a tenth of a second or so per part. Each part's
stream data is copied into the book and its file closed before the next is opened; the
book's objects stay in qpdf's memory until it is written, about 1.7 MB per brief
(docs/performance.md).

What a merge of PDFs usually loses is kept:

- **Tags.** Each part's structure elements hang under the book's ``/Document`` element;
  the marked-content numbers of its pages (``/StructParents``, an annotation's
  ``/StructParent``) move up by an offset, and one parent tree maps them all to the
  copied elements. qpdf keeps one object map per source file, so elements copied after
  their pages point at the copied pages (``/Pg``) and annotations (``/Obj``).
- **Links.** A part's named destinations get the part's prefix (``kz-tr--source-1``),
  and so do the link annotations that name them, so a citation in one part never jumps
  into another part's endnotes. The name ``kz-tr`` alone is the part's first page: the
  contents list of the front matter links to it.
- **Outline.** One entry per part, its title at its first page, with the part's own
  outline nested under it (a part whose outline is a single entry for the whole, as a
  brief's is, gives that entry's children, so its title is not there twice).
- **Page labels.** The front matter is numbered i, ii, …; the parts continue in decimal
  from 1, the numbers the contents list prints (see :func:`book_page_numbers`). Each
  brief keeps its own "Page X of Y" footer: those are the brief's bytes.

Metadata, language, ``/MarkInfo`` and viewer preferences are the front matter's, set
by the renderer from the book's own metadata. The file identifier is a digest of the
content (qpdf's deterministic ID), so the same parts give the same bytes.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, NumberTree, OutlineItem, Pdf, String

_PAGE_KEYS = ("/Contents", "/Resources", "/Annots")
_UPWARD = frozenset({"/Parent", "/P", "/Pg", "/Dest"})
"""Keys that lead back up to pages, not down to what a page uses."""

SEPARATOR = "--"
"""Between a part's anchor and the name of one of its destinations."""


@dataclass(frozen=True)
class Part:
    """One PDF in a book: its file, the title the book gives it, and its anchor, which
    names its first page and prefixes its destinations."""

    pdf: Path
    title: str
    anchor: str


def page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as document:
        return len(document.pages)


def book_page_numbers(page_counts: Sequence[int]) -> list[int]:
    """The page each part starts on, in the parts' numbering (1, after the front matter)."""
    starts, page = [], 1
    for count in page_counts:
        starts.append(page)
        page += count
    return starts


def assemble(front: bytes, parts: Sequence[Part]) -> bytes:
    """The book: the ``front`` matter PDF, then the pages of every part, as one tagged PDF."""
    if not parts:
        raise ValueError("a book needs at least one part")
    with pikepdf.open(io.BytesIO(front)) as book:
        tree = _StructureTree(book)
        destinations = NameTree.new(book)
        for name, destination in _named_destinations(book):
            destinations[name] = destination
        front_pages = len(book.pages)
        with book.open_outline() as outline:
            for part in parts:
                with pikepdf.open(part.pdf) as source:
                    first = len(book.pages)
                    with warnings.catch_warnings():
                        # It warns that named destinations are not carried: they are, below,
                        # with the part's prefix (add_pages_from would rename only clashes).
                        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                        book.pages.extend(source.pages)
                    pages = [book.pages[number].obj for number in range(first, len(book.pages))]
                    tree.add(source, pages)
                    names = {}
                    for name, destination in _named_destinations(source, copy_to=book):
                        names[name] = f"{part.anchor}{SEPARATOR}{name}"
                        destinations[names[name]] = destination
                    _rename_link_destinations(pages, names)
                    destinations[part.anchor] = _page_top(pages[0])
                    outline.root.append(_part_entry(book, source, part, pages[0]))
                    _hold_streams(pages)
        tree.finish()
        if "/Names" not in book.Root:
            book.Root.Names = Dictionary()
        book.Root.Names.Dests = destinations.obj
        book.Root.PageLabels = Dictionary(
            Nums=Array([0, Dictionary(S=Name.r), front_pages, Dictionary(S=Name.D)])
        )
        out = io.BytesIO()
        book.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return out.getvalue()


class _StructureTree:
    """The book's structure tree, growing by each part's elements and marked content."""

    def __init__(self, book: Pdf) -> None:
        self.book = book
        self.root = book.Root.StructTreeRoot
        kids = _as_list(self.root.K)
        if len(kids) != 1 or kids[0].get("/S") != Name.Document:
            raise ValueError("the front matter's structure tree is not one /Document element")
        self.document = kids[0]
        if not isinstance(self.document.get("/K"), Array):
            self.document.K = Array(_as_list(self.document.get("/K")))
        # Entries go straight into qpdf's tree: at N=1000 a Python dict of them would
        # hold hundreds of thousands of handles.
        self.parents = NumberTree.new(book)
        self.next_key = 0
        for key, value in NumberTree(self.root.ParentTree).items():
            self.parents[int(key)] = value
            self.next_key = max(self.next_key, int(key) + 1)
        self.role_map = Dictionary(self.root.get("/RoleMap", Dictionary()))

    def add(self, source: Pdf, pages: Sequence[Dictionary]) -> None:
        """Hang the tree of ``source`` under the book's document; its pages are ``pages``."""
        root = source.Root.StructTreeRoot
        if "/IDTree" in root:
            raise ValueError("parts with structure element IDs (/IDTree) cannot be merged")
        top = [kid for element in _as_list(root.K) for kid in _top_level(element)]
        for element in top:
            # Cut the link up to the part's own root first: it must not come along.
            del element["/P"]
        for element in top:
            copied = self.book.copy_foreign(element)
            copied.P = self.document
            self.document.K.append(copied)
        offset = self.next_key
        # One copy of the whole tree (in qpdf, not element by element in Python); its
        # nodes are left unreferenced, so they are not written.
        for key, value in NumberTree(_copied(self.book, source, root.ParentTree)).items():
            self.parents[int(key) + offset] = value
            self.next_key = max(self.next_key, int(key) + offset + 1)
        for page in pages:
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + offset
            for annotation in page.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        for role, standard in root.get("/RoleMap", Dictionary()).items():
            self.role_map[role] = standard

    def finish(self) -> None:
        self.root.ParentTree = self.parents.obj
        self.root.ParentTreeNextKey = self.next_key
        if self.role_map:
            self.root.RoleMap = self.role_map


def _top_level(element: Dictionary) -> list[Dictionary]:
    """A part's top-level elements: the children of its ``/Document`` element."""
    if element.get("/S") == Name.Document:
        return [kid for kid in _as_list(element.get("/K")) if isinstance(kid, Dictionary)]
    return [element]


def _as_list(value: pikepdf.Object | None) -> list[pikepdf.Object]:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _named_destinations(
    pdf: Pdf, copy_to: Pdf | None = None
) -> Iterator[tuple[str, pikepdf.Object]]:
    """The named destinations of ``pdf``, copied into ``copy_to`` if given (in one go)."""
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return iter(())
    tree = names.Dests if copy_to is None else _copied(copy_to, pdf, names.Dests)
    return ((str(name), value) for name, value in NameTree(tree).items())


def _rename_link_destinations(pages: Sequence[Dictionary], names: dict[str, str]) -> None:
    """Point the links of a part at its prefixed destinations (WeasyPrint's internal
    links are ``/Dest`` names)."""
    for page in pages:
        for annotation in page.get("/Annots", Array()):
            if isinstance(annotation.get("/Dest"), String):
                name = str(annotation.Dest)
                annotation.Dest = String(names.get(name, name))


def _page_top(page: Dictionary) -> Array:
    """A destination at the top left of ``page``."""
    box = pikepdf.Page(page).mediabox
    return Array([page, Name.XYZ, box[0], box[3], 0])


def _part_entry(book: Pdf, source: Pdf, part: Part, first_page: Dictionary) -> OutlineItem:
    """The part's outline entry, its own outline nested under it."""
    with source.open_outline() as outline:
        entries = list(outline.root)
        if len(entries) == 1:
            destination = entries[0].destination
            entries = list(entries[0].children)
        else:
            destination = None
        entry = OutlineItem(
            part.title,
            _copied(book, source, destination)
            if isinstance(destination, Array)
            else _page_top(first_page),
        )
        entry.children.extend(_copied_entry(book, source, child) for child in entries)
    return entry


def _copied_entry(book: Pdf, source: Pdf, entry: OutlineItem) -> OutlineItem:
    destination = entry.destination
    if isinstance(destination, Array):
        destination = _copied(book, source, destination)
    copied = OutlineItem(entry.title, destination)
    copied.children.extend(_copied_entry(book, source, child) for child in entry.children)
    return copied


def _copied(book: Pdf, source: Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """``value`` of ``source`` in the book, copied by qpdf with the part's object map (so
    references to objects copied before lead to their copies)."""
    return book.copy_foreign(value if value.is_indirect else source.make_indirect(value))


def _hold_streams(pages: Sequence[Dictionary]) -> None:
    """Load the streams the pages use into the book, so that their part can be closed.

    qpdf copies a stream's data from its source only when writing; holding every part
    open until then keeps all their parsed objects in memory too (gigabytes for the
    site book at N=1000), while their stream data alone is a few tens of megabytes.
    """
    seen: set[tuple[int, int]] = set()
    pending: list[pikepdf.Object] = [page.get(key) for page in pages for key in _PAGE_KEYS]
    while pending:
        value = pending.pop()
        if isinstance(value, Array):
            pending.extend(value)
            continue
        if not isinstance(value, Dictionary | pikepdf.Stream):
            continue
        if value.is_indirect:
            if value.objgen in seen:
                continue
            seen.add(value.objgen)
        if isinstance(value, pikepdf.Stream):
            value.write(
                value.read_raw_bytes(),
                filter=value.get("/Filter"),
                decode_parms=value.get("/DecodeParms"),
            )
        pending.extend(item for key, item in value.items() if key not in _UPWARD)
