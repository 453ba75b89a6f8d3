"""Charts of a relationship's ``series``: pygal bar charts as inline, accessible SVG.

pygal draws well but writes for a page of its own: a ``<style>`` block and inline
``style`` attributes (which our Content-Security-Policy refuses), a ``<script>`` that
loads its tooltips from another host, a random id and a comment with today's date
(which would change the bytes of every build). We keep only its drawing, give the SVG
a stable id, a ``<title>`` and a ``<desc>`` that screen readers announce, and let the
theme's CSS colour it, so the chart follows light and dark mode.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygal
import pygal.etree
from markupsafe import Markup

from generator.model.relationships import Amount, Series
from generator.site.formatting import ENGLISH, Wording

SVG_NS = "http://www.w3.org/2000/svg"

DRAWING_ELEMENTS = frozenset(["svg", "g", "path", "rect", "line", "circle", "text", "tspan"])
"""What a chart may contain once cleaned; everything else (style, script, links,
foreign objects, pygal's tooltip descriptions) is removed with its content."""

DRAWING_ATTRIBUTES = frozenset(
    [
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "d",
        "width",
        "height",
        "transform",
        "class",
        "viewBox",
        "text-anchor",
    ]
)

LISTED_POINTS = 8
"""Up to this many points the description reads every value; beyond, it summarises."""

WIDTH, HEIGHT = 640, 360
HORIZONTAL_WIDTH = 960
"""Horizontal bars leave room for their long labels and still draw bars of a useful
length."""
FONT_SIZE = 18
"""In SVG units: large enough to stay legible when a phone shrinks the chart by half."""

FALLBACK_PAINT = {
    "background": {"fill": "none"},
    "rect": {"fill": "#0b4f8a"},
    "line": {"fill": "none", "stroke": "#c9d1db"},
    "major": {"fill": "none", "stroke": "#4a5563"},
    "value": {"fill": "#ffffff", "font-weight": "bold"},
}
"""Presentation attributes by pygal class, for renderers without the theme's CSS (PDF,
feed readers); the theme's CSS overrides them, so screens follow light and dark mode."""


@dataclass(frozen=True)
class ChartRow:
    period: str
    iso: str
    value: str
    source: int | None


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    svg: Markup
    rows: list[ChartRow]


def series_chart(
    series: Series, cite: Callable[[str], int | None], wording: Wording = ENGLISH
) -> Chart:
    """The chart of one series, its text description and its data table, as ``wording``'s
    language writes them."""
    chart_id = f"chart-{series.id}"
    unit = Amount(value=0, currency=series.currency, scale=series.scale, unit=series.unit)
    values = [_amount(unit, point.value, wording) for point in series.points]
    periods = [wording.date(point.period) for point in series.points]
    description = _describe(series.title, periods, values, wording)
    rows = [
        ChartRow(period, point.period.isoformat(), value, cite(point.source))
        for period, value, point in zip(periods, values, series.points, strict=True)
    ]
    drawing = _draw(series.title, periods, [p.value for p in series.points], unit, wording)
    svg = _clean_svg(drawing, chart_id, series.title, description)
    return Chart(chart_id, series.title, description, svg, rows)


def bar_chart(
    chart_id: str, title: str, labels: list[str], amounts: list[Amount], wording: Wording = ENGLISH
) -> Chart:
    """Horizontal bars of amounts that share one currency, scale and unit (the first's),
    one per label; the caller shows the data table, so the chart's rows are empty."""
    unit = amounts[0]
    values = [_amount(unit, amount.value, wording) for amount in amounts]
    description = _describe(title, labels, values, wording)
    values_drawn = [amount.value for amount in amounts]
    drawing = _draw(title, labels, values_drawn, unit, wording, horizontal=True)
    svg = _clean_svg(drawing, chart_id, title, description, HORIZONTAL_WIDTH)
    return Chart(chart_id, title, description, svg, [])


def _amount(unit: Amount, value: float, wording: Wording) -> str:
    """``value`` in the currency, scale and unit of ``unit``."""
    return wording.amount(unit.model_copy(update={"value": value}))


STYLE = pygal.style.Style(
    font_family="Noto Sans, sans-serif",
    label_font_size=FONT_SIZE,
    major_label_font_size=FONT_SIZE,
    value_font_size=FONT_SIZE,
)

pygal.etree.etree.to_etree()
"""pygal draws into the standard library's ElementTree rather than lxml (a switch for
the whole process; nothing else here uses pygal): we take the tree it built, clean it
and serialise it once, instead of having lxml write it out and parsing that back in."""


class Bar(pygal.Bar):  # type: ignore[misc]
    """``pygal.Bar`` with a faster attribute lookup, and nothing else changed.

    While drawing, pygal reads every option through ``BaseGraph.__getattribute__``,
    which looks the chart's transient ``state`` up by calling itself: three Python
    calls per read, and a chart reads its options very often (docs/performance.md).
    This finds the same value (the state's own, else the chart's) in one call. The
    name stays ``Bar``: pygal writes it into the drawing's class names.
    """

    def __getattribute__(self, name: str) -> Any:
        state = object.__getattribute__(self, "__dict__").get("state")
        if state is not None and name != "state" and not name.startswith("__"):
            values = state.__dict__
            if name in values:
                return values[name]
        return object.__getattribute__(self, name)


class HorizontalBar(pygal.graph.horizontal.HorizontalGraph, Bar):  # type: ignore[misc]
    """Bars along the value axis, for labels too long to stand side by side under
    vertical bars ("Türkiye–Kazakhstan, January–November 2025"); the faster lookup
    comes from ``Bar``. One series, so pygal's reversed drawing order is not needed."""


def _draw(
    title: str,
    labels: list[str],
    values: list[float],
    unit: Amount,
    wording: Wording,
    horizontal: bool = False,
) -> ET.Element:
    chart = (HorizontalBar if horizontal else Bar)(
        style=STYLE,
        width=HORIZONTAL_WIDTH if horizontal else WIDTH,
        height=HEIGHT,
        js=[],
        css=[],
        disable_xml_declaration=True,
        show_legend=False,
        print_values=True,
        value_formatter=lambda value: _amount(unit, value, wording),
        truncate_label=-1,
        min_scale=2 if horizontal else 4,
        max_scale=3 if horizontal else 6,
        margin=16,
    )
    if horizontal:  # pygal draws the first bar at the bottom; readers start at the top
        labels, values = labels[::-1], values[::-1]
    chart.x_labels = labels
    chart.add(title, values)
    tree: ET.Element = chart.render_tree()
    return tree


def _clean_svg(
    root: ET.Element, chart_id: str, title: str, description: str, width: int = WIDTH
) -> Markup:
    """Only the drawing, with plain tag names, so it serialises as HTML's inline SVG."""
    _keep_drawing(root)
    for element in root.iter():
        element.tag = _local(element.tag)
    root.attrib = {
        "xmlns": SVG_NS,
        "id": chart_id,
        "class": "chart__svg",
        "viewBox": f"0 0 {width} {HEIGHT}",
        "role": "img",
        "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
    }
    heading = ET.Element("title", {"id": f"{chart_id}-title"})
    heading.text = title
    desc = ET.Element("desc", {"id": f"{chart_id}-desc"})
    desc.text = description
    root[0:0] = [heading, desc]
    return Markup(ET.tostring(root, encoding="unicode"))


def _keep_drawing(element: ET.Element, axis: str | None = None) -> None:
    """Remove what is not drawing, pygal's comments among it (their tag is not a str)."""
    for child in list(element):
        classes = set(child.get("class", "").split())
        unwanted = classes & {"tooltip", "tooltip-overlay"} or (axis == "x" and "guide" in classes)
        if not isinstance(child.tag, str) or _local(child.tag) not in DRAWING_ELEMENTS or unwanted:
            element.remove(child)
            continue
        for name in list(child.attrib):
            if name not in DRAWING_ATTRIBUTES or not child.attrib[name].strip():
                del child.attrib[name]
        child.tail = None
        child_axis = ("y" if "y" in classes else "x") if "axis" in classes else axis
        _paint(child, classes, child_axis)
        _keep_drawing(child, child_axis)
        if _local(child.tag) == "g" and len(child) == 0:
            element.remove(child)


def _paint(element: ET.Element, classes: set[str], axis: str | None) -> None:
    """Fallback paint, and the text alignment pygal leaves to its own stylesheet."""
    for name in ("background", "rect", "line", "major", "value"):
        if name in classes and (name != "major" or "line" in classes):
            element.attrib.update(FALLBACK_PAINT[name])
    if _local(element.tag) == "text":
        element.set("font-size", str(FONT_SIZE))
        element.attrib.setdefault("fill", "#1b1f24")
        if axis and "value" not in classes:
            element.set("text-anchor", "end" if axis == "y" else "middle")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _describe(title: str, periods: list[str], values: list[str], wording: Wording) -> str:
    """A sentence a reader who cannot see the bars can use instead of them."""
    if len(values) <= LISTED_POINTS:
        listed = "; ".join(f"{p}: {v}" for p, v in zip(periods, values, strict=True))
        return wording.gettext("Bar chart of %(title)s. %(values)s.", title=title, values=listed)
    return wording.gettext(
        "Bar chart of %(title)s, %(count)s values from %(first_period)s to %(last_period)s: "
        "%(first)s in %(first_period)s and %(last)s in %(last_period)s.",
        title=title,
        count=len(values),
        first_period=periods[0],
        last_period=periods[-1],
        first=values[0],
        last=values[-1],
    )
