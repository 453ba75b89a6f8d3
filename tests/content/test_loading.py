"""Reading untrusted content files: every mistake is a located problem, never a crash."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.loading import (
    MAX_FILE_BYTES,
    MarkdownDocument,
    YamlDocument,
    parses_remembered,
    read_markdown,
    read_yaml,
    remember_parses,
)
from generator.problems import Problem

FIXTURES = Path(__file__).parents[1] / "fixtures" / "loading"
TITLE = "Kazakhstan\N{EN DASH}Türkiye"


def read(name: str) -> tuple[YamlDocument | MarkdownDocument | None, list[str]]:
    """Read a fixture with its bare name as display path; problems as printed."""
    reader = read_markdown if name.endswith(".md") else read_yaml
    document, problems = reader(FIXTURES / name, display_path=name)
    return document, [str(problem) for problem in problems]


def read_data(name: str) -> YamlDocument:
    document, problems = read_yaml(FIXTURES / name)
    assert problems == []
    assert document is not None
    return document


def assert_plain(value: Any) -> None:
    """Only built-in types, so no ruamel class leaks into the model or templates."""
    assert type(value) in (dict, list, str, int, float, bool, type(None), date)
    if isinstance(value, dict):
        for key, item in value.items():
            assert_plain(key)
            assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain(item)


# YAML data files


def test_data_file_becomes_plain_python_with_dates() -> None:
    document = read_data("valid.yaml")
    assert document.data == {
        "events": [
            {
                "date": date(2026, 2, 2),
                "title": "State visit to Astana",
                "sources": ["tass-2026-02-02", "aa-2026-02-03"],
            },
            {"date": date(2025, 10, 15), "title": "Joint commission, 12th session"},
        ],
        "mechanisms": [{"id": "kz-tr-jsc", "name": "Joint Strategic Planning Group"}],
    }
    assert_plain(document.data)


def test_display_path_defaults_to_the_path_given() -> None:
    document = read_data("valid.yaml")
    assert document.display_path == str(FIXTURES / "valid.yaml")
    _, problems = read_yaml(FIXTURES / "empty.yaml")
    assert problems[0].path == str(FIXTURES / "empty.yaml")


def test_locate_points_at_keys_and_list_items() -> None:
    document = read_data("valid.yaml")
    assert document.locate(("events",)) == (2, 1)
    assert document.locate(("events", 1)) == (6, 5)
    assert document.locate(("events", 1, "title")) == (7, 5)
    assert document.locate(["events", 0, "sources", 1]) == (5, 32)


def test_locate_falls_back_to_the_nearest_ancestor_then_the_start() -> None:
    document = read_data("valid.yaml")
    assert document.locate(("events", 1, "summary")) == (6, 5)
    assert document.locate(("events", 7, "title")) == (2, 1)
    assert document.locate(("unknown",)) == (2, 1)
    assert YamlDocument(Path("new.yaml"), {}).locate(("anything",)) == (1, 1)


def test_scalars_follow_yaml_1_2_not_1_1() -> None:
    assert read_data("yaml12_scalars.yaml").data == {
        "norway": "NO",
        "answer": "yes",
        "switch": "on",
        "mode": 755,
        "octal": 0o755,
        "hex": 31,
        "grouped": "1_000",
        "ratio": 2.5,
        "nothing": None,
        "truth": True,
        "day": date(2026, 2, 2),
        "quoted_day": "2026-02-02",
        "impossible_day": "2026-02-30",
    }


def test_every_duplicate_key_is_reported_and_the_first_value_kept() -> None:
    document, problems = read("duplicate_keys.yaml")
    assert problems == [
        'duplicate_keys.yaml:7:5: error: duplicate key "date" (first defined on line 5)',
        'duplicate_keys.yaml:8:1: error: duplicate key "title" (first defined on line 3)',
    ]
    assert isinstance(document, YamlDocument)
    assert document.data == {
        "title": TITLE,
        "events": [{"date": date(2026, 2, 2), "title": "State visit"}],
    }
    assert document.locate(("title",)) == (3, 1)


def test_byte_order_mark_is_tolerated() -> None:
    assert read_data("bom.yaml").data == {"title": "With a byte order mark"}


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    document, problems = read("billion_laughs.yaml")
    assert document is None
    assert problems == [
        "billion_laughs.yaml:2:4: error: YAML anchors and aliases are not allowed in content"
        ' files (put the value in quotes if its "&" is part of the text; otherwise repeat the'
        " values instead)"
    ]


def test_ten_thousand_nested_brackets_stop_at_the_depth_limit() -> None:
    document, problems = read("deep_nesting.yaml")
    assert document is None
    assert problems == ["deep_nesting.yaml:1:51: error: nesting deeper than 50 levels"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param(
            "syntax_error.yaml",
            'syntax_error.yaml:2:9: error: YAML syntax error: the list opened with "[" here is'
            ' never closed (add "]" after its last item)',
            id="unclosed-bracket-at-the-bracket",
        ),
        pytest.param(
            "tab_indent.yaml",
            "tab_indent.yaml:3:1: error: YAML syntax error: line 3 is indented with a tab (replace"
            " the tab with spaces: YAML does not allow tabs in indentation; `date` on line 2"
            ' above it starts after 4 spaces, counting its "- ")',
            id="tab-indentation",
        ),
        pytest.param(
            "control_character.yaml",
            "control_character.yaml:2:15: error: character U+0007 is not allowed in YAML"
            " (remove it)",
            id="control-character",
        ),
        pytest.param(
            "empty.yaml",
            "empty.yaml:1:1: error: file is empty",
            id="only-comments-is-empty",
        ),
        pytest.param(
            "top_level_list.yaml",
            "top_level_list.yaml:1:1: error: the file must be a mapping of keys to values,"
            " not a list",
            id="top-level-must-be-a-mapping",
        ),
        pytest.param(
            "two_documents.yaml",
            "two_documents.yaml:2:1: error: only one YAML document is allowed in a file",
            id="second-document",
        ),
        pytest.param(
            "python_tag.yaml",
            "python_tag.yaml:2:10: error: YAML tags such as !!python/object/apply:os.system are"
            " not allowed (quote the value to make it text)",
            id="tags",
        ),
        pytest.param(
            "complex_key.yaml",
            "complex_key.yaml:1:3: error: a key must be a single value, not a list or mapping",
            id="list-as-key",
        ),
        pytest.param(
            "binary.yaml",
            "binary.yaml:1:1: error: binary file, expected UTF-8 text",
            id="binary",
        ),
        pytest.param(
            "invalid_utf8.yaml",
            "invalid_utf8.yaml:2:13: error: invalid UTF-8: byte 0xe9 cannot appear here"
            " (save the file as UTF-8)",
            id="invalid-utf8-at-first-bad-byte",
        ),
    ],
)
def test_unreadable_data_file_is_one_located_error(name: str, expected: str) -> None:
    document, problems = read(name)
    assert document is None
    assert problems == [expected]


QUOTE_IT = "(put the value in quotes: "
RESERVED = 'YAML syntax error: a value cannot start with "{}" unless it is quoted: '
LINE_UP = "the keys of one mapping line up under each other)"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param(
            "indent_deeper.yaml",
            "4:6: error: YAML syntax error: line 4 is indented 5 spaces, but `date` on line 3"
            ' above it starts after 4 spaces, counting its "- " (indent line 4 by 4 spaces,'
            f" like `date` on line 3: {LINE_UP}",
            id="key-indented-deeper-than-the-line-above",
        ),
        pytest.param(
            "indent_shallower.yaml",
            "4:4: error: YAML syntax error: line 4 is indented 3 spaces, but `date` on line 3"
            ' above it starts after 4 spaces, counting its "- " (indent line 4 by 4 spaces,'
            f" like `date` on line 3: {LINE_UP}",
            id="key-indented-less-than-the-line-above",
        ),
        pytest.param(
            "key_indented.yaml",
            "2:3: error: YAML syntax error: line 2 is indented 2 spaces, but `title` on line 1"
            " above it starts the line (remove the indentation of line 2, like `title` on"
            f" line 1: {LINE_UP}",
            id="key-indented-under-a-key-with-a-value",
        ),
        pytest.param(
            "missing_colon.yaml",
            '2:1: error: YAML syntax error: line 2 has no colon after its key: "summary The'
            ' colon is missing" (write `key: value`, with a colon and a space after the key)',
            id="missing-colon-at-its-line",
        ),
        pytest.param(
            "unclosed_quote.yaml",
            "1:8: error: YAML syntax error: the quoted value that starts here is never closed"
            ' with " (add the closing " at the end of the value)',
            id="unclosed-quote-at-the-quote",
        ),
        pytest.param(
            "unclosed_brace.yaml",
            '1:9: error: YAML syntax error: the mapping opened with "{" here is never closed'
            ' (add "}" after its last item)',
            id="unclosed-brace-at-the-brace",
        ),
        pytest.param(
            "missing_comma.yaml",
            '1:22: error: YAML syntax error: the list that starts at column 12 needs ","'
            ' between its items and "]" at its end (add the missing "," or "]" here, or put in'
            " quotes an item that contains ': ' or a quote)",
            id="missing-comma-in-a-list",
        ),
        pytest.param(
            "stray_bracket.yaml",
            '1:20: error: YAML syntax error: "]" closes nothing: no "[" is open here (remove'
            " it, or put the value in quotes)",
            id="closing-bracket-too-many",
        ),
        pytest.param(
            "at_sign.yaml",
            f'1:8: error: {RESERVED.format("@")}YAML reserves it {QUOTE_IT}title: "@mfa said so")',
            id="value-starting-with-at-sign",
        ),
        pytest.param(
            "backtick.yaml",
            f"1:8: error: {RESERVED.format('`')}YAML reserves it "
            f'{QUOTE_IT}title: "`code` in a title")',
            id="value-starting-with-backtick",
        ),
        pytest.param(
            "percent.yaml",
            f'1:8: error: {RESERVED.format("%")}YAML reserves it {QUOTE_IT}title: "%5 growth")',
            id="value-starting-with-percent",
        ),
        pytest.param(
            "ampersand.yaml",
            f"1:8: error: {RESERVED.format('&')}YAML reads it as an anchor or alias "
            f'{QUOTE_IT}title: "& partners")',
            id="value-starting-with-ampersand",
        ),
        pytest.param(
            "asterisk.yaml",
            "1:8: error: YAML anchors and aliases are not allowed in content files (put the"
            ' value in quotes if its "*" is part of the text; otherwise repeat the values'
            " instead)",
            id="value-starting-with-asterisk",
        ),
        pytest.param(
            "exclamation.yaml",
            "1:8: error: YAML tags such as !Important are not allowed (quote the value to make"
            " it text)",
            id="value-starting-with-exclamation-mark",
        ),
        pytest.param(
            "pipe.yaml",
            f"1:8: error: {RESERVED.format('|')}YAML reads it as the start of a block of text "
            f'{QUOTE_IT}title: "| a pipe")',
            id="value-starting-with-pipe",
        ),
        pytest.param(
            "greater_than.yaml",
            f"1:8: error: {RESERVED.format('>')}YAML reads it as the start of a block of text "
            f'{QUOTE_IT}title: "> a quotation")',
            id="value-starting-with-greater-than",
        ),
        pytest.param(
            "question_mark.yaml",
            f"1:8: error: {RESERVED.format('?')}YAML reads it as the start of a key "
            f'{QUOTE_IT}title: "? a question")',
            id="value-starting-with-question-mark",
        ),
        pytest.param(
            "colon_in_value.yaml",
            "2:17: error: YAML syntax error: a colon followed by a space inside an unquoted"
            f' value {QUOTE_IT}summary: "The aim: more trade")',
            id="colon-and-text-inside-a-value",
        ),
        pytest.param(
            "colon_in_list_item.yaml",
            "2:14: error: YAML syntax error: a colon followed by a space inside an unquoted"
            f' value {QUOTE_IT}- Trade: "up: by a tenth")',
            id="colon-and-text-inside-a-list-item",
        ),
        pytest.param(
            "text_after_quote.yaml",
            '1:21: error: YAML syntax error: text after the closing " of a quoted value (put'
            ' the whole value inside the quotes; inside "…", write \\" for ")',
            id="text-after-a-closing-quote",
        ),
        pytest.param(
            "list_item_in_mapping.yaml",
            "2:1: error: YAML syntax error: a list item where a key was expected (put the list"
            " under its key: `key:` on the line above, then items indented by two spaces more)",
            id="list-item-among-keys",
        ),
        pytest.param(
            "unknown_escape.yaml",
            '1:11: error: YAML syntax error: "\\p" is not an escape, and in double quotes a'
            " backslash starts one (put the value in single quotes, or write the backslash"
            " twice)",
            id="unknown-escape-in-double-quotes",
        ),
    ],
)
def test_each_yaml_mistake_is_explained_with_its_repair_at_its_place(
    name: str, expected: str
) -> None:
    document, problems = read(name)
    assert document is None
    assert problems == [f"{name}:{expected}"]


def test_a_mistake_no_rule_knows_keeps_the_parser_words_and_the_usual_repairs(
    tmp_path: Path,
) -> None:
    path = tmp_path / "directive.yaml"
    path.write_text("title: A\n%TAG ! tag:example.com,2000:\n", encoding="utf-8")

    _, problems = read_yaml(path, display_path="directive.yaml")

    assert len(problems) == 1
    assert problems[0].message.startswith("YAML syntax error: ")
    assert problems[0].hint.startswith("check the indentation against the line above")


def test_file_over_one_mebibyte_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("a: [" + "1," * (MAX_FILE_BYTES // 2) + "]")
    document, problems = read_yaml(path, display_path="huge.yaml")
    assert document is None
    assert [str(p) for p in problems] == [
        "huge.yaml:1:1: error: file is larger than 256 KiB (split it into smaller files)"
    ]


def test_symbolic_links_and_non_files_are_not_read(tmp_path: Path) -> None:
    link = tmp_path / "data.yaml"
    link.symlink_to(FIXTURES / "valid.yaml")
    assert [str(p) for p in read_yaml(link, display_path="data.yaml")[1]] == [
        "data.yaml:1:1: error: symbolic links are not allowed in content or the theme"
        " (put the file or folder itself here)"
    ]
    assert [str(p) for p in read_yaml(tmp_path, display_path="folder")[1]] == [
        "folder:1:1: error: not a regular file"
    ]
    missing = read_yaml(tmp_path / "missing.yaml", display_path="missing.yaml")
    assert [str(p) for p in missing[1]] == [
        "missing.yaml:1:1: error: cannot read file: No such file or directory"
    ]


# Markdown files


def test_markdown_front_matter_keeps_file_line_numbers() -> None:
    document, problems = read_markdown(FIXTURES / "valid.md", display_path="valid.md")
    assert problems == []
    assert document is not None
    assert document.display_path == document.front_matter.display_path == "valid.md"
    assert document.front_matter.data == {
        "title": TITLE,
        "countries": ["KZ", "TR"],
        "updated": date(2026, 2, 2),
    }
    assert document.front_matter.locate(("countries", 1)) == (3, 17)
    assert document.front_matter.locate(("updated",)) == (4, 1)
    assert document.body == "# Overview\n\nRelations are close.\n"
    assert document.body_line == 6


def test_front_matter_may_close_with_three_dots() -> None:
    document, problems = read("dots_closed.md")
    assert problems == []
    assert isinstance(document, MarkdownDocument)
    assert document.front_matter.data == {"title": "Closed with three dots"}
    assert (document.body, document.body_line) == ("Body text.\n", 4)


def test_windows_line_endings_are_read() -> None:
    document, problems = read("crlf.md")
    assert problems == []
    assert isinstance(document, MarkdownDocument)
    assert document.front_matter.data == {
        "title": "Windows line endings",
        "countries": ["KZ", "TR"],
    }
    assert (document.body, document.body_line) == ("Body.\r\n", 5)


def test_duplicate_in_front_matter_points_at_its_file_line() -> None:
    document, problems = read("front_matter_duplicate_key.md")
    assert problems == [
        'front_matter_duplicate_key.md:4:1: error: duplicate key "title" (first defined on line 2)'
    ]
    assert isinstance(document, MarkdownDocument)
    assert document.body_line == 6


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param(
            "no_front_matter.md",
            "no_front_matter.md:1:1: error: missing front matter: start the file with a line '---'",
            id="missing",
        ),
        pytest.param(
            "unclosed_front_matter.md",
            "unclosed_front_matter.md:1:1: error: front matter is not closed: end it with a line"
            " '---'",
            id="unclosed",
        ),
        pytest.param(
            "front_matter_syntax_error.md",
            "front_matter_syntax_error.md:3:12: error: YAML syntax error: the list opened with"
            ' "[" here is never closed (add "]" after its last item)',
            id="syntax-error-at-file-line",
        ),
        pytest.param(
            "front_matter_colon_in_value.md",
            "front_matter_colon_in_value.md:3:17: error: YAML syntax error: a colon followed by a"
            ' space inside an unquoted value (put the value in quotes: summary: "The aim: more'
            ' trade")',
            id="colon-in-value-at-file-line",
        ),
        pytest.param(
            "front_matter_control_character.md",
            "front_matter_control_character.md:3:17: error: character U+001B is not allowed in"
            " YAML (remove it)",
            id="control-character-at-file-line",
        ),
        pytest.param(
            "empty_front_matter.md",
            "empty_front_matter.md:1:1: error: front matter is empty",
            id="empty",
        ),
        pytest.param(
            "front_matter_list.md",
            "front_matter_list.md:2:1: error: the front matter must be a mapping of keys to"
            " values, not a list",
            id="must-be-a-mapping",
        ),
        pytest.param(
            "binary.md",
            "binary.md:1:1: error: binary file, expected UTF-8 text",
            id="binary",
        ),
        pytest.param(
            "invalid_utf8.md",
            "invalid_utf8.md:4:23: error: invalid UTF-8: byte 0xff cannot appear here"
            " (save the file as UTF-8)",
            id="invalid-utf8-in-body",
        ),
    ],
)
def test_unreadable_markdown_is_one_located_error(name: str, expected: str) -> None:
    document, problems = read(name)
    assert document is None
    assert problems == [expected]


# Any bytes at all


SEEDS = [
    (FIXTURES / name).read_text(encoding="utf-8")
    for name in ("valid.yaml", "yaml12_scalars.yaml", "duplicate_keys.yaml", "valid.md")
]
PIECES = st.sampled_from(
    [*":-[]{},&*!|>'\"#%@`?\\ \t\n", "---", "...", "\r\n", "\x07", "é", "\ufeff", "!!str"]
)


@st.composite
def mutated_content(draw: st.DrawFn) -> bytes:
    """A valid file with a few characters inserted or deleted: close to real mistakes."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(PIECES) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
    return text.encode("utf-8")


def assert_located_or_read(result: tuple[Any, list[Problem]]) -> None:
    document, problems = result
    assert all(problem.line >= 1 and problem.column >= 1 for problem in problems)
    if document is None:
        assert any(problem.is_error for problem in problems)
    else:
        data = document.data if isinstance(document, YamlDocument) else document.front_matter.data
        assert isinstance(data, dict)
        assert_plain(data)


@settings(max_examples=200, deadline=None)
@given(content=st.binary(max_size=600) | mutated_content())
def test_any_bytes_give_problems_never_an_exception(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        for name, reader in (("data.yaml", read_yaml), ("index.md", read_markdown)):
            path = Path(directory) / name
            path.write_bytes(content)
            assert_located_or_read(reader(path))


# Limits, positions and remembered parses, to the byte and the column


def test_a_file_of_exactly_256_kib_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    path = tmp_path / "limit.yaml"
    path.write_text("a: " + "x" * (256 * 1024 - 4) + "\n")
    assert path.stat().st_size == 256 * 1024

    document, problems = read_yaml(path)
    with path.open("a") as more:
        more.write(" ")

    assert problems == []
    assert document is not None and len(document.data["a"]) == 256 * 1024 - 4
    assert [str(p) for p in read_yaml(path, display_path="x.yaml")[1]] == [
        "x.yaml:1:1: error: file is larger than 256 KiB (split it into smaller files)"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"\ntitle: caf\xe9\n",
            "x.yaml:2:11: error: invalid UTF-8: byte 0xe9 cannot appear here"
            " (save the file as UTF-8)",
        ),
        (
            b"\ntitle: ok\nsummary: bell \x07 here\n",
            "x.yaml:3:15: error: character U+0007 is not allowed in YAML (remove it)",
        ),
        (
            b"\nsummary: \x07\n",
            "x.yaml:2:10: error: character U+0007 is not allowed in YAML (remove it)",
        ),
    ],
    ids=["invalid-utf8", "control-character", "control-character-on-line-2"],
)
def test_a_leading_blank_line_counts_in_the_line_of_a_bad_character(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)

    assert [str(problem) for problem in read_yaml(path, display_path="x.yaml")[1]] == [expected]


def test_values_are_located_where_they_are_written() -> None:
    document = read_data("valid.yaml")

    assert document.locate(("events", 0, "date"), value=True) == (3, 11)
    assert document.locate(("mechanisms", 0, "name"), value=True) == (10, 11)
    assert document.locate(("events", 0, "sources", 1), value=True) == (5, 32)
    # a missing field is located at the key of the nearest ancestor, not at a value
    assert document.locate(("events", 0, "summary"), value=True) == (3, 5)


def test_remembered_parses_are_reused_until_the_text_changes(tmp_path: Path) -> None:
    data, narrative = tmp_path / "data.yaml", tmp_path / "index.md"
    data.write_text("title: first\n")
    narrative.write_text("---\ntitle: first\n---\nBody.\n")
    remember_parses(True)
    try:
        assert parses_remembered()
        first, again = read_yaml(data)[0], read_yaml(data)[0]
        front, front_again = read_markdown(narrative)[0], read_markdown(narrative)[0]
        data.write_text("title: second\n")
        changed = read_yaml(data)[0]
    finally:
        remember_parses(False)

    assert first is not None and again is first
    assert front is not None and front_again is not None
    assert front_again.front_matter is front.front_matter
    assert changed is not None and changed.data == {"title": "second"}
    assert not parses_remembered()
    assert read_yaml(data)[0] is not read_yaml(data)[0]


@pytest.mark.parametrize(
    "directives",
    ["%YAML 1.2\n", "%TAG !e! tag:example.org,2026:\n", "%YAML 1.1\n%TAG !e! tag:x.org,2026:\n"],
    ids=["version", "tag", "both"],
)
def test_each_kind_of_directive_is_refused(tmp_path: Path, directives: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(directives + "---\na: 1\n")

    document, problems = read_yaml(path, display_path="x.yaml")

    assert document is None
    assert [str(problem) for problem in problems] == [
        "x.yaml:1:1: error: YAML directives such as %YAML are not allowed"
    ]


def test_plain_true_and_false_are_booleans_in_their_three_spellings(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("values: [true, True, TRUE, false, False, FALSE]\n")

    document, problems = read_yaml(path)

    assert problems == []
    assert document is not None
    assert document.data == {"values": [True, True, True, False, False, False]}
