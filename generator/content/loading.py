"""Reading content files: the one place where untrusted bytes become Python values.

Content arrives in pull requests, so every mistake in a file becomes a located
``Problem`` rather than an exception, and no input can make reading unbounded: files
are capped in size, YAML nesting is capped in depth, and anchors and aliases (the
"billion laughs" expansion) are refused outright.

YAML is parsed into events, and this module builds plain Python from them itself.
That one pass gives every node's line and column, reports every duplicate key (ruamel
stops at the first), refuses aliases before any expansion and needs no recursion. The
events come from libyaml (PyYAML's C parser), much faster than ruamel.yaml's
pure-Python parser (docs/performance.md); a file libyaml cannot parse is parsed again
by ruamel.yaml, whose located messages are the ones reported. Plain scalars follow the
YAML 1.2 core schema, plus ISO dates: ``NO``, ``yes`` and ``on`` stay text, ``0755``
is 755, ``1_000`` is text.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

try:
    from yaml import CBaseLoader as _FastLoader
except ImportError:  # PyYAML built without libyaml: ruamel.yaml parses everything
    _FastLoader = None

from generator.content.yaml_errors import syntax_problem
from generator.model.positions import KeyPath, Location, Position
from generator.problems import Problem, error

MAX_FILE_BYTES = 256 * 1024
"""Far above any content file, and low enough that the pure-Python parser, which words
the errors, stays quick on a file this large (docs/performance.md)."""
MAX_DEPTH = 50
LINK_REFUSED = "symbolic links are not allowed in content or the theme"
LINK_HINT = "put the file or folder itself here"


@dataclass
class YamlDocument:
    """Plain data from one YAML file (or front matter), with where each node sits."""

    path: Path
    data: Any
    display_path: str = ""
    positions: dict[tuple[Any, ...], Location] = field(default_factory=dict, repr=False)
    value_positions: dict[tuple[Any, ...], Location] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.display_path = self.display_path or str(self.path)

    def locate(self, loc: Sequence[Any], *, value: bool = False) -> Location:
        """(line, column) of the node at a key path like ``("events", 2, "date")``.

        A mapping entry is located at its key, or with ``value=True`` at its value (a
        wrong value is best shown where it is written). A path that does not exist (a
        missing field, say) falls back to its nearest ancestor.
        """
        return self.position().locate(loc, value=value)

    def position(self, path: KeyPath = ()) -> Position:
        """Where the node at ``path`` is, with the way to its fields' places: what content
        loading attaches to the item it validates from that node."""
        line, column = self.positions.get((), (1, 1))
        whole = Position(self.display_path, line, column, (), self.positions, self.value_positions)
        if not path:
            return whole
        line, column = whole.locate(path)
        return replace(whole, line=line, column=column, path=tuple(path))


@dataclass
class MarkdownDocument:
    """A Markdown file split into front matter and body, both keeping file line numbers."""

    path: Path
    front_matter: YamlDocument
    body: str
    body_line: int
    display_path: str = ""

    def __post_init__(self) -> None:
        self.display_path = self.display_path or str(self.path)


def read_yaml(
    path: Path, *, display_path: str | None = None
) -> tuple[YamlDocument | None, list[Problem]]:
    """Read a YAML data file whose top level must be a mapping.

    The document comes back alongside duplicate-key errors (the first value wins) so
    later checks still run; any other error returns no document.
    """
    shown = display_path or str(path)
    text, problems = _read_text(path, shown)
    if text is None:
        return None, problems
    return _parse_yaml(text, path, shown, "file")


def read_markdown(
    path: Path, *, display_path: str | None = None
) -> tuple[MarkdownDocument | None, list[Problem]]:
    """Read a Markdown file that starts with YAML front matter between ``---`` lines."""
    shown = display_path or str(path)
    text, problems = _read_text(path, shown)
    if text is None:
        return None, problems
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [error(shown, 1, 1, "missing front matter: start the file with a line '---'")]
    closing = next(
        (number for number, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")),
        None,
    )
    if closing is None:
        return None, [error(shown, 1, 1, "front matter is not closed: end it with a line '---'")]
    # The opening '---' is a YAML document start, so the parser's lines are the file's.
    front_matter, problems = _parse_yaml("\n".join(lines[:closing]), path, shown, "front matter")
    if front_matter is None:
        return None, problems
    body = "\n".join(lines[closing + 1 :])
    return MarkdownDocument(path, front_matter, body, closing + 2, shown), problems


def symbolic_links(root: Path, shown: Callable[[Path], str]) -> list[Problem]:
    """An error for every symbolic link in the tree under ``root``, ``root`` included.

    A pull request could link a relationship folder, a file or a theme folder to
    anything on the machine that builds it, and the build would publish what it finds
    there. Nothing under ``root`` is followed: each link is reported where it stands.
    """
    if root.is_symlink():
        return [error(shown(root), 1, 1, LINK_REFUSED, LINK_HINT)]
    found = []
    for folder, folders, files in os.walk(root):
        for name in sorted(folders + files):
            path = Path(folder, name)
            if path.is_symlink():
                found.append(error(shown(path), 1, 1, LINK_REFUSED, LINK_HINT))
    return found


def _read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text, refusing what could leak, hang or not be text at all.

    A pull request can add a symbolic link to a secret file, or to a device that
    never stops producing bytes, so only regular files are read.
    """
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            return None, [error(shown, 1, 1, LINK_REFUSED, LINK_HINT)]
        if not stat.S_ISREG(mode):
            return None, [error(shown, 1, 1, "not a regular file")]
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [error(shown, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            error(
                shown,
                1,
                1,
                f"file is larger than {MAX_FILE_BYTES // 1024} KiB",
                "split it into smaller files",
            )
        ]
    if b"\0" in raw:
        return None, [error(shown, 1, 1, "binary file, expected UTF-8 text")]
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8")) + 1
        message = f"invalid UTF-8: byte 0x{raw[exc.start]:02x} cannot appear here"
        return None, [error(shown, line, column, message, "save the file as UTF-8")]


_Parsed = tuple[YamlDocument | None, list[Problem]]
_remembered: dict[tuple[str, str, str], tuple[str, _Parsed]] | None = None


def remember_parses(enabled: bool) -> None:
    """Keep the last parse of each file and reuse it while the file's text is unchanged.

    For a process that reads the same files after every edit (``briefings serve``),
    where parsing is most of the cost of loading; off by default. The documents are
    then shared between loads, so nothing may change them (nothing does).
    """
    global _remembered
    _remembered = {} if enabled else None


def parses_remembered() -> bool:
    return _remembered is not None


def _parse_yaml(text: str, path: Path, shown: str, what: str) -> _Parsed:
    if _remembered is None:
        return _parse_yaml_text(text, path, shown, what)
    key = (str(path), shown, what)
    known = _remembered.get(key)
    if known is not None and known[0] == text:
        return known[1]
    parsed = _parse_yaml_text(text, path, shown, what)
    _remembered[key] = (text, parsed)
    return parsed


def _parse_yaml_text(
    text: str, path: Path, shown: str, what: str
) -> tuple[YamlDocument | None, list[Problem]]:
    if _FastLoader is not None:
        try:
            return _parse_events(_libyaml_events(text), text, path, shown, what)
        except _LibyamlFailed:
            pass  # ruamel.yaml parses it again and says what is wrong, and where
    return _parse_events(YAML(typ="safe", pure=True).parse(text), text, path, shown, what)


def _parse_events(
    events: Iterable[Any], text: str, path: Path, shown: str, what: str
) -> tuple[YamlDocument | None, list[Problem]]:
    document = YamlDocument(path, None, shown)
    problems: list[Problem] = []
    try:
        data = _build(
            events,
            document.positions,
            document.value_positions,
            shown,
            problems,
        )
    except _Refusal as refusal:
        return None, [*problems, error(shown, *refusal.location, refusal.message, refusal.hint)]
    except MarkedYAMLError as exc:
        return None, [*problems, syntax_problem(exc, text, shown)]
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        message = f"character U+{exc.character:04X} is not allowed in YAML"
        return None, [*problems, error(shown, line, column, message, "remove it")]
    except _LibyamlFailed:
        raise
    except Exception as exc:  # untrusted input must never crash the build
        return None, [
            *problems,
            error(shown, 1, 1, f"cannot parse YAML ({exc.__class__.__name__})"),
        ]
    if data is _EMPTY or data is None:
        return None, [error(shown, 1, 1, f"{what} is empty")]
    if not isinstance(data, dict):
        line, column = document.locate(())
        message = f"the {what} must be a mapping of keys to values, not {_kind(data)}"
        return None, [error(shown, line, column, message)]
    document.data = data
    return document, problems


class _LibyamlFailed(Exception):
    """libyaml could not parse the text; ruamel.yaml will, or will say why not."""


def _libyaml_events(text: str) -> Iterator[Any]:
    """libyaml's parser events for ``text``, one at a time, so a refusal stops it early."""
    loader = _FastLoader(text)
    try:
        while True:
            try:
                if not loader.check_event():
                    return
                event = loader.get_event()
            except Exception as exc:
                raise _LibyamlFailed from exc
            yield event
    finally:
        loader.dispose()


class _Refusal(Exception):
    """Stops building at something content files may not contain."""

    def __init__(self, mark: Any, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.location = (mark.line + 1, mark.column + 1)
        self.message = message
        self.hint = hint


_EMPTY = object()
_NO_KEY = object()
_DUPLICATE = object()


@dataclass
class _Open:
    """A mapping or list whose end event has not arrived yet."""

    value: dict[Any, Any] | list[Any]
    loc: tuple[Any, ...] | None  # None: under a duplicate key, kept out of the document
    key: Any = _NO_KEY
    key_mark: Any = None
    key_lines: dict[Any, int] = field(default_factory=dict)


def _build(
    events: Iterable[Any],
    positions: dict[tuple[Any, ...], Location],
    value_positions: dict[tuple[Any, ...], Location],
    shown: str,
    problems: list[Problem],
) -> Any:
    """Plain Python from parser events, recording positions and duplicate keys."""
    stack: list[_Open] = []
    root: Any = _EMPTY
    for event in events:
        # libyaml's and ruamel.yaml's event classes are distinct but share their names.
        kind = type(event).__name__
        _refuse_unsafe(event, kind)
        if kind == "DocumentStartEvent" and root is not _EMPTY:
            raise _Refusal(event.start_mark, "only one YAML document is allowed in a file")
        if kind in _ENDS:
            stack.pop()
        if kind not in _NODES:
            continue
        value = _scalar(event) if kind == "ScalarEvent" else _collection(event)
        parent = stack[-1] if stack else None
        if parent is not None and isinstance(parent.value, dict) and parent.key is _NO_KEY:
            _take_key(parent, value, event, shown, problems)
            continue
        loc = _place(parent, value, event.start_mark, positions)
        if loc is not None:
            value_positions[loc] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if parent is None:
            root = value
        if isinstance(value, dict | list):
            if len(stack) >= MAX_DEPTH:
                raise _Refusal(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
            stack.append(_Open(value, loc))
    return root


_NODES = frozenset({"ScalarEvent", "SequenceStartEvent", "MappingStartEvent"})
_ENDS = frozenset({"SequenceEndEvent", "MappingEndEvent"})


def _is(event: Any, *kinds: str) -> bool:
    """Whether ``event`` is of one of ``kinds``: libyaml's and ruamel.yaml's event classes
    are distinct but share their names and attributes."""
    return type(event).__name__ in kinds


def _refuse_unsafe(event: Any, kind: str) -> None:
    """Anchors could expand exponentially, tags and directives change what values mean."""
    mark = event.start_mark
    if kind == "AliasEvent" or (kind in _NODES and event.anchor):
        message = "YAML anchors and aliases are not allowed in content files"
        sign = "*" if kind == "AliasEvent" else "&"
        hint = f'put the value in quotes if its "{sign}" is part of the text; otherwise '
        raise _Refusal(mark, message, hint + "repeat the values instead")
    if kind in _NODES and event.tag is not None:
        tag = event.tag.replace("tag:yaml.org,2002:", "!!")
        message = f"YAML tags such as {tag} are not allowed"
        raise _Refusal(mark, message, "quote the value to make it text")
    if kind == "DocumentStartEvent" and (event.version or event.tags):
        raise _Refusal(mark, "YAML directives such as %YAML are not allowed")


def _take_key(parent: _Open, key: Any, event: Any, shown: str, problems: list[Problem]) -> None:
    mark = event.start_mark
    if not _is(event, "ScalarEvent"):
        raise _Refusal(mark, "a key must be a single value, not a list or mapping")
    parent.key_mark = mark
    if key in parent.key_lines:
        first = parent.key_lines[key]
        message = f'duplicate key "{event.value}" (first defined on line {first})'
        problems.append(error(shown, mark.line + 1, mark.column + 1, message))
        parent.key = _DUPLICATE
    else:
        parent.key_lines[key] = mark.line + 1
        parent.key = key


def _place(
    parent: _Open | None, value: Any, mark: Any, positions: dict[tuple[Any, ...], Location]
) -> tuple[Any, ...] | None:
    """Attach a value to its parent and record where it is; a mapping entry is located
    at its key. Returns the value's key path, or None for the value of a duplicate key."""
    loc: tuple[Any, ...] | None
    if parent is None:
        loc = ()
    elif isinstance(parent.value, list):
        loc = None if parent.loc is None else (*parent.loc, len(parent.value))
        parent.value.append(value)
    else:
        key, parent.key, mark = parent.key, _NO_KEY, parent.key_mark
        if key is _DUPLICATE or parent.loc is None:
            return None
        parent.value[key] = value
        loc = (*parent.loc, key)
    if loc is not None:
        positions[loc] = (mark.line + 1, mark.column + 1)
    return loc


def _collection(event: Any) -> dict[Any, Any] | list[Any]:
    return {} if _is(event, "MappingStartEvent") else []


_CORE_SCHEMA: list[tuple[re.Pattern[str], Callable[[str], Any]]] = [
    (re.compile(r"~|null|Null|NULL|"), lambda _: None),
    (re.compile(r"true|True|TRUE"), lambda _: True),
    (re.compile(r"false|False|FALSE"), lambda _: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda text: int(text[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda text: int(text[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
    (re.compile(r"[-+]?\.(inf|Inf|INF)"), lambda text: float(text.replace(".", ""))),
    (re.compile(r"\.(nan|NaN|NAN)"), lambda _: math.nan),
    (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), date.fromisoformat),
]
"""YAML 1.2.2 core schema (section 10.3.2), plus ISO dates, for untagged plain scalars."""
_TYPED_STARTS = frozenset("~nNtTfF+-.0123456789")
"""How every value of ``_CORE_SCHEMA`` but the empty one starts: any other plain scalar
is text, without trying ten patterns on it (most scalars are prose)."""


def _scalar(event: Any) -> Any:
    """Quoted and block scalars are text; a plain one that fails to convert (a date
    like 2026-02-30, an int of 5,000 digits) stays text for the model to report."""
    text: str = event.value
    if not event.implicit[0] or (text and text[0] not in _TYPED_STARTS):
        return text
    for pattern, convert in _CORE_SCHEMA:
        if pattern.fullmatch(text):
            try:
                return convert(text)
            except ValueError:
                return text
    return text


_KINDS = {list: "a list", str: "text", bool: "true or false", int: "a number", date: "a date"}


def _kind(value: Any) -> str:
    return _KINDS.get(type(value), "a number")
