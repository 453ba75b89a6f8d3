"""A printed contents' page numbers found in two layouts of its page, not three.

A brief's contents prints the page each section starts on with
``target-counter(attr(href), page)``. WeasyPrint finds those numbers by laying the
contents' page out again once the sections' pages are known. WeasyPrint 70 does it
twice, because of two slips that cancel out:

- ``compute_content_list`` files the counters that an ``attr()`` target lacks under no
  anchor (``None``), so a section's page being known never reaches the contents;
- and it reuses the name of the box's own missing counters for the target's, so the
  box is taken to show its *own* ``page`` counter. The contents' page is laid out again
  each time that page's counters change, which brings the numbers in after all: when
  the page is first numbered, before the later sections are, and when the document's
  page count, a counter the box never shows, becomes known. Only the third layout has
  every number.

:func:`find_page_references_in_two_layouts` corrects both where WeasyPrint collects
the missing counters, and lets a target's page counters reach a box only when a
counter the box shows has changed. The contents' page is then laid out twice (a
brief's costliest page: two balanced columns of dot leaders); the numbers are the same
(tests/pdf/test_pdf_step.py renders contents both ways). Like the other patches of
WeasyPrint's internals, another version is refused when this module is imported
(:mod:`generator.pdf.weasyprint_internals`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from weasyprint.css.targets import TargetCollector, anchor_name_from_token
from weasyprint.urls import get_url_tuple

from generator.pdf.weasyprint_internals import check_weasyprint

check_weasyprint()
_collect_missing_counters = TargetCollector.collect_missing_counters
_cache_target_page_counters = TargetCollector.cache_target_page_counters
COUNTERS = ("counter()", "counters()")
TARGET_COUNTERS = ("target-counter()", "target-counters()")


def find_page_references_in_two_layouts() -> None:
    """Correct WeasyPrint's page references; calling it again changes nothing."""
    TargetCollector.collect_missing_counters = _collect_missing_counters_by_anchor
    TargetCollector.cache_target_page_counters = _cache_shown_target_page_counters


def _collect_missing_counters_by_anchor(
    self: TargetCollector,
    parent_box: Any,
    css_token: str,
    parse_again: Any,
    missing_counters: list[str],
    missing_target_counters: dict[str | None, list[str]],
) -> None:
    content = parent_box.style[css_token] if css_token == "content" else None
    if isinstance(content, (list, tuple)) and missing_target_counters:
        if any(missing_counters is wanted for wanted in missing_target_counters.values()):
            # The box's own list was lost; every counter() it shows may be missing.
            missing_counters = [value[0] for kind, value in content if kind in COUNTERS]
        if None in missing_target_counters:
            wanted = missing_target_counters.pop(None)
            for anchor in _target_anchors(parent_box, content):
                missing_target_counters.setdefault(anchor, list(wanted))
    _collect_missing_counters(
        self, parent_box, css_token, parse_again, missing_counters, missing_target_counters
    )


def _target_anchors(box: Any, content: Any) -> Iterator[str]:
    """The anchors that the ``target-counter()`` functions of ``content`` point to, with
    ``attr()`` read from ``box``'s element as ``TargetCollector.lookup_target`` reads it."""
    for kind, value in content:
        if kind not in TARGET_COUNTERS:
            continue
        token = value[0]
        if token[0] == "attr()":
            name, type_, fallback = token[1]
            found = box.element.get(name, fallback)
            token = (
                ("string", found)
                if type_ == "string"
                else ("url", get_url_tuple(found, box.style.base_url))
            )
        anchor = anchor_name_from_token(token)
        if anchor is not None:
            yield anchor


def _cache_shown_target_page_counters(
    self: TargetCollector,
    anchor_name: str,
    page_counter_values: dict[str, list[int]],
    page_maker_index: int,
    page_maker: list[Any],
) -> None:
    item = self.target_lookup_items.get(anchor_name)
    if not self.collecting and item is not None and item.state == "up-to-date":
        cached = item.cached_page_counter_values
        changed = {
            name
            for name in cached.keys() | page_counter_values.keys()
            if cached.get(name) != page_counter_values.get(name)
        }
        if changed and changed.isdisjoint(_shown_counters(self, anchor_name)):
            # Remember the new values, but no box shows one of them: nothing to lay out.
            item.page_maker_index = page_maker_index
            item.cached_page_counter_values = copy.deepcopy(page_counter_values)
            return
    _cache_target_page_counters(
        self, anchor_name, page_counter_values, page_maker_index, page_maker
    )


def _shown_counters(collector: TargetCollector, anchor_name: str) -> Iterator[str]:
    """The counters of ``anchor_name``'s element that some box shows."""
    for lookup in collector.counter_lookup_items.values():
        yield from lookup.missing_target_counters.get(anchor_name, ())
