"""Markdown for briefings: CommonMark through markdown-it-py, plus our two extensions.

- ``[[kind:id]]`` or ``[[kind:id|text]]`` links to a person, country, mechanism,
  organization, topic or relationship page (see :mod:`.references`);
- ``[@source-id]`` cites a source, rendered as a numbered reference (see :mod:`.citations`).

Raw HTML is never passed through and unsafe link schemes are refused by
markdown-it-py's ``validateLink``.
"""

from generator.markdown.citations import CITATION
from generator.markdown.render import (
    Heading,
    MarkdownContext,
    MarkdownLink,
    Rendered,
    make_parser,
    render,
)

__all__ = [
    "CITATION",
    "Heading",
    "MarkdownContext",
    "MarkdownLink",
    "Rendered",
    "make_parser",
    "render",
]
