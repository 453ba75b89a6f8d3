"""Citation markers as a reader sees them: ``[1]``, ``[2, 3]``.

The expected markers are worked out from the content (the ``[@id]`` citations of a
narrative and the briefing's numbered sources), not from the rendered page, so a page
whose markers lost their numbers cannot agree with them.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag

from generator.markdown.citations import CITATION
from generator.site import Briefing

MARKER = re.compile(r"\[(\d+(?:, \d+)*)\]")
"""A citation marker as the page shows it."""
CONTEXT_CHARACTERS = 20
"""How much of the text before a marker identifies it in the text of a PDF."""


def narrative_markers(briefing: Briefing) -> list[str]:
    """The markers the briefing's narrative must show, in order, from its Markdown."""
    numbers = {source.id: number for number, source in briefing.sources}
    markers = []
    for citation in CITATION.finditer(briefing.relationship.index.body):
        ids = [part.strip().removeprefix("@") for part in citation.group(1).split(";")]
        markers.append("[" + ", ".join(str(numbers[i]) for i in ids if i in numbers) + "]")
    return markers


def text_before_citations(element: Tag) -> list[str]:
    """For each citation in ``element``, the last characters of the text before it, with
    no whitespace (text taken from a PDF wraps wherever its lines end)."""
    before: list[str] = []
    text = ""
    for node in element.descendants:
        if isinstance(node, Tag) and "cite" in (node.get("class") or []):
            before.append(squeezed(text)[-CONTEXT_CHARACTERS:])
        elif isinstance(node, NavigableString) and node.find_parent(class_="cite") is None:
            text += str(node)
    return before


def squeezed(text: str) -> str:
    """``text`` without any whitespace."""
    return "".join(text.split())
