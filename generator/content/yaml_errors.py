"""YAML syntax errors in plain words, each with its likely repair.

The parser says what it expected ("mapping values are not allowed here", "expected
<block end>, but found '<block mapping start>'"); a contributor needs to know what they
wrote wrong and how to put it right. Each rule of ``_RULES`` matches one error by the
parser's problem and context texts and rewords it, looking at the lines around the place
when the cause is there (which line above sets the indentation, which value needs
quotes). Only ruamel.yaml's errors reach this module: a file libyaml cannot parse is
parsed again by ruamel.yaml, whose marks and texts are the ones reported (libyaml says
"mapping values are not allowed in this context" or "did not find expected '-'
indicator" for the same mistakes, without the character at fault).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.problems import Problem, error


@dataclass(frozen=True)
class _Error:
    """One parser error: its texts, its two places (line, column from 1) and the text."""

    problem: str
    context: str
    at: tuple[int, int]
    opened: tuple[int, int] | None
    lines: list[str]

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""


_Explained = tuple[tuple[int, int], str, str]
"""Where to point, the message and the hint."""


def syntax_problem(exc: Any, text: str, shown: str) -> Problem:
    """A ruamel.yaml ``MarkedYAMLError`` as one located sentence with a fix."""
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    at = _place(problem_mark or context_mark)
    opened = _place(context_mark) if context_mark else None
    found = _Error(exc.problem or "", exc.context or "", at, opened, text.split("\n"))
    for problem, context, explain in _RULES:
        if re.search(problem, found.problem) and re.search(context, found.context):
            explained = explain(found)
            if explained is not None:
                (line, column), message, hint = explained
                return error(shown, line, column, f"YAML syntax error: {message}", hint)
    return error(shown, *at, *_in_parser_words(found))


def _place(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _in_parser_words(found: _Error) -> tuple[str, str]:
    """A mistake no rule knows: the parser's own words, and the usual repairs."""
    message = f"YAML syntax error: {found.problem or found.context}".rstrip(".")
    if found.problem and found.context and found.opened:
        message += f" ({found.context} that starts on line {found.opened[0]})"
    hint = (
        "check the indentation against the line above, and put in quotes a value that "
        "contains ': ' or ' #' or starts with one of [ ] { } , & * ! | > ' \" % @ `"
    )
    return " ".join(message.split()), hint


_KEY = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<key>[^\s:#][^:#]*?)?:(?: |$)")
"""A line's indentation, its list dashes and its key, if it has one."""
_LEAD = re.compile(r"^ *(?:- +)*")
"""A line's indentation and list dashes."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where the line's content starts after its indentation and list dashes (from 0)."""
    lead = _LEAD.match(line)
    return lead.end() if lead else 0


def _key(line: str) -> str:
    """The line's key, or the start of what it holds when it has none."""
    match = _KEY.match(line)
    return match["key"].strip() if match and match["key"] else _shortened(line.strip())


def _shortened(text: str) -> str:
    return text if len(text) <= 30 else text[:30].rstrip() + "…"


def _content_lines_above(found: _Error, number: int) -> list[int]:
    """Line numbers above ``number`` that hold YAML, nearest first."""
    return [
        above
        for above in range(number - 1, 0, -1)
        if found.line(above).strip() and not found.line(above).lstrip().startswith("#")
    ]


def _misindented(found: _Error, number: int) -> _Explained:
    """Line ``number`` is not lined up with any key it could belong to: name the one it
    most likely belongs to, with its line and its indentation."""
    line = found.line(number)
    spaces = _indent(line)
    candidates: list[tuple[int, int]] = []  # (column, line) of keys still open above
    for above in _content_lines_above(found, number):
        column = _key_column(found.line(above))
        if not candidates or column < candidates[-1][0]:
            candidates.append((column, above))
        if column == 0:
            break
    if not candidates:
        return (number, spaces + 1), f"line {number} should not be indented", "remove the spaces"
    nearest_line = candidates[0][1]
    column, owner = min(candidates, key=lambda open_key: (abs(open_key[0] - spaces), -open_key[0]))
    message = f"line {number} is indented {_spaces(spaces)}, but {_described(found, nearest_line)}"
    move = f"indent line {number} by {_spaces(column)}"
    if not column:
        move = f"remove the indentation of line {number}"
    hint = (
        f"{move}, like {_described(found, owner, short=True)}: "
        "the keys of one mapping line up under each other"
    )
    return (number, spaces + 1), message, hint


def _described(found: _Error, number: int, *, short: bool = False) -> str:
    """A key line and where its key starts, in spaces, counting a list's "- "."""
    text = found.line(number)
    where = f"`{_key(text)}` on line {number}"
    if short:
        return where
    column = _key_column(text)
    if not column:
        return f"{where} above it starts the line"
    dashes = ', counting its "- "' if "-" in text[:column] else ""
    return f"{where} above it starts after {_spaces(column)}{dashes}"


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def _quoted(found: _Error, line: int, column: int) -> str:
    """The line with its value, from ``column`` on, in double quotes: the usual repair
    for a value YAML reads as syntax."""
    text = found.line(line)
    value = text[column - 1 :].rstrip()
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{text[: column - 1].strip()} "{escaped}"'.strip()


def _reserved_start(found: _Error, at: tuple[int, int], what: str) -> _Explained:
    character = found.line(at[0])[at[1] - 1 : at[1]]
    message = f'a value cannot start with "{character}" unless it is quoted: {what}'
    return at, message, f"put the value in quotes: {_quoted(found, *at)}"


def _character(found: _Error) -> _Explained:
    line, column = found.at
    text = found.line(line)
    if text[column - 1 : column] == "\t":
        if not text[: column - 1].strip():
            message = f"line {line} is indented with a tab"
            hint = "replace the tab with spaces: YAML does not allow tabs in indentation"
            above = _content_lines_above(found, line)
            if above:
                hint += f"; {_described(found, above[0])}"
            return found.at, message, hint
        return found.at, "a tab where YAML expects a space", "replace the tab with a space"
    return _reserved_start(found, found.at, "YAML reserves it")


def _anchor_or_alias(found: _Error) -> _Explained | None:
    if found.opened is None:
        return None
    return _reserved_start(found, found.opened, "YAML reads it as an anchor or alias")


def _block_indicator(found: _Error) -> _Explained | None:
    if found.opened is None:
        return None
    return _reserved_start(found, found.opened, "YAML reads it as the start of a block of text")


def _question_mark(found: _Error) -> _Explained:
    return _reserved_start(found, found.at, "YAML reads it as the start of a key")


def _colon_in_value(found: _Error) -> _Explained:
    """A ': ' after a key on the same line is text inside an unquoted value; a first
    ': ' on a line below a value means the line is indented under that value."""
    line, column = found.at
    text = found.line(line)
    match = _KEY.match(text)
    if match is None or match.end() > column:
        return _misindented(found, line)
    rest = text[match.end() :]
    start = match.end() + len(rest) - len(rest.lstrip()) + 1
    message = "a colon followed by a space inside an unquoted value"
    return found.at, message, f"put the value in quotes: {_quoted(found, line, start)}"


def _missing_colon(found: _Error) -> _Explained | None:
    if found.opened is None:
        return None
    line = found.opened[0]
    message = f'line {line} has no colon after its key: "{_shortened(found.line(line).strip())}"'
    hint = "write `key: value`, with a colon and a space after the key"
    return found.opened, message, hint


def _unclosed_quote(found: _Error) -> _Explained | None:
    if found.opened is None:
        return None
    quote = found.line(found.opened[0])[found.opened[1] - 1 : found.opened[1]] or '"'
    message = f"the quoted value that starts here is never closed with {quote}"
    return found.opened, message, f"add the closing {quote} at the end of the value"


def _unknown_escape(found: _Error) -> _Explained:
    line, column = found.at
    backslash = (line, max(column - 1, 1))
    escape = found.line(line)[backslash[1] - 1 : column]
    message = f'"{escape}" is not an escape, and in double quotes a backslash starts one'
    return backslash, message, "put the value in single quotes, or write the backslash twice"


def _unclosed_flow(found: _Error) -> _Explained | None:
    if found.opened is None:
        return None
    match = re.search(r"expected ',' or '(.)'", found.problem)
    closing = match[1] if match else "]"
    what = "list" if closing == "]" else "mapping"
    if found.at[0] > found.opened[0]:
        message = f'the {what} opened with "{_OPENING[closing]}" here is never closed'
        return found.opened, message, f'add "{closing}" after its last item'
    message = (
        f'the {what} that starts at column {found.opened[1]} needs "," between its items '
        f'and "{closing}" at its end'
    )
    hint = f'add the missing "," or "{closing}" here, or put in quotes an item that contains '
    hint += "': ' or a quote"
    return found.at, message, hint


_OPENING = {"]": "[", "}": "{"}


def _after_block(found: _Error) -> _Explained:
    """ "expected <block end>": something where the block above cannot go on."""
    line, column = found.at
    text = found.line(line)
    before = text[: column - 1].rstrip()
    if before.endswith(("'", '"')) and before.lstrip(" -").count(":"):
        quote = before[-1]
        message = f"text after the closing {quote} of a quoted value"
        hint = f"put the whole value inside the quotes; inside {quote}…{quote}, write "
        hint += "'' for '" if quote == "'" else '\\" for "'
        return found.at, message, hint
    found_token = found.problem.rsplit("found ", 1)[-1].strip("'")
    if found_token in ("]", "}"):
        message = f'"{found_token}" closes nothing: no "{_OPENING[found_token]}" is open here'
        return found.at, message, "remove it, or put the value in quotes"
    if found_token == "-" and column - 1 <= _key_column(found.line(_above(found, line))):
        message = "a list item where a key was expected"
        hint = "put the list under its key: `key:` on the line above, then items indented "
        hint += "by two spaces more"
        return found.at, message, hint
    return _misindented(found, line)


def _above(found: _Error, number: int) -> int:
    lines = _content_lines_above(found, number)
    return lines[0] if lines else 0


_RULES: list[tuple[str, str, Callable[[_Error], _Explained | None]]] = [
    (r"found character '(\\t|.)' that cannot start any token", "", _character),
    (r"", r"while scanning an? (anchor|alias)", _anchor_or_alias),
    (r"expected a comment or a line break", r"while scanning a block scalar", _block_indicator),
    (r"mapping keys are not allowed here", "", _question_mark),
    (r"mapping values are not allowed here", "", _colon_in_value),
    (r"could not find expected ':'", r"while scanning a simple key", _missing_colon),
    (r"found unexpected end of stream", r"while scanning a quoted scalar", _unclosed_quote),
    (r"found unknown escape character", r"double-quoted scalar", _unknown_escape),
    (r"expected ',' or '[\]}]'", r"while parsing a flow (sequence|mapping)", _unclosed_flow),
    (r"expected <block end>", r"while parsing a block (collection|mapping)", _after_block),
]
"""(problem, context, explanation): the first rule whose two patterns are found in the
parser's problem and context texts words the error; an explanation that returns None
leaves it to the next rule, then to the parser's own words."""
