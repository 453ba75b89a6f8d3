"""``[[kind:id|text]]``: links to the pages of people, countries, mechanisms and more."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

REFERENCE = re.compile(r"\[\[([a-z]+):([A-Za-z0-9-]+)(?:\|([^\]\n]+))?\]\]")


def references_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "entity_reference", _reference_rule)


def _reference_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = REFERENCE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        kind, ident, text = match.groups()
        token = state.push("entity_reference", "", 0)
        token.meta = {"kind": kind, "id": ident, "text": text.strip() if text else None}
        token.markup = match.group(0)
    state.pos = match.end()
    return True
