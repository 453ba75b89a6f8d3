"""Commented YAML templates for one event, figure or source, printed or appended.

Appending edits the file as text, so its comments, blank lines and order stay as the
contributor wrote them; the result is parsed before it replaces the file, and a
file the edit would break is left untouched.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.content import read_yaml
from generator.scaffold.files import ScaffoldError, replace, shown, template_text
from generator.scaffold.relationships import find_relationship


@dataclass(frozen=True)
class Snippet:
    template: str
    key: str
    """The list in the data file that holds items of this kind."""
    file: str
    """Where such items live: ``data.yaml`` of a relationship, or a registry file."""


SNIPPETS = {
    "event": Snippet("event.yaml", "events", "content/relationships/<slug>/data.yaml"),
    "figure": Snippet("figure.yaml", "figures", "content/relationships/<slug>/data.yaml"),
    "source": Snippet("source.yaml", "sources", "content/sources.yaml"),
}

TEMPLATE_INDENT = "  "


@dataclass(frozen=True)
class Appended:
    path: Path
    line: int
    """Line of the new item's first line, for ``path:line`` in messages."""


def snippet(kind: str) -> str:
    """The template with a first line saying where it goes."""
    spec = SNIPPETS[kind]
    return (
        f"# A new {kind}: paste it under `{spec.key}:` in {spec.file},\n"
        "# then replace every TODO with what the source says.\n"
        f"{template_text(spec.template)}"
    )


def append_snippet(content_dir: Path, kind: str, relationship: str | None = None) -> Appended:
    """Add the template to the end of the right list: a relationship's ``data.yaml``
    for events and figures, ``content/sources.yaml`` for sources."""
    spec = SNIPPETS[kind]
    if kind == "source":
        path = content_dir / "sources.yaml"
    elif relationship is None:
        raise ScaffoldError(f"say which relationship gets the {kind}, e.g. --to kz-tr")
    else:
        path = find_relationship(content_dir, relationship) / "data.yaml"
    where = shown(path, content_dir.parent)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    updated, line = insert_item(text, spec.key, template_text(spec.template), where)
    _ensure_parses(updated, where)
    replace(path, updated)
    return Appended(path, line)


def insert_item(text: str, key: str, item: str, where: str) -> tuple[str, int]:
    """``text`` with ``item`` added as the last entry of the top-level list ``key``.

    Returns the new text and the 1-based line where the item starts. The item is
    written with a two-space indent and re-indented to match the list's own items.
    """
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    heading = re.compile(rf"^{re.escape(key)}\s*:\s*(?P<value>[^#]*?)\s*(?:#.*)?$")
    start = next((i for i, line in enumerate(lines) if heading.match(line.rstrip("\n"))), None)
    if start is None:
        prefix = ["\n"] if lines and lines[-1].strip() else []
        lines += [*prefix, f"{key}:\n"]
        start = len(lines) - 1
    value = heading.match(lines[start].rstrip("\n")).group("value")  # type: ignore[union-attr]
    if value == "[]":
        lines[start] = lines[start].replace(" []" if " []" in lines[start] else "[]", "", 1)
    elif value:
        raise ScaffoldError(
            f"{where}:{start + 1}: `{key}` is written on one line ({value[:30]}); "
            f"put each item on its own line starting with '- ', then try again, or "
            f"paste the template from `briefings new {key.rstrip('s')}` by hand"
        )
    end = _end_of_block(lines, start)
    block = lines[start + 1 : end]
    indent = next((m.group(1) for m in map(_ITEM.match, block) if m), TEMPLATE_INDENT)
    new = [_reindent(line, indent) for line in item.splitlines(keepends=True)]
    if any(line.strip() for line in block):
        new.insert(0, "\n")
    lines[end:end] = new
    return "".join(lines), end + 1 + (1 if new[0] == "\n" else 0)


_ITEM = re.compile(r"^(\s*)- ")
_TOP_LEVEL = re.compile(r"^[^\s#-]")


def _end_of_block(lines: list[str], start: int) -> int:
    """Index after the list under the key at ``start``: before the next top-level key
    and the blank lines and comments that lead up to it."""
    end = next((i for i in range(start + 1, len(lines)) if _TOP_LEVEL.match(lines[i])), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return end


def _reindent(line: str, indent: str) -> str:
    return indent + line.removeprefix(TEMPLATE_INDENT) if line.strip() else line


def _ensure_parses(text: str, where: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe.yaml"
        probe.write_text(text, encoding="utf-8")
        document, problems = read_yaml(probe, display_path=where)
    if document is None:
        reason = "; ".join(p.message for p in problems) or "it would no longer be valid YAML"
        raise ScaffoldError(
            f"{where} was left unchanged: adding the template would break it ({reason}); "
            "fix the file first (`briefings check` shows where), or paste the template by hand"
        )
