"""``::: internal`` … ``:::``: blocks of a narrative for the internal edition only.

A public rendering drops them before anything is rendered, so none of their text
reaches a page; the internal edition shows them, marked. Fail closed: a marker other
than ``internal``, or a block left open, is a problem (which stops a build) and its
text is dropped in either edition.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

MARKER = "internal"
"""The one block marker: ``::: internal``."""

BLOCK = "container_block"


def editions_plugin(md: MarkdownIt) -> None:
    """Read every ``::: name`` block, so that an unknown one is reported, not shown."""
    md.use(container_plugin, "block", validate=lambda *args: True)
    md.core.ruler.after("block", "editions", _editions)
    md.add_render_rule(f"{BLOCK}_open", _render_open)
    md.add_render_rule(f"{BLOCK}_close", _render_close)


def _editions(state: StateCore) -> None:
    keep = bool(getattr(state.env.get("context"), "internal", False))
    tokens: list[Token] = []
    index = 0
    while index < len(state.tokens):
        token = state.tokens[index]
        if token.type != f"{BLOCK}_open":
            tokens.append(token)
            index += 1
            continue
        end = _close_of(state.tokens, index)
        closed = state.tokens[end].markup != ""
        name = token.info.strip()
        line = token.map[0] if token.map else 0
        if name != MARKER:
            _problem(
                state.env,
                line,
                f'unknown block marker "::: {name}"',
                f"the one marker is `::: {MARKER}`, ended by a line `:::`",
            )
        elif not closed:
            _problem(
                state.env,
                line,
                "internal block is not closed",
                "end it with a line `:::`; until then nothing of it is published",
            )
        if keep and name == MARKER and closed:
            tokens.extend(state.tokens[index : end + 1])
        index = end + 1
    state.tokens = tokens


def _close_of(tokens: list[Token], start: int) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].type == f"{BLOCK}_open":
            depth += 1
        elif tokens[index].type == f"{BLOCK}_close":
            depth -= 1
            if depth == 0:
                return index
    return len(tokens) - 1


def _problem(env: MutableMapping[str, Any], line: int, message: str, hint: str) -> None:
    env.setdefault("problems", []).append((line, ":::", message, hint))


def _render_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return '<div class="internal-block">\n<p class="internal-block__label">Internal</p>\n'


def _render_close(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return "</div>\n"
