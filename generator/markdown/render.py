"""The parser we configure once, and the rendering of a document against the model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.markdown.citations import citations_plugin
from generator.markdown.editions import editions_plugin
from generator.markdown.references import references_plugin
from generator.model.base import slugify
from generator.problems import close_matches, unknown_id_hint


class MarkdownContext(Protocol):
    """What a document is rendered against: the model's pages and the page's sources."""

    def link(self, kind: str, ident: str) -> tuple[str, str] | None:
        """(url, label) of the referenced page, or None when there is no such entity."""

    def cite(self, source_id: str) -> int | None:
        """The source's number in this page's list of sources, or None if unknown."""

    def known(self, kind: str) -> list[str]:
        """Every id of ``kind`` (``source`` for citations), to suggest the closest to an
        unknown one."""

    @property
    def internal(self) -> bool:
        """Whether ``::: internal`` blocks are kept: the internal edition."""

    def withheld(self, kind: str, ident: str) -> bool:
        """Whether ``ident`` exists but this edition leaves it out (an internal source)."""


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class MarkdownProblem:
    """A mistake at ``line``/``column`` of the rendered text (both from 1)."""

    line: int
    column: int
    message: str
    hint: str = ""


@dataclass(frozen=True)
class MarkdownLink:
    """A link, image or ``[[kind:id]]`` reference as parsed, for the checks to locate."""

    block_line: int
    """The line (from 0) where the block holding it starts."""
    href: str = ""
    """A link's or image's address, as the parser normalized it."""
    markup: str = ""
    """A reference as written: ``[[kind:id|text]]``."""
    kind: str = ""
    ident: str = ""


@dataclass
class Rendered:
    """A document rendered once, with what the checks need from its parse, so no rule
    parses it again; the tokens themselves are not kept, they weigh more than the page."""

    html: Markup
    """Safe to print as it is: raw HTML in the text is escaped, unsafe links are refused,
    and our extensions escape what they take from the content."""
    headings: list[Heading] = field(default_factory=list)
    problems: list[MarkdownProblem] = field(default_factory=list)
    links: list[MarkdownLink] = field(default_factory=list)
    code_lines: frozenset[int] = frozenset()
    """Lines (from 0) inside code blocks: code, not prose."""


@cache
def make_parser() -> MarkdownIt:
    """CommonMark with tables, footnotes, heading anchors and our extensions; no raw HTML."""
    md = (
        MarkdownIt("commonmark", {"html": False, "typographer": False})
        .enable("table")
        .use(footnote_plugin)
        .use(
            anchors_plugin,
            min_level=2,
            max_level=3,
            slug_func=slugify,
            permalink=True,
            permalinkSymbol="#",
        )
        .use(references_plugin)
        .use(citations_plugin)
        .use(editions_plugin)
    )
    md.core.ruler.push("source_lines", _record_source_lines)
    md.add_render_rule("entity_reference", _render_reference)
    md.add_render_rule("citation", _render_citation)
    return md


def render(text: str, context: MarkdownContext) -> Rendered:
    md = make_parser()
    env: dict[str, Any] = {"context": context, "problems": []}
    tokens = md.parse(text, env)
    html = md.renderer.render(tokens, md.options, env)
    lines = text.splitlines() if env["problems"] else []
    problems = [_locate(lines, *found) for found in env["problems"]]
    return Rendered(
        html=Markup(html),
        headings=_headings(tokens),
        problems=problems,
        links=list(_links(tokens)),
        code_lines=_code_lines(tokens),
    )


def _record_source_lines(state: StateCore) -> None:
    """Give our inline tokens the line of their block, so problems can point at it."""
    for block in state.tokens:
        if block.type == "inline" and block.children:
            for child in block.children:
                child.meta = {**(child.meta or {}), "line": _first_line(block)}


def _first_line(block: Token) -> int:
    """The line (from 0) where ``block`` starts; the text of an inline footnote
    (``^[...]``) is moved to the end of the document without one, so what it holds is
    looked for from the top."""
    return block.map[0] if block.map else 0


def _render_reference(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]
) -> str:
    token = tokens[idx]
    kind, ident, text = token.meta["kind"], token.meta["id"], token.meta["text"]
    target = env["context"].link(kind, ident)
    if target is None:
        env["problems"].append(
            (
                token.meta["line"],
                token.markup,
                f'unknown reference "{kind}:{ident}"',
                _reference_hint(env["context"], kind, ident),
            )
        )
        return escapeHtml(text or ident)
    url, label = target
    return f'<a class="ref ref-{kind}" href="{escapeHtml(url)}">{escapeHtml(text or label)}</a>'


REFERENCE_FIXES = {
    "person": "add it to content/people.yaml or fix the id",
    "mechanism": "add it to content/mechanisms.yaml or fix the id",
    "organization": "add it to content/organizations.yaml or fix the id",
    "topic": "add it to content/topics.yaml or fix the id",
    "country": "use the ISO code of a country that a relationship, person or mechanism names",
    "relationship": "use the folder name of a relationship under content/relationships/",
}
"""What to do about an unknown id of each kind a ``[[kind:id]]`` reference can name."""


def _reference_hint(context: MarkdownContext, kind: str, ident: str) -> str:
    """The closest ``kind:id`` to an unknown one: the kind may be what is misspelt
    (``organisation``), or the id."""
    if kind in REFERENCE_FIXES:
        known = context.known(kind)
        return unknown_id_hint(ident, known, REFERENCE_FIXES[kind], prefix=f"{kind}:")
    kinds = f"the kind must be one of {', '.join(REFERENCE_FIXES)}"
    for near in close_matches(kind, REFERENCE_FIXES, n=1):
        return unknown_id_hint(ident, context.known(near), kinds, prefix=f"{near}:")
    return kinds


def _render_citation(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]
) -> str:
    token = tokens[idx]
    links = []
    for source_id in token.meta["ids"]:
        number = env["context"].cite(source_id)
        if number is None and env["context"].withheld("source", source_id):
            env["problems"].append(
                (
                    token.meta["line"],
                    token.markup,
                    f'public text cites internal source "{source_id}"',
                    "cite it only inside a `::: internal` block, or cite a public source",
                )
            )
            continue
        if number is None:
            env["problems"].append(
                (
                    token.meta["line"],
                    token.markup,
                    f'citation of unknown source "{source_id}"',
                    unknown_id_hint(
                        source_id,
                        env["context"].known("source"),
                        "add it to content/sources.yaml or fix the id",
                    ),
                )
            )
            continue
        links.append(f'<a href="#source-{number}" aria-label="source {number}">{number}</a>')
    if not links:
        return ""
    return f'<sup class="cite">[{", ".join(links)}]</sup>'


def _locate(lines: list[str], line: int, markup: str, message: str, hint: str) -> MarkdownProblem:
    """Find the markup from its block's first line on, for an exact line and column."""
    for number in range(line, len(lines)):
        column = lines[number].find(markup)
        if column >= 0:
            return MarkdownProblem(number + 1, column + 1, message, hint)
    return MarkdownProblem(line + 1, 1, message, hint)


def _headings(tokens: Sequence[Token]) -> list[Heading]:
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrs.get("id"):
            inline = tokens[index + 1]
            text = "".join(child.content for child in inline.children or [] if child.type == "text")
            found.append(Heading(int(token.tag[1]), str(token.attrs["id"]), text.strip()))
    return found


def _links(tokens: Sequence[Token]) -> Iterator[MarkdownLink]:
    for block in tokens:
        if block.type != "inline":
            continue
        for token in block.children or []:
            if token.type in ("link_open", "image"):
                href = str(token.attrs.get("href") or token.attrs.get("src") or "")
                yield MarkdownLink(_first_line(block), href=href)
            elif token.type == "entity_reference":
                yield MarkdownLink(
                    _first_line(block),
                    markup=token.markup,
                    kind=token.meta["kind"],
                    ident=token.meta["id"],
                )


def _code_lines(tokens: Sequence[Token]) -> frozenset[int]:
    return frozenset(
        line
        for token in tokens
        if token.type in ("fence", "code_block") and token.map
        for line in range(*token.map)
    )
