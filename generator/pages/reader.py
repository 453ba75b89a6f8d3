"""The Pelican reader for ``.md`` files: markdown-it-py instead of Python-Markdown.

Pelican's own readers would pass raw HTML through; ours renders with the same
parser as the briefings (no raw HTML, safe links) and reads front matter with the
same strict YAML loader, so pages and updates obey the same rules as briefings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pelican.readers import BaseReader

from generator.content import read_markdown
from generator.markdown import render
from generator.site import PageLinks, Site, SourceList

PAGE_DEPTH_URL = "updates/page/"
"""Pages and updates are saved two folders deep (``updates/<slug>/``, ``pages/<slug>/``),
so links rendered as if from here are right from each of them."""


class ContentError(Exception):
    """Bad content in a page or update; the message is ``path:line:col: ...`` lines."""


class MarkdownReader(BaseReader):
    enabled = True
    file_extensions = ["md"]

    def __init__(self, settings: dict[str, Any], site: Site) -> None:
        super().__init__(settings)
        self.site = site

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        document, problems = read_markdown(Path(source_path))
        if document is None or problems:
            raise ContentError("\n".join(str(p) for p in problems))
        links = PageLinks(self.site, PAGE_DEPTH_URL, SourceList(self.site.corpus.sources))
        rendered = render(document.body, links)
        if rendered.problems:
            raise ContentError(
                "\n".join(
                    f"{source_path}:{document.body_line + problem.line - 1}:{problem.column}: "
                    f"error: {problem.message}"
                    for problem in rendered.problems
                )
            )
        metadata = {
            key.lower(): self.process_metadata(key.lower(), _as_text(value))
            for key, value in document.front_matter.data.items()
        }
        return rendered.html, metadata


def _as_text(value: Any) -> Any:
    """Our YAML loader reads ``date: 2026-02-02`` as a date; Pelican parses dates from text."""
    return value.isoformat() if isinstance(value, dt.date) else value


REPLACED_FORMATS = ("md", "markdown", "mkd", "mdown", "rst", "html", "htm")
"""The formats Pelican would read with its own readers: ours reads ``.md``, none the rest."""
