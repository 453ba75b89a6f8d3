"""Running headers and footers drawn as PDF artifacts, outside the structure tree.

WeasyPrint 70 marks the text of page-margin boxes (our running header and footer) like
body text, as ``/Span`` marked content with an MCID, and then builds structure elements
for it that it leaves out of the structure tree. A screen reader walking the tree skips
them, but the page content still claims a place in a tree it is not in, which PDF/UA
checkers report: ISO 14289-1 wants each piece of content either in the tree or marked as
an artifact. Pagination is the textbook artifact, so margin boxes are drawn inside one
``/Artifact`` marked-content sequence, with no marks of their own and no structure.

WeasyPrint has no option for this; :func:`draw_margin_boxes_as_artifacts` wraps the two
functions that draw and tag margin boxes. Another WeasyPrint than the one this was
checked with is refused when this module is imported
(:mod:`generator.pdf.weasyprint_internals`), and tests pin the result (the footer's
text is in an artifact, the tree has no element for it), so a WeasyPrint upgrade that
changes these internals fails loudly instead of silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import weasyprint.draw
import weasyprint.pdf.tags
from weasyprint.formatting_structure import boxes

from generator.pdf.weasyprint_internals import check_weasyprint

check_weasyprint()
_draw_stacking_context = weasyprint.draw.draw_stacking_context
_build_box_tree = weasyprint.pdf.tags._build_box_tree


def draw_margin_boxes_as_artifacts() -> None:
    """Make WeasyPrint draw margin boxes as artifacts; calling it again changes nothing."""
    weasyprint.draw.draw_stacking_context = _draw_margin_box_as_artifact
    weasyprint.pdf.tags._build_box_tree = _build_tree_without_margin_boxes


def _draw_margin_box_as_artifact(stream: Any, stacking_context: Any) -> None:
    tags = stream._tags
    if tags is None or not isinstance(stacking_context.box, boxes.MarginBox):
        _draw_stacking_context(stream, stacking_context)
        return
    with stream.artifact():
        # Without tags, the stream marks nothing inside the artifact.
        stream._tags = None
        try:
            _draw_stacking_context(stream, stacking_context)
        finally:
            stream._tags = tags


def _build_tree_without_margin_boxes(box: Any, *args: Any) -> Iterator[Any]:
    if isinstance(box, boxes.MarginBox):
        return iter(())
    result: Iterator[Any] = _build_box_tree(box, *args)
    return result
