"""Briefing books assembled from finished PDFs: a front matter, then each part's own pages.

A book is the front matter WeasyPrint rendered for it (cover and contents, tagged, with
the book's metadata) followed by the pages of each part, which are the brief PDFs of the
same build, byte for byte the pages a reader gets from the brief. Nothing is laid out
again, and nothing is held for the whole book: each part is opened with pikepdf, its
objects are written to the book file under new numbers, and it is closed before the next
is opened. What stays in memory until the end is small and flat (where each object
starts, the parent tree, destinations, outline titles, as written bytes), so a site
book of many briefings fits in the memory of a small machine, which keeping the whole
book in qpdf to write it at the end did not (docs/performance.md, "Book assembly's
memory").

What a merge of PDFs usually loses is kept:

- **Tags.** Each part's structure elements hang under the book's ``/Document`` element
  (the front matter's); the marked-content numbers of its pages (``/StructParents``,
  an annotation's ``/StructParent``) move up by an offset, and one parent tree maps
  them all to the copied elements. Element IDs get the part's prefix, as destinations
  do, and so do the table cells' ``/Headers`` that name them, so two parts' IDs never
  meet; one ID tree finds them all.
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

Metadata, language, ``/MarkInfo`` and viewer preferences are the front matter's, set by
the renderer from the book's own metadata. Objects are packed in compressed object
streams, and the file identifier is a digest of the bytes before it, so the same parts
give the same book, byte for byte.

**Reuse.** A book is assembled again whenever one of its parts changed, and a site book
holds every brief, so after an edit to one brief most of its parts are as they were.
Each part is therefore written as one run of bytes of its own (its objects, its object
streams), under object numbers and parent-tree keys that depend only on the parts
before it, each of which takes a whole number of blocks (:data:`NUMBER_BLOCK`,
:data:`KEY_BLOCK`): a part that grows or shrinks a little leaves every later part
where it was. The front matter, which changes with any part's page count, is numbered
after the parts. :class:`Layout` says where each part lies in the file and what the
book-wide objects take from it; given the previous version of a book and its layout,
:func:`assemble` copies the bytes of each part whose PDF, anchor and place are
unchanged instead of reading it again. The book is the same, byte for byte, either way.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zlib
from array import array
from collections import deque
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, NumberTree, Object, ObjectType, Pdf, String

SEPARATOR = "--"
"""Between a part's anchor and the name of one of its destinations."""

_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
"""Page attributes a page may take from the page tree above it (ISO 32000-1, 7.7.3.4)."""
_PACKED = 200
"""Objects per compressed object stream."""
_XREF_ROW = struct.Struct(">BIH")
"""A cross-reference stream's row: kind, offset or object stream, index in it."""
_FREE = 3
"""The writer's mark for a number left unused at the end of a part's blocks; written as
a free entry (kind 0)."""
NUMBER_BLOCK = 256
"""A part's object numbers take a multiple of this many, so that an edit that adds or
removes a few objects leaves the numbers of the parts after it unchanged."""
KEY_BLOCK = 64
"""The same for a part's parent-tree keys (its pages' and annotations' marked content)."""
_XREF_KINDS = bytes([0, 1, 2, 0]) + bytes(252)
"""The writer's kinds as written in the cross-reference stream: :data:`_FREE` as free."""
LAYOUT_FORMAT = 1
"""Bump when the bytes a part is written as change, so that no older book is reused."""

ObjGen = tuple[int, int]


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


@dataclass
class _Entry:
    """An outline entry: its title, its destination (written) and the entries under it."""

    title: str
    destination: bytes | None
    children: list[_Entry] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "destination": None if self.destination is None else _text(self.destination),
            "children": [child.to_json() for child in self.children],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _Entry:
        destination = data["destination"]
        return cls(
            str(data["title"]),
            None if destination is None else _bytes(destination),
            [cls.from_json(child) for child in data["children"]],
        )


@dataclass(frozen=True)
class PlacedPart:
    """One part as written into a book: which PDF, where its bytes and numbers lie, and
    what the objects that span the parts (page tree, parent tree, name trees, outline)
    take from it, in PDF syntax with the book's numbers."""

    anchor: str
    digest: str
    """The SHA-256 of the part's PDF."""
    base: int
    """Its first object number; it used ``numbers`` from there."""
    numbers: int
    key_offset: int
    """Its first parent-tree key; it used ``keys`` from there."""
    keys: int
    start: int
    """Where its bytes start in the book's file; ``length`` of them, whose SHA-256 is
    ``sha256``."""
    length: int
    sha256: str
    kinds: bytes
    """The cross-reference rows of its numbers, offsets counted from ``start``."""
    fields: tuple[int, ...]
    indexes: tuple[int, ...]
    pages: tuple[int, ...]
    kids: tuple[bytes, ...]
    """Its top-level structure elements, children of the book's ``/Document``."""
    parents: tuple[tuple[int, bytes], ...]
    roles: tuple[tuple[str, bytes], ...]
    ids: tuple[tuple[str, bytes], ...]
    destinations: tuple[tuple[str, bytes], ...]
    outline: _Entry
    """Its outline entry, whose title the book gives (:attr:`Part.title`)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "anchor": self.anchor,
            "digest": self.digest,
            "base": self.base,
            "numbers": self.numbers,
            "key_offset": self.key_offset,
            "keys": self.keys,
            "start": self.start,
            "length": self.length,
            "sha256": self.sha256,
            "kinds": list(self.kinds),
            "fields": list(self.fields),
            "indexes": list(self.indexes),
            "pages": list(self.pages),
            "kids": [_text(kid) for kid in self.kids],
            "parents": [[key, _text(value)] for key, value in self.parents],
            "roles": [[role, _text(value)] for role, value in self.roles],
            "ids": [[name, _text(value)] for name, value in self.ids],
            "destinations": [[name, _text(value)] for name, value in self.destinations],
            "outline": self.outline.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlacedPart:
        return cls(
            anchor=str(data["anchor"]),
            digest=str(data["digest"]),
            base=int(data["base"]),
            numbers=int(data["numbers"]),
            key_offset=int(data["key_offset"]),
            keys=int(data["keys"]),
            start=int(data["start"]),
            length=int(data["length"]),
            sha256=str(data["sha256"]),
            kinds=bytes(data["kinds"]),
            fields=tuple(int(value) for value in data["fields"]),
            indexes=tuple(int(value) for value in data["indexes"]),
            pages=tuple(int(page) for page in data["pages"]),
            kids=tuple(_bytes(kid) for kid in data["kids"]),
            parents=tuple((int(key), _bytes(value)) for key, value in data["parents"]),
            roles=tuple((str(role), _bytes(value)) for role, value in data["roles"]),
            ids=tuple((str(name), _bytes(value)) for name, value in data["ids"]),
            destinations=tuple((str(n), _bytes(value)) for n, value in data["destinations"]),
            outline=_Entry.from_json(data["outline"]),
        )


@dataclass(frozen=True)
class Layout:
    """Where each part of a book lies in its file: what a later assembly of the same
    book may copy instead of reading the part again."""

    parts: tuple[PlacedPart, ...]

    def to_json(self) -> str:
        parts = [part.to_json() for part in self.parts]
        return json.dumps({"format": LAYOUT_FORMAT, "parts": parts}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Layout | None:
        """The layout ``text`` describes; None for one of another format, or damaged."""
        try:
            data = json.loads(text)
            if data["format"] != LAYOUT_FORMAT:
                return None
            return cls(tuple(PlacedPart.from_json(part) for part in data["parts"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


@dataclass(frozen=True)
class Previous:
    """An earlier version of the same book: its file and the layout it was written with."""

    pdf: Path
    layout: Layout


def assemble(
    front: bytes, parts: Sequence[Part], target: BinaryIO, previous: Previous | None = None
) -> Layout:
    """Write the book to ``target``: the ``front`` matter PDF, then the pages of every
    part, as one tagged PDF, and return its layout.

    A part whose PDF and anchor are those of a part of ``previous``, and whose place in
    the book is the same, is copied from ``previous``'s file (when its bytes there are
    still those the layout names); every other part is read from its PDF."""
    if not parts:
        raise ValueError("a book needs at least one part")
    book = _Book(_Writer(target))
    earlier = {} if previous is None else {(p.anchor, p.digest): p for p in previous.layout.parts}
    placed = []
    with _open_or_none(previous) as old:
        for part in parts:
            data = part.pdf.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            record = book.copy_part(old, earlier.get((part.anchor, digest)))
            if record is None:
                with pikepdf.open(io.BytesIO(data)) as source:
                    record = book.add_part(source, part, digest)
            book.include(record, part)
            placed.append(record)
    with pikepdf.open(io.BytesIO(front)) as source:
        book.add_front(source)
    book.finish()
    return Layout(tuple(placed))


def _open_or_none(previous: Previous | None) -> AbstractContextManager[BinaryIO | None]:
    """The earlier book's file, open to read, or a context with None when there is none
    or it cannot be read."""
    if previous is not None:
        try:
            return previous.pdf.open("rb")
        except OSError:
            pass
    return nullcontext(None)


class _Book:
    """The objects that span the parts, filled as each part is copied, written last."""

    def __init__(self, writer: _Writer) -> None:
        self.writer = writer
        self.catalog = writer.reserve()
        self.pages_tree = writer.reserve()
        self.structure_root = writer.reserve()
        self.document = writer.reserve()
        self.front_pages: list[int] = []
        self.part_pages: list[int] = []
        self.front_kids: list[bytes] = []
        self.part_kids: list[bytes] = []
        self.parents: list[tuple[int, bytes]] = []
        self.next_key = 0
        self.role_map: dict[str, bytes] = {}
        self.destinations: dict[str, bytes] = {}
        self.ids: dict[str, bytes] = {}
        self.front_outline: list[_Entry] = []
        self.part_outline: list[_Entry] = []
        self.front_catalog: dict[str, bytes] = {}
        self.front_structure_root: dict[str, bytes] = {}
        self.front_document: dict[str, bytes] = {}
        self.info: int | None = None

    def add_front(self, source: Pdf) -> None:
        """The front matter: its pages first, its ``/Document`` element the book's; it
        is numbered after the parts, so that a change to it moves none of them."""
        root = source.Root.StructTreeRoot
        kids = _as_list(root.K)
        if len(kids) != 1 or kids[0].get("/S") != Name.Document:
            raise ValueError("the front matter's structure tree is not one /Document element")
        document = kids[0]
        copier = self._copier(source, document)
        offset = self.next_key
        self.front_pages = self._copy_pages(source, copier, {}, offset)
        self.front_kids = [copier.value(kid) for kid in _as_list(document.get("/K"))]
        self.front_document = copier.entries(document, skip={"/K", "/P"})
        self.front_structure_root = copier.entries(
            root, skip={"/K", "/ParentTree", "/ParentTreeNextKey", "/RoleMap", "/IDTree"}
        )
        self.front_catalog = copier.entries(
            source.Root,
            skip={"/Pages", "/StructTreeRoot", "/Names", "/Outlines", "/PageLabels", "/Dests"},
        )
        parents, roles = self._structure(root, copier, offset)
        self.parents += parents
        self.next_key = max((key + 1 for key, _ in parents), default=self.next_key)
        # The parts' names win: the contents list's entries carry their parts' anchors
        # as IDs, and those names must lead to the parts' first pages.
        for role, standard in roles:
            self.role_map.setdefault(role, standard)
        for identifier, element in _identified_elements(root, ""):
            self.ids.setdefault(identifier, copier.value(element))
        for name, destination in _named_destinations(source):
            self.destinations.setdefault(name, copier.value(destination))
        with source.open_outline() as outline:
            self.front_outline = [_entry(copier, item) for item in outline.root]
        if "/Info" in source.trailer:
            self.info = copier.number(source.trailer.Info)
        copier.flush()

    def add_part(self, source: Pdf, part: Part, digest: str) -> PlacedPart:
        """Write the part's objects as one run of bytes, and say what it gave the book."""
        writer = self.writer
        base, start, offset = writer.count + 1, writer.position, self.next_key
        writer.begin_section()
        root = source.Root.StructTreeRoot
        identified = _identified_elements(root, f"{part.anchor}{SEPARATOR}")
        top = [kid for element in _as_list(root.K) for kid in _top_level(element)]
        documents = [e for e in _as_list(root.K) if e.get("/S") == Name.Document]
        copier = self._copier(source, *documents)
        names = {name: f"{part.anchor}{SEPARATOR}{name}" for name, _ in _named_destinations(source)}
        pages = self._copy_pages(source, copier, names, offset)
        kids = tuple(copier.value(element) for element in top)
        parents, roles = self._structure(root, copier, offset)
        ids = tuple((identifier, copier.value(element)) for identifier, element in identified)
        destinations = [
            (names[name], copier.value(destination))
            for name, destination in _named_destinations(source)
        ]
        first_page = _page_top(pages[0], source.pages[0])
        destinations.append((part.anchor, first_page))
        outline = _part_entry(copier, source, first_page)
        copier.flush()
        sha256, kinds, fields, indexes = writer.end_section(base, start)
        return PlacedPart(
            anchor=part.anchor,
            digest=digest,
            base=base,
            numbers=len(kinds),
            key_offset=offset,
            keys=max((key + 1 - offset for key, _ in parents), default=0),
            start=start,
            length=writer.position - start,
            sha256=sha256,
            kinds=kinds,
            fields=fields,
            indexes=indexes,
            pages=tuple(pages),
            kids=kids,
            parents=tuple(parents),
            roles=tuple(roles),
            ids=ids,
            destinations=tuple(destinations),
            outline=outline,
        )

    def copy_part(self, old: BinaryIO | None, record: PlacedPart | None) -> PlacedPart | None:
        """Copy the part ``record`` describes from the earlier book ``old``, if it goes
        to the same place in this book and its bytes there are as recorded; return
        where it is now, or None (nothing written) when it cannot be copied."""
        writer = self.writer
        if old is None or record is None:
            return None
        if record.base != writer.count + 1 or record.key_offset != self.next_key:
            return None
        old.seek(record.start)
        data = old.read(record.length)
        if len(data) != record.length or hashlib.sha256(data).hexdigest() != record.sha256:
            return None
        start = writer.position
        writer.copy_section(data, record)
        return replace(record, start=start)

    def include(self, record: PlacedPart, part: Part) -> None:
        """Take what spans the parts from a part written or copied, and close its blocks."""
        self.part_pages += record.pages
        self.part_kids += record.kids
        self.parents += record.parents
        self.role_map.update(record.roles)
        self.ids.update(record.ids)
        self.destinations.update(record.destinations)
        outline = record.outline
        self.part_outline.append(_Entry(part.title, outline.destination, outline.children))
        self.next_key = record.key_offset + _blocks(record.keys, KEY_BLOCK)
        self.writer.leave_free(record.base + _blocks(record.numbers, NUMBER_BLOCK))

    def _copier(self, source: Pdf, *documents: Object) -> _Copier:
        """A copier that leads every reference to the source's catalog and page tree to
        the book's own, and to its structure root and ``documents`` (the parents of its
        top-level elements) to the book's document, so none of them is copied."""
        redirects = {source.Root.objgen: self.catalog}
        redirects[source.Root.StructTreeRoot.objgen] = self.document
        redirects.update((document.objgen, self.document) for document in documents)
        node = source.Root.Pages
        pending = [node]
        while pending:
            node = pending.pop()
            redirects[node.objgen] = self.pages_tree
            pending += [kid for kid in node.get("/Kids", ()) if kid.get("/Type") == Name.Pages]
        return _Copier(source, self.writer, redirects)

    def _copy_pages(
        self, source: Pdf, copier: _Copier, names: dict[str, str], offset: int
    ) -> list[int]:
        """Number the pages of ``source`` in the book, changing them in memory first (the
        part's file is never written): what they inherited from the page tree, the
        numbers of their marked content and the names their links lead to."""
        numbers = []
        for page in source.pages:
            for key in _INHERITED:
                inherited = _inherited(page.obj, key)
                if inherited is not None:
                    page.obj[key] = inherited
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", ()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
                if isinstance(annotation.get("/Dest"), String):
                    name = str(annotation.Dest)
                    annotation.Dest = String(names.get(name, name))
            numbers.append(copier.number(page.obj))
        return numbers

    def _structure(
        self, root: Object, copier: _Copier, offset: int
    ) -> tuple[list[tuple[int, bytes]], list[tuple[str, bytes]]]:
        """The parent tree entries of ``root``, moved up by ``offset``, and its role map."""
        parents = []
        if "/ParentTree" in root:
            for key, value in NumberTree(root.ParentTree).items():
                parents.append((int(key) + offset, copier.value(value)))
        roles = [
            (str(role), copier.value(standard))
            for role, standard in root.get("/RoleMap", Dictionary()).items()
        ]
        return parents, roles

    def finish(self) -> None:
        """Write what spans the parts, then the cross-reference stream."""
        writer = self.writer
        pages = self.front_pages + self.part_pages
        catalog = {
            **self.front_catalog,
            "/Type": b"/Catalog",
            "/Pages": _ref(self.pages_tree),
            "/StructTreeRoot": _ref(self.structure_root),
            "/Names": b"<</Dests " + _name_tree(self.destinations) + b">>",
            "/PageLabels": b"<</Nums [0 <</S /r>> %d <</S /D>>]>>" % len(self.front_pages),
        }
        outline = self.front_outline + self.part_outline
        if outline:
            catalog["/Outlines"] = _ref(self._write_outline(outline))
        writer.put(self.catalog, _dictionary(catalog))
        kids = b" ".join(_ref(number) for number in pages)
        writer.put(
            self.pages_tree,
            b"<</Type /Pages /Kids [%s] /Count %d>>" % (kids, len(pages)),
        )
        self.parents.sort(key=lambda entry: entry[0])
        parent_tree = writer.reserve()
        nums = b" ".join(b"%d %s" % (key, value) for key, value in self.parents)
        writer.put(parent_tree, b"<</Nums [" + nums + b"]>>")
        structure_root = {
            **self.front_structure_root,
            "/Type": b"/StructTreeRoot",
            "/K": _ref(self.document),
            "/ParentTree": _ref(parent_tree),
            "/ParentTreeNextKey": b"%d" % self.next_key,
        }
        if self.role_map:
            structure_root["/RoleMap"] = _dictionary(self.role_map)
        if self.ids:
            structure_root["/IDTree"] = _name_tree(self.ids)
        writer.put(self.structure_root, _dictionary(structure_root))
        document = {
            **self.front_document,
            "/P": _ref(self.structure_root),
            "/K": b"[" + b" ".join(self.front_kids + self.part_kids) + b"]",
        }
        writer.put(self.document, _dictionary(document))
        writer.finish(self.catalog, self.info)

    def _write_outline(self, entries: list[_Entry]) -> int:
        """The outline's objects, each entry linked to its parent and siblings."""
        root = self.writer.reserve()
        last = self._write_entries(entries, root)
        count = sum(1 for _ in _walk(entries))
        self.writer.put(root, b"<</Type /Outlines /First %s /Last %s /Count %d>>" % (*last, count))
        return root

    def _write_entries(self, entries: list[_Entry], parent: int) -> tuple[bytes, bytes]:
        numbers = [self.writer.reserve() for _ in entries]
        for index, (entry, number) in enumerate(zip(entries, numbers, strict=True)):
            fields = {"/Title": _string(entry.title), "/Parent": _ref(parent)}
            if entry.destination is not None:
                fields["/Dest"] = entry.destination
            if index > 0:
                fields["/Prev"] = _ref(numbers[index - 1])
            if index + 1 < len(entries):
                fields["/Next"] = _ref(numbers[index + 1])
            if entry.children:
                first, last = self._write_entries(entry.children, number)
                fields |= {
                    "/First": first,
                    "/Last": last,
                    "/Count": b"%d" % sum(1 for _ in _walk(entry.children)),
                }
            self.writer.put(number, _dictionary(fields))
        return _ref(numbers[0]), _ref(numbers[-1])


class _Copier:
    """Writes the objects of one source PDF into the book under new numbers, each once,
    as references to them are first met; ``redirects`` lead some to the book's own.

    qpdf writes each object out (``unparse``), and only its references are renumbered
    here, so a part costs about as much to copy as to read.
    """

    def __init__(self, source: Pdf, writer: _Writer, redirects: dict[ObjGen, int]) -> None:
        self.source = source
        self.writer = writer
        self.numbers: dict[ObjGen, int] = dict(redirects)
        self.pending: deque[ObjGen] = deque()

    def number(self, obj: Any) -> int:
        """The book's number for the indirect ``obj``, which will be written."""
        return self._number(obj.objgen)

    def value(self, obj: Any) -> bytes:
        """``obj`` in PDF syntax, a reference to its copy if it is an indirect object."""
        kind = type(obj)
        if kind is bool:
            return b"true" if obj else b"false"
        if kind is int:
            return b"%d" % obj
        if kind is Decimal:
            return format(obj, "f").encode()
        if obj is None:
            return b"null"
        return self._renumbered(bytes(obj.unparse()))

    def entries(self, obj: Object, skip: Collection[str] = ()) -> dict[str, bytes]:
        return {key: self.value(value) for key, value in obj.items() if key not in skip}

    def flush(self) -> None:
        """Write every object met so far, and those they refer to, in turn."""
        while self.pending:
            objgen = self.pending.popleft()
            number = self.numbers[objgen]
            obj = self.source.get_object(objgen)
            if obj._type_code == ObjectType.stream:
                entries = self.entries(obj.stream_dict, skip={"/Length"})
                self.writer.put_stream(number, entries, obj.read_raw_bytes())
            else:
                self.writer.put(number, self._renumbered(bytes(obj.unparse(resolved=True))))

    def _number(self, objgen: ObjGen) -> int:
        number = self.numbers.get(objgen)
        if number is None:
            number = self.numbers[objgen] = self.writer.reserve()
            self.pending.append(objgen)
        return number

    def _renumbered(self, text: bytes) -> bytes:
        return _TOKENS.sub(self._token, text)

    def _token(self, match: re.Match[bytes]) -> bytes:
        if match.group(1) is None:  # a string: its text is not a reference
            return match.group(0)
        return b"%d 0 R" % self._number((int(match.group(1)), int(match.group(2))))


_TOKENS = re.compile(rb"\((?:[^\\)]|\\.)*\)|<[0-9A-Fa-f\s]*>|(?<![\w.#+-])(\d+) (\d+) R", re.DOTALL)
"""In qpdf's output: a literal string (qpdf escapes every parenthesis in one), a hex
string, or an indirect reference, whose numbers are the only ones to change."""


class _Writer:
    """A PDF file written as it goes: objects packed into compressed object streams,
    streams written at once, a cross-reference stream at the end."""

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.section: hashlib._Hash | None = None
        self.position = 0
        self.count = 0
        # Where each object is: kind 1 (at a file offset) or 2 (inside an object stream).
        self.kinds = bytearray(1)
        self.fields = array("Q", [0])
        self.indexes = array("H", [65535])
        self.packed: list[tuple[int, bytes]] = []
        self._emit(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def reserve(self) -> int:
        self.count += 1
        self.kinds.append(0)
        self.fields.append(0)
        self.indexes.append(0)
        return self.count

    def begin_section(self) -> None:
        """Start a run of bytes and numbers that stands alone: no object stream of it
        holds an object from outside it."""
        if self.packed:
            self._pack()
        self.section = hashlib.sha256()

    def end_section(
        self, base: int, start: int
    ) -> tuple[str, bytes, tuple[int, ...], tuple[int, ...]]:
        """End the run that began at number ``base`` and file offset ``start``: its
        SHA-256 and the cross-reference rows of its numbers, offsets from ``start``."""
        if self.packed:
            self._pack()
        if self.section is None:
            raise RuntimeError("no section was begun")
        sha256 = self.section.hexdigest()
        self.section = None
        numbers = slice(base, self.count + 1)
        kinds = bytes(self.kinds[numbers])
        fields = tuple(
            where - start if kind == 1 else where
            for kind, where in zip(kinds, self.fields[numbers], strict=True)
        )
        return sha256, kinds, fields, tuple(self.indexes[numbers])

    def copy_section(self, data: bytes, record: PlacedPart) -> None:
        """Write a run recorded by :meth:`end_section` again, at this point of the file."""
        if self.packed:
            self._pack()
        start = self.position
        self.count += len(record.kinds)
        self.kinds += record.kinds
        self.fields.extend(
            where + start if kind == 1 else where
            for kind, where in zip(record.kinds, record.fields, strict=True)
        )
        self.indexes.extend(record.indexes)
        self._emit(data)

    def leave_free(self, end: int) -> None:
        """Leave the numbers up to ``end`` (excluded) unused."""
        unused = end - 1 - self.count
        if unused > 0:
            self.count += unused
            self.kinds += bytes([_FREE]) * unused
            self.fields.extend([0] * unused)
            self.indexes.extend([0] * unused)

    def put(self, number: int, body: bytes) -> None:
        self.packed.append((number, body))
        if len(self.packed) >= _PACKED:
            self._pack()

    def put_stream(self, number: int, entries: dict[str, bytes], data: bytes) -> None:
        entries = entries | {"/Length": b"%d" % len(data)}
        self._locate(number, 1, self.position, 0)
        head = b"%d 0 obj\n%s\nstream\n" % (number, _dictionary(entries))
        self._emit(head + data + b"\nendstream\nendobj\n")

    def finish(self, catalog: int, info: int | None) -> None:
        if self.packed:
            self._pack()
        unwritten = [n for n in range(1, self.count + 1) if not self.kinds[n]]
        if unwritten:
            raise RuntimeError(f"book objects reserved but never written: {unwritten[:5]}")
        xref = self.reserve()
        self._locate(xref, 1, self.position, 0)
        identifier = self.digest.hexdigest()[:32].encode()
        if max(self.fields) >= 2**32:
            raise ValueError("a book of 4 GB or more cannot be written")
        kinds = self.kinds.translate(_XREF_KINDS)
        compressor, rows = zlib.compressobj(), []
        for first in range(0, self.count + 1, 4096):
            chunk = slice(first, first + 4096)
            packed = map(_XREF_ROW.pack, kinds[chunk], self.fields[chunk], self.indexes[chunk])
            rows.append(compressor.compress(b"".join(packed)))
        rows.append(compressor.flush())
        entries = {
            "/Type": b"/XRef",
            "/Size": b"%d" % (self.count + 1),
            "/W": b"[1 4 2]",
            "/Root": _ref(catalog),
            "/ID": b"[<%s> <%s>]" % (identifier, identifier),
            "/Filter": b"/FlateDecode",
        }
        if info is not None:
            entries["/Info"] = _ref(info)
        where = self.position
        self.put_stream(xref, entries, b"".join(rows))
        self._emit(b"startxref\n%d\n%%%%EOF\n" % where)

    def _pack(self) -> None:
        """Write the objects waiting in ``packed`` as one compressed object stream."""
        stream = self.reserve()
        header, bodies, offset = [], [], 0
        for index, (number, body) in enumerate(self.packed):
            header.append(b"%d %d" % (number, offset))
            bodies.append(body)
            offset += len(body) + 1
            self._locate(number, 2, stream, index)
        first = b" ".join(header) + b"\n"
        data = zlib.compress(first + b"\n".join(bodies) + b"\n", 6)
        entries = {
            "/Type": b"/ObjStm",
            "/N": b"%d" % len(self.packed),
            "/First": b"%d" % len(first),
            "/Filter": b"/FlateDecode",
        }
        self.packed = []
        self.put_stream(stream, entries, data)

    def _locate(self, number: int, kind: int, where: int, index: int) -> None:
        self.kinds[number], self.fields[number], self.indexes[number] = kind, where, index

    def _emit(self, data: bytes) -> None:
        self.target.write(data)
        self.digest.update(data)
        if self.section is not None:
            self.section.update(data)
        self.position += len(data)


def _dictionary(entries: dict[str, bytes]) -> bytes:
    return b"<<" + b" ".join(_name(key) + b" " + value for key, value in entries.items()) + b">>"


@cache
def _name(key: str) -> bytes:
    return bytes(Name(key).unparse())


def _name_tree(entries: dict[str, bytes]) -> bytes:
    """A name tree of one node; its keys are in byte order (ISO 32000-1, 7.9.6)."""
    names = sorted(entries.items(), key=lambda item: item[0].encode())
    return b"<</Names [" + b" ".join(_string(name) + b" " + value for name, value in names) + b"]>>"


def _blocks(count: int, block: int) -> int:
    """``count`` rounded up to whole blocks."""
    return -(-count // block) * block


def _text(data: bytes) -> str:
    """PDF syntax as JSON text: one character per byte."""
    return data.decode("latin-1")


def _bytes(text: str) -> bytes:
    return text.encode("latin-1")


def _ref(number: int) -> bytes:
    return b"%d 0 R" % number


def _string(text: str) -> bytes:
    return bytes(String(text).unparse())


def _inherited(page: Dictionary, key: str) -> Any:
    """``key`` of a page that has it only from the page tree above it; None otherwise."""
    if key in page:
        return None
    node = page.get("/Parent")
    while node is not None:
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _top_level(element: Object) -> list[Object]:
    """A part's top-level elements: the children of its ``/Document`` element."""
    if element.get("/S") == Name.Document:
        return [kid for kid in _as_list(element.get("/K")) if isinstance(kid, Dictionary)]
    return [element]


def _identified_elements(root: Object, prefix: str) -> list[tuple[str, Object]]:
    """The structure elements with an ID, each with its ID in the book: ``prefix`` put
    before it, in memory (the part's file is never written), and before each name in a
    table cell's ``/Headers``. Only a tree with an ID tree has IDs to find."""
    if "/IDTree" not in root:
        return []
    found: list[tuple[str, Object]] = []
    pending = [root]
    while pending:
        node = pending.pop()
        for kid in _as_list(node.get("/K")):
            if not isinstance(kid, Dictionary) or "/S" not in kid:
                continue  # marked content and annotations
            if "/ID" in kid:
                kid.ID = String(prefix + str(kid.ID))
                found.append((str(kid.ID), kid))
            for attributes in _as_list(kid.get("/A")):
                if prefix and isinstance(attributes, Dictionary) and "/Headers" in attributes:
                    attributes.Headers = Array(
                        [String(prefix + str(name)) for name in _as_list(attributes.Headers)]
                    )
            pending.append(kid)
    return found


def _as_list(value: pikepdf.Object | None) -> list[pikepdf.Object]:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _named_destinations(pdf: Pdf) -> Iterator[tuple[str, pikepdf.Object]]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return iter(())
    return ((str(name), value) for name, value in NameTree(names.Dests).items())


def _page_top(number: int, page: pikepdf.Page) -> bytes:
    """A destination at the top left of the book's page ``number`` (``page`` in its part)."""
    box = page.mediabox
    return b"[%s /XYZ %s %s 0]" % (_ref(number), _number(box[0]), _number(box[3]))


def _number(value: Any) -> bytes:
    return format(Decimal(str(value)), "f").encode()


def _part_entry(copier: _Copier, source: Pdf, first_page: bytes) -> _Entry:
    """The part's outline entry, its own outline nested under it; its title is the
    book's for the part, given when the part is included."""
    with source.open_outline() as outline:
        entries = list(outline.root)
        destination = first_page
        if len(entries) == 1:
            if isinstance(entries[0].destination, Array):
                destination = copier.value(entries[0].destination)
            entries = list(entries[0].children)
        return _Entry("", destination, [_entry(copier, item) for item in entries])


def _entry(copier: _Copier, item: pikepdf.OutlineItem) -> _Entry:
    destination = item.destination
    return _Entry(
        item.title,
        None if destination is None else copier.value(destination),
        [_entry(copier, child) for child in item.children],
    )


def _walk(entries: list[_Entry]) -> Iterator[_Entry]:
    for entry in entries:
        yield entry
        yield from _walk(entry.children)
