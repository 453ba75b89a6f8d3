"""What PDF/UA-1 asks of a tagged PDF that a program can decide, read with pikepdf.

Each check returns what it found wrong, as sentences naming the element or page, so a
test asserts ``== []`` and its failure says what to look at. ``pdfua_check`` runs the
outside checker, the ``pdfua`` command, on PDF files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pikepdf import Array, Dictionary, Name, NameTree, Object, Pdf

TABLE_PARTS = frozenset({"/THead", "/TBody", "/TFoot"})
TABLE_CHILDREN = TABLE_PARTS | {"/TR", "/Caption"}
CELLS = frozenset({"/TH", "/TD"})
SCOPES = frozenset({"/Row", "/Column", "/Both"})
HEADINGS = {f"/H{level}": level for level in range(1, 7)}
PDFUA_NAMESPACE = "http://www.aiim.org/pdfua/ns/id/"


@dataclass
class Element:
    """A structure element: its role (standard type, through the role map), its
    dictionary, its parent, its children and the page it starts on (from 0)."""

    role: str
    obj: Dictionary
    parent: Element | None
    page: int | None
    kids: list[Element] = field(default_factory=list)

    def describe(self) -> str:
        where = "" if self.page is None else f" on page {self.page + 1}"
        return f"{self.role} {self.obj.objgen[0]}{where}"

    def walk(self) -> Iterator[Element]:
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def attribute(self, key: str) -> Object | None:
        """``key`` from the element's attribute dictionaries (``/A``), the first that has it."""
        value = self.obj.get("/A")
        for attributes in _as_list(value):
            if isinstance(attributes, Dictionary) and key in attributes:
                return attributes[key]
        return None

    def marks_content(self) -> bool:
        """Whether the element or one below it holds marked content (an MCID)."""
        for kid in _as_list(self.obj.get("/K")):
            if isinstance(kid, int) or (
                isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR
            ):
                return True
        return any(kid.marks_content() for kid in self.kids)


def structure(pdf: Pdf) -> list[Element]:
    """The structure tree's elements in document order, each with its children."""
    root = pdf.Root.StructTreeRoot
    role_map = root.get("/RoleMap", Dictionary())
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}

    def build(obj: Dictionary, parent: Element | None, page: int | None) -> Element:
        role = str(obj.get("/S"))
        while role in role_map:
            role = str(role_map[role])
        if "/Pg" in obj:
            page = pages.get(obj.Pg.objgen, page)
        element = Element(role, obj, parent, page)
        for kid in _as_list(obj.get("/K")):
            if isinstance(kid, Dictionary) and kid.get("/Type") not in (Name.MCR, Name.OBJR):
                element.kids.append(build(kid, element, page))
        return element

    top = [build(kid, None, None) for kid in _as_list(root.get("/K"))]
    return [element for element in top for element in element.walk()]


def with_role(pdf: Pdf, *roles: str) -> list[Element]:
    return [element for element in structure(pdf) if element.role in roles]


# Tables


def tables_that_are_not_tables(pdf: Pdf) -> list[str]:
    """Each /Table must be rows of header and data cells: /TR in it (or in its /THead,
    /TBody, /TFoot), /TH and /TD in them, at least one of each, and nothing else."""
    problems = []
    for table in with_role(pdf, "/Table"):
        strays = [kid.role for kid in table.kids if kid.role not in TABLE_CHILDREN]
        strays += [
            part.role + " " + kid.role
            for part in table.kids
            if part.role in TABLE_PARTS
            for kid in part.kids
            if kid.role != "/TR"
        ]
        rows = table_rows(table)
        cells = [cell for row in rows for cell in row.kids]
        strays += ["/TR " + cell.role for cell in cells if cell.role not in CELLS]
        if strays:
            problems.append(f"{table.describe()} holds {', '.join(strays)}")
        if not rows:
            problems.append(f"{table.describe()} has no rows")
        elif not {"/TH", "/TD"} <= {cell.role for cell in cells}:
            problems.append(f"{table.describe()} lacks header or data cells")
    return problems


def table_rows(table: Element) -> list[Element]:
    return [
        row
        for kid in table.kids
        for row in (kid.kids if kid.role in TABLE_PARTS else [kid])
        if row.role == "/TR"
    ]


def header_cells_without_scope(pdf: Pdf) -> list[str]:
    """Each /TH must say what it heads: /Scope Row, Column or Both."""
    return [
        f"{cell.describe()} has /Scope {cell.attribute('/Scope')}"
        for cell in with_role(pdf, "/TH")
        if str(cell.attribute("/Scope")) not in SCOPES
    ]


def header_scopes(pdf: Pdf) -> list[tuple[bool, list[str], list[str]]]:
    """Each /Table in document order: whether it has its /Caption, and the /Scope
    (``Row``, ``Column`` or ``Both``) of each /TH of its /THead, then of the rest. A
    table that runs onto another page is a /Table per page, the caption on the first,
    the header row repeated on each."""
    tables = []
    for table in with_role(pdf, "/Table"):
        head: list[str] = []
        rest: list[str] = []
        for part in table.kids:
            scopes = [_scope(cell) for cell in part.walk() if cell.role == "/TH"]
            (head if part.role == "/THead" else rest).extend(scopes)
        captioned = any(part.role == "/Caption" for part in table.kids)
        tables.append((captioned, head, rest))
    return tables


def _scope(cell: Element) -> str:
    return str(cell.attribute("/Scope")).lstrip("/")


def unresolved_header_references(pdf: Pdf) -> list[str]:
    """Element IDs must be in the ID tree (ISO 32000-1, 14.7.2), each once; a cell's
    /Headers must name header cells of its own table."""
    root = pdf.Root.StructTreeRoot
    tree = dict(NameTree(root.IDTree).items()) if "/IDTree" in root else {}
    elements = structure(pdf)
    problems = []
    seen: set[str] = set()
    for element in elements:
        if "/ID" not in element.obj:
            continue
        identifier = str(element.obj.ID)
        if identifier in seen:
            problems.append(f"{element.describe()}: ID {identifier} is not unique")
        seen.add(identifier)
        if identifier not in tree or tree[identifier].objgen != element.obj.objgen:
            problems.append(f"{element.describe()}: ID {identifier} is not in the ID tree")
    by_object = {element.obj.objgen: element for element in elements}
    for cell in (element for element in elements if element.role in CELLS):
        for identifier in map(str, _as_list(cell.attribute("/Headers"))):
            header = tree.get(identifier)
            target = by_object.get(header.objgen) if header is not None else None
            if target is None or target.role != "/TH" or _table(target) is not _table(cell):
                problems.append(f"{cell.describe()}: /Headers {identifier} names no header cell")
    return problems


def _table(element: Element) -> Element | None:
    node: Element | None = element
    while node is not None and node.role != "/Table":
        node = node.parent
    return node


# Headings, figures, links, pages, metadata


@dataclass(frozen=True)
class Heading:
    level: int
    page: int | None
    element: Element


def headings(pdf: Pdf) -> list[Heading]:
    return [
        Heading(HEADINGS[element.role], element.page, element)
        for element in structure(pdf)
        if element.role in HEADINGS
    ]


def heading_order_problems(found: Sequence[Heading]) -> list[str]:
    """A run of headings must open with /H1 and go down one level at a time."""
    problems = []
    previous = 0
    for heading in found:
        if heading.level > previous + 1:
            problems.append(f"{heading.element.describe()} follows /H{previous}")
        previous = heading.level
    return problems


def empty_headings(pdf: Pdf) -> list[str]:
    return [
        f"{h.element.describe()} is empty" for h in headings(pdf) if not h.element.marks_content()
    ]


def figures_without_alt(pdf: Pdf) -> list[str]:
    return [
        f"{figure.describe()} has no /Alt"
        for figure in with_role(pdf, "/Figure")
        if not str(figure.obj.get("/Alt", "")).strip()
    ]


def links_without_contents(pdf: Pdf) -> list[str]:
    """Link annotations must describe themselves in /Contents (ISO 14289-1, 7.18.5)."""
    return [
        f"link on page {number + 1} has no /Contents"
        for number, page in enumerate(pdf.pages)
        for annotation in page.obj.get("/Annots", Array())
        if annotation.get("/Subtype") == Name.Link
        and not str(annotation.get("/Contents", "")).strip()
    ]


def pages_without_structure_tab_order(pdf: Pdf) -> list[str]:
    """A page with annotations must have /Tabs /S (ISO 14289-1, 7.18.3)."""
    return [
        f"page {number + 1} has /Tabs {page.obj.get('/Tabs')}"
        for number, page in enumerate(pdf.pages)
        if len(page.obj.get("/Annots", Array())) and page.obj.get("/Tabs") != Name.S
    ]


def pdfua_part(pdf: Pdf) -> str | None:
    """The PDF/UA part the XMP metadata declares (``pdfuaid:part``), if any."""
    if "/Metadata" not in pdf.Root:
        return None
    with pdf.open_metadata() as metadata:
        value = metadata.get(f"{{{PDFUA_NAMESPACE}}}part")
    return None if value is None else str(value)


def _as_list(value: Object | None) -> list[Object]:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


# The outside checker


@dataclass(frozen=True)
class CheckerReport:
    """What ``pdfua check`` said about one file."""

    file: str
    findings: list[dict[str, object]]
    skipped: dict[str, str]
    """Rules it could not evaluate, with why."""

    def at_least(self, *severities: str) -> list[str]:
        return [
            f"{finding['rule_id']} {finding['location']}: {finding['message']}"
            for finding in self.findings
            if finding["severity"] in severities
        ]


def pdfua_check(pdfs: Sequence[Path], rules: str = "") -> list[CheckerReport]:
    """Run ``pdfua check`` on ``pdfs``, one report each, in order."""
    command = [sys.executable, "-m", "pdfua", "check", "--format", "json"]
    if rules:
        command += ["--rules", rules]
    result = subprocess.run(
        [*command, *map(str, pdfs)], capture_output=True, text=True, check=False
    )
    if result.returncode > 3:  # 4: a file it could not read, 5: a usage error
        raise RuntimeError(f"pdfua check exited with {result.returncode}: {result.stderr}")
    decoder, text, position, reports = json.JSONDecoder(), result.stdout, 0, []
    while text[position:].strip():
        start = len(text) - len(text[position:].lstrip())
        payload, position = decoder.raw_decode(text, start)
        reports.append(
            CheckerReport(
                payload["file"],
                payload["findings"],
                {rule["rule_id"]: rule["reason"] for rule in payload["skipped"]},
            )
        )
    return reports
