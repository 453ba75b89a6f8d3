"""Bind rendered page PDFs into one book: a contents page, then each part, one outline.

The contents page is rendered by WeasyPrint (so any script the titles use gets a font)
and then merged with the parts by pypdf. Each part keeps its own outline, nested under
its title (a part whose outline is a single heading contributes what is below it). Its
internal links are turned into explicit page destinations before merging, because every
part names its anchors independently (two parts may both have a ``#trade``) and merged
named destinations would collide. The result is reproducible:
no clock, no random file identifier.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import weasyprint
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, Fit, NameObject, TextStringObject

from generator.pdf.fetcher import ConfinedFetcher

PART_SCHEME = "book-part:"
# Rendering the contents page can change its own length only when the page numbers
# grow by a digit; a few passes always settle it.
MAX_CONTENTS_PASSES = 4


@dataclass(frozen=True)
class BookPart:
    """One rendered PDF and the title it has in the contents and the outline."""

    title: str
    pdf_path: Path


def merge_books(
    parts: Sequence[BookPart],
    target: Path,
    *,
    title: str,
    lang: str = "en",
    created: str | None = None,
    contents_heading: str = "Contents",
) -> None:
    """Write ``parts`` to ``target`` as one PDF, after a contents page linking to each.

    ``created`` (an ISO date from the content) becomes the creation and modification
    date; without it the PDF carries no date.
    """
    if not parts:
        raise ValueError("a book needs at least one part")
    readers = [PdfReader(part.pdf_path) for part in parts]
    contents = _render_contents(parts, readers, title=title, lang=lang, heading=contents_heading)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(contents)), import_outline=False)
    writer.add_outline_item(title=contents_heading, page_number=0, fit=Fit.fit())
    contents_pages = len(writer.pages)
    starts = []
    for part, reader in zip(parts, readers, strict=True):
        starts.append(len(writer.pages))
        _resolve_named_destinations(reader)
        writer.append(reader, import_outline=False)
        part_item = writer.add_outline_item(title=part.title, page_number=starts[-1], fit=Fit.fit())
        _copy_outline(writer, reader, _below_single_heading(reader.outline), part_item, starts[-1])
    _link_contents(writer, contents_pages, starts)
    _set_metadata(writer, title=title, lang=lang, created=created)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as file:
        writer.write(file)


def _render_contents(
    parts: Sequence[BookPart], readers: Sequence[PdfReader], *, title: str, lang: str, heading: str
) -> bytes:
    """Render the contents page(s), repeating until the page numbers they print hold."""
    width, height = (float(side) for side in readers[0].pages[0].mediabox[2:])
    lengths = [len(reader.pages) for reader in readers]
    contents_length = 1
    for _ in range(MAX_CONTENTS_PASSES):
        first_pages = _first_pages(contents_length, lengths)
        source = _contents_html(parts, first_pages, title, lang, heading, width, height)
        document = weasyprint.HTML(
            string=source, url_fetcher=ConfinedFetcher((), document="the book's contents")
        ).render(pdf_variant="pdf/ua-1", pdf_tags=True)
        if len(document.pages) == contents_length:
            break
        contents_length = len(document.pages)
    identifier = hashlib.sha256(source.encode()).hexdigest()[:32].encode()
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, pdf_identifier=identifier)


def _first_pages(contents_length: int, lengths: Sequence[int]) -> list[int]:
    """The printed (1-based) number of each part's first page."""
    first_pages, page = [], contents_length + 1
    for length in lengths:
        first_pages.append(page)
        page += length
    return first_pages


def _contents_html(
    parts: Sequence[BookPart],
    first_pages: Sequence[int],
    title: str,
    lang: str,
    heading: str,
    width: float,
    height: float,
) -> str:
    entries = "\n".join(
        f'<li><a href="{PART_SCHEME}{index}"><span>{html.escape(part.title)}</span>'
        f"<span>{page}</span></a></li>"
        for index, (part, page) in enumerate(zip(parts, first_pages, strict=True))
    )
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
@page {{ size: {width}pt {height}pt; margin: 20mm; }}
body {{ font-family: sans-serif; font-size: 11pt; }}
h1 {{ font-size: 18pt; }}
ol {{ list-style: none; padding: 0; }}
li {{ margin: 0.4em 0; }}
a {{ display: flex; justify-content: space-between; gap: 1em; color: inherit;
     text-decoration: none; }}
</style></head>
<body><h1>{html.escape(title)}</h1><h2>{html.escape(heading)}</h2>
<ol>
{entries}
</ol></body></html>
"""


def _resolve_named_destinations(reader: PdfReader) -> None:
    """Point the part's internal links at pages directly and drop its named destinations."""
    destinations = reader.named_destinations
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            name = annotation.get("/Dest")
            if isinstance(name, str) and name in destinations:
                annotation[NameObject("/Dest")] = destinations[name].dest_array
    names = reader.root_object.get("/Names")
    if names is not None:
        names.get_object().pop("/Dests", None)


def _below_single_heading(outline: list[Any]) -> list[Any]:
    """A part whose outline is one heading (its title) contributes only what is below it."""
    headings = [item for item in outline if not isinstance(item, list)]
    if len(headings) == 1:
        return next((item for item in outline if isinstance(item, list)), [])
    return outline


def _copy_outline(
    writer: PdfWriter, reader: PdfReader, outline: list[Any], parent: Any, offset: int
) -> None:
    """Add ``outline`` (pypdf's nested form) under ``parent``, pages shifted by ``offset``."""
    previous = None
    for item in outline:
        if isinstance(item, list):
            if previous is not None:
                _copy_outline(writer, reader, item, previous, offset)
            continue
        page = reader.get_destination_page_number(item)
        if page is None:
            continue
        fit = Fit.xyz(left=item.left, top=item.top, zoom=item.zoom)
        previous = writer.add_outline_item(
            title=item.title, page_number=offset + page, parent=parent, fit=fit
        )


def _link_contents(writer: PdfWriter, contents_pages: int, starts: Sequence[int]) -> None:
    """Turn the contents page's ``book-part:N`` links into jumps to part N's first page."""
    for page in writer.pages[:contents_pages]:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            uri = str(annotation.get("/A", {}).get("/URI", ""))
            if uri.startswith(PART_SCHEME):
                first_page = writer.pages[starts[int(uri.removeprefix(PART_SCHEME))]]
                annotation[NameObject("/A")] = DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/GoTo"),
                        NameObject("/D"): ArrayObject(
                            [first_page.indirect_reference, NameObject("/Fit")]
                        ),
                    }
                )


def _set_metadata(writer: PdfWriter, *, title: str, lang: str, created: str | None) -> None:
    info = {"/Title": title}
    if created:
        info["/CreationDate"] = info["/ModDate"] = _pdf_date(created)
    writer.add_metadata(info)
    writer.root_object[NameObject("/Lang")] = TextStringObject(lang)


def _pdf_date(iso: str) -> str:
    """``2024-05-01`` → ``D:20240501``; a time keeps its offset (``Z`` when it has none)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return "D:" + date.fromisoformat(iso).strftime("%Y%m%d")
    moment = datetime.fromisoformat(iso)
    offset = moment.strftime("%z")
    zone = f"{offset[:3]}'{offset[3:]}'" if offset and offset != "+0000" else "Z"
    return "D:" + moment.strftime("%Y%m%d%H%M%S") + zone
