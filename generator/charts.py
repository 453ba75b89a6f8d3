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

import pygal
from markupsafe import Markup

from . import formatting
from .model.relationships import Amount, Series

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)

DRAWING_ELEMENTS = {"svg", "g", "path", "rect", "line", "circle", "text", "tspan"}
"""What a chart may contain once cleaned; everything else (style, script, links,
foreign objects, pygal's tooltip descriptions) is removed with its content."""

DRAWING_ATTRIBUTES = {
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
}

LISTED_POINTS = 8
"""Up to this many points the description reads every value; beyond, it summarises."""

WIDTH, HEIGHT = 800, 360


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


def series_chart(series: Series, cite: Callable[[str], int | None]) -> Chart:
    """The chart of one series, its text description and its data table."""
    chart_id = f"chart-{series.id}"
    values = [_amount(series, point.value) for point in series.points]
    periods = [point.period.display() for point in series.points]
    description = _describe(series.title, periods, values)
    rows = [
        ChartRow(period, point.period.isoformat(), value, cite(point.source))
        for period, value, point in zip(periods, values, series.points, strict=True)
    ]
    svg = _clean_svg(_draw(series, periods), chart_id, series.title, description)
    return Chart(chart_id, series.title, description, svg, rows)


def _amount(series: Series, value: float) -> str:
    return formatting.amount(
        Amount(value=value, currency=series.currency, scale=series.scale, unit=series.unit)
    )


def _draw(series: Series, periods: list[str]) -> str:
    chart = pygal.Bar(
        width=WIDTH,
        height=HEIGHT,
        js=[],
        css=[],
        disable_xml_declaration=True,
        show_legend=False,
        print_values=True,
        value_formatter=lambda value: _amount(series, value),
        truncate_label=-1,
        show_x_guides=False,
        margin=16,
    )
    chart.x_labels = periods
    chart.add(series.title, [point.value for point in series.points])
    rendered: str = chart.render(is_unicode=True)
    return rendered


def _clean_svg(markup: str, chart_id: str, title: str, description: str) -> Markup:
    root = ET.fromstring(markup)
    _keep_drawing(root)
    root.attrib.clear()
    root.set("id", chart_id)
    root.set("class", "chart__svg")
    root.set("viewBox", f"0 0 {WIDTH} {HEIGHT}")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    desc = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{chart_id}-desc"})
    desc.text = description
    heading = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{chart_id}-title"})
    heading.text = title
    root.insert(0, desc)
    root.insert(0, heading)
    return Markup(ET.tostring(root, encoding="unicode"))


def _keep_drawing(element: ET.Element) -> None:
    for child in list(element):
        classes = set(child.get("class", "").split())
        if _local(child.tag) not in DRAWING_ELEMENTS or classes & {"tooltip", "tooltip-overlay"}:
            element.remove(child)
            continue
        for name in list(child.attrib):
            if name not in DRAWING_ATTRIBUTES or not child.attrib[name].strip():
                del child.attrib[name]
        child.tail = None
        _keep_drawing(child)
        if _local(child.tag) == "g" and len(child) == 0:
            element.remove(child)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _describe(title: str, periods: list[str], values: list[str]) -> str:
    """A sentence a reader who cannot see the bars can use instead of them."""
    if len(values) <= LISTED_POINTS:
        listed = "; ".join(f"{p}: {v}" for p, v in zip(periods, values, strict=True))
        return f"Bar chart of {title}. {listed}."
    return (
        f"Bar chart of {title}, {len(values)} values from {periods[0]} to {periods[-1]}: "
        f"{values[0]} in {periods[0]} and {values[-1]} in {periods[-1]}."
    )
