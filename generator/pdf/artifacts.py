"""Running headers and footers, and a contents' dot leaders, drawn as PDF artifacts.

WeasyPrint 70 marks the text of page-margin boxes (our running header and footer) like
body text, as ``/Span`` marked content with an MCID, and then builds structure elements
for it that it leaves out of the structure tree. A screen reader walking the tree skips
them, but the page content still claims a place in a tree it is not in, which PDF/UA
checkers report: ISO 14289-1 wants each piece of content either in the tree or marked as
an artifact. Pagination is the textbook artifact, so margin boxes are drawn inside one
``/Artifact`` marked-content sequence, with no marks of their own and no structure.

The dots of a ``leader()`` (the printed contents: "Overview . . . . 3") are layout, not
text: tagged as WeasyPrint tags them, each of a line's forty-odd dots is a ``/Span`` of
the link, read out one by one. They are drawn as one artifact per leader instead.
WeasyPrint lays a leader out as one text box copied to each dot's place, all copies
sharing one Pango layout, and sets that layout up again before drawing every copy; it
is set up once per leader here. The same operators are drawn: pages look the same to
the pixel (tests/pdf/test_pdf_step.py renders leaders both ways).

WeasyPrint has no option for this; :func:`draw_artifacts` wraps the functions that
draw and tag these boxes. Another WeasyPrint than the one this was checked with is
refused when this module is imported (:mod:`generator.pdf.weasyprint_internals`), and
tests pin the result (the footer's text and the dots are in artifacts, the tree has no
element for them), so a WeasyPrint upgrade that changes these internals fails loudly
instead of silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint.draw
import weasyprint.pdf.tags
from weasyprint.formatting_structure import boxes

from generator.pdf.weasyprint_internals import check_weasyprint

check_weasyprint()
_draw_stacking_context = weasyprint.draw.draw_stacking_context
_draw_inline_level = weasyprint.draw.draw_inline_level
_build_box_tree = weasyprint.pdf.tags._build_box_tree


def draw_artifacts() -> None:
    """Make WeasyPrint draw margin boxes and leaders as artifacts; calling it again
    changes nothing."""
    weasyprint.draw.draw_stacking_context = _draw_margin_box_as_artifact
    weasyprint.draw.draw_inline_level = _draw_leader_as_artifact
    weasyprint.pdf.tags._build_box_tree = _build_tree_without_artifacts


def _draw_margin_box_as_artifact(stream: Any, stacking_context: Any) -> None:
    if not isinstance(stacking_context.box, boxes.MarginBox):
        _draw_stacking_context(stream, stacking_context)
        return
    with _artifact(stream):
        _draw_stacking_context(stream, stacking_context)


def _draw_leader_as_artifact(stream: Any, page: Any, box: Any, *args: Any) -> None:
    if not isinstance(box, boxes.InlineBox) or not box.is_leader:
        _draw_inline_level(stream, page, box, *args)
        return
    with _artifact(stream), _set_up_once(box.children):
        _draw_inline_level(stream, page, box, *args)


def _build_tree_without_artifacts(box: Any, *args: Any) -> Iterator[Any]:
    if isinstance(box, boxes.MarginBox) or box.is_leader:
        return iter(())
    result: Iterator[Any] = _build_box_tree(box, *args)
    return result


@contextmanager
def _artifact(stream: Any) -> Iterator[None]:
    """Draw inside one ``/Artifact`` sequence (in a tagged PDF), marking nothing inside."""
    tags = stream._tags
    with stream.artifact():
        stream._tags = None
        try:
            yield
        finally:
            stream._tags = tags


@contextmanager
def _set_up_once(text_boxes: tuple[Any, ...]) -> Iterator[None]:
    """Set up the Pango layout that the copies of a leader's text box share once, for
    all of them (each as WeasyPrint would alone when they do not share one)."""
    layouts = {id(box.pango_layout): box.pango_layout for box in text_boxes}
    if len(layouts) != 1:
        yield
        return
    (layout,) = layouts.values()
    layout.reactivate(text_boxes[0].style)
    layout.reactivate = lambda style: None
    layout.deactivate = lambda: None
    try:
        yield
    finally:
        del layout.reactivate, layout.deactivate
        layout.deactivate()
