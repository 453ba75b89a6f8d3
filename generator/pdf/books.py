"""Briefing books: several built briefing pages composed into one HTML document.

A book is rendered by WeasyPrint in one pass, like a brief, so it is tagged (PDF/UA),
has one outline built from its headings, a contents list whose page numbers come from
CSS ``target-counter()``, and reproducible bytes. Merging finished PDFs cannot give
that: structure trees and named destinations do not survive a merge.

Each part is the ``<article class="briefing">`` of a built page, taken verbatim except
for two rewrites made while parsing it:

- every ``id`` and every reference to one (``href="#…"``, ``aria-labelledby`` …) gets
  the part's prefix, so that two briefings that both have a ``#sources`` section keep
  their citations pointing at their own list;
- every relative URL is made absolute against the page's public address, because the
  parts come from pages in other folders than the book.

The cover and contents come from the theme's ``print/book.html`` template.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup

BOOK_TEMPLATE = "print/book.html"
ARTICLE_CLASS = "briefing"
ID_REFERENCES = frozenset(
    {"aria-labelledby", "aria-describedby", "aria-controls", "headers", "for"}
)
URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "poster", "data"})
CONTENTS_LEVELS = frozenset({"h2"})
LEFT_OUT_OF_HEADINGS = frozenset({"header-anchor", "visually-hidden"})
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)


@dataclass(frozen=True)
class Heading:
    """A heading of a part, by its (prefixed) anchor."""

    anchor: str
    text: str


@dataclass(frozen=True)
class Stylesheet:
    href: str
    media: str


@dataclass(frozen=True)
class Part:
    """One briefing inside a book: its article, ready to insert, and its headings."""

    anchor: str
    title: str
    article: Markup
    headings: tuple[Heading, ...]
    stylesheets: tuple[Stylesheet, ...]
    lang: str


@dataclass(frozen=True)
class Book:
    """What the book template shows besides the parts."""

    title: str
    description: str
    url: str
    site_name: str
    distribution: str
    as_of: str
    parts: Sequence[Part] = field(default_factory=tuple)


def read_part(page: Path, page_url: str, prefix: str, title: str) -> Part:
    """The briefing article of the built ``page``, published at ``page_url`` (absolute).

    Ids get ``<prefix>--``; the part's own anchor is ``prefix``.
    """
    parser = _PartParser(page_url, prefix)
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    if not parser.article:
        raise ValueError(f'{page} has no <article class="{ARTICLE_CLASS}">')
    return Part(
        anchor=prefix,
        title=title,
        article=Markup("".join(parser.article)),
        headings=tuple(parser.headings),
        stylesheets=tuple(parser.stylesheets),
        lang=parser.lang,
    )


def compose_book(book: Book, theme_templates: Path) -> str:
    """The book's HTML: cover, contents, then every part."""
    if not book.parts:
        raise ValueError(f"the book {book.title!r} has no parts")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme_templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    first = book.parts[0]
    return environment.get_template(BOOK_TEMPLATE).render(
        book=book, lang=first.lang, stylesheets=first.stylesheets
    )


@dataclass
class _Open:
    """An element open around the parser's position inside the article."""

    tag: str
    hidden: bool
    """Not on paper: screen-only, or the page's own navigation."""
    left_out: bool
    """Not part of a heading's text: its permalink, or text for screen readers only."""


class _PartParser(HTMLParser):
    """Copies the briefing article out of a page, rewriting ids and URLs on the way.

    It keeps a stack of the elements open inside the article (popping up to the tag an
    end tag names, as HTML lets some end tags be left out) to know which headings are
    on paper and which of their text is the heading's own.
    """

    def __init__(self, page_url: str, prefix: str) -> None:
        super().__init__(convert_charrefs=False)
        self.page_url = page_url
        self.prefix = prefix
        self.article: list[str] = []
        self.headings: list[Heading] = []
        self.stylesheets: list[Stylesheet] = []
        self.lang = ""
        self._open: list[_Open] = []
        self._done = False
        self._heading: tuple[int, str, list[str]] | None = None

    # Start and end tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = set(values.get("class", "").split())
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag == "link" and "stylesheet" in values.get("rel", "").split():
            href = urljoin(self.page_url, values.get("href", ""))
            self.stylesheets.append(Stylesheet(href, values.get("media", "")))
        if self._done or not (self._open or (tag == "article" and ARTICLE_CLASS in classes)):
            return
        rewritten = [(name, self._rewrite(name, value)) for name, value in attrs]
        self.article.append(_start_tag(tag, rewritten, closed=closed))
        if closed or tag in VOID_ELEMENTS:
            return
        hidden = tag == "nav" or "screen-only" in classes or any(e.hidden for e in self._open)
        if tag in CONTENTS_LEVELS and values.get("id") and not hidden and not self._heading:
            self._heading = (len(self._open), self._prefixed(values["id"]), [])
        self._open.append(_Open(tag, hidden, bool(LEFT_OUT_OF_HEADINGS & classes)))

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            return
        self.article.append(f"</{tag}>")
        if all(element.tag != tag for element in self._open):
            return
        while self._open.pop().tag != tag:
            pass
        if self._heading and len(self._open) <= self._heading[0]:
            _, anchor, text = self._heading
            self.headings.append(Heading(anchor, " ".join("".join(text).split())))
            self._heading = None
        self._done = not self._open

    # Text, copied as it is

    def handle_data(self, data: str) -> None:
        self._text(data, html.unescape(data))

    def handle_entityref(self, name: str) -> None:
        self._text(f"&{name};", html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._text(f"&#{name};", html.unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        if self._open:
            self.article.append(f"<!--{data}-->")

    def _text(self, raw: str, text: str) -> None:
        if not self._open:
            return
        self.article.append(raw)
        if self._heading and not any(e.left_out for e in self._open[self._heading[0] :]):
            self._heading[2].append(text)

    # Rewriting

    def _rewrite(self, name: str, value: str | None) -> str | None:
        if value is None:
            return None
        if name == "id":
            return self._prefixed(value)
        if name in ID_REFERENCES:
            return " ".join(self._prefixed(token) for token in value.split())
        if name in URL_ATTRIBUTES:
            if value.startswith("#"):
                return "#" + self._prefixed(value[1:]) if len(value) > 1 else value
            return urljoin(self.page_url, value)
        return value

    def _prefixed(self, anchor: str) -> str:
        return f"{self.prefix}--{anchor}"


def _start_tag(tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> str:
    written = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"'
        for name, value in attrs
    )
    return f"<{tag}{written}{' /' if closed else ''}>"
