"""``briefings check``: every mistake reported at its place, with a fix, never a crash.

Each folder under tests/fixtures/checks/ except ``base`` is one kind of mistake: its
files replace those of the minimal valid corpus in ``base`` (synthetic test content),
and its ``expected.txt`` holds exactly the lines ``briefings check`` must print.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.loading import LINK_HINT, LINK_REFUSED
from generator.engine import BuildError, check
from generator.settings import load_settings
from tests.conftest import AS_OF, PROJECT, build_project, copy_project

FIXTURES = Path(__file__).parents[1] / "fixtures" / "checks"
CASES = sorted(path.name for path in FIXTURES.iterdir() if (path / "expected.txt").exists())
BRIEFINGS = str(Path(sys.executable).parent / "briefings")


def fixture_project(target: Path, case: str | None = None) -> Path:
    """The base corpus with the case's files laid over it, and the project's settings."""
    shutil.copytree(FIXTURES / "base", target, dirs_exist_ok=True)
    if case is not None:
        ignore = shutil.ignore_patterns("expected.txt")
        shutil.copytree(FIXTURES / case, target, dirs_exist_ok=True, ignore=ignore)
    shutil.copy2(PROJECT / "pelicanconf.py", target / "pelicanconf.py")
    shutil.copytree(PROJECT / "theme", target / "theme")
    return target


def check_lines(project: Path) -> list[str]:
    _, problems = check(load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF}))
    return [str(problem) for problem in problems]


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            BRIEFINGS,
            "--settings",
            str(project / "pelicanconf.py"),
            "--as-of",
            AS_OF.isoformat(),
            "check",
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def expected(case: str) -> list[str]:
    return (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_the_base_corpus_has_no_problem(tmp_path: Path) -> None:
    assert check_lines(fixture_project(tmp_path)) == []


@pytest.mark.parametrize("case", CASES)
def test_each_mistake_is_reported_exactly_once_at_its_place(tmp_path: Path, case: str) -> None:
    assert check_lines(fixture_project(tmp_path, case)) == expected(case)


def test_stale_age_follows_the_setting_and_acknowledged_figures_keep_their_marker(
    tmp_path: Path,
) -> None:
    project = fixture_project(tmp_path, "stale_figures")
    settings = {"BRIEFINGS_AS_OF": AS_OF, "BRIEFINGS_STALE_MONTHS": 24}
    site, problems = check(load_settings(project / "pelicanconf.py", settings))
    assert [str(problem) for problem in problems] == [
        'content/relationships/fi-is/data.yaml:6:33: warning: figure "old-period" is stale: its'
        " period ended in June 2024, more than 24 months before the as-of date (25 November"
        " 2026) (update it from a newer source, or add `stale_acknowledged:` saying why it is"
        " still the best figure available)"
    ]
    stale = {view.figure.id: view.stale for view in site.all_briefings[0].figures}
    assert stale == {
        "old-period": True,
        "old-as-of": False,
        "twelve-months": False,
        "acknowledged": True,
    }


LINKED = [
    "content",
    "content/relationships/fi-is",
    "content/relationships/fi-is/index.md",
    "theme",
    "theme/templates",
    "theme/static/css/site.css",
]


@pytest.mark.parametrize("linked", LINKED)
def test_a_symbolic_link_anywhere_in_content_or_theme_is_one_located_error(
    tmp_path: Path, linked: str
) -> None:
    """A pull request links a folder or a file to the same files outside the project:
    nothing it would read there is loaded, and the link is named where it stands."""
    project = fixture_project(tmp_path / "project")
    outside = tmp_path / "outside" / Path(linked).name
    outside.parent.mkdir()
    shutil.move(project / linked, outside)
    (project / linked).symlink_to(outside)

    assert check_lines(project) == [f"{linked}:1:1: error: {LINK_REFUSED} ({LINK_HINT})"]


def test_a_build_with_a_linked_relationship_folder_publishes_nothing(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "project")
    folder = project / "content" / "relationships" / "fi-is"
    outside = tmp_path / "outside"
    shutil.move(folder, outside)
    folder.symlink_to(outside)

    with pytest.raises(BuildError) as refused:
        build_project(project, pdf=False, workers=2)

    assert [str(problem) for problem in refused.value.problems] == [
        f"content/relationships/fi-is:1:1: error: {LINK_REFUSED} ({LINK_HINT})"
    ]
    assert not (project / "output").exists()


# Hostile files: loading.py reports them (tests/content/test_loading.py pins its messages);
# here they must come out of `briefings check` as located errors, all in one run.

HOSTILE = {
    "content/people.yaml": "billion_laughs.yaml",
    "content/topics.yaml": "deep_nesting.yaml",
    "content/organizations.yaml": "duplicate_keys.yaml",
    "content/mechanisms.yaml": "empty.yaml",
    "content/sources.yaml": "python_tag.yaml",
    "content/relationships/fi-is/data.yaml": "binary.yaml",
    "content/relationships/fi-is/index.md": "invalid_utf8.md",
}
LOADING_FIXTURES = Path(__file__).parents[1] / "fixtures" / "loading"


def hostile_project(target: Path) -> Path:
    project = fixture_project(target)
    for shown, fixture in HOSTILE.items():
        shutil.copy2(LOADING_FIXTURES / fixture, project / shown)
    return project


def test_hostile_files_are_each_reported_as_errors_in_one_run(tmp_path: Path) -> None:
    _, problems = check(
        load_settings(hostile_project(tmp_path) / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF})
    )
    reported = {problem.path for problem in problems if problem.is_error}
    assert reported == set(HOSTILE)


def test_cli_reports_hostile_files_without_a_traceback(tmp_path: Path) -> None:
    run = run_cli(hostile_project(tmp_path), "--format", "json")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert {problem["path"] for problem in json.loads(run.stdout)} == set(HOSTILE)


# Mutated copies of the shipped content: whatever a pull request does to a file,
# `briefings check` answers with located problems, never an exception.

SHIPPED = sorted(
    path.relative_to(PROJECT)
    for path in (PROJECT / "content").rglob("*")
    if path.suffix in (".yaml", ".md") and path.is_file()
)
ODD_VALUES = [
    *(FIXTURES / "odd_values.txt").read_text(encoding="utf-8").split("\n")[:-1],
    "x" * 2500,
]
"""Values a contributor could type where another kind is expected."""


@st.composite
def mutations(draw: st.DrawFn) -> tuple[Path, bytes]:
    """A shipped file with one line deleted, duplicated, retyped or renamed, or bytes
    inserted anywhere."""
    relative = draw(st.sampled_from(SHIPPED))
    original = (PROJECT / relative).read_bytes()
    lines = original.split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    key, colon, _ = lines[index].partition(b":")
    action = draw(st.sampled_from(["delete", "duplicate", "retype", "rename", "bytes"]))
    if action == "delete":
        del lines[index]
    elif action == "duplicate":
        lines.insert(index, lines[index])
    elif action == "retype":
        value = draw(st.sampled_from(ODD_VALUES) | st.text(max_size=30)).encode()
        lines[index] = key + b": " + value if colon else value
    elif action == "rename":
        typo = draw(st.text("abcxyz_ ", min_size=1, max_size=3)).encode()
        lines[index] = key + typo + colon + lines[index].partition(b":")[2]
    else:
        offset = draw(st.integers(0, len(original)))
        noise = draw(st.binary(min_size=1, max_size=16))
        return relative, original[:offset] + noise + original[offset:]
    return relative, b"\n".join(lines)


@pytest.fixture(scope="module")
def mutable_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("mutable")
    shutil.copytree(PROJECT / "content", project / "content")
    shutil.copy2(PROJECT / "pelicanconf.py", project / "pelicanconf.py")
    shutil.copytree(PROJECT / "theme", project / "theme")
    return project


@settings(max_examples=100, deadline=None)
@given(mutation=mutations())
def test_mutated_content_gives_located_problems_never_a_traceback(
    mutable_project: Path, mutation: tuple[Path, bytes]
) -> None:
    relative, mutated = mutation
    target = mutable_project / relative
    original = target.read_bytes()
    target.write_bytes(mutated)
    try:
        _, problems = check(
            load_settings(mutable_project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF})
        )
    finally:
        target.write_bytes(original)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert (mutable_project / problem.path).exists(), problem
        assert not problem.message.startswith("internal error"), problem


# The command line


def test_cli_exits_0_on_warnings_and_1_with_strict(tmp_path: Path) -> None:
    project = fixture_project(tmp_path, "placeholders")
    relaxed, strict = run_cli(project), run_cli(project, "--strict")
    assert relaxed.returncode == 0, relaxed.stderr
    assert relaxed.stdout.splitlines() == [*expected("placeholders"), "0 errors, 3 warnings"]
    assert strict.returncode == 1
    assert strict.stdout == relaxed.stdout


def test_cli_exits_1_on_errors_and_prints_json_for_tools(tmp_path: Path) -> None:
    project = fixture_project(tmp_path, "figure_without_source_or_date")
    run = run_cli(project, "--format", "json")
    assert run.returncode == 1
    assert json.loads(run.stdout) == [
        {
            "path": "content/relationships/fi-is/data.yaml",
            "line": 3,
            "column": 5,
            "severity": "error",
            "message": 'figure "unsourced" has no source',
            "hint": "add `source:` with the id of an entry in content/sources.yaml",
        },
        {
            "path": "content/relationships/fi-is/data.yaml",
            "line": 7,
            "column": 5,
            "severity": "error",
            "message": 'figure "undated" has neither `period` nor `as_of`',
            "hint": "add `period: {from: YYYY-MM, to: YYYY-MM}` for a figure over a span of"
            " time, or `as_of: YYYY-MM-DD` for a figure that holds on a date",
        },
    ]


# The shipped content, and what a build does with errors


def test_shipped_content_passes_strict_check() -> None:
    run = subprocess.run(
        [BRIEFINGS, "--as-of", AS_OF.isoformat(), "check", "--strict"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (run.returncode, run.stdout.splitlines()[-1:]) == (0, ["0 errors, 0 warnings"]), (
        run.stdout + run.stderr
    )


def test_build_refuses_content_with_errors_and_keeps_the_previous_output(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path)
    data = next((project / "content" / "relationships").glob("*/data.yaml"))
    data.write_text(data.read_text(encoding="utf-8") + "\nfigures_typo: []\n", encoding="utf-8")
    previous = project / "output"
    (previous / "relationships").mkdir(parents=True)
    (previous / "index.html").write_text("the previous site", encoding="utf-8")
    before = sorted(path.relative_to(previous) for path in previous.rglob("*"))
    with pytest.raises(BuildError) as refused:
        build_project(project, pdf=False)
    assert "nothing was published" in str(refused.value)
    assert any("unknown top-level key `figures_typo`" in str(p) for p in refused.value.problems)
    assert sorted(path.relative_to(previous) for path in previous.rglob("*")) == before
    assert (previous / "index.html").read_text(encoding="utf-8") == "the previous site"
    folders = sorted(path.name for path in project.iterdir() if path.is_dir())
    assert folders == ["content", "output", "theme"]  # no staging folder left behind


@pytest.mark.parametrize(
    "case", ["unknown_ids", "broken_links", "duplicate_relationship_ids", "ordinal_claimed_twice"]
)
def test_a_build_checking_while_it_writes_reports_the_rules_errors_and_publishes_nothing(
    tmp_path: Path, case: str
) -> None:
    """The rules run beside the page writing; their errors, not a traceback from a page
    that could not be written, stop the build."""
    project = fixture_project(tmp_path, case)

    with pytest.raises(BuildError) as refused:
        build_project(project, pdf=False, workers=2)

    assert [str(problem) for problem in refused.value.problems] == expected(case)
    folders = sorted(path.name for path in project.iterdir() if path.is_dir())
    assert folders == ["content", "theme"]  # no output, no staging folder left behind


def test_content_errors_are_reported_rather_than_a_page_that_failed_beside_them(
    tmp_path: Path,
) -> None:
    project = fixture_project(tmp_path, "unknown_ids")
    template = project / "theme" / "templates" / "base.html"
    template.write_text(template.read_text(encoding="utf-8") + "{{ 1 / 0 }}")

    with pytest.raises(BuildError) as refused:
        build_project(project, pdf=False, workers=2)

    assert [str(problem) for problem in refused.value.problems] == expected("unknown_ids")
    assert refused.value.__context__ is None or refused.value.__suppress_context__
